'use strict';
// MessagePort, MessageChannel, BroadcastChannel and MessageEvent over
// internalBinding('messaging') (bindings/mod_messaging.c). A MessagePort is
// the native handle itself, adopted as an EventTarget (so that V8's
// serializer transfers it as a host object), with Node's EventEmitter-style
// on/once/off on top: `port.on('message', (value) => ...)`.

const binding = internalBinding('messaging');
const { Event, EventTarget, adoptAs, defineEventHandler } = require('internal/event_target');
const { codes: { ERR_INVALID_ARG_TYPE, ERR_MISSING_ARGS } } = require('internal/errors');

const kAdopting = Symbol('kAdopting');
const kListeners = Symbol('kListeners');
const kClosed = Symbol('kClosed');
const kStarted = Symbol('kStarted');
const kOnMessage = Symbol('kOnMessage');
const { kUntransferable } = require('internal/untransferable');

function illegalConstructor() {
  const e = new TypeError('Illegal constructor');
  e.code = 'ERR_CONSTRUCT_CALL_INVALID';
  return e;
}

function dataCloneError(message) {
  const { DOMException } = require('internal/dom_exception');
  return new DOMException(message, 'DataCloneError');
}

class MessageEvent extends Event {
  #data;
  #ports;
  #origin;
  #lastEventId;
  #source;

  constructor(type, options = {}) {
    if (arguments.length === 0) throw new ERR_MISSING_ARGS('type');
    super(type, options);
    const opts = options === null || options === undefined ? {} : options;
    this.#data = opts.data === undefined ? null : opts.data;
    this.#ports = Object.freeze([...(opts.ports || [])]);
    this.#origin = opts.origin === undefined ? '' : `${opts.origin}`;
    this.#lastEventId = opts.lastEventId === undefined ? '' : `${opts.lastEventId}`;
    this.#source = opts.source === undefined ? null : opts.source;
  }

