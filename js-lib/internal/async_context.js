'use strict';
// The current async context (the frame of AsyncLocalStorage stores). V8
// carries it across await and promise reactions (the context's
// continuation-preserved data, internalBinding('async_context')); callbacks
// queued by js-lib (timers, immediates, nextTick, fs, net, child_process)
// capture it when queued and run inside it with runWith.

const binding = internalBinding('async_context');

// Whether a context was ever set: until then it is undefined everywhere
// (only this module sets it), and current() needs no call into C, which
// every nextTick, timer and immediate makes.
let everSet = false;

function current() {
  return everSet ? binding.get() : undefined;
}

// Calls fn.apply(thisArg, args) with `ctx` as the current context.
// When fn throws, the context it threw in is kept for thrownContext() (the
// domain module gives the error to the domain of the failed callback).
let thrown;
function runWith(ctx, fn, thisArg, ...args) {
  if (ctx !== undefined) everSet = true;
  const prev = binding.set(ctx);
  let ok = false;
  try {
    const result = Reflect.apply(fn, thisArg, args);
    ok = true;
    return result;
  } finally {
    if (!ok) thrown = binding.get();
    binding.set(prev);
  }
}

// The context the last failed runWith callback threw in (then forgotten).
function thrownContext() {
  const ctx = thrown;
  thrown = undefined;
  return ctx;
}

// Replaces the current context (AsyncLocalStorage#enterWith).
function enter(ctx) {
  if (ctx !== undefined) everSet = true;
  binding.set(ctx);
}

// fn bound to the context current now (unchanged when there is none).
function wrap(fn) {
  const ctx = current();
  if (ctx === undefined || typeof fn !== 'function') return fn;
  return function contextBound(...args) {
    return runWith(ctx, fn, this, ...args);
  };
}

module.exports = { current, runWith, enter, wrap, thrownContext };
