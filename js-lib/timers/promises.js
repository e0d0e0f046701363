'use strict';
// timers/promises: setTimeout, setImmediate and setInterval as promises and
// async iterators, with AbortSignal support and `ref` options.

const timers = require('timers');
const { validateObject, AbortError } = require('internal/errors');

function checkSignal(signal) {
  if (signal !== undefined && (signal === null || typeof signal !== 'object' ||
      !('aborted' in signal))) {
    const { codes } = require('internal/errors');
    throw new codes.ERR_INVALID_ARG_TYPE('options.signal', 'AbortSignal', signal);
  }
}

function abortError(signal) {
  return new AbortError(undefined, { cause: signal.reason });
}

function schedule(start, clear, options, value) {
  try {
    validateObject(options, 'options');
    checkSignal(options.signal);
  } catch (err) {
    return Promise.reject(err);
  }
  const { signal, ref = true } = options;
  if (signal && signal.aborted) return Promise.reject(abortError(signal));
  return new Promise((resolve, reject) => {
    let onAbort;
    const handle = start(() => {
      if (signal) signal.removeEventListener('abort', onAbort);
      resolve(value);
    });
    if (!ref) handle.unref();
    if (signal) {
      onAbort = () => {
        clear(handle);
        reject(abortError(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
    }
  });
}

function setTimeout(after, value, options = {}) {
  return schedule((cb) => timers.setTimeout(cb, after), timers.clearTimeout, options, value);
}

function setImmediate(value, options = {}) {
  return schedule((cb) => timers.setImmediate(cb), timers.clearImmediate, options, value);
}

async function* setInterval(after, value, options = {}) {
  validateObject(options, 'options');
  checkSignal(options.signal);
  const { signal, ref = true } = options;
  if (signal && signal.aborted) throw abortError(signal);
  let pending = 0;
  let wake = null;
  const handle = timers.setInterval(() => {
    pending++;
    if (wake) {
      wake();
      wake = null;
    }
  }, after);
  if (!ref) handle.unref();
  let onAbort;
  if (signal) {
    onAbort = () => {
      if (wake) {
        wake();
        wake = null;
      }
    };
    signal.addEventListener('abort', onAbort, { once: true });
  }
  try {
    for (;;) {
      if (pending === 0) await new Promise((resolve) => { wake = resolve; });
      if (signal && signal.aborted) throw abortError(signal);
      for (; pending > 0; pending--) yield value;
    }
  } finally {
    timers.clearInterval(handle);
    if (signal) signal.removeEventListener('abort', onAbort);
  }
}

const scheduler = {
  wait: (delay, options) => setTimeout(delay, undefined, options),
  yield: () => setImmediate(),
};

module.exports = { setTimeout, setImmediate, setInterval, scheduler };
