'use strict';
// The start of a worker thread (bootstrap hook runWorkerThread): set up what
// worker_threads exports in this thread, process.argv/env, stdio, the
// reporting of uncaught errors to the parent, then run the script (a file,
// CommonJS or ES module, or `eval` code).

const messaging = internalBinding('messaging');
const state = require('internal/worker_threads/state');

function control(message) {
  if (state.control !== null) messaging.post(state.control, 0, message, undefined);
}

// Uncaught exception with no 'uncaughtException' listener: the parent's
// Worker emits 'error' with it, then 'exit' with code 1.
// V8 clones an Error's name, message, stack and cause only: its own
// enumerable properties (code, errno, ...) travel beside it.
function reportError(err) {
  const props = {};
  if (err !== null && typeof err === 'object') {
    for (const key of Object.keys(err)) {
      try {
        props[key] = structuredClone(err[key]);
      } catch {
        // not cloneable: left out
      }
    }
  }
  try {
    control({ type: 'error', error: err, props });
  } catch {
    control({ type: 'error', error: new Error(String(err)), props });
  }
}

function relayStdio(name, fd) {
  const { Writable } = require('stream');
  const stream = new Writable({
    write(chunk, encoding, cb) {
      control({ type: name, chunk: typeof chunk === 'string' ? chunk : Buffer.from(chunk) });
      cb();
    },
  });
  stream.fd = fd;
  Object.defineProperty(process, name, { value: stream, configurable: true, enumerable: true });
}

function makeProcessEnv(env) {
  if (env === null) { // SHARE_ENV: the process's own environment
    process._shareEnv();
    return;
  }
  process.env = process._makeEnv(env, false);
}

function runEval(code) {
  const Module = require('internal/modules/cjs');
  const path = require('path');
  const filename = path.join(process.cwd(), '[worker eval]');
  const m = new Module(filename, null);
  m.filename = filename;
  m.paths = Module._nodeModulePaths(process.cwd());
  m._compile(code, filename);
}

function runWorkerThread(init) {
  state.isMainThread = false;
  state.threadId = internalBinding('threads').threadId();
  state.parentPort = init.port;
  state.workerData = init.workerData;
  state.resourceLimits = init.resourceLimits;
  state.environmentData = init.environmentData instanceof Map ? init.environmentData : new Map();
  state.control = init.control;
  // The parent port does not keep the thread alive until it gets listeners.
  init.port.unref();

  // One process, one working directory: Node refuses to change it from a worker.
  process.chdir = function chdir() {
    const e = new TypeError('process.chdir() is not supported in workers');
    e.code = 'ERR_WORKER_UNSUPPORTED_OPERATION';
    throw e;
  };
  process.argv = [process.execPath, init.filename || '[worker eval]', ...init.argv];
  process.execArgv = init.execArgv;
  makeProcessEnv(init.env);
  if (init.stdout) relayStdio('stdout', 1);
  if (init.stderr) relayStdio('stderr', 2);
  control({ type: 'online' });
  if (init.internalEntry !== undefined) require(init.internalEntry).run(init.workerData);
  else if (init.eval !== undefined) runEval(init.eval);
  else require('internal/modules/run_main').runMain(init.filename);
}

module.exports = { runWorkerThread, reportError };
