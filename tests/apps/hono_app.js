'use strict';
// Hono 4 on @hono/node-server: routes, params, JSON bodies, middleware,
// 404 and error handlers (Request/Response objects under the hood).
const { Hono } = require('hono');
const { serve } = require('@hono/node-server');

const app = new Hono();
app.use('*', async (c, next) => {
  await next();
  c.header('X-Middleware', 'hono');
});
app.get('/', (c) => c.text('hello hono'));
app.get('/users/:id', (c) => c.json({ id: c.req.param('id'), q: c.req.query('q') || null }));
app.post('/echo', async (c) => c.json({ got: await c.req.json() }, 201));
app.get('/boom', () => { throw new Error('hono kaboom'); });
app.get('/pid', (c) => c.text(String(process.pid)));
app.notFound((c) => c.text('not here', 404));
app.onError((err, c) => c.json({ error: err.message }, 500));

const port = Number(process.env.PORT || 3000);
serve({ fetch: app.fetch, port }, (info) => console.log(`hono listening on ${info.port}`));
