'use strict';
// internal/assert/call_tracker: assert.CallTracker. calls(fn, exact) wraps
// fn in a Proxy (so its length and own properties show through) that counts
// and records calls; report() lists the functions not called exactly
// `exact` times and verify() throws an AssertionError for them.

const { AssertionError } = require('internal/assert/assertion_error');
const { makeError, validateUint32 } = require('internal/errors');

const noop = () => {};

let deprecationWarned = false;

class CallTracker {
  #tracked = new Map(); // proxy -> { name, exact, calls, stackTrace }

  constructor() {
    if (!deprecationWarned) {
      deprecationWarned = true;
      process.emitWarning('assert.CallTracker is deprecated.', 'DeprecationWarning', 'DEP0173');
    }
  }

  #entry(fn) {
    const entry = this.#tracked.get(fn);
    if (entry === undefined) {
      const { codes } = require('internal/errors');
      throw new codes.ERR_INVALID_ARG_VALUE('tracked', fn, 'is not a tracked function');
    }
    return entry;
  }

  calls(fn, exact = 1) {
    if (process._exiting) {
      throw makeError(Error, 'ERR_UNAVAILABLE_DURING_EXIT', 'Cannot call function in process exit handler');
    }
    if (typeof fn === 'number') {
      exact = fn;
      fn = noop;
    } else if (fn === undefined) {
      fn = noop;
    }
    validateUint32(exact, 'expected', true);
    const entry = { name: fn.name || 'calls', exact, calls: [], stackTrace: new Error() };
    const proxy = new Proxy(fn, {
      __proto__: null, // (no trap may come from Object.prototype)
      apply(target, thisArg, argList) {
        const args = Object.freeze(Array.prototype.slice.call(argList)); // (no array iterator)
        entry.calls.push(Object.freeze({ thisArg, arguments: args }));
        return Reflect.apply(target, thisArg, argList);
      },
    });
    this.#tracked.set(proxy, entry);
    return proxy;
  }

  getCalls(fn) {
    return Object.freeze(this.#entry(fn).calls.slice());
  }

  reset(fn) {
    if (fn === undefined) for (const entry of this.#tracked.values()) entry.calls = [];
    else this.#entry(fn).calls = [];
  }

  report() {
    const errors = [];
    for (const { name, exact, calls, stackTrace } of this.#tracked.values()) {
      if (calls.length === exact) continue;
      errors.push({
        message: `Expected the ${name} function to be executed ${exact} time(s) but was ` +
          `executed ${calls.length} time(s).`,
        actual: calls.length,
        expected: exact,
        operator: name,
        stack: stackTrace,
      });
    }
    return errors;
  }

  verify() {
    const errors = this.report();
    if (errors.length === 0) return;
    const message = errors.length === 1 ? errors[0].message :
      'Functions were not called the expected number of times';
    throw new AssertionError({ message, details: errors });
  }
}

module.exports = CallTracker;
