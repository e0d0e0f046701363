'use strict';
// HTTP clients from npm inside a server: undici (request, fetch, Pool) and
// axios (GET, POST, interceptors, an error status) call this same server's
// /echo and /status routes and answer what they saw.
const http = require('http');
const undici = require('undici');
const axios = require('axios');

let base;

function echo(req, res) {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname.startsWith('/status/')) {
      const code = Number(url.pathname.slice(8));
      res.writeHead(code, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ code }));
    }
    res.writeHead(200, { 'content-type': 'application/json', 'x-echo': 'yes' });
    res.end(JSON.stringify({
      method: req.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      type: req.headers['content-type'] || null,
      tag: req.headers['x-tag'] || null,
      body: Buffer.concat(chunks).toString(),
    }));
  });
}

const routes = {
  async '/undici/request'() {
    const r = await undici.request(`${base}/echo?a=1`, {
      method: 'POST', body: 'plain text', headers: { 'content-type': 'text/plain', 'x-tag': 'u1' },
    });
    return { status: r.statusCode, echo: r.headers['x-echo'], body: await r.body.json() };
  },
  async '/undici/fetch'() {
    const get = await undici.fetch(`${base}/echo?b=2`);
    const post = await undici.fetch(`${base}/echo`, {
      method: 'PUT', body: JSON.stringify({ x: 1 }), headers: { 'content-type': 'application/json' },
    });
    const missing = await undici.fetch(`${base}/status/404`);
    return {
      get: { ok: get.ok, status: get.status, type: get.headers.get('content-type'), body: await get.json() },
      post: await post.json(),
      missing: { ok: missing.ok, status: missing.status, body: await missing.text() },
    };
  },
  async '/undici/pool'() {
    const pool = new undici.Pool(base, { connections: 2 });
    try {
      const all = await Promise.all([1, 2, 3, 4].map(async (i) => {
        const r = await pool.request({ path: `/echo?i=${i}`, method: 'GET' });
        return (await r.body.json()).query.i;
      }));
      return { all };
    } finally {
      await pool.close();
    }
  },
  async '/undici/error'() {
    try {
      await undici.request('http://127.0.0.1:1/');
      return { error: null };
    } catch (err) {
      return { error: err.code };
    }
  },
  async '/axios/get'() {
    const r = await axios.get(`${base}/echo`, { params: { q: 'x y' } });
    return { status: r.status, type: r.headers['content-type'], data: r.data };
  },
  async '/axios/post'() {
    const r = await axios.post(`${base}/echo`, { hello: 'world' });
    return { status: r.status, data: r.data };
  },
  async '/axios/interceptors'() {
    const client = axios.create({ baseURL: base });
    client.interceptors.request.use((cfg) => { cfg.headers['x-tag'] = 'intercepted'; return cfg; });
    client.interceptors.response.use((r) => ({ wrapped: true, tag: r.data.tag, path: r.data.path }));
    return client.get('/echo');
  },
  async '/axios/error'() {
    try {
      await axios.get(`${base}/status/503`);
      return { error: null };
    } catch (err) {
      return {
        name: err.name, code: err.code, message: err.message,
        status: err.response.status, data: err.response.data, isAxiosError: axios.isAxiosError(err),
      };
    }
  },
};

const server = http.createServer((req, res) => {
  const path = req.url.split('?')[0];
  const route = routes[path];
  if (!route) return echo(req, res);
  route().then((out) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(out));
  }, (err) => {
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(`${err.name}: ${err.message}`);
  });
});
server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  base = `http://127.0.0.1:${process.env.PORT || server.address().port}`;
  console.log(`listening ${server.address().port}`);
});
