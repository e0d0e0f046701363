'use strict';
// http client (http.request/get, Agent keep-alive, chunked upload, response
// parsing edge cases against a raw net server) and fetch, against a local
// server on port 0.
const http = require('http');
const net = require('net');
const zlib = require('zlib');

const log = (...a) => console.log(...a);
const clean = (s) => String(s).replace(/:\d+/g, ':PORT');

function getBody(res) {
  return new Promise((resolve, reject) => {
    let b = '';
    res.setEncoding('utf8');
    res.on('data', (d) => { b += d; });
    res.on('end', () => resolve(b));
    res.on('error', reject);
  });
}

function request(opts, body) {
  return new Promise((resolve, reject) => {
    const r = http.request(opts, async (res) => resolve({ res, body: await getBody(res), req: r }));
    r.on('error', reject);
    r.end(body);
  });
}

const server = http.createServer((req, res) => {
  const port = server.address().port;
  switch (req.url) {
    case '/204': res.statusCode = 204; res.end(); return;
    case '/304': res.statusCode = 304; res.end(); return;
    case '/close': res.setHeader('Connection', 'close'); res.end('bye'); return;
    case '/big': res.write('x'.repeat(100000)); res.end('y'.repeat(100000)); return;
    case '/slow': setTimeout(() => res.end('slow'), 300); return;
    case '/r1': res.writeHead(302, { Location: '/r2' }); res.end(); return;
    case '/r2': res.writeHead(301, { Location: `http://127.0.0.1:${port}/echo?x=1` }); res.end(); return;
    case '/loop': res.writeHead(302, { Location: '/loop' }); res.end(); return;
    case '/307': res.writeHead(307, { Location: '/echo' }); res.end(); return;
    case '/gz':
      res.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Type': 'text/plain' });
      res.end(zlib.gzipSync('zipped text'));
      return;
    case '/stream': {
      let i = 0;
      const t = setInterval(() => {
        res.write(`chunk${i}\n`);
        if (++i === 3) { clearInterval(t); res.end(); }
      }, 5);
      return;
    }
    default:
  }
  const chunks = [];
  req.on('data', (d) => chunks.push(d));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString();
    if (req.url.startsWith('/echo')) {
      res.setHeader('Set-Cookie', ['a=1', 'b=2']);
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.rawHeaders.map(clean), body }));
      return;
    }
    res.setHeader('X-Y', 'z');
    res.end(`${req.method} ${req.url} ${req.headers['transfer-encoding'] || req.headers['content-length']} ${body}`);
  });
});

// A server that answers any request with raw bytes, then ends (or resets).
function raw(payload) {
  return new Promise((resolve) => {
    const s = net.createServer((c) => { c.once('data', () => { c.write(payload); c.end(); }); });
    s.listen(0, () => {
      const q = http.get({ port: s.address().port, agent: false }, (res) => {
        log(' res', res.statusCode, res.headers);
        let b = '';
        res.on('data', (d) => { b += d; });
        res.on('end', () => log(' end', JSON.stringify(b), res.rawTrailers));
        res.on('aborted', () => log(' aborted'));
        res.on('error', (e) => log(' res error', e.code, e.message));
        res.on('close', () => log(' res close'));
      });
      q.on('error', (e) => log(' req error', e.code, e.message, e.bytesParsed));
      q.on('close', () => { log(' req close'); s.close(); setTimeout(resolve, 10); });
    });
  });
}

