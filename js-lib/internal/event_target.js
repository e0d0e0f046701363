'use strict';
// internal/event_target: Event, CustomEvent and EventTarget as Node 20 has
// them (no DOM tree: an event is only ever dispatched AT_TARGET).
//
// Node quirks reproduced on purpose:
//  - after the first listener has run, the event no longer counts as being
//    dispatched (currentTarget becomes null, eventPhase 0, composedPath []);
//  - `passive` does not stop preventDefault() from working;
//  - an exception thrown by a listener is rethrown on process.nextTick
//    (uncaught), and dispatch carries on with the next listener;
//  - handleEvent() objects are called asynchronously-wrapped, so their
//    exceptions are reported the same way.
const { invalidArgType, makeError } = require('internal/errors');

const kInspect = Symbol.for('nodejs.util.inspect.custom');
// Internal listener options (not reachable from user code).
const kResistStopPropagation = Symbol('kResistStopPropagation');
const kTrusted = Symbol('kTrusted');

// ---------------------------------------------------------------------------
// Errors.





function missingArgs(...names) {
  let list;
  if (names.length === 1) list = `"${names[0]}" argument`;
  else if (names.length === 2) list = `"${names[0]}" and "${names[1]}" arguments`;
  else list = `${names.slice(0, -1).map((n) => `"${n}"`).join(', ')}, and "${names[names.length - 1]}" arguments`;
  return makeError(TypeError, 'ERR_MISSING_ARGS', `The ${list} must be specified`);
}

function invalidThis(type) {
  return makeError(TypeError, 'ERR_INVALID_THIS', `Value of "this" must be of type ${type}`);
}

// WebIDL DOMString conversion (symbols are rejected).
function toDOMString(value) {
  if (typeof value === 'symbol') {
    throw makeError(TypeError, 'ERR_INVALID_ARG_VALUE',
                    `The argument 'value' is invalid. Received ${String(value)}`);
  }
  return `${value}`;
}

// Report an error thrown by a listener without interrupting the dispatch.
function reportListenerError(err) {
  if (typeof process === 'object' && process !== null && typeof process.nextTick === 'function') {
    process.nextTick(() => { throw err; });
  } else {
    queueMicrotask(() => { throw err; });
  }
}

function inspectWith(name, obj, depth, options, inspect) {
  if (depth < 0) return name;
  const opts = Object.assign({}, options, {
    depth: Number.isInteger(options.depth) ? options.depth - 1 : options.depth,
  });
  return `${name} ${inspect(obj, opts)}`;
}

function now() {
  const perf = globalThis.performance;
  if (perf && typeof perf.now === 'function') return perf.now();
  return Date.now();
}

// ---------------------------------------------------------------------------
// Event

// Internal accessors, filled in by Event's static block.
let setEventTarget;
let setDispatching;
let isDispatching;
let isStopped;
let isEventObject;

class Event {
  #type;
  #bubbles;
  #cancelable;
  #composed;
  #defaultPrevented = false;
  #timeStamp;
  #propagationStopped = false;
  #stop = false; // stopImmediatePropagation()
  #target = null;
  #dispatching = false;
  #trusted = false;

  constructor(type, options = undefined) {
    if (arguments.length === 0) throw missingArgs('type');
    if (options != null && typeof options !== 'object' && typeof options !== 'function') {
      throw invalidArgType('options', 'of type object', options);
    }
    const opts = options == null ? {} : options;
    this.#type = toDOMString(type);
    this.#bubbles = !!opts.bubbles;
    this.#cancelable = !!opts.cancelable;
    this.#composed = !!opts.composed;
    this.#trusted = !!opts[kTrusted];
    this.#timeStamp = now();
  }

