'use strict';
// Sets up the global environment of a runtime (process, timers, console,
// Buffer, URL, ...) and exports the hooks C calls (bindings/core/runtime.c):
//   tick()                   after every macrotask: nextTicks, microtasks, rejections
//   onUncaught(err)          an exception nothing caught
//   onReject(event, p, v)    V8's promise rejection tracking
//   runMain()                load process.argv[1]
//   prepareWorkerThread()    before a worker thread's init message is read
//   runWorkerThread(init)    start a worker_threads Worker (bindings/mod_threads.c)
//   warmCodeCache()          load js-lib before its code cache is written
//   beforeExit(), exit()     end of the event loop; exit() returns the exit code
//   importDynamic(spec, referrer, attributes), importMeta(module, meta)   ES module host hooks

// ECMAScript methods newer than V8 10.2 (toSorted, Set methods, ...).
require('internal/es_builtins');

const process = require('internal/process');
// Not enumerable, as in Node (test/common's leak check lists enumerable globals).
Object.defineProperty(globalThis, 'process', {
  value: process, writable: true, configurable: true, enumerable: false,
});
// process.argv[1] is the absolute path of the main script, as in Node.
const evalMode = internalBinding('process').evalCode !== undefined;
// The -e/-p code, as Node's process._eval (fork() leaves it out of the child's execArgv).
if (evalMode) process._eval = internalBinding('process').evalCode;
// No script, or `-`: the program is read from stdin, as Node does when stdin
// is not a terminal (on one, Node starts its REPL, which shoal has not).
const stdinMode = !evalMode && !process.execArgv.includes('--test') &&
  (process.argv.length < 2 || process.argv[1] === '-');
if (!evalMode && !stdinMode && process.argv.length > 1 && process.argv[1] && !process.argv[1].startsWith('/')) {
  process.argv[1] = require('path').resolve(process.argv[1]);
}

const taskQueue = require('internal/task_queue');
const fatal = require('internal/fatal');

// Globals whose modules load on first use, so start-up stays cheap. Each
// becomes an ordinary writable data property once touched.
function lazyGlobal(name, load) {
  Object.defineProperty(globalThis, name, {
    configurable: true,
    enumerable: false,
    get() {
      const value = load();
      Object.defineProperty(globalThis, name, {
        value, writable: true, configurable: true, enumerable: false,
      });
      return value;
    },
    set(value) {
      Object.defineProperty(globalThis, name, {
        value, writable: true, configurable: true, enumerable: false,
      });
    },
  });
}

// The same for the globals Node shows as plain data properties (URL,
// EventTarget, console, ...): V8 computes the value on first read, so a
// property descriptor shows { value, writable, configurable }.
const { defineLazyDataProperty } = internalBinding('util');
function lazyValueGlobal(name, load, enumerable = false) {
  defineLazyDataProperty(globalThis, name, load, enumerable);
}

function defineGlobal(name, value) {
  Object.defineProperty(globalThis, name, {
    value, writable: true, configurable: true, enumerable: false,
  });
}

defineGlobal('global', globalThis);
// Object.prototype.toString(globalThis) is '[object global]', as Node.
Object.defineProperty(globalThis, Symbol.toStringTag, {
  value: 'global', writable: false, configurable: true, enumerable: false,
});

const timers = require('timers');
for (const name of ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval',
  'setImmediate', 'clearImmediate']) {
  Object.defineProperty(globalThis, name, {
    value: timers[name], writable: true, configurable: true, enumerable: true,
  });
}
defineGlobal('queueMicrotask', taskQueue.queueMicrotask);

