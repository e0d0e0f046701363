'use strict';
// koa 3 with @koa/router and koa-bodyparser: JSON POST, route params, an
// error middleware, ctx.throw, koa's own 404 and bodyparser's 400.
const Koa = require('koa');
const Router = require('@koa/router');
const bodyParser = require('koa-bodyparser');

const app = new Koa();
app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = err.status || 500;
    ctx.body = { error: err.message, expose: Boolean(err.expose) };
  }
});
app.use(bodyParser());

const users = new Map([[1, { id: 1, name: 'ada' }]]);
const router = new Router({ prefix: '/api' });
router.get('/users/:id', (ctx) => {
  const user = users.get(Number(ctx.params.id));
  if (!user) ctx.throw(404, `no user ${ctx.params.id}`);
  ctx.body = user;
});
router.post('/users', (ctx) => {
  const { name } = ctx.request.body;
  if (typeof name !== 'string') ctx.throw(422, 'name must be a string');
  const user = { id: users.size + 1, name };
  users.set(user.id, user);
  ctx.status = 201;
  ctx.body = { created: user, type: ctx.request.type };
});
router.get('/teapot', (ctx) => ctx.throw(418, 'short and stout'));
router.get('/boom', () => { throw new Error('internal detail'); });
router.get('/q', (ctx) => { ctx.body = { query: ctx.query, path: ctx.path }; });
app.use(router.routes()).use(router.allowedMethods());

const server = app.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
