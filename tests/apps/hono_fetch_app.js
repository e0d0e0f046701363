'use strict';
// Hono 4 through the fetch contract: the module exports { fetch } and the
// shoal worker calls app.fetch(Request) for every request (no listen(), no
// @hono/node-server). Started by `shoal start` with `listen` in the config.
const { Hono } = require('hono');

const app = new Hono();
app.use('*', async (c, next) => {
  await next();
  c.header('X-Middleware', 'hono');
});
app.get('/', (c) => c.text('hello hono'));
app.get('/users/:id', (c) => c.json({ id: c.req.param('id'), q: c.req.query('q') || null }));
app.post('/echo', async (c) => c.json({ got: await c.req.json() }, 201));
app.post('/form', async (c) => {
  const body = await c.req.parseBody();
  return c.json({ name: body.name });
});
app.get('/headers', (c) => c.json({ ua: c.req.header('user-agent') || null, url: c.req.url }));
app.get('/boom', () => { throw new Error('hono kaboom'); });
app.get('/pid', (c) => c.text(String(process.pid)));
app.notFound((c) => c.text('not here', 404));
app.onError((err, c) => c.json({ error: err.message }, 500));

module.exports = { fetch: app.fetch };