  get data() { return this.#data; }
  get ports() { return this.#ports; }
  get origin() { return this.#origin; }
  get lastEventId() { return this.#lastEventId; }
  get source() { return this.#source; }
}

// EventEmitter-style methods shared by MessagePort and BroadcastChannel:
// 'message' and 'messageerror' listeners get the data, not the event.
function listenerMap(target) {
  if (!target[kListeners]) {
    Object.defineProperty(target, kListeners, { value: new Map(), enumerable: false });
  }
  return target[kListeners];
}

function wrapperOf(type, fn, once) {
  const wrapper = (ev) => {
    if (once) {
      const list = listenerMap(ev.target).get(type);
      const i = list ? list.indexOf(wrapper) : -1;
      if (i >= 0) list.splice(i, 1);
    }
    if (type === 'message' || type === 'messageerror') return fn.call(ev.target, ev.data);
    return fn.call(ev.target, ev);
  };
  wrapper.listener = fn;
  wrapper.once = once;
  return wrapper;
}

function addWrapped(target, type, fn, once) {
  if (typeof fn !== 'function') throw new ERR_INVALID_ARG_TYPE('listener', 'Function', fn);
  const w = wrapperOf(type, fn, once);
  const map = listenerMap(target);
  if (!map.has(type)) map.set(type, []);
  map.get(type).push(w);
  target.addEventListener(type, w, once ? { once: true } : undefined);
  return target;
}

const emitterMethods = {
  on(type, fn) {
    return addWrapped(this, type, fn, false);
  },
  once(type, fn) {
    return addWrapped(this, type, fn, true);
  },
  off(type, fn) {
    const list = listenerMap(this).get(type);
    if (!list) return this;
    const i = list.findIndex((w) => w.listener === fn);
    if (i >= 0) {
      const [w] = list.splice(i, 1);
      this.removeEventListener(type, w);
    }
    return this;
  },
  removeAllListeners(type) {
    const map = listenerMap(this);
    for (const [t, list] of map) {
      if (type !== undefined && t !== type) continue;
      for (const w of list) this.removeEventListener(t, w);
      map.delete(t);
    }
    return this;
  },
  emit(type, arg) {
    const ev = new MessageEvent(type, { data: arg });
    return this.dispatchEvent(ev);
  },
  listenerCount(type) {
    const list = listenerMap(this).get(type);
    return list ? list.length : 0;
  },
  eventNames() {
    return [...listenerMap(this).keys()].filter((t) => listenerMap(this).get(t).length > 0);
  },
};
emitterMethods.addListener = emitterMethods.on;
emitterMethods.removeListener = emitterMethods.off;

function mixinEmitter(proto) {
  for (const [name, fn] of Object.entries(emitterMethods)) {
    Object.defineProperty(proto, name, { value: fn, writable: true, configurable: true });
  }
}

// Delivery from C: kind 0 a message, -1 messageerror, -2 the peer closed.
function deliver(kind, value) {
  if (kind === 0) {
    this.dispatchEvent(new MessageEvent('message', { data: value }));
  } else if (kind === -1) {
    const err = dataCloneError('Unable to deserialize cloned data.');
    this.dispatchEvent(new MessageEvent('messageerror', { data: err }));
  } else if (kind === -2) {
    closePort(this);
  }
}

function closePort(port) {
  if (port[kClosed]) return;
  port[kClosed] = true;
  binding.close(port);
  process.nextTick(() => port.dispatchEvent(new Event('close')));
}

function transferListOf(options) {
  if (options === undefined || options === null) return undefined;
  if (Array.isArray(options)) return options;
  if (typeof options !== 'object') {
    throw new ERR_INVALID_ARG_TYPE('transferList', 'Array', options);
  }
  if (typeof options[Symbol.iterator] === 'function') return [...options];
  const t = options.transfer;
  if (t === undefined || t === null) return undefined;
  if (typeof t !== 'object' || typeof t[Symbol.iterator] !== 'function') {
    throw new ERR_INVALID_ARG_TYPE('options.transfer', 'Array', t);
  }
  return [...t];
}

// Posts through `handle` (a port), throwing what postMessage throws.
// Objects marked untransferable are cloned even when listed.
function post(handle, kind, value, transferList) {
  if (transferList) {
    transferList = transferList.filter((item) => item === null || typeof item !== 'object' ||
      !item[kUntransferable]);
  }
  const err = binding.post(handle, kind, value, transferList);
  if (err === undefined) return;
  if (err.startsWith('Object that needs transfer')) {
    const e = new TypeError(err);
    e.code = 'ERR_MISSING_TRANSFERABLE_IN_TRANSFER_LIST';
    throw e;
  }
  throw dataCloneError(err);
}

class MessagePort extends EventTarget {
  constructor(token) {
    if (token !== kAdopting) throw illegalConstructor();
    super();
  }

  postMessage(value, transferList) {
    if (arguments.length === 0) throw new ERR_MISSING_ARGS('message');
    if (this[kClosed]) return;
    post(this, 0, value, transferListOf(transferList));
  }

  start() {
    if (this[kClosed] || this[kStarted]) return;
    this[kStarted] = true;
    binding.start(this, deliver);
  }

  close() {
    closePort(this);
  }

  ref() {
    if (!this[kClosed]) binding.ref(this, true);
    return this;
  }

  unref() {
    if (!this[kClosed]) binding.ref(this, false);
    return this;
  }

  hasRef() {
    return !this[kClosed] && binding.hasRef(this);
  }

  addEventListener(type, listener, options) {
    super.addEventListener(type, listener, options);
    if (type === 'message' && !this[kClosed]) {
      this.ref();
      this.start();
    }
  }

  removeEventListener(type, listener, options) {
    super.removeEventListener(type, listener, options);
    if (type === 'message' && this.listenerCount('message') === 0 && this[kOnMessage] === undefined &&
        !this[kClosed]) {
      this.unref();
    }
  }
}
mixinEmitter(MessagePort.prototype);
defineEventHandler(MessagePort.prototype, 'message');
defineEventHandler(MessagePort.prototype, 'messageerror');

function adoptPort(handle) {
  adoptAs(handle, MessagePort, [kAdopting]);
  Object.defineProperty(handle, kClosed, { value: false, writable: true, enumerable: false });
  Object.defineProperty(handle, kStarted, { value: false, writable: true, enumerable: false });
  return handle;
}
binding.setAdopter(adoptPort);

class MessageChannel {
  constructor() {
    const [a, b] = binding.channel();
    this.port1 = adoptPort(a);
    this.port2 = adoptPort(b);
  }
}

class BroadcastChannel extends EventTarget {
  #handle;
  #name;

  constructor(name) {
    if (arguments.length === 0) throw new ERR_MISSING_ARGS('name');
    super();
    this.#name = `${name}`;
    this.#handle = binding.broadcast(this.#name);
    binding.start(this.#handle, (kind, value) => {
      if (kind === 0) this.dispatchEvent(new MessageEvent('message', { data: value }));
      else if (kind === -1) {
        this.dispatchEvent(new MessageEvent('messageerror',
          { data: dataCloneError('Unable to deserialize cloned data.') }));
      }
    });
    binding.ref(this.#handle, true);
  }

  get name() { return this.#name; }

  postMessage(message) {
    if (arguments.length === 0) throw new ERR_MISSING_ARGS('message');
    if (this.#handle === null) {
      const { DOMException } = require('internal/dom_exception');
      throw new DOMException('BroadcastChannel is closed.', 'InvalidStateError');
    }
    post(this.#handle, 0, message, undefined);
  }

  close() {
    if (this.#handle === null) return;
    binding.close(this.#handle);
    this.#handle = null;
  }

  ref() {
    if (this.#handle !== null) binding.ref(this.#handle, true);
    return this;
  }

  unref() {
    if (this.#handle !== null) binding.ref(this.#handle, false);
    return this;
  }
}
mixinEmitter(BroadcastChannel.prototype);
defineEventHandler(BroadcastChannel.prototype, 'message');
defineEventHandler(BroadcastChannel.prototype, 'messageerror');

function receiveMessageOnPort(port) {
  if (!(port instanceof MessagePort)) {
    throw new ERR_INVALID_ARG_TYPE('port', 'MessagePort', port);
  }
  const got = binding.receive(port);
  if (got === undefined || got[0] !== 0) return undefined;
  return { message: got[1] };
}

function markAsUntransferable(obj) {
  if ((typeof obj !== 'object' && typeof obj !== 'function') || obj === null) return;
  Object.defineProperty(obj, kUntransferable, { value: true, enumerable: false });
}

function moveMessagePortToContext() {
  const e = new Error('moveMessagePortToContext is not supported by shoal');
  e.code = 'ERR_METHOD_NOT_IMPLEMENTED';
  throw e;
}

module.exports = {
  MessagePort,
  MessageChannel,
  MessageEvent,
  BroadcastChannel,
  receiveMessageOnPort,
  markAsUntransferable,
  moveMessagePortToContext,
  transferListOf,
  post,
  deliver,
};
