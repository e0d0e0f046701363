'use strict';
// perf_hooks: `performance` (now, timeOrigin, mark/measure, entries) and
// PerformanceObserver (internal/perf/observe: marks, measures, and the net,
// dns... entries of the modules). Time is measured from process start.

const {
  PerformanceEntry, PerformanceObserver, PerformanceObserverEntryList, now, enqueue,
} = require('internal/perf/observe');

const timeOrigin = Date.now() - now();
const entries = [];

class PerformanceMark extends PerformanceEntry {}
class PerformanceMeasure extends PerformanceEntry {}

function markTime(name) {
  if (name === undefined) return 0;
  if (typeof name === 'number') return name;
  for (let i = entries.length - 1; i >= 0; i--) {
    if (entries[i].entryType === 'mark' && entries[i].name === name) return entries[i].startTime;
  }
  const { DOMException } = require('internal/dom_exception');
  throw new DOMException(`The "${name}" performance mark has not been set`, 'SyntaxError');
}

const performance = {
  now,
  timeOrigin,
  mark(name, options = {}) {
    const entry = new PerformanceMark(String(name), 'mark',
      options.startTime !== undefined ? options.startTime : now(), 0, options.detail);
    entries.push(entry);
    enqueue(entry);
    return entry;
  },
  measure(name, startOrOptions, endMark) {
    let start;
    let end;
    let detail;
    if (startOrOptions !== null && typeof startOrOptions === 'object') {
      start = markTime(startOrOptions.start);
      end = startOrOptions.end !== undefined ? markTime(startOrOptions.end) :
        startOrOptions.duration !== undefined ? start + startOrOptions.duration : now();
      detail = startOrOptions.detail;
    } else {
      start = markTime(startOrOptions);
      end = endMark !== undefined ? markTime(endMark) : now();
    }
    const entry = new PerformanceMeasure(String(name), 'measure', start, end - start, detail);
    entries.push(entry);
    enqueue(entry);
    return entry;
  },
  getEntries() { return entries.slice(); },
  getEntriesByName(name, type) {
    return entries.filter((e) => e.name === name && (type === undefined || e.entryType === type));
  },
  getEntriesByType(type) { return entries.filter((e) => e.entryType === type); },
  clearMarks(name) { removeEntries('mark', name); },
  clearMeasures(name) { removeEntries('measure', name); },
  eventLoopUtilization() { return { idle: 0, active: 0, utilization: 0 }; },
  timerify(fn) { return fn; },
  toJSON() { return { timeOrigin, eventLoopUtilization: this.eventLoopUtilization() }; },
};
Object.defineProperty(performance, Symbol.toStringTag, { value: 'Performance' });

function removeEntries(type, name) {
  for (let i = entries.length - 1; i >= 0; i--) {
    if (entries[i].entryType === type && (name === undefined || entries[i].name === name)) {
      entries.splice(i, 1);
    }
  }
}

module.exports = {
  performance, PerformanceEntry, PerformanceMark, PerformanceMeasure, PerformanceObserver,
  PerformanceObserverEntryList,
  constants: {},
  monitorEventLoopDelay() {
    const { codes } = require('internal/errors');
    throw new codes.ERR_METHOD_NOT_IMPLEMENTED('monitorEventLoopDelay');
  },
};
