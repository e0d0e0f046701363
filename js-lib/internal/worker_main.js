'use strict';
// A cluster worker's main: load the app and serve it by whichever contract
// it follows (docs/architecture.md, "The application contract"):
//   1. module.exports = (req, res) => ...       a Node request listener
//   2. module.exports = { fetch(request) }       a Web handler returning a Response
//   3. http.createServer(...).listen(port)       the app listens itself (through the master)
// ES modules use `export default` for 1 and 2. With 1 and 2 the worker is
// ready once the module evaluated (top-level await included) without
// throwing; with 3 once the app's listen() succeeded (NestJS, Fastify and
// apps that connect to a database first listen asynchronously).

const binding = internalBinding('worker');
const workerState = require('internal/worker').state;

function handlerOf(value) {
  if (typeof value === 'function') return { listener: value };
  if (value !== null && typeof value === 'object' && typeof value.fetch === 'function') {
    return { fetch: value };
  }
  return null;
}

function fetchListener(app) {
  const { serveFetch } = require('internal/fetch/serve');
  return function fetchRequest(req, res) {
    const host = req.headers.host || req.headers[':authority'] || 'localhost';
    const scheme = req.socket && req.socket.encrypted ? 'https' : 'http';
    serveFetch(app, req, res, { url: `${scheme}://${host}${req.url}` });
  };
}

function serve(handler) {
  const http = require('http');
  const listener = handler.listener || fetchListener(handler.fetch);
  const server = http.createServer(listener);
  binding.setDefaultServer(server._workerHandle());
  return server;
}

function start(exportsValue, namespace) {
  let handler = null;
  if (namespace) {
    handler = handlerOf(namespace.default) || handlerOf(namespace);
  } else {
    handler = handlerOf(exportsValue) ||
      (exportsValue && exportsValue.__esModule ? handlerOf(exportsValue.default) : null);
  }
  if (handler) workerState.server = serve(handler);
  if (handler || workerState.listened) binding.ready();
  else workerState.readyOnListen = true;
}

function runWorker(initText) {
  const init = JSON.parse(initText);
  workerState.active = true;
  workerState.init = init;
  process.argv[1] = init.app;
  // (formatOf from the package module: a CommonJS app never loads the ES
  // module loader)
  if (require('internal/modules/package').formatOf(init.app) === 'module') {
    require('internal/modules/esm').importFile(init.app).then((ns) => start(undefined, ns),
      (err) => require('internal/fatal').onUncaught(err));
    return;
  }
  const Module = require('internal/modules/cjs');
  const exportsValue = Module._load(init.app, null, true);
  start(exportsValue, null);
}

module.exports = { runWorker };
