'use strict';
// setTimeout/setInterval/setImmediate with Node's Timeout and Immediate
// objects. Timers wait in a binary heap ordered by expiry (then creation);
// one libuv timer (internalBinding('timers')) is armed for the earliest.
// Immediates run in the loop's check phase, in insertion order.

const binding = internalBinding('timers');
const { codes: { ERR_INVALID_ARG_TYPE }, validateFunction } = require('internal/errors');
const { runNextTicks } = require('internal/task_queue');
const asyncContext = require('internal/async_context');

const TIMEOUT_MAX = 2 ** 31 - 1;
let nextId = 1;
let seq = 0;

// --- the heap ---------------------------------------------------------
const heap = [];
function less(a, b) {
  return a._expiry < b._expiry || (a._expiry === b._expiry && a._seq < b._seq);
}
function heapPush(t) {
  t._heapIndex = heap.length;
  heap.push(t);
  siftUp(t._heapIndex);
}
function heapRemove(t) {
  const i = t._heapIndex;
  if (i < 0) return;
  const last = heap.pop();
  t._heapIndex = -1;
  if (i < heap.length) {
    heap[i] = last;
    last._heapIndex = i;
    siftUp(i);
    siftDown(last._heapIndex);
  }
}
function swap(i, j) {
  const a = heap[i];
  heap[i] = heap[j];
  heap[j] = a;
  heap[i]._heapIndex = i;
  heap[j]._heapIndex = j;
}
function siftUp(i) {
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!less(heap[i], heap[p])) break;
    swap(i, p);
    i = p;
  }
}
function siftDown(i) {
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < heap.length && less(heap[l], heap[m])) m = l;
    if (r < heap.length && less(heap[r], heap[m])) m = r;
    if (m === i) break;
    swap(i, m);
    i = m;
  }
}

let refCount = 0; // ref'd timers in the heap
let armedAt = Infinity;

function arm() {
  if (heap.length === 0) {
    armedAt = Infinity;
    return;
  }
  const first = heap[0]._expiry;
  if (first !== armedAt) {
    armedAt = first;
    binding.scheduleTimer(Math.max(1, first - binding.getLibuvNow()));
  }
}

function updateRef(delta) {
  const before = refCount;
  refCount += delta;
  if ((before === 0) !== (refCount === 0)) binding.toggleTimerRef(refCount > 0);
}

class Timeout {
  constructor(callback, after, args, isRepeat) {
    after *= 1;
    if (!(after >= 1 && after <= TIMEOUT_MAX)) {
      if (after > TIMEOUT_MAX) {
        process.emitWarning(`${after} does not fit into a 32-bit signed integer.` +
          '\nTimeout duration was set to 1.', 'TimeoutOverflowWarning');
      }
      after = 1;
    }
    this._idleTimeout = after;
    this._onTimeout = callback;
    this._timerArgs = args;
    this._repeat = isRepeat ? after : null;
    this._destroyed = false;
    this._ref = true;
    this._heapIndex = -1;
    this._id = nextId++;
    this._asyncContext = asyncContext.current();
    this._start();
  }

  // Node truncates the delay for scheduling (1.8 ms waits like 1 ms, in
  // creation order) while _idleTimeout keeps the value given.
  _start() {
    this._idleStart = binding.getLibuvNow();
    this._expiry = this._idleStart + Math.trunc(this._idleTimeout);
    this._seq = seq++;
    heapPush(this);
    if (this._ref) updateRef(1);
    arm();
  }

  _stop() {
    if (this._heapIndex >= 0) {
      heapRemove(this);
      if (this._ref) updateRef(-1);
      arm();
    }
  }

  // As in Node, a timer that already fired is started again; a cleared one
  // (_idleTimeout -1) is not.
  refresh() {
    if (this._idleTimeout >= 0) {
      this._stop();
      this._destroyed = false;
      byId.set(this._id, this);
      this._start();
    }
    return this;
  }

  unref() {
    if (this._ref) {
      this._ref = false;
      if (this._heapIndex >= 0) updateRef(-1);
    }
    return this;
  }

  ref() {
    if (!this._ref) {
      this._ref = true;
      if (this._heapIndex >= 0) updateRef(1);
    }
    return this;
  }

  hasRef() {
    return this._ref;
  }

  close() {
    clearTimeout(this);
    return this;
  }

  [Symbol.dispose]() {
    clearTimeout(this);
  }

  [Symbol.toPrimitive]() {
    return this._id;
  }
}

const byId = new Map(); // ids handed out through toPrimitive, for clearTimeout(id)

// Called by C when the libuv timer fires; returns the next expiry (negative
// when only unref'd timers remain, 0 when none).
// The one-shot or interval whose callback is running: still active, as in
// Node, until the callback returns or clears it.
let running = null;

