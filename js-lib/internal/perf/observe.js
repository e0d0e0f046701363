'use strict';
// internal/perf/observe: PerformanceObserver and the entries modules report
// to it (Node's lib/internal/perf/observe.js in short). A module times an
// operation only while someone observes its type (hasObserver), then
// enqueue(entry) buffers the entry on each observer of that type and their
// callbacks run together from one setImmediate, as Node's do.

const { codes: { ERR_INVALID_ARG_TYPE, ERR_MISSING_ARGS } } = require('internal/errors');

// The types of entries Node's observers accept (mark/measure come from
// perf_hooks' performance, net/dns/http/http2 from those modules).
const kSupportedTypes = ['dns', 'function', 'gc', 'http', 'http2', 'mark', 'measure', 'net', 'resource'];

const observers = new Set();
let dispatchPending = false;

function binding() {
  return internalBinding('process');
}

function now() {
  return binding().uptime() * 1000;
}

class PerformanceEntry {
  constructor(name, entryType, startTime, duration, detail) {
    this.name = name;
    this.entryType = entryType;
    this.startTime = startTime;
    this.duration = duration;
    this.detail = detail === undefined ? null : detail;
  }

  toJSON() {
    return { name: this.name, entryType: this.entryType, startTime: this.startTime,
      duration: this.duration, detail: this.detail };
  }
}

class PerformanceObserverEntryList {
  constructor(entries) {
    this._entries = entries;
  }

  getEntries() { return this._entries.slice(); }
  getEntriesByType(type) { return this._entries.filter((e) => e.entryType === `${type}`); }
  getEntriesByName(name, type) {
    return this._entries.filter((e) => e.name === `${name}` && (type === undefined || e.entryType === `${type}`));
  }
}

class PerformanceObserver {
  constructor(callback) {
    if (typeof callback !== 'function') throw new ERR_INVALID_ARG_TYPE('callback', 'Function', callback);
    this._callback = callback;
    this._types = new Set();
    this._buffer = [];
  }

  observe(options = {}) {
    if (options === null || typeof options !== 'object') {
      throw new ERR_INVALID_ARG_TYPE('options', 'Object', options);
    }
    const { entryTypes, type } = options;
    if (entryTypes === undefined && type === undefined) throw new ERR_MISSING_ARGS('options.entryTypes', 'options.type');
    const types = entryTypes !== undefined ? entryTypes : [type];
    if (!Array.isArray(types)) throw new ERR_INVALID_ARG_TYPE('options.entryTypes', 'string[]', entryTypes);
    this._types.clear();
    for (const t of types) {
      if (kSupportedTypes.includes(t)) this._types.add(t);
    }
    if (this._types.size > 0) observers.add(this);
    else observers.delete(this);
  }

  disconnect() {
    observers.delete(this);
    this._buffer = [];
  }

  takeRecords() {
    const list = this._buffer;
    this._buffer = [];
    return list;
  }

  _dispatch() {
    if (this._buffer.length === 0) return;
    const list = new PerformanceObserverEntryList(this.takeRecords());
    this._callback.call(this, list, this);
  }

  static get supportedEntryTypes() { return kSupportedTypes.slice(); }
}

function hasObserver(type) {
  if (observers.size === 0) return false; // (per HTTP request: keep it cheap)
  for (const o of observers) {
    if (o._types.has(type)) return true;
  }
  return false;
}

function dispatch() {
  dispatchPending = false;
  for (const o of [...observers]) o._dispatch();
}

function enqueue(entry) {
  let buffered = false;
  for (const o of observers) {
    if (!o._types.has(entry.entryType)) continue;
    o._buffer.push(entry);
    buffered = true;
  }
  if (buffered && !dispatchPending) {
    dispatchPending = true;
    setImmediate(dispatch);
  }
}

// An operation timed from startTime (now() when it began) to now.
function enqueueTimed(name, type, startTime, detail) {
  enqueue(new PerformanceEntry(name, type, startTime, now() - startTime, detail));
}

module.exports = {
  PerformanceEntry, PerformanceObserver, PerformanceObserverEntryList,
  now, hasObserver, enqueue, enqueueTimed,
};
