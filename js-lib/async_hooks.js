'use strict';
// async_hooks: AsyncLocalStorage and AsyncResource on the async context of
// internal/async_context (V8's continuation-preserved data, which follows
// await and promise reactions; js-lib's timers, immediates, nextTick, net,
// dns and child_process callbacks capture and restore it).
//
// There are no async resource ids or hooks: executionAsyncId() and
// triggerAsyncId() return fixed numbers (1 and 0, the main script's values
// in Node), AsyncResource ids are a counter, executionAsyncResource()
// returns an empty object, and createHook() returns a hook whose
// enable()/disable() do nothing (its callbacks are never called).

const ac = require('internal/async_context');
const { codes: { ERR_INVALID_ARG_TYPE }, validateFunction } = require('internal/errors');

// A context frame is a Map from AsyncLocalStorage to its store; frames are
// never changed once current (copy on write).
function frameWith(als, store) {
  const prev = ac.current();
  const frame = new Map(prev instanceof Map ? prev : undefined);
  frame.set(als, store);
  return frame;
}

function frameWithout(als) {
  const prev = ac.current();
  const frame = new Map(prev instanceof Map ? prev : undefined);
  frame.delete(als);
  return frame.size ? frame : undefined;
}

class AsyncLocalStorage {
  constructor() {
    this._enabled = false;
  }

  static bind(fn) {
    return AsyncResource.bind(fn);
  }

  static snapshot() {
    const ctx = ac.current();
    return function runInAsyncScope(fn, ...args) {
      return ac.runWith(ctx, fn, this, ...args);
    };
  }

  disable() {
    if (this._enabled) {
      this._enabled = false;
      const ctx = ac.current();
      if (ctx instanceof Map && ctx.has(this)) ac.enter(frameWithout(this));
    }
  }

  getStore() {
    if (!this._enabled) return undefined;
    const ctx = ac.current();
    return ctx instanceof Map ? ctx.get(this) : undefined;
  }

  enterWith(store) {
    this._enabled = true;
    ac.enter(frameWith(this, store));
  }

  run(store, callback, ...args) {
    this._enabled = true;
    return ac.runWith(frameWith(this, store), callback, undefined, ...args);
  }

  exit(callback, ...args) {
    if (!this._enabled) return Reflect.apply(callback, undefined, args);
    return ac.runWith(frameWithout(this), callback, undefined, ...args);
  }
}

let nextAsyncId = 2;

class AsyncResource {
  constructor(type, opts = {}) {
    if (typeof type !== 'string') throw new ERR_INVALID_ARG_TYPE('type', 'string', type);
    let triggerAsyncId = opts;
    if (typeof opts === 'object' && opts !== null) triggerAsyncId = opts.triggerAsyncId;
    this._ctx = ac.current();
    this._type = type;
    this._asyncId = ++nextAsyncId;
    this._triggerAsyncId = typeof triggerAsyncId === 'number' ? triggerAsyncId : 1;
  }

  runInAsyncScope(fn, thisArg, ...args) {
    return ac.runWith(this._ctx, fn, thisArg, ...args);
  }

  emitDestroy() {
    return this;
  }

  asyncId() {
    return this._asyncId;
  }

  triggerAsyncId() {
    return this._triggerAsyncId;
  }

  bind(fn, thisArg) {
    validateFunction(fn, 'fn');
    const resource = this;
    let bound;
    if (thisArg === undefined) {
      bound = function(...args) {
        args.unshift(fn, this);
        return Reflect.apply(resource.runInAsyncScope, resource, args);
      };
    } else {
      bound = resource.runInAsyncScope.bind(resource, fn, thisArg);
    }
    Object.defineProperties(bound, {
      length: { configurable: true, enumerable: false, value: fn.length, writable: false },
      asyncResource: { configurable: true, enumerable: true, value: resource, writable: true },
    });
    return bound;
  }

  static bind(fn, type, thisArg) {
    type = type || fn.name || 'bound-anonymous-fn';
    return new AsyncResource(type).bind(fn, thisArg);
  }
}

class AsyncHook {
  constructor(callbacks) {
    this._callbacks = callbacks;
  }
  enable() {
    return this;
  }
  disable() {
    return this;
  }
}

function createHook(callbacks = {}) {
  for (const name of ['init', 'before', 'after', 'destroy', 'promiseResolve']) {
    if (callbacks[name] !== undefined && typeof callbacks[name] !== 'function') {
      const { codes } = require('internal/errors');
      const e = new TypeError(`hook.${name} must be a function`);
      e.code = 'ERR_ASYNC_CALLBACK';
      void codes;
      throw e;
    }
  }
  return new AsyncHook(callbacks);
}

function executionAsyncId() {
  return 1;
}

function triggerAsyncId() {
  return 0;
}

const topLevelResource = {};
function executionAsyncResource() {
  return topLevelResource;
}

const asyncWrapProviders = Object.freeze({ __proto__: null, NONE: 0, PROMISE: 1, TIMERWRAP: 2 });

module.exports = {
  AsyncLocalStorage,
  AsyncResource,
  createHook,
  executionAsyncId,
  triggerAsyncId,
  executionAsyncResource,
  asyncWrapProviders,
};
