'use strict';
// Module customization hooks, the main thread's side (module.register(),
// --experimental-loader): as in Node 20, the hooks run in a thread of their
// own (internal/modules/hooks_worker) and the loader here calls them
// synchronously: it posts the request on a MessagePort and blocks in
// Atomics.wait until the hooks thread has answered. The ES module loader's
// linking stays synchronous, the hooks may be async (and do I/O), and
// import.meta.resolve() goes through them as in Node.
//
// Owns the hooks Worker, its port and the shared lock word for the process's
// life; the Worker and port are unref'd (they never keep the process alive).

let channel = null; // { worker, port, lock }

function active() {
  return channel !== null;
}

function start() {
  const { Worker, MessageChannel } = require('worker_threads');
  const state = require('internal/worker_threads/state');
  const { port1, port2 } = new MessageChannel();
  const lock = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker('', {
    eval: true,
    [state.kInternalEntry]: 'internal/modules/hooks_worker',
    workerData: { port: port2, lock },
    transferList: [port2],
    execArgv: process.execArgv, // (--no-warnings and the like hold there too)
  });
  worker.unref();
  port1.unref();
  channel = { worker, port: port1, lock };
}

// One request to the hooks thread; returns its answer or throws its error.
function call(type, args, transferList = []) {
  if (channel === null) start();
  const { port, lock } = channel;
  Atomics.store(lock, 0, 0);
  port.postMessage({ type, args }, transferList);
  const { receiveMessageOnPort } = require('worker_threads');
  let reply;
  for (;;) {
    Atomics.wait(lock, 0, 0, 100);
    reply = receiveMessageOnPort(port);
    if (reply !== undefined) break;
  }
  const { ok, value, props, warnings } = reply.message;
  for (const { message, type } of warnings || []) process.emitWarning(message, type);
  if (ok) return value;
  if (value !== null && typeof value === 'object' && props) Object.assign(value, props);
  throw value;
}

// module.register(specifier[, parentURL][, options]).
function register(specifier, parentURL, options) {
  const { validateString } = require('internal/validators');
  if (parentURL !== null && typeof parentURL === 'object' && !(parentURL instanceof URL)) {
    options = parentURL;
    parentURL = options.parentURL;
  }
  const spec = specifier instanceof URL ? specifier.href : specifier;
  validateString(spec, 'specifier');
  const parent = parentURL instanceof URL ? parentURL.href : (parentURL ?? 'data:');
  validateString(parent, 'parentURL');
  const data = options ? options.data : undefined;
  // (data travels with its transfer list, as Node's initialize(data).)
  const transferList = options && Array.isArray(options.transferList) ? options.transferList : [];
  const out = call('register', [spec, parent, data], transferList);
  if (out && out.warnGlobalPreload) {
    process.emitWarning('`globalPreload` is planned for removal in favor of `initialize`. ' +
      '`globalPreload` is an experimental feature and might change at any time', 'ExperimentalWarning');
  }
  if (out && typeof out.preloadCode === 'string') runGlobalPreload(out.preloadCode, out.port);
}

// globalPreload's code, run in this thread as Node does: a function of
// (getBuiltin, port, setImportMetaCallback) with no `this`.
function getBuiltin(id) {
  const builtins = require;
  const scheme = id.startsWith('node:');
  // (Without node:, only what may be required without it: not node:test.)
  if (!builtins.canBeRequiredByUsers(scheme ? id : `node:${id}`) ||
      (!scheme && !builtins.canBeRequiredByUsers(id))) {
    throw new (require('internal/errors').codes.ERR_UNKNOWN_BUILTIN_MODULE)(id);
  }
  return require(scheme ? id : `node:${id}`);
}

function runGlobalPreload(code, port) {
  const fn = internalBinding('module').compileFunction(code, '<preload>',
    ['getBuiltin', 'port', 'setImportMetaCallback']);
  fn.call(undefined, getBuiltin, port, () => {});
}

// { url, format, importAttributes }
function resolve(specifier, parentURL, importAttributes) {
  return call('resolve', [specifier, parentURL, importAttributes || {}]);
}

// { format, source } (source a string, bytes or null)
function load(url, format, importAttributes) {
  return call('load', [url, format, importAttributes || {}]);
}

// --experimental-loader / --loader values: registered before the entry
// point, relative to the cwd, with Node's ExperimentalWarning.
function registerCommandLineLoaders(values) {
  if (values.length === 0) return;
  const spec = values[0];
  process.emitWarning('`--experimental-loader` may be removed in the future; instead use ' +
    '`register()`:\n--import \'data:text/javascript,import { register } from "node:module"; ' +
    'import { pathToFileURL } from "node:url"; ' +
    `register(${JSON.stringify(spec)}, pathToFileURL("./"));'`, 'ExperimentalWarning');
  const { pathToFileHref } = require('internal/modules/esm');
  const parent = `${pathToFileHref(process.cwd())}/`;
  for (const value of values) register(value, parent);
}

module.exports = { active, register, resolve, load, registerCommandLineLoaders };
