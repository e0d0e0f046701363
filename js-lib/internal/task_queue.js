'use strict';
// process.nextTick, queueMicrotask and the tick that follows every
// macrotask: nextTick callbacks first, then microtasks, repeated until both
// are empty; then unhandled promise rejections (Node's default "throw" mode).

const moduleBinding = internalBinding('module');
const { validateFunction } = require('internal/errors');
const asyncContext = require('internal/async_context');

let queue = [];
let head = 0;
let inTick = false;
// Read by C after every macrotask: [0] ticks queued, [1] rejections pending.
const tickInfo = moduleBinding.tickInfo;

function nextTick(callback, ...args) {
  validateFunction(callback, 'callback');
  if (process._exiting) return;
  queue.push({ callback, args, ctx: asyncContext.current() });
  tickInfo[0] = 1;
}

// A tick ahead of every queued one (the HTTP server's 'finish' of a response
// ended while the queue was empty, once its handler threw: see
// _http_server.js queueFinish).
function nextTickFirst(callback, ...args) {
  if (process._exiting) return;
  queue.splice(head, 0, { callback, args, ctx: asyncContext.current() });
  tickInfo[0] = 1;
}

// Inlined in processTicksAndRejections: a tick's stack has that one frame
// below it, as in Node.
function processTicksAndRejections() {
  if (inTick) return;
  inTick = true;
  try {
    do {
      while (head < queue.length) {
        const tick = queue[head++];
        if (head === queue.length) {
          queue = [];
          head = 0;
        }
        // An exception propagates to C, which reports it where it was thrown
        // (internal/fatal) and calls us again for the rest of the queue.
        const { callback, args, ctx } = tick;
        if (ctx !== undefined) asyncContext.runWith(ctx, callback, undefined, ...args);
        else if (args.length === 0) callback();
        else callback(...args);
      }
      moduleBinding.runMicrotasks();
    } while (head < queue.length || processRejections());
  } finally {
    inTick = false;
    tickInfo[0] = head < queue.length ? 1 : 0;
    tickInfo[1] = pending.size > 0 || handledLate.length > 0 ? 1 : 0;
  }
}

// Between two timers or two immediates of one pass (Node's runNextTicks):
// the first runs with nothing below it, and after the last C drains the
// queues with no JavaScript frame on the stack, so an error created in a
// microtask has the same stack (and a framework's hash of it, e.g. Next's
// error digest) as in Node.
function runNextTicks() {
  if (tickInfo[0] === 0 && tickInfo[1] === 0) {
    moduleBinding.runMicrotasks();
    if (tickInfo[0] === 0 && tickInfo[1] === 0) return;
  }
  processTicksAndRejections();
}

// Whether a nextTick callback is waiting (the HTTP server's 'finish' of a
// response ended inside its 'request' handler runs without a tick of its own
// when none is: it would have been the first).
function ticksQueued() {
  return tickInfo[0] !== 0;
}

function queueMicrotask(callback) {
  validateFunction(callback, 'callback');
  Promise.resolve().then(() => {
    try {
      callback();
    } catch (err) {
      require('internal/fatal').onUncaught(err);
    }
  });
}

// --- unhandled rejections ---------------------------------------------

const pending = new Map(); // promise -> reason, in rejection order
const reported = new WeakMap(); // promise -> rejection id, once reported unhandled
const handledLate = []; // reported promises that got a handler afterwards
let lastRejectionId = 0;

function onPromiseReject(event, promise, reason) {
  if (event === 0) {
    pending.set(promise, reason);
    tickInfo[1] = 1;
  } else if (pending.has(promise)) {
    pending.delete(promise);
  } else if (reported.has(promise)) {
    handledLate.push(promise);
    tickInfo[1] = 1;
  }
}

// Returns true when it did something that may have queued more work.
function processRejections() {
  while (handledLate.length > 0) {
    const promise = handledLate.shift();
    if (!process.emit('rejectionHandled', promise)) {
      const w = new Error('Promise rejection was handled asynchronously ' +
        `(rejection id: ${reported.get(promise)})`);
      w.name = 'PromiseRejectionHandledWarning';
      process.emitWarning(w);
    }
  }
  if (pending.size === 0) return false;
  // Indexed loops, no spread or destructuring: user code may have deleted
  // Array.prototype[Symbol.iterator] (Node's loop does not depend on it).
  const promises = Array.from(pending.keys());
  const reasons = Array.from(pending.values());
  pending.clear();
  for (let i = 0; i < promises.length; i++) {
    const promise = promises[i];
    const reason = reasons[i];
    reported.set(promise, ++lastRejectionId);
    if (process.emit('unhandledRejection', reason, promise)) continue;
    require('internal/fatal').onUncaught(rejectionError(reason), 'unhandledRejection');
  }
  return true;
}

function rejectionError(reason) {
  if (reason instanceof Error) return reason;
  const { inspect } = require('internal/inspect');
  let shown;
  try {
    shown = typeof reason === 'string' ? reason : inspect(reason);
  } catch {
    shown = String(reason);
  }
  const err = new Error('This error originated either by throwing inside of an async function ' +
    'without a catch block, or by rejecting a promise which was not handled with .catch(). ' +
    `The promise rejected with the reason "${shown}".`);
  err.name = 'UnhandledPromiseRejection';
  err.code = 'ERR_UNHANDLED_REJECTION';
  return err;
}

module.exports = {
  nextTick, processTicksAndRejections, runNextTicks, queueMicrotask, onPromiseReject, ticksQueued,
  nextTickFirst,
};
