'use strict';
// node:test's mock: MockTracker (mock.fn, mock.method, mock.getter,
// mock.setter, mock.reset, mock.restoreAll, mock.timers) and the
// MockFunctionContext found at fn.mock.

const { codes, validateFunction, validateObject, validateInteger } = require('internal/errors');

class MockFunctionContext {
  #calls = [];
  #impl;
  #original;
  #onces = new Map();
  #times;
  #restore;
  constructor(original, impl, restore, times) {
    this.#original = original;
    this.#impl = impl;
    this.#restore = restore;
    this.#times = times;
  }

  get calls() { return this.#calls.slice(); }
  callCount() { return this.#calls.length; }
  mockImplementation(fn) {
    validateFunction(fn, 'implementation');
    this.#impl = fn;
  }

  mockImplementationOnce(fn, onCall) {
    validateFunction(fn, 'implementation');
    const n = onCall === undefined ? this.#calls.length : onCall;
    validateInteger(n, 'onCall', this.#calls.length);
    this.#onces.set(n, fn);
  }

  resetCalls() { this.#calls = []; }
  restore() {
    this.#impl = this.#original;
    if (this.#restore) this.#restore();
  }

  // The implementation for the next call.
  nextImpl() {
    const n = this.#calls.length;
    const once = this.#onces.get(n);
    if (once) {
      this.#onces.delete(n);
      return once;
    }
    if (this.#times !== undefined && n >= this.#times) return this.#original;
    return this.#impl;
  }

  record(call) { this.#calls.push(call); }
}

function makeMock(original, impl, restore, times) {
  const ctx = new MockFunctionContext(original, impl, restore, times);
  const target = typeof original === 'function' ? original : function () {};
  // Calls the current implementation through `invoke`, recording the call.
  const record = (call, invoke) => {
    try {
      call.result = invoke(ctx.nextImpl());
    } catch (err) {
      call.error = err;
      ctx.record(call);
      throw err;
    }
    ctx.record(call);
    return call.result;
  };
  const newCall = (args, thisArg, target) => ({
    arguments: args, error: undefined, result: undefined, stack: new Error(), target, this: thisArg,
  });
  const handler = {
    apply(_target, thisArg, args) {
      return record(newCall(args, thisArg, undefined),
                    (fn) => (fn === undefined ? undefined : Reflect.apply(fn, thisArg, args)));
    },
    construct(_target, args, newTarget) {
      const call = newCall(args, undefined, newTarget);
      return record(call, (fn) => {
        call.this = Reflect.construct(fn, args, newTarget);
        return call.this;
      });
    },
    get(t, prop, receiver) {
      if (prop === 'mock') return ctx;
      return Reflect.get(t, prop, receiver);
    },
  };
  return { proxy: new Proxy(target, handler), ctx };
}

class MockTracker {
  #mocks = [];
  #timers;

  fn(original = function () {}, implementation = original, options = {}) {
    if (original !== null && typeof original === 'object') {
      options = original;
      original = function () {};
      implementation = original;
    } else if (implementation !== null && typeof implementation === 'object') {
      options = implementation;
      implementation = original;
    }
    validateFunction(original, 'original');
    validateFunction(implementation, 'implementation');
    validateObject(options, 'options');
    const { proxy, ctx } = makeMock(original, implementation, undefined, options.times);
    this.#mocks.push(ctx);
    return proxy;
  }

  method(object, methodName, implementation, options = {}) {
    if (implementation !== null && typeof implementation === 'object' && typeof implementation !== 'function') {
      options = implementation;
      implementation = undefined;
    }
    if (object === null || (typeof object !== 'object' && typeof object !== 'function')) {
      throw new codes.ERR_INVALID_ARG_TYPE('object', 'Object', object);
    }
    validateObject(options, 'options');
    const { getter = false, setter = false, times } = options;
    let desc;
    let owner = object;
    while (owner && !(desc = Object.getOwnPropertyDescriptor(owner, methodName))) owner = Object.getPrototypeOf(owner);
    const kind = getter ? 'get' : (setter ? 'set' : 'value');
    const original = desc && desc[kind];
    if (typeof original !== 'function') {
      throw new codes.ERR_INVALID_ARG_VALUE('methodName', original, 'must be a method');
    }
    const ownDesc = Object.getOwnPropertyDescriptor(object, methodName);
    const restore = () => {
      if (ownDesc) Object.defineProperty(object, methodName, ownDesc);
      else delete object[methodName];
    };
    const { proxy, ctx } = makeMock(original, implementation === undefined ? original : implementation,
                                    restore, times);
    const newDesc = { ...desc, configurable: true };
    newDesc[kind] = proxy;
    Object.defineProperty(object, methodName, newDesc);
    this.#mocks.push(ctx);
    return proxy;
  }

  getter(object, methodName, implementation, options = {}) {
    if (implementation !== null && typeof implementation === 'object') {
      options = implementation;
      implementation = undefined;
    }
    return this.method(object, methodName, implementation, { ...options, getter: true });
  }

  setter(object, methodName, implementation, options = {}) {
    if (implementation !== null && typeof implementation === 'object') {
      options = implementation;
      implementation = undefined;
    }
    return this.method(object, methodName, implementation, { ...options, setter: true });
  }

  get timers() {
    if (!this.#timers) this.#timers = new MockTimers();
    return this.#timers;
  }

  reset() {
    this.restoreAll();
    if (this.#timers) this.#timers.reset();
    this.#mocks = [];
  }

  restoreAll() {
    for (const ctx of this.#mocks) ctx.restore();
  }
}

// Fake setTimeout/setInterval/setImmediate/Date driven by tick().
class MockTimers {
  #enabled = false;
  #now = 0;
  #queue = [];
  #nextId = 1;
  #saved = null;

  enable(options = {}) {
    if (this.#enabled) throw new codes.ERR_INVALID_STATE('MockTimers is already enabled!');
    process.emitWarning('The MockTimers API is an experimental feature and might change at any time',
                        'ExperimentalWarning');
    if (Array.isArray(options)) options = { apis: options };
    const apis = options.apis || ['setInterval', 'setTimeout', 'setImmediate', 'Date'];
    this.#now = options.now === undefined ? 0 : Number(options.now);
    this.#enabled = true;
    const timers = require('timers');
    this.#saved = [];
    const replace = (obj, name, value) => {
      this.#saved.push([obj, name, Object.getOwnPropertyDescriptor(obj, name)]);
      Object.defineProperty(obj, name, { value, writable: true, configurable: true, enumerable: false });
    };
    const add = (fn, delay, args, repeat) => {
      const id = { id: this.#nextId++, fn, args, repeat, delay: Math.max(1, Number(delay) || 1),
        ref() { return this; }, unref() { return this; }, hasRef() { return true; },
        refresh() { return this; }, [Symbol.toPrimitive]() { return this.id; } };
      id.at = this.#now + (repeat === null ? 0 : id.delay);
      this.#queue.push(id);
      return id;
    };
    const clear = (t) => {
      const i = this.#queue.findIndex((x) => x === t || x.id === t);
      if (i !== -1) this.#queue.splice(i, 1);
    };
    for (const api of apis) {
      if (api === 'setTimeout') {
        const st = (fn, delay, ...args) => add(fn, delay, args, false);
        replace(globalThis, 'setTimeout', st);
        replace(globalThis, 'clearTimeout', clear);
        replace(timers, 'setTimeout', st);
        replace(timers, 'clearTimeout', clear);
      } else if (api === 'setInterval') {
        const si = (fn, delay, ...args) => add(fn, delay, args, true);
        replace(globalThis, 'setInterval', si);
        replace(globalThis, 'clearInterval', clear);
        replace(timers, 'setInterval', si);
        replace(timers, 'clearInterval', clear);
      } else if (api === 'setImmediate') {
        const si = (fn, ...args) => add(fn, 0, args, null);
        replace(globalThis, 'setImmediate', si);
        replace(globalThis, 'clearImmediate', clear);
        replace(timers, 'setImmediate', si);
        replace(timers, 'clearImmediate', clear);
      } else if (api === 'Date') {
        replace(globalThis, 'Date', this.#mockDate(globalThis.Date));
      } else {
        this.reset();
        throw new codes.ERR_INVALID_ARG_VALUE('options.apis', api,
          "option apis must be one of 'setInterval', 'setTimeout', 'setImmediate', 'Date'");
      }
    }
  }

  #mockDate(RealDate) {
    const self = this;
    function MockDate(...args) {
      if (!new.target) return new RealDate(self.#now).toString();
      if (args.length === 0) return Reflect.construct(RealDate, [self.#now], new.target);
      return Reflect.construct(RealDate, args, new.target);
    }
    Object.setPrototypeOf(MockDate, RealDate);
    MockDate.prototype = RealDate.prototype;
    MockDate.now = () => self.#now;
    return MockDate;
  }

  setTime(ms) { this.#now = ms; }

  tick(ms = 1) {
    if (!this.#enabled) throw new codes.ERR_INVALID_STATE('You should enable MockTimers first by calling the .enable function');
    if (ms < 0) throw new codes.ERR_INVALID_ARG_VALUE('time', ms, 'positive integer');
    const target = this.#now + ms;
    for (;;) {
      let next = null;
      for (const t of this.#queue) if (t.at <= target && (next === null || t.at < next.at)) next = t;
      if (next === null) break;
      this.#now = next.at;
      if (next.repeat === true) next.at += next.delay;
      else this.#queue.splice(this.#queue.indexOf(next), 1);
      next.fn(...next.args);
    }
    this.#now = target;
  }

  runAll() {
    let guard = 0;
    while (this.#queue.length > 0 && guard++ < 1e6) {
      const at = Math.max(...this.#queue.map((t) => t.at));
      this.tick(Math.max(0, at - this.#now));
      if (this.#queue.every((t) => t.repeat === true)) break;
    }
  }

  reset() {
    if (!this.#enabled) return;
    this.#enabled = false;
    for (const [obj, name, desc] of this.#saved.reverse()) {
      if (desc) Object.defineProperty(obj, name, desc);
      else delete obj[name];
    }
    this.#saved = null;
    this.#queue = [];
  }

  [Symbol.dispose]() { this.reset(); }
}

module.exports = { MockTracker, MockFunctionContext, MockTimers };
