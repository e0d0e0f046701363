'use strict';
// inspector: shoal has no V8 inspector (no debugger protocol server). The
// module loads so that frameworks probing it at start-up work: url() is
// undefined, console is a console whose methods write nowhere (as the
// inspector console does with no client), open() and Session#connect()
// throw ERR_INSPECTOR_NOT_AVAILABLE, waitForDebugger() ERR_INSPECTOR_NOT_ACTIVE.

const EventEmitter = require('events');

function nodeError(code, message, Base = Error) {
  const err = new Base(message);
  err.code = code;
  return err;
}

function notAvailable() {
  return nodeError('ERR_INSPECTOR_NOT_AVAILABLE', 'Inspector is not available');
}

class Session extends EventEmitter {
  #connected = false;

  connect() {
    throw notAvailable();
  }

  connectToMainThread() {
    throw notAvailable();
  }

  post(method, params, callback) {
    if (typeof method !== 'string') {
      const { codes } = require('internal/errors');
      throw new codes.ERR_INVALID_ARG_TYPE('method', 'string', method);
    }
    if (!this.#connected) {
      throw nodeError('ERR_INSPECTOR_NOT_CONNECTED', 'Session is not connected');
    }
    void params;
    void callback;
  }

  disconnect() {
    this.#connected = false;
  }
}

function open() {
  throw notAvailable();
}

function close() {}

function url() {
  return undefined;
}

function waitForDebugger() {
  throw nodeError('ERR_INSPECTOR_NOT_ACTIVE', 'Inspector is not active');
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
