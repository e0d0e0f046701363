'use strict';
// worker_threads: Worker runs a script in a new OS thread with its own V8
// isolate and event loop (internalBinding('threads'), bindings/mod_threads.c);
// the two sides talk through MessagePorts (internal/worker_threads/io).
//
// A Worker holds two channels to its thread: the public one (worker.postMessage
// <-> parentPort) and a control one (online, uncaught errors, stdout/stderr
// when asked for). 'exit' comes after every message the thread sent.

const EventEmitter = require('events');
const path = require('path');
const threads = internalBinding('threads');
const messaging = internalBinding('messaging');
const io = require('internal/worker_threads/io');
const state = require('internal/worker_threads/state');
const {
  codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE },
} = require('internal/errors');

const { MessageChannel, transferListOf, post } = io;
const SHARE_ENV = Symbol.for('nodejs.worker_threads.SHARE_ENV');

function workerPathError(filename) {
  const e = new TypeError('The worker script or module filename must be an absolute path or a ' +
    `relative path starting with './' or '../'. Received "${filename}"`);
  e.code = 'ERR_WORKER_PATH';
  return e;
}

function resolveFilename(filename, isEval) {
  if (isEval) return null;
  if (filename !== null && typeof filename === 'object' && typeof filename.href === 'string') {
    if (filename.protocol !== 'file:') {
      const e = new TypeError('The URL must be of scheme file');
      e.code = 'ERR_INVALID_URL_SCHEME';
      throw e;
    }
    return require('url').fileURLToPath(filename);
  }
  if (typeof filename !== 'string') {
    throw new ERR_INVALID_ARG_TYPE('filename', ['string', 'URL'], filename);
  }
  if (filename.startsWith('file:')) return require('url').fileURLToPath(filename);
  if (!path.isAbsolute(filename) && !/^\.\.?[\\/]/.test(filename)) {
    throw workerPathError(filename);
  }
  return path.resolve(filename);
}

function envFor(options) {
  if (options.env === SHARE_ENV) {
    process._shareEnv();
    return null;
  }
  const source = options.env === undefined ? process.env : options.env;
  if (source === null || typeof source !== 'object') {
    throw new ERR_INVALID_ARG_TYPE('options.env', 'Object', source);
  }
  const env = {};
  for (const key of Object.keys(source)) env[key] = `${source[key]}`;
  return env;
}

function checkArray(value, name) {
  if (value !== undefined && !Array.isArray(value)) throw new ERR_INVALID_ARG_TYPE(name, 'Array', value);
}

// The thread's process.execArgv: the options before a `--`, which ends
// them as on the command line (Node drops it and what follows).
function execArgvOf(execArgv) {
  if (execArgv === undefined) return process.execArgv;
  const end = execArgv.indexOf('--');
  return end === -1 ? execArgv : execArgv.slice(0, end);
}

// Readable side of a worker's stdout/stderr when options.stdout/stderr ask
// for it; otherwise the thread writes to the process's own descriptors.
function makeReadable() {
  const { Readable } = require('stream');
  return new Readable({ read() {} });
}

const kHandle = Symbol('kHandle');
const kPublic = Symbol('kPublic');
const kControl = Symbol('kControl');
const kExited = Symbol('kExited');

class Worker extends EventEmitter {
  constructor(filename, options = {}) {
    super();
    if (options === null || typeof options !== 'object') {
      throw new ERR_INVALID_ARG_TYPE('options', 'Object', options);
    }
    const isEval = !!options.eval;
    if (isEval && typeof filename !== 'string') {
      throw new ERR_INVALID_ARG_VALUE('options.eval', options.eval,
        'must be false when \'filename\' is not a string');
    }
    const file = resolveFilename(filename, isEval);
    checkArray(options.argv, 'options.argv');
    checkArray(options.execArgv, 'options.execArgv');
    const env = envFor(options);
    const transferList = transferListOf(options.transferList) || [];

    const pub = new MessageChannel();
    const [control, controlChild] = messaging.channel();
    this[kPublic] = pub.port1;
    this[kControl] = control;
    this[kExited] = false;
    this.stdin = null;
    this.stdout = makeReadable();
    this.stderr = makeReadable();
    this.resourceLimits = normalizeLimits(options.resourceLimits);

    const init = {
      filename: file,
      eval: isEval ? filename : undefined,
      argv: (options.argv || []).map((a) => `${a}`),
      execArgv: execArgvOf(options.execArgv),
      env,
      workerData: options.workerData,
      environmentData: state.environmentData,
      port: pub.port2,
      control: controlChild,
      stdout: !!options.stdout,
      stderr: !!options.stderr,
      resourceLimits: this.resourceLimits,
      name: typeof options.name === 'string' ? options.name : '',
      internalEntry: options[state.kInternalEntry],
    };
    this[kHandle] = threads.start(init, [pub.port2, controlChild, ...transferList],
      (code) => this.#onExit(code));
    this.threadId = threads.idOf(this[kHandle]);
    messaging.start(control, (kind, value) => this.#onControl(kind, value));
    pub.port1.start();
    // Control messages come first: 'online' (and an 'error') was queued on
    // the control port before the worker could post anything, but the two
    // ports wake this loop separately (seen reordered under ASan).
    pub.port1.addEventListener('message', (ev) => {
      this.#drainControl();
      this.emit('message', ev.data);
    });
    pub.port1.addEventListener('messageerror', (ev) => this.emit('messageerror', ev.data));
    // Neither port keeps this thread alive: the worker's own handle does.
    pub.port1.unref();
  }

  #onControl(kind, value) {
    if (kind !== 0 || value === null || typeof value !== 'object') return;
    switch (value.type) {
      case 'online': this.emit('online'); break;
      case 'error':
        if (value.error !== null && typeof value.error === 'object') Object.assign(value.error, value.props);
        this.emit('error', value.error);
        break;
      case 'stdout': this.stdout.push(value.chunk); break;
      case 'stderr': this.stderr.push(value.chunk); break;
      default: break;
    }
  }

  // Whether there was any.
  #drainControl() {
    let any = false;
    for (;;) {
      const got = messaging.receive(this[kControl]);
      if (got === undefined) return any;
      any = true;
      this.#onControl(got[0], got[1]);
    }
  }

