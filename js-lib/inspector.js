'use strict';
// inspector: V8's inspector. Session: in-process sessions, as Node's
// (post() dispatches at once and its callback runs before post returns;
// notifications are emitted by method name and as 'inspectorNotification').
// open()/url()/close()/waitForDebugger(): the DevTools endpoint
// (bindings/inspector_server.c) on 127.0.0.1, the one `shoal ctl inspect
// WORKER debug` and `shoal start --inspect` open in a cluster worker.
// console is a console whose methods write nowhere (as the inspector
// console does with no client).

const EventEmitter = require('events');
const { codes, makeError } = require('internal/errors');
const { validateFunction, validateInt32, validateObject } = require('internal/validators');

const binding = internalBinding('inspector');

function notAvailable() {
  return makeError(Error, 'ERR_INSPECTOR_NOT_AVAILABLE', 'Inspector is not available');
}

class Session extends EventEmitter {
  #connection = null;
  #nextId = 1;
  #callbacks = new Map();

  connect() {
    if (this.#connection) {
      throw makeError(Error, 'ERR_INSPECTOR_ALREADY_CONNECTED',
        'The inspector session is already connected');
    }
    this.#connection = binding.connect((message) => this.#onMessage(message));
  }

  connectToMainThread() {
    throw makeError(Error, 'ERR_INSPECTOR_NOT_WORKER', 'Current thread is not a worker');
  }

  #onMessage(message) {
    const parsed = JSON.parse(message);
    try {
      if (parsed.id) {
        const callback = this.#callbacks.get(parsed.id);
        this.#callbacks.delete(parsed.id);
        if (callback) {
          if (parsed.error) {
            return callback(makeError(Error, 'ERR_INSPECTOR_COMMAND',
              `Inspector error ${parsed.error.code}: ${parsed.error.message}`));
          }
          callback(null, parsed.result);
        }
      } else {
        this.emit(parsed.method, parsed);
        this.emit('inspectorNotification', parsed);
      }
    } catch (error) {
      process.emitWarning(error);
    }
  }

  post(method, params, callback) {
    if (typeof method !== 'string') {
      throw new codes.ERR_INVALID_ARG_TYPE('method', 'string', method);
    }
    if (!callback && typeof params === 'function') {
      callback = params;
      params = null;
    }
    if (params) validateObject(params, 'params');
    if (callback) validateFunction(callback, 'callback');
    if (!this.#connection) {
      throw makeError(Error, 'ERR_INSPECTOR_NOT_CONNECTED', 'Session is not connected');
    }
    const id = this.#nextId++;
    const message = { id, method };
    if (params) message.params = params;
    if (callback) this.#callbacks.set(id, callback);
    binding.dispatch(this.#connection, JSON.stringify(message));
  }

  disconnect() {
    if (!this.#connection) return;
    binding.disconnect(this.#connection);
    this.#connection = null;
    const remaining = this.#callbacks;
    this.#callbacks = new Map();
    this.#nextId = 1;
    for (const callback of remaining.values()) {
      process.nextTick(callback, makeError(Error, 'ERR_INSPECTOR_CLOSED', 'Session was closed'));
    }
  }
}

function isUint32(value) {
  return value === (value >>> 0);
}

// open([port[, host[, wait]]]): the DevTools endpoint on 127.0.0.1 (host
// other than loopback is not offered: always 127.0.0.1), as node --inspect.
function open(port, host, wait) {
  if (binding.url() !== undefined) {
    throw makeError(Error, 'ERR_INSPECTOR_ALREADY_ACTIVATED',
      'Inspector is already activated. Close it with inspector.close() before activating it again.');
  }
  if (!require('worker_threads').isMainThread) throw notAvailable();
  if (isUint32(port)) validateInt32(port, 'port', 0, 65535);
  else port = process.debugPort || 9229;
  binding.open(port, process.argv[1]); // says where on stderr, or why not
  if (wait && binding.url() !== undefined) waitForDebugger();
  const disposable = { __proto__: null };
  disposable[Symbol.dispose] = close;
  return disposable;
}

function close() {
  binding.close();
}

function url() {
  return binding.url();
}

function waitForDebugger() {
  if (!binding.waitForDebugger()) {
    throw makeError(Error, 'ERR_INSPECTOR_NOT_ACTIVE', 'Inspector is not active');
  }
}

const consoleMethods = ['debug', 'error', 'info', 'log', 'warn', 'dir', 'dirxml', 'table',
  'trace', 'group', 'groupCollapsed', 'groupEnd', 'clear', 'count', 'countReset', 'assert',
  'profile', 'profileEnd', 'time', 'timeLog', 'timeEnd', 'timeStamp', 'context'];
const inspectorConsole = {};
for (const name of consoleMethods) {
  inspectorConsole[name] = { [name]() {} }[name];
}
Object.defineProperty(inspectorConsole, Symbol.toStringTag, {
  value: 'console', configurable: true,
});

const Network = {
  requestWillBeSent() {},
  responseReceived() {},
  loadingFinished() {},
  loadingFailed() {},
};

module.exports = {
  open,
  close,
  url,
  waitForDebugger,
  console: inspectorConsole,
  Session,
  Network,
};
