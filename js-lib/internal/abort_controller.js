'use strict';
// internal/abort_controller: AbortController and AbortSignal (Node 20).
const { validateUint32 } = require('internal/validators');

const {
  EventTarget,
  defineEventHandler,
  createTrustedEvent,
  kResistStopPropagation,
  kInspect,
  inspectWith,
} = require('internal/event_target');
const { invalidArgType, makeError } = require('internal/errors');
// DOMException only when a signal aborts: streams load this module
// (readable-stream), and a server need not load DOMException for it.
let DOMExceptionClass;
function domException() {
  DOMExceptionClass ??= require('internal/dom_exception').DOMException;
  return DOMExceptionClass;
}

// Only code in this file may construct an AbortSignal.
const kDontThrow = Symbol('kDontThrow');

let markAborted;
let isSignal;


// Symbol-keyed state, as in Node, so a Proxy of a signal still reads it.
const kAborted = Symbol('kAborted');
const kReason = Symbol('kReason');

class AbortSignal extends EventTarget {
  [kAborted] = false;
  [kReason] = undefined;

  constructor(key = undefined) {
    if (key !== kDontThrow) {
      throw makeError(TypeError, 'ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor');
    }
    super();
  }

  static {
    // Flip to aborted and fire a trusted 'abort' event (once only).
    markAborted = (signal, reason) => {
      if (signal[kAborted]) return;
      signal[kAborted] = true;
      signal[kReason] = reason;
      signal.dispatchEvent(createTrustedEvent('abort'));
    };
    isSignal = (value) => value != null && typeof value === 'object' && value[kAborted] !== undefined;
  }

  get aborted() {
    if (!isSignal(this)) throw makeError(TypeError, 'ERR_INVALID_THIS', 'Value of "this" must be of type AbortSignal');
    return this[kAborted];
  }

  get reason() {
    if (!isSignal(this)) throw makeError(TypeError, 'ERR_INVALID_THIS', 'Value of "this" must be of type AbortSignal');
    return this[kReason];
  }

  throwIfAborted() {
    if (this[kAborted]) throw this[kReason];
  }

  [kInspect](depth, options, inspect) {
    return inspectWith(this.constructor.name, { aborted: this[kAborted] }, depth, options, inspect);
  }

  static abort(reason = new (domException())('This operation was aborted', 'AbortError')) {
    const signal = new AbortSignal(kDontThrow);
    signal[kAborted] = true;
    signal[kReason] = reason;
    return signal;
  }

  // A signal that aborts with a TimeoutError after `delay` ms. The timer is
  // unref'd so it doesn't keep the process alive.
  static timeout(delay) {
    validateUint32(delay, 'delay');
    const signal = new AbortSignal(kDontThrow);
    const timer = setTimeout(() => {
      markAborted(signal, new (domException())('The operation was aborted due to timeout', 'TimeoutError'));
    }, delay);
    if (timer && typeof timer.unref === 'function') timer.unref();
    return signal;
  }

  // A signal that aborts as soon as any of `signals` does, with its reason.
  static any(signals) {
    if (!Array.isArray(signals)) throw invalidArgType('signals', 'an instance of Array', signals);
    for (let i = 0; i < signals.length; i++) {
      if (!isSignal(signals[i])) {
        throw invalidArgType(`signals[${i}]`, 'an instance of AbortSignal', signals[i]);
      }
    }
    const result = new AbortSignal(kDontThrow);
    for (const source of signals) {
      if (source.aborted) {
        result[kAborted] = true;
        result[kReason] = source.reason;
        return result;
      }
    }
    for (const source of signals) {
      source.addEventListener('abort', () => markAborted(result, source.reason),
                              { once: true, [kResistStopPropagation]: true });
    }
    return result;
  }
}

defineEventHandler(AbortSignal.prototype, 'abort');
for (const key of ['aborted', 'reason', 'throwIfAborted']) {
  Object.defineProperty(AbortSignal.prototype, key, { enumerable: true });
}
Object.defineProperty(AbortSignal.prototype, Symbol.toStringTag, {
  __proto__: null, value: 'AbortSignal', writable: false, enumerable: false, configurable: true,
});

class AbortController {
  #signal = new AbortSignal(kDontThrow);

  get signal() {
    return this.#signal;
  }

  abort(reason = new (domException())('This operation was aborted', 'AbortError')) {
    markAborted(this.#signal, reason);
  }

  [kInspect](depth, options, inspect) {
    return inspectWith(this.constructor.name, { signal: this.signal }, depth, options, inspect);
  }
}

for (const key of ['signal', 'abort']) {
  Object.defineProperty(AbortController.prototype, key, { enumerable: true });
}
Object.defineProperty(AbortController.prototype, Symbol.toStringTag, {
  __proto__: null, value: 'AbortController', writable: false, enumerable: false, configurable: true,
});

// Used by other built-ins (e.g. timers/promises, fetch) to abort a signal.
function abortSignal(signal, reason) {
  markAborted(signal, reason);
}

module.exports = {
  AbortController,
  AbortSignal,
  abortSignal,
  isAbortSignal: isSignal,
};