function processTimers(now) {
  armedAt = Infinity;
  let ranOne = false;
  while (heap.length > 0 && heap[0]._expiry <= now) {
    if (ranOne) {
      runNextTicks();
      if (heap.length === 0 || heap[0]._expiry > now) break;
    }
    const t = heap[0];
    heapRemove(t);
    if (t._ref) updateRef(-1);
    if (t._destroyed) continue;
    if (!t._onTimeout) {
      finishTimer(t);
      continue;
    }
    // An exception propagates to C, which reports it and calls
    // processTimers again; the finally keeps an interval scheduled.
    running = t;
    ranOne = true;
    try {
      const args = t._timerArgs;
      if (t._asyncContext !== undefined) asyncContext.runWith(t._asyncContext, t._onTimeout, t, ...(args || []));
      else if (args === undefined) t._onTimeout();
      else t._onTimeout(...args);
    } finally {
      running = null;
      // The callback may have cleared it, refreshed it (back in the heap) or
      // turned it into an interval by setting _repeat, as Node allows.
      if (!t._destroyed && t._heapIndex < 0) {
        if (t._repeat && t._idleTimeout !== -1) {
          t._idleTimeout = t._repeat;
          t._start();
        } else {
          finishTimer(t);
        }
      }
    }
    // `now` stays the loop time this pass started with (as in Node): a timer
    // added by a callback never runs in the same pass, so immediates queued
    // next to it go first.
  }
  if (heap.length === 0) return 0;
  armedAt = heap[0]._expiry;
  return refCount > 0 ? armedAt : -armedAt;
}

function finishTimer(t) {
  t._destroyed = true;
  byId.delete(t._id);
}

function setTimeout(callback, after, ...args) {
  validateFunction(callback, 'callback');
  const t = new Timeout(callback, after, args.length ? args : undefined, false);
  byId.set(t._id, t);
  return t;
}

function setInterval(callback, repeat, ...args) {
  validateFunction(callback, 'callback');
  const t = new Timeout(callback, repeat, args.length ? args : undefined, true);
  byId.set(t._id, t);
  return t;
}

function clearTimeout(timer) {
  if (timer && typeof timer === 'object') {
    if (timer instanceof Immediate) return clearImmediate(timer);
    if (timer instanceof Timeout) {
      if (timer === running) running = null;
      timer._destroyed = true;
      timer._idleTimeout = -1;
      timer._stop();
      byId.delete(timer._id);
    }
    return;
  }
  if (typeof timer === 'number' || typeof timer === 'string') {
    const t = byId.get(+timer);
    if (t) clearTimeout(t);
  }
}

// --- immediates ----------------------------------------------------------

let immediates = [];
let immediateRefCount = 0;

function updateImmediateRef(delta) {
  const before = immediateRefCount;
  immediateRefCount += delta;
  if ((before === 0) !== (immediateRefCount === 0)) {
    binding.toggleImmediateRef(immediateRefCount > 0);
  }
}

class Immediate {
  constructor(callback, args) {
    this._onImmediate = callback;
    this._argv = args;
    this._destroyed = false;
    this._ref = true;
    this._asyncContext = asyncContext.current();
    updateImmediateRef(1);
    immediates.push(this);
    binding.scheduleImmediate();
  }

  ref() {
    if (!this._ref && !this._destroyed) {
      this._ref = true;
      updateImmediateRef(1);
    }
    return this;
  }

  unref() {
    if (this._ref && !this._destroyed) {
      this._ref = false;
      updateImmediateRef(-1);
    }
    return this;
  }

  hasRef() {
    return this._ref;
  }

  [Symbol.dispose]() {
    clearImmediate(this);
  }
}

function processImmediates() {
  const list = immediates;
  immediates = [];
  let i = 0;
  let ranOne = false;
  try {
    while (i < list.length) {
      // The ticks may clear the immediate that comes next.
      if (ranOne) runNextTicks();
      const imm = list[i++];
      if (imm._destroyed) continue;
      imm._destroyed = true;
      if (imm._ref) updateImmediateRef(-1);
      ranOne = true;
      const args = imm._argv;
      if (imm._asyncContext !== undefined) asyncContext.runWith(imm._asyncContext, imm._onImmediate, imm, ...(args || []));
      else if (args === undefined) imm._onImmediate();
      else imm._onImmediate(...args);
    }
  } finally {
    // After an exception (reported by C), the rest run in the next check phase.
    if (i < list.length) immediates = list.slice(i).concat(immediates);
    if (immediates.length > 0) binding.scheduleImmediate();
  }
}