async function clientTests(port) {
  log('--- http client');
  await new Promise((resolve) => {
    http.get(`http://localhost:${port}/g`, (res) => {
      log(res.statusCode, res.statusMessage, res.httpVersion, res.headers['x-y'], res.rawHeaders.length,
          res instanceof http.IncomingMessage);
      getBody(res).then((b) => { log('get body', b); resolve(); });
    });
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
  let r = await request({ port, agent, path: '/a', headers: { 'X-A': '1' } });
  const firstPort = r.req.socket.localPort;
  log(r.res.statusCode, r.body, r.req.reusedSocket, r.req.getHeader('x-a'), r.req.getHeader('host') === `localhost:${port}`);
  await new Promise((res) => setImmediate(res));
  log('free sockets', Object.values(agent.freeSockets).map((l) => l.length));
  r = await request({ port, agent, path: '/b', method: 'POST' }, 'hello');
  log(r.body, r.req.reusedSocket, r.req.socket === null || r.req.socket.localPort === firstPort);
  const all = await Promise.all([1, 2, 3, 4, 5].map((i) => request({ port, agent, path: `/p${i}` })));
  log(all.map((x) => x.body).join(','));
  await new Promise((res) => setImmediate(res));
  log('after parallel', Object.values(agent.freeSockets).map((l) => l.length), agent.totalSocketCount);
  r = await request({ port, agent, path: '/204' });
  log('204', r.res.statusCode, JSON.stringify(r.body));
  r = await request({ port, agent, path: '/304' });
  log('304', r.res.statusCode, JSON.stringify(r.body));
  r = await request({ port, agent, path: '/x', method: 'HEAD' });
  log('HEAD', r.res.statusCode, JSON.stringify(r.body), r.res.headers['content-length']);
  r = await request({ port, agent, path: '/close' });
  log('close', r.body, r.res.headers.connection);
  r = await request({ port, agent, path: '/big' });
  log('big', r.body.length);
  await new Promise((resolve) => {
    const q = http.request({ port, agent, method: 'PUT', path: '/up' }, async (res) => {
      log('chunked upload', await getBody(res));
      resolve();
    });
    q.on('finish', () => log('finish'));
    q.write('abc');
    q.write(Buffer.from('def'));
    setTimeout(() => q.end('ghi'), 10);
  });
  await new Promise((resolve) => {
    http.get({ port, agent, path: '/big' }, (res) => {
      res.pause();
      setTimeout(() => {
        let n = 0;
        res.on('data', (d) => { n += d.length; });
        res.on('end', () => { log('paused then read', n); resolve(); });
        res.resume();
      }, 50);
    });
  });
  await new Promise((resolve) => {
    const q = http.get({ port, path: '/slow', timeout: 50 }, (res) => {
      res.resume();
      res.on('end', () => { log('slow end'); resolve(); });
    });
    q.on('timeout', () => log('timeout event'));
  });
  await new Promise((resolve) => {
    const q = http.get({ port, path: '/slow' });
    q.setTimeout(50, () => { log('setTimeout fired'); q.destroy(); });
    q.on('error', (e) => log('destroyed', e.code, e.message));
    q.on('close', resolve);
  });
  await new Promise((resolve) => {
    const ac = new AbortController();
    const q = http.get({ port, path: '/slow', signal: ac.signal });
    q.on('error', (e) => log('signal', e.name, e.code, e.message));
    q.on('close', resolve);
    setTimeout(() => ac.abort(), 20);
  });
  await new Promise((resolve) => {
    const q = http.request({ port, method: 'DELETE', agent: false });
    q.on('error', (e) => log('abort error?', e.message));
    q.on('abort', () => log('abort event'));
    q.on('close', () => { log('abort close'); resolve(); });
    q.abort();
  });
  agent.destroy();
  await new Promise((res) => setTimeout(res, 20));
  log('after destroy', Object.keys(agent.freeSockets).length, Object.keys(agent.sockets).length);
  try {
    http.request('https://example.com/');
  } catch (e) {
    log(e.code, e.message);
  }
  try {
    http.request({ port, method: 'BAD METHOD' });
  } catch (e) {
    log(e.code, e.message);
  }

  log('--- raw responses');
  log('short body'); await raw('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc');
  log('eof body'); await raw('HTTP/1.1 200 OK\r\n\r\nuntil-eof');
  log('hang up'); await raw('');
  log('parse error'); await raw('HTTP/1.1 200 OK\r\nBad Header\r\n\r\n');
  log('chunked bad'); await raw('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n');
  log('100 continue'); await raw('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
  log('cookies'); await raw('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\n3\r\nabc\r\n0\r\n\r\n');
  log('trailers'); await raw('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX-T: v\r\n\r\n');
}

async function fetchTests(port) {
  log('--- fetch');
  const base = `http://localhost:${port}`;
  let r = await fetch(`${base}/echo`);
  log(r.status, r.statusText, r.ok, r.type, clean(r.url), r.redirected, r.headers.get('content-type'),
      r.headers.getSetCookie(), r.body instanceof ReadableStream);
  log(await r.json());
  r = await fetch(`${base}/echo`, {
    method: 'POST', body: JSON.stringify({ q: 1 }),
    headers: { 'Content-Type': 'application/json', 'X-Custom': 'yes' },
  });
  log(await r.json());
  r = await fetch(`${base}/echo`, { method: 'PUT', body: new URLSearchParams({ a: '1', b: 'x y' }) });
  log((await r.json()).body);
  r = await fetch(`${base}/echo`, { method: 'POST', body: new Uint8Array([104, 105]) });
  log((await r.json()).body);
  const fd = new FormData();
  fd.append('k', 'v');
  r = await fetch(`${base}/echo`, { method: 'POST', body: fd });
  log((await r.json()).body.replace(/formdata-undici-\d+/g, 'B').split('\r\n'));
  r = await fetch(`${base}/echo`, {
    method: 'POST', duplex: 'half',
    body: new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('streamed')); c.close(); } }),
  });
  log((await r.json()).body);
  r = await fetch(`${base}/r1`);
  log('redirect', r.status, clean(r.url), r.redirected, (await r.json()).url);
  r = await fetch(`${base}/r1`, { redirect: 'manual' });
  log('manual', r.status, r.headers.get('location'), r.redirected);
  await fetch(`${base}/r1`, { redirect: 'error' }).catch((e) => log('error', e.message, e.cause.message));
  await fetch(`${base}/loop`).catch((e) => log('loop', e.message, e.cause.message));
  r = await fetch(`${base}/307`, { method: 'POST', body: 'keep' });
  log('307', (await r.json()).body);
  r = await fetch(`${base}/gz`);
  log('gz', r.headers.get('content-encoding'), await r.text());
  r = await fetch(`${base}/stream`);
  const reader = r.body.getReader();
  const dec = new TextDecoder();
  let out = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    out += dec.decode(value);
  }
  log('stream', JSON.stringify(out), r.bodyUsed);
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 20);
  await fetch(`${base}/slow`, { signal: ac.signal }).then((res) => res.text())
    .catch((e) => log('abort', e.name, e.message));
  await fetch(`${base}/echo`, { signal: AbortSignal.abort() }).catch((e) => log('pre-abort', e.name, e.message));
  await fetch('http://127.0.0.1:1/').catch((e) => log('bad port', e.name, e.message, e.cause.message));
  await fetch('http://x', { method: 'GET', body: 'no' }).catch((e) => log(e.name, e.message));
  r = await fetch(`${base}/echo`, { method: 'HEAD' });
  log('head', r.status, r.body);
}

server.listen(0, async () => {
  const { port } = server.address();
  await clientTests(port);
  await fetchTests(port);
  server.close(() => log('done'));
});
