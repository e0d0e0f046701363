'use strict';
// CommonJS requiring ES-module-only npm packages (Node 20.19+'s require(esm)):
// cookie 2 directly, and fastify 5, whose light-my-request (inject) requires
// cookie 2. Prints one JSON line per check; test_requireesm.py compares them.
const cookie = require('cookie');
const out = (name, value) => console.log(JSON.stringify([name, value]));

out('cookie namespace', [Object.prototype.toString.call(cookie), Object.keys(cookie).sort()]);
out('cookie parse', cookie.parseCookie('a=1; b=two%20words; c="q"'));
out('cookie serialize', cookie.stringifySetCookie({ name: 'sid', value: 'x y', httpOnly: true, path: '/', maxAge: 60 }));

const fastify = require('fastify');
const app = fastify();
app.get('/hello', async (req) => ({ hello: 'world', cookie: req.headers.cookie || null }));
app.post('/echo', async (req, reply) => {
  reply.header('set-cookie', cookie.stringifySetCookie({ name: 'seen', value: String(req.body.n), path: '/' }));
  return { n: req.body.n * 2 };
});

// A raw response: the head's Date, Connection and Transfer-Encoding come from
// ServerResponse's _header string, which light-my-request reads.
app.get('/raw', (req, reply) => {
  reply.hijack();
  reply.raw.writeHead(200, { 'x-a': '1' });
  reply.raw.write('a');
  reply.raw.end('b');
});

(async () => {
  let res = await app.inject({ method: 'GET', url: '/hello', cookies: { k: 'v' } });
  out('inject GET', [res.statusCode, res.json()]);
  res = await app.inject({ method: 'POST', url: '/echo', payload: { n: 21 } });
  out('inject POST', [res.statusCode, res.json(), res.cookies]);
  res = await app.inject({ method: 'GET', url: '/missing' });
  out('inject 404', [res.statusCode, res.json().error]);
  res = await app.inject({ method: 'GET', url: '/raw' });
  out('inject raw', [res.statusCode, { ...res.headers, date: typeof res.headers.date }, res.body]);
  await app.close();
  out('done', true);
})().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