  static {
    setEventTarget = (ev, target) => { ev.#target = target; };
    setDispatching = (ev, value) => { ev.#dispatching = value; };
    isDispatching = (ev) => ev.#dispatching;
    isStopped = (ev) => ev.#stop;
    isEventObject = (ev) => ev != null && typeof ev === 'object' && #type in ev;
  }

  initEvent(type, bubbles = false, cancelable = false) {
    if (arguments.length === 0) throw missingArgs('type');
    if (this.#dispatching) return;
    this.#type = toDOMString(type);
    this.#bubbles = !!bubbles;
    this.#cancelable = !!cancelable;
  }

  [kInspect](depth, options, inspect) {
    const obj = {
      type: this.#type,
      defaultPrevented: this.#defaultPrevented,
      cancelable: this.#cancelable,
      timeStamp: this.#timeStamp,
    };
    return inspectWith(this.constructor.name, obj, depth, options, inspect);
  }

  stopImmediatePropagation() {
    this.#propagationStopped = true;
    this.#stop = true;
  }

  preventDefault() {
    if (this.#cancelable) this.#defaultPrevented = true;
  }

  get target() { return this.#target; }
  get currentTarget() { return this.#dispatching ? this.#target : null; }
  get srcElement() { return this.#target; }
  get type() { return this.#type; }
  get cancelable() { return this.#cancelable; }
  get defaultPrevented() { return this.#cancelable && this.#defaultPrevented; }
  get timeStamp() { return this.#timeStamp; }

  composedPath() {
    return this.#dispatching ? [this.#target] : [];
  }

  get returnValue() { return !(this.#cancelable && this.#defaultPrevented); }
  get bubbles() { return this.#bubbles; }
  get composed() { return this.#composed; }
  get eventPhase() { return this.#dispatching ? Event.AT_TARGET : Event.NONE; }
  get cancelBubble() { return this.#propagationStopped; }
  set cancelBubble(value) {
    if (value) this.#propagationStopped = true;
  }

  stopPropagation() {
    this.#propagationStopped = true;
  }

  get isTrusted() { return this.#trusted; }
}

for (const [name, value] of [['NONE', 0], ['CAPTURING_PHASE', 1], ['AT_TARGET', 2], ['BUBBLING_PHASE', 3]]) {
  Object.defineProperty(Event, name, { __proto__: null, value, enumerable: true, writable: false, configurable: false });
}
Object.defineProperty(Event.prototype, Symbol.toStringTag, {
  __proto__: null, value: 'Event', writable: false, enumerable: false, configurable: true,
});
for (const key of ['initEvent', 'stopImmediatePropagation', 'preventDefault', 'target', 'currentTarget',
                   'srcElement', 'type', 'cancelable', 'defaultPrevented', 'timeStamp', 'composedPath',
                   'returnValue', 'bubbles', 'composed', 'eventPhase', 'cancelBubble', 'stopPropagation',
                   'isTrusted']) {
  Object.defineProperty(Event.prototype, key, { enumerable: true });
}

class CustomEvent extends Event {
  #detail;

  constructor(type, options = {}) {
    if (arguments.length === 0) throw missingArgs('type');
    super(type, options);
    this.#detail = (options != null && options.detail !== undefined) ? options.detail : null;
  }

  get detail() {
    return this.#detail;
  }
}
Object.defineProperty(CustomEvent.prototype, 'detail', { enumerable: true });
Object.defineProperty(CustomEvent.prototype, Symbol.toStringTag, {
  __proto__: null, value: 'CustomEvent', writable: false, enumerable: false, configurable: true,
});

// ---------------------------------------------------------------------------
// EventTarget
//
// Each event type has a doubly linked list of listener records. A removed
// record is flagged and unlinked but keeps its `next` pointer, so a dispatch
// walking the list when the removal happens carries on correctly; listeners
// appended during a dispatch are reached if the walk hasn't ended yet.

class ListenerRecord {
  constructor(listener, once, capture, passive, resistStop) {
    this.listener = listener;
    this.once = once;
    this.capture = capture;
    this.passive = passive;
    this.resistStop = resistStop;
    this.removed = false;
    this.prev = null;
    this.next = null;
    this.abortCleanup = null;
  }

  // Calls the listener with `this` = target (functions) or the object
  // (handleEvent; looked up now, errors reported asynchronously).
  invoke(target, event) {
    const listener = this.listener;
    if (typeof listener === 'function') return listener.call(target, event);
    return (async () => {
      if (listener.handleEvent) await Reflect.apply(listener.handleEvent, listener, [event]);
    })();
  }
}

let eventsModule;
function defaultMaxListeners() {
  if (eventsModule === undefined) {
    try { eventsModule = require('events'); } catch { eventsModule = null; }
  }
  return eventsModule ? eventsModule.defaultMaxListeners : 10;
}

function kMaxSymbols() {
  defaultMaxListeners();
  return eventsModule ? [eventsModule.kMaxEventTargetListeners, eventsModule.kMaxEventTargetListenersWarned] : [];
}

// Private-state accessors for EventTarget, set in its static block.
let listsOf;
let isEventTargetObject;

function validateListener(listener) {
  if (typeof listener === 'function' || (listener != null && typeof listener.handleEvent === 'function')) {
    return true;
  }
  if (listener == null) return false;
  if (typeof listener === 'object') return true; // handleEvent checked at dispatch time
  throw invalidArgType('listener', 'an instance of EventListener', listener);
}

function normalizeOptions(options) {
  if (typeof options === 'boolean') return { capture: options };
  if (options === null || options === undefined) return {};
  if (typeof options !== 'object' && typeof options !== 'function') {
    throw invalidArgType('options', 'of type object', options);
  }
  return {
    once: Boolean(options.once),
    capture: Boolean(options.capture),
    passive: Boolean(options.passive),
    signal: options.signal,
    resistStop: Boolean(options[kResistStopPropagation]),
  };
}

function shortName(target) {
  // What util.inspect(target, { depth: -1 }) prints.
  const name = target.constructor && target.constructor.name;
  if (name === 'AbortSignal') return '[AbortSignal]';
  return name || 'EventTarget';
}

// adoptAs(obj, Class): a native handle becomes an instance of Class (an
// EventTarget subclass) in place, private fields and all. A MessagePort must
// be the very object V8's serializer sees as a host object.
let adoptee = null;
class Adoptable {
  constructor() {
    if (adoptee !== null) {
      const obj = adoptee;
      adoptee = null;
      return obj;
    }
  }
}

function adoptAs(obj, Class, args = []) {
  adoptee = obj;
  try {
    Reflect.construct(Class, args);
  } finally {
    adoptee = null;
  }
  Object.setPrototypeOf(obj, Class.prototype);
  return obj;
}

class EventTarget extends Adoptable {
  // type -> { head: ListenerRecord|null, tail: ListenerRecord|null, size }
  #lists = new Map();

  static {
    listsOf = (t) => t.#lists;
    isEventTargetObject = (t) => t != null && typeof t === 'object' && #lists in t;
  }

  addEventListener(type, listener, options = undefined) {
    if (!isEventTargetObject(this)) throw invalidThis('EventTarget');
    if (arguments.length < 2) throw missingArgs('type', 'listener');
    const { once = false, capture = false, passive = false, signal, resistStop = false } =
      normalizeOptions(options);

    if (!validateListener(listener)) {
      // The DOM silently ignores null listeners; Node warns.
      const w = new Error(`addEventListener called with ${listener} which has no effect.`);
      w.name = 'AddEventListenerArgumentTypeWarning';
      w.target = this;
      w.type = type;
      if (typeof process === 'object' && process && typeof process.emitWarning === 'function') {
        process.emitWarning(w);
      }
      return;
    }
    type = toDOMString(type);

    if (signal !== undefined) {
      if (signal === null || typeof signal !== 'object' || !('aborted' in signal)) {
        throw invalidArgType('options.signal', 'an instance of AbortSignal', signal);
      }
      if (signal.aborted) return;
    }

    const lists = this.#lists;
    let list = lists.get(type);
    if (list === undefined) {
      list = { head: null, tail: null, size: 0 };
      lists.set(type, list);
    }
    // Same listener + capture flag is only registered once.
    for (let r = list.head; r !== null; r = r.next) {
      if (r.listener === listener && r.capture === capture) return;
    }

    const record = new ListenerRecord(listener, once, capture, passive, resistStop);
    record.prev = list.tail;
    if (list.tail !== null) list.tail.next = record;
    else list.head = record;
    list.tail = record;
    list.size++;

    // Leak warning, shared settings with events.setMaxListeners().
    const [kMax, kWarned] = kMaxSymbols();
    const max = kMax && this[kMax] !== undefined ? this[kMax] : defaultMaxListeners();
    if (max > 0 && list.size > max && !(kWarned && this[kWarned])) {
      if (kWarned) this[kWarned] = true;
      const w = new Error('Possible EventTarget memory leak detected. ' +
                          `${list.size} ${type} listeners added to ${shortName(this)}. ` +
                          `MaxListeners is ${max}. Use events.setMaxListeners() to increase limit`);
      w.name = 'MaxListenersExceededWarning';
      w.target = this;
      w.type = type;
      w.count = list.size;
      if (typeof process === 'object' && process && typeof process.emitWarning === 'function') {
        process.emitWarning(w);
      }
    }

    if (signal !== undefined) {
      const onAbort = () => this.removeEventListener(type, listener, options);
      signal.addEventListener('abort', onAbort, { once: true, [kResistStopPropagation]: true });
      record.abortCleanup = () => signal.removeEventListener('abort', onAbort);
    }
  }

  removeEventListener(type, listener, options = undefined) {
    if (!isEventTargetObject(this)) throw invalidThis('EventTarget');
    if (arguments.length < 2) throw missingArgs('type', 'listener');
    if (!validateListener(listener)) return;
    type = toDOMString(type);
    const capture = options != null && typeof options === 'object' ? Boolean(options.capture) :
      options === true;
    const list = this.#lists.get(type);
    if (list === undefined) return;
    for (let r = list.head; r !== null; r = r.next) {
      if (r.listener === listener && r.capture === capture) {
        unlink(list, r);
        return;
      }
    }
  }

  dispatchEvent(event) {
    if (!isEventTargetObject(this)) throw invalidThis('EventTarget');
    if (arguments.length < 1) throw missingArgs('event');
    if (!isEventObject(event)) throw invalidArgType('event', 'an instance of Event', event);
    if (isDispatching(event)) {
      throw makeError(Error, 'ERR_EVENT_RECURSION', `The event "${event.type}" is already being dispatched`);
    }
    setEventTarget(event, this);
    setDispatching(event, true);

    const list = this.#lists.get(event.type);
    let record = list === undefined ? null : list.head;
    while (record !== null) {
      const next = record.next; // the listener may remove itself
      if (isStopped(event) && !record.resistStop) break;
      if (!record.removed) {
        if (record.once) unlink(list, record);
        try {
          const result = record.invoke(this, event);
          setDispatching(event, false);
          if (result != null && typeof result.then === 'function') {
            result.then(undefined, reportListenerError);
          }
        } catch (err) {
          reportListenerError(err);
        }
      }
      record = next;
    }
    setDispatching(event, false);
    return event.defaultPrevented !== true;
  }

  [kInspect](depth, options, inspect) {
    return inspectWith(this.constructor.name, {}, depth, options, inspect);
  }
}

function unlink(list, record) {
  if (record.removed) return;
  record.removed = true;
  if (record.prev !== null) record.prev.next = record.next;
  else list.head = record.next;
  if (record.next !== null) record.next.prev = record.prev;
  else list.tail = record.prev;
  list.size--;
  if (record.abortCleanup) record.abortCleanup();
}

Object.setPrototypeOf(EventTarget.prototype, Object.prototype);

for (const key of ['addEventListener', 'removeEventListener', 'dispatchEvent']) {
  Object.defineProperty(EventTarget.prototype, key, { enumerable: true });
}
Object.defineProperty(EventTarget.prototype, Symbol.toStringTag, {
  __proto__: null, value: 'EventTarget', writable: false, enumerable: false, configurable: true,
});

// The listeners (functions or handleEvent objects) for events.getEventListeners().
function getListenersOf(target, type) {
  const list = listsOf(target).get(toDOMString(type));
  const out = [];
  if (list !== undefined) {
    for (let r = list.head; r !== null; r = r.next) out.push(r.listener);
  }
  return out;
}

// Defines an `on<type>` attribute (e.g. AbortSignal#onabort). The wrapper is
// registered on first assignment and keeps its position afterwards.
function defineEventHandler(proto, type) {
  const handlers = new WeakMap(); // target -> wrapper
  Object.defineProperty(proto, `on${type}`, {
    __proto__: null,
    enumerable: true,
    configurable: true,
    get() {
      const wrapper = handlers.get(this);
      return wrapper ? wrapper.handler : null;
    },
    set(value) {
      let wrapper = handlers.get(this);
      if (wrapper) {
        wrapper.handler = value;
        return;
      }
      wrapper = function eventHandler(...args) {
        if (typeof wrapper.handler !== 'function') return;
        return Reflect.apply(wrapper.handler, this, args);
      };
      wrapper.handler = value;
      handlers.set(this, wrapper);
      this.addEventListener(type, wrapper);
    },
  });
}

function createTrustedEvent(type) {
  return new Event(type, { [kTrusted]: true });
}

module.exports = {
  adoptAs,
  Event,
  CustomEvent,
  EventTarget,
  defineEventHandler,
  createTrustedEvent,
  getListenersOf,
  isEventTarget: isEventTargetObject,
  kResistStopPropagation,
  kInspect,
  inspectWith,
  invalidArgType,
  makeError,
};