function setImmediate(callback, ...args) {
  validateFunction(callback, 'callback');
  return new Immediate(callback, args.length ? args : undefined);
}

function clearImmediate(imm) {
  if (!imm || !(imm instanceof Immediate) || imm._destroyed) return;
  imm._destroyed = true;
  if (imm._ref) updateImmediateRef(-1);
}

// process.getActiveResourcesInfo's 'Timeout' and 'Immediate' entries: the
// ref'd timers not yet done and the ref'd immediates not yet run.
function activeTimerCounts() {
  const current = running !== null && running._ref && running._heapIndex < 0 ? 1 : 0;
  return { timeouts: refCount + current, immediates: immediateRefCount };
}

binding.setup(processTimers, processImmediates);

// util.promisify(setTimeout) / (setImmediate) give the timers/promises forms.
const customPromisify = Symbol.for('nodejs.util.promisify.custom');
Object.defineProperty(setTimeout, customPromisify, {
  enumerable: true,
  get() { return require('timers/promises').setTimeout; },
});
Object.defineProperty(setImmediate, customPromisify, {
  enumerable: true,
  get() { return require('timers/promises').setImmediate; },
});

function checkCallback(cb) {
  if (typeof cb !== 'function') throw new ERR_INVALID_ARG_TYPE('callback', 'Function', cb);
}

// Legacy timers on arbitrary objects (deprecated, still used): enroll(item,
// ms) arms item._idleTimeout, active(item) (re)starts a timer calling
// item._onTimeout(), unenroll(item) stops it.
function unenrollItem(item) {
  if (item instanceof Timeout) clearTimeout(item);
  if (item._idleTimeoutId) clearTimeout(item._idleTimeoutId);
  item._idleTimeoutId = null;
  item._idleTimeout = -1;
  if (item._idleNext) item._idleNext = item._idlePrev = null;
}

function enrollItem(item, msecs) {
  if (typeof msecs !== 'number') {
    const { codes } = require('internal/errors');
    throw new codes.ERR_INVALID_ARG_TYPE('msecs', 'number', msecs);
  }
  if (msecs < 0 || !Number.isFinite(msecs)) {
    const { codes } = require('internal/errors');
    throw new codes.ERR_OUT_OF_RANGE('msecs', 'a non-negative finite number', msecs);
  }
  if (item._idleTimeoutId) clearTimeout(item._idleTimeoutId);
  item._idleTimeoutId = null;
  if (msecs > TIMEOUT_MAX) {
    process.emitWarning(`${msecs} does not fit into a 32-bit signed integer.` +
      `\nTimer duration was truncated to ${TIMEOUT_MAX}.`, 'TimeoutOverflowWarning');
    msecs = TIMEOUT_MAX;
  }
  item._idleTimeout = msecs;
}

function activeItem(item, unref) {
  if (!(item._idleTimeout >= 0)) return;
  if (item._idleTimeoutId) clearTimeout(item._idleTimeoutId);
  const t = setTimeout(() => {
    item._idleTimeoutId = null;
    item._idleNext = item._idlePrev = null;
    if (typeof item._onTimeout === 'function') item._onTimeout();
  }, item._idleTimeout);
  if (unref) t.unref();
  item._idleTimeoutId = t;
  // Node links the item itself into its timer list: code checks these.
  item._idleStart = t._idleStart;
  item._idleNext = item._idlePrev = t;
}

function deprecated(fn, msg, code) {
  let warned = false;
  return function (...args) {
    if (!warned) {
      warned = true;
      process.emitWarning(msg, 'DeprecationWarning', code);
    }
    return Reflect.apply(fn, this, args);
  };
}

module.exports = {
  setTimeout,
  clearTimeout,
  setInterval,
  clearInterval: clearTimeout,
  setImmediate,
  clearImmediate,
  Timeout,
  Immediate,
  checkCallback,
  enroll: deprecated(enrollItem,
    'timers.enroll() is deprecated. Please use setTimeout instead.', 'DEP0095'),
  unenroll: deprecated(unenrollItem,
    'timers.unenroll() is deprecated. Please use clearTimeout instead.', 'DEP0096'),
  active: deprecated((item) => activeItem(item, false),
    'timers.active() is deprecated. Please use timeout.refresh() instead.', 'DEP0126'),
  _unrefActive: deprecated((item) => activeItem(item, true),
    'timers._unrefActive() is deprecated. Please use timeout.refresh() instead.', 'DEP0127'),
  get promises() {
    return require('timers/promises');
  },
};

// For process.getActiveResourcesInfo (internal/process), not an export of Node's.
Object.defineProperty(module.exports, Symbol.for('shoal.timers.activeCounts'), {
  value: activeTimerCounts,
});
