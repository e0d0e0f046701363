'use strict';
// Koa 2: a middleware chain (timing header, error handling), ctx.body as
// string / object / stream, ctx.throw, @koa/router with params, koa-body
// (JSON and urlencoded request bodies).
const Koa = require('koa');
const Router = require('@koa/router');
const { koaBody } = require('koa-body');
const { Readable } = require('stream');

const app = new Koa();
app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = err.status || 500;
    ctx.body = { error: err.message };
  }
});
app.use(async (ctx, next) => {
  const start = Date.now();
  await next();
  ctx.set('X-Response-Time', `${Date.now() - start}ms`);
  ctx.set('X-Middleware', 'koa');
});

const router = new Router();
router.get('/', (ctx) => { ctx.body = 'hello koa'; });
router.get('/users/:id', (ctx) => { ctx.body = { id: ctx.params.id, q: ctx.query.q || null }; });
router.post('/echo', async (ctx) => {
  const chunks = [];
  for await (const c of ctx.req) chunks.push(c);
  ctx.status = 201;
  ctx.body = { got: JSON.parse(Buffer.concat(chunks).toString() || 'null') };
});
router.post('/body', koaBody(), (ctx) => {
  ctx.body = { body: ctx.request.body, type: ctx.request.type };
});
router.get('/stream', (ctx) => {
  ctx.type = 'text/plain';
  ctx.body = Readable.from(['a', 'b', 'c']);
});
router.get('/boom', (ctx) => ctx.throw(418, 'teapot here'));
router.get('/crash', () => { throw new Error('crashed'); });
router.get('/pid', (ctx) => { ctx.body = String(process.pid); });
app.use(router.routes()).use(router.allowedMethods());

const port = Number(process.env.PORT || 3000);
app.listen(port, () => console.log(`koa listening on ${port}`));