  // Messages the thread sent before it ended come first. Whether there was any.
  #drain() {
    let any = this.#drainControl();
    for (;;) {
      const got = messaging.receive(this[kPublic]);
      if (got === undefined) return any;
      any = true;
      if (got[0] === 0) this.emit('message', got[1]);
    }
  }

  // The thread's end can wake this loop before its last messages do (the
  // handles are separate). Those messages are delivered first, and 'exit'
  // waits a turn after them, as when they come on their own: code that
  // reacts to a message (a promise's continuation adding an 'exit'
  // listener) runs before 'exit' is emitted.
  #onExit(code) {
    if (this.#drain()) setImmediate(() => this.#exited(code));
    else this.#exited(code);
  }

  #exited(code) {
    this.#drain();
    this[kExited] = true;
    this.threadId = -1;
    this[kPublic].close();
    messaging.close(this[kControl]);
    this.stdout.push(null);
    this.stderr.push(null);
    this.emit('exit', code);
  }

  postMessage(value, transferList) {
    if (arguments.length === 0) {
      const { codes } = require('internal/errors');
      throw new codes.ERR_MISSING_ARGS('message');
    }
    if (this[kExited]) return;
    post(this[kPublic], 0, value, transferListOf(transferList));
  }

  terminate(callback) {
    const done = new Promise((resolve) => {
      if (this[kExited]) {
        resolve(undefined);
        return;
      }
      this.once('exit', (code) => resolve(code));
    });
    if (typeof callback === 'function') {
      process.emitWarning('Passing a callback to worker.terminate() is deprecated. ' +
        'It returns a Promise instead.', 'DeprecationWarning', 'DEP0132');
      done.then((code) => callback(null, code));
    }
    if (!this[kExited]) threads.terminate(this[kHandle]);
    return done;
  }

  ref() {
    if (!this[kExited]) threads.ref(this[kHandle], true);
  }

  unref() {
    if (!this[kExited]) threads.ref(this[kHandle], false);
  }

  getHeapSnapshot() {
    return Promise.reject(notSupported('worker.getHeapSnapshot()'));
  }
}

function notSupported(what) {
  const e = new Error(`${what} is not supported by shoal`);
  e.code = 'ERR_METHOD_NOT_IMPLEMENTED';
  return e;
}

function normalizeLimits(limits) {
  const out = {
    maxYoungGenerationSizeMb: 0, maxOldGenerationSizeMb: 0, codeRangeSizeMb: 0, stackSizeMb: 4,
  };
  if (limits !== undefined && limits !== null) {
    if (typeof limits !== 'object') throw new ERR_INVALID_ARG_TYPE('options.resourceLimits', 'Object', limits);
    for (const key of Object.keys(out)) {
      if (typeof limits[key] === 'number' && limits[key] > 0) out[key] = limits[key];
    }
  }
  return out;
}

async function postMessageToThread() {
  throw notSupported('postMessageToThread()');
}

function getEnvironmentData(key) {
  return state.environmentData.get(key);
}

function setEnvironmentData(key, value) {
  if (value === undefined) state.environmentData.delete(key);
  else state.environmentData.set(key, value);
}

module.exports = {
  isMainThread: state.isMainThread,
  MessagePort: io.MessagePort,
  MessageChannel: io.MessageChannel,
  markAsUntransferable: io.markAsUntransferable,
  moveMessagePortToContext: io.moveMessagePortToContext,
  receiveMessageOnPort: io.receiveMessageOnPort,
  resourceLimits: state.resourceLimits,
  threadId: state.threadId,
  SHARE_ENV,
  Worker,
  parentPort: state.parentPort,
  postMessageToThread,
  workerData: state.workerData,
  BroadcastChannel: io.BroadcastChannel,
  setEnvironmentData,
  getEnvironmentData,
};
