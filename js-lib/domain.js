'use strict';
// domain (deprecated in Node, still used by old apps): errors thrown while a
// domain is active, in its callbacks (timers, nextTick, I/O, promises: the
// domain travels with the async context, as an AsyncLocalStorage store) or
// emitted as unhandled 'error' events by its member emitters, go to the
// domain's 'error' listeners instead of crashing the process.
//
// Loading the module makes EventEmitters created inside a domain its
// members (EventEmitter.usingDomains) and takes the place of
// process.setUncaughtExceptionCaptureCallback, as in Node.

const EventEmitter = require('events');
const { makeError } = require('internal/errors');
const { AsyncLocalStorage } = require('async_hooks');
const asyncContext = require('internal/async_context');
const fatal = require('internal/fatal');

const store = new AsyncLocalStorage();
const stack = [];

// process.domain outside any domain's context: Node's plain value, null at
// first and after an uncaught error, undefined once exit() emptied the stack.
let idle = null;

function activeDomain() {
  return store.getStore() || null;
}

function setActive(domain) {
  exports.active = domain || null;
  if (!domain) idle = domain === undefined ? undefined : null;
  store.enterWith(domain || undefined);
}

Object.defineProperty(process, 'domain', {
  get() {
    return store.getStore() || idle;
  },
  set(value) { setActive(value); },
  enumerable: true,
  configurable: true,
});

class Domain extends EventEmitter {
  constructor() {
    super();
    this.members = [];
  }

  enter() {
    stack.push(this);
    setActive(this);
  }

  exit() {
    const index = stack.lastIndexOf(this);
    if (index === -1) return;
    stack.splice(index);
    setActive(stack[stack.length - 1]);
  }

  add(emitter) {
    if (emitter.domain === this) return;
    if (emitter.domain) emitter.domain.remove(emitter);
    // A domain added to another one: its parent's errors stay its own.
    if (emitter instanceof Domain) {
      for (let d = this.domain; d; d = d.domain) {
        if (d === emitter) return;
      }
    }
    Object.defineProperty(emitter, 'domain', {
      value: this, writable: true, configurable: true, enumerable: false,
    });
    this.members.push(emitter);
  }

  remove(emitter) {
    emitter.domain = null;
    const index = this.members.indexOf(emitter);
    if (index !== -1) this.members.splice(index, 1);
  }

  run(fn, ...args) {
    this.enter();
    // Not in a finally: a throw leaves the domain active, so the uncaught
    // error reaches it (Node's behaviour).
    const ret = Reflect.apply(fn, this, args);
    this.exit();
    return ret;
  }

  bind(cb) {
    const domain = this;
    function runBound(...args) {
      domain.enter();
      const ret = Reflect.apply(cb, this, args);
      domain.exit();
      return ret;
    }
    Object.defineProperty(runBound, 'domain', {
      value: this, writable: true, configurable: true, enumerable: true,
    });
    return runBound;
  }

  intercept(cb) {
    const domain = this;
    function runIntercepted(err, ...args) {
      if (err) {
        if (typeof err === 'object') {
          err.domainBound = cb;
          err.domainThrown = false;
          Object.defineProperty(err, 'domain', {
            value: domain, writable: true, configurable: true, enumerable: false,
          });
        }
        domain.emit('error', err);
        return undefined;
      }
      domain.enter();
      const ret = Reflect.apply(cb, this, args);
      domain.exit();
      return ret;
    }
    Object.defineProperty(runIntercepted, 'domain', {
      value: this, writable: true, configurable: true, enumerable: true,
    });
    return runIntercepted;
  }
}

function tagError(err, domain, thrown) {
  if (err === null || typeof err !== 'object') return;
  Object.defineProperty(err, 'domain', {
    value: domain, writable: true, configurable: true, enumerable: false,
  });
  err.domainThrown = thrown;
}

// Uncaught errors: the domain of the callback that threw (or the active
// one) handles them when it has 'error' listeners.
fatal.setDomainHandler((err) => {
  const ctx = asyncContext.thrownContext();
  const fromThrow = ctx instanceof Map ? ctx.get(store) : undefined;
  const domain = fromThrow || activeDomain() || stack[stack.length - 1];
  if (!domain || domain.listenerCount('error') === 0) return false;
  tagError(err, domain, true);
  // Leave the failed domain (and any entered inside it) before its handler;
  // no domain is left entered after it (Node's domainUncaughtExceptionClear).
  domain.exit();
  try {
    domain.emit('error', err);
  } finally {
    stack.length = 0;
    setActive(null);
  }
  return true;
});

// EventEmitters made inside a domain belong to it; their unhandled 'error'
// events go to the domain, and their listeners run inside it.
EventEmitter.usingDomains = true;
const originalInit = EventEmitter.init;
EventEmitter.init = function init(opts) {
  const active = activeDomain();
  if (active && !(this instanceof Domain) && !Object.prototype.hasOwnProperty.call(this, 'domain')) {
    Object.defineProperty(this, 'domain', {
      value: active, writable: true, configurable: true, enumerable: false,
    });
  }
  return Reflect.apply(originalInit, this, [opts]);
};

const originalEmit = EventEmitter.prototype.emit;
EventEmitter.prototype.emit = function emit(type, ...args) {
  const domain = this.domain;
  if (!domain || domain === this || !(domain instanceof Domain)) {
    return Reflect.apply(originalEmit, this, [type, ...args]);
  }
  if (type === 'error' && this.listenerCount('error') === 0) {
    // Falsy values (none, false, null, 0, '') become ERR_UNHANDLED_ERROR.
    const er = args[0] ? args[0] : makeError(Error, 'ERR_UNHANDLED_ERROR', 'Unhandled error.');
    if (typeof er === 'object' && er !== null) {
      er.domainEmitter = this;
      tagError(er, domain, false);
    }
    if (domain.listenerCount('error') === 0) throw er;
    domain.emit('error', er);
    return false;
  }
  domain.enter();
  const ret = Reflect.apply(originalEmit, this, [type, ...args]);
  domain.exit();
  return ret;
};

function create() {
  return new Domain();
}

exports.active = null;
exports._stack = stack;
exports.Domain = Domain;
exports.create = create;
exports.createDomain = create;