lazyValueGlobal('console', () => require('console'));
lazyGlobal('Buffer', () => require('buffer').Buffer);
lazyGlobal('atob', () => require('buffer').atob);
lazyGlobal('btoa', () => require('buffer').btoa);
lazyGlobal('Blob', () => require('internal/blob').Blob);
lazyGlobal('File', () => require('internal/blob').File);
lazyGlobal('TextEncoder', () => require('internal/encoding').TextEncoder);
lazyGlobal('TextDecoder', () => require('internal/encoding').TextDecoder);
lazyValueGlobal('URL', () => require('internal/url').URL);
lazyValueGlobal('URLSearchParams', () => require('internal/url').URLSearchParams);
lazyValueGlobal('EventTarget', () => require('internal/event_target').EventTarget);
lazyValueGlobal('Event', () => require('internal/event_target').Event);
lazyValueGlobal('CustomEvent', () => require('internal/event_target').CustomEvent);
lazyGlobal('AbortController', () => require('internal/abort_controller').AbortController);
lazyGlobal('AbortSignal', () => require('internal/abort_controller').AbortSignal);
lazyGlobal('DOMException', () => require('internal/dom_exception').DOMException);
lazyValueGlobal('structuredClone', () => require('internal/structured_clone').structuredClone, true);
lazyGlobal('performance', () => require('perf_hooks').performance);
lazyGlobal('ReadableStream', () => require('internal/webstreams').ReadableStream);
lazyGlobal('WritableStream', () => require('internal/webstreams').WritableStream);
lazyGlobal('TransformStream', () => require('internal/webstreams').TransformStream);
lazyGlobal('TextEncoderStream', () => require('internal/webstreams').TextEncoderStream);
lazyGlobal('TextDecoderStream', () => require('internal/webstreams').TextDecoderStream);
lazyGlobal('ByteLengthQueuingStrategy', () => require('internal/webstreams').ByteLengthQueuingStrategy);
lazyGlobal('CountQueuingStrategy', () => require('internal/webstreams').CountQueuingStrategy);
lazyGlobal('Headers', () => require('internal/fetch/headers').Headers);
lazyGlobal('Request', () => require('internal/fetch/request').Request);
lazyGlobal('Response', () => require('internal/fetch/response').Response);
lazyGlobal('FormData', () => require('internal/fetch/formdata').FormData);
lazyValueGlobal('fetch', () => require('internal/fetch/fetch').fetch, true);
lazyGlobal('MessageChannel', () => require('internal/worker_threads/io').MessageChannel);
lazyGlobal('MessagePort', () => require('internal/worker_threads/io').MessagePort);
lazyGlobal('MessageEvent', () => require('internal/worker_threads/io').MessageEvent);
lazyGlobal('BroadcastChannel', () => require('internal/worker_threads/io').BroadcastChannel);
lazyGlobal('crypto', () => require('internal/crypto/webcrypto').crypto);
lazyGlobal('Crypto', () => require('internal/crypto/webcrypto').Crypto);
lazyGlobal('CryptoKey', () => require('internal/crypto/webcrypto').CryptoKey);
lazyGlobal('SubtleCrypto', () => require('internal/crypto/webcrypto').SubtleCrypto);

function runMain() {
  const loader = require('internal/modules/run_main');
  const b = internalBinding('process');
  if (process.env.NODE_CHANNEL_FD !== undefined) require('internal/ipc_channel').setupChildChannel();
  for (const id of b.preload || []) loader.preload(id);
  if (evalMode) loader.runEval(b.evalCode, b.printEval, b.inputType);
  else if (stdinMode && !require('tty').isatty(0)) {
    loader.runEval(require('fs').readFileSync(0, 'utf8'), false, b.inputType, '[stdin]');
  }
  else if (process.execArgv.includes('--test')) {
    require('internal/test_runner/runner').runFromCli(process.argv.slice(1));
  } else {
    // Through Module.runMain, as Node: a preloaded module may replace it.
    require('internal/modules/cjs').runMain(process.argv[1]);
  }
}

// Before a worker thread's init message is read: transferred ports become
// MessagePorts (internal/worker_threads/io registers itself).
function prepareWorkerThread() {
  require('internal/worker_threads/io');
}

function runWorkerThread(init) {
  require('internal/worker_threads/main').runWorkerThread(init);
}

function runWorker(initText) {
  require('internal/worker_main').runWorker(initText);
}

// `shoal-runtime run --build-code-cache FILE` (bindings/core/runtime.c).
function warmCodeCache() {
  require('internal/code_cache').warmUp();
}

function beforeExit() {
  if (process.exitCode === undefined || process.exitCode === null) {
    process.emit('beforeExit', 0);
  } else {
    process.emit('beforeExit', process.exitCode | 0);
  }
}

function exit() {
  return process._emitExit();
}

// A cluster worker starts draining (reload, scale-down, stop): it takes no
// new connections and closes those still open after deadlineMs (about the
// config's drain_ms). Apps close long-lived connections here (docs/websocket.md).
function drain(deadlineMs) {
  process.emit('shoal:drain', { deadlineMs });
}

function importDynamic(specifier, referrer, attributes) {
  return require('internal/modules/esm').importDynamic(specifier, referrer, attributes);
}

function importMeta(module, meta) {
  require('internal/modules/esm').initializeImportMeta(module, meta);
}

exports.hooks = {
  tick: taskQueue.processTicksAndRejections,
  onUncaught: fatal.onUncaught,
  onReject: taskQueue.onPromiseReject,
  runMain,
  runWorker,
  prepareWorkerThread,
  runWorkerThread,
  warmCodeCache,
  beforeExit,
  exit,
  drain,
  importDynamic,
  importMeta,
};
