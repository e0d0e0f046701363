'use strict';
// internal/http2/perf: the statistics of HTTP/2 sessions and streams that
// Node reports as perf_hooks 'http2' entries ('Http2Session' when a session
// is destroyed, 'Http2Stream' when a stream is), with Node's detail fields.
// core.js keeps one stats object per session and per stream (made here)
// and calls the note* functions as things happen; an entry is made only
// while someone observes 'http2'. Times are perf_hooks milliseconds.

const perf = require('internal/perf/observe');

function sessionStats() {
  return { start: perf.now(), streamCount: 0, maxConcurrentStreams: 0, streamDuration: 0, pingRTT: 0 };
}

function streamStats(sessionStats) {
  sessionStats.streamCount++;
  return { start: perf.now(), firstHeader: 0, firstByte: 0, firstByteSent: 0, bytesRead: 0, bytesWritten: 0 };
}

// (open: the session's streams now, to keep the most at once)
function noteOpen(sessionStats, open) {
  if (open > sessionStats.maxConcurrentStreams) sessionStats.maxConcurrentStreams = open;
}

function noteHeaders(stats) {
  if (stats.firstHeader === 0) stats.firstHeader = perf.now();
}

function noteRead(stats, n) {
  if (stats.firstByte === 0) stats.firstByte = perf.now();
  stats.bytesRead += n;
}

function noteWrite(stats, n) {
  if (stats.firstByteSent === 0) stats.firstByteSent = perf.now();
  stats.bytesWritten += n;
}

let accessorDeprecated = null;
function warnAccessor() {
  accessorDeprecated ??= require('util').deprecate(function accessor() {},
    'Custom PerformanceEntry accessors are deprecated. Please use the detail property.', 'DEP0152');
  accessorDeprecated();
}

// As Node 20, each detail field is also a (deprecated) accessor of the entry.
function enqueue(name, start, detail) {
  const entry = new perf.PerformanceEntry(name, 'http2', start, perf.now() - start, detail);
  for (const key of Object.keys(detail)) {
    Object.defineProperty(entry, key, {
      configurable: true,
      get() {
        warnAccessor();
        return detail[key];
      },
    });
  }
  perf.enqueue(entry);
}

function since(start, t) {
  return t === 0 ? 0 : t - start;
}

// A stream is done: its entry, and its time in the session's average.
function streamDone(stats, sessionStats, id) {
  if (sessionStats !== undefined) sessionStats.streamDuration += perf.now() - stats.start;
  if (!perf.hasObserver('http2')) return;
  enqueue('Http2Stream', stats.start, {
    bytesRead: stats.bytesRead,
    bytesWritten: stats.bytesWritten,
    id,
    timeToFirstByte: since(stats.start, stats.firstByte),
    timeToFirstByteSent: since(stats.start, stats.firstByteSent),
    timeToFirstHeader: since(stats.start, stats.firstHeader),
  });
}

// frames: [received, sent] (the binding's counts); socket: its bytes.
function sessionDone(stats, type, frames, socket) {
  if (!perf.hasObserver('http2')) return;
  enqueue('Http2Session', stats.start, {
    bytesRead: (socket && socket.bytesRead) || 0,
    bytesWritten: (socket && socket.bytesWritten) || 0,
    framesReceived: frames[0],
    framesSent: frames[1],
    maxConcurrentStreams: stats.maxConcurrentStreams,
    pingRTT: stats.pingRTT,
    streamAverageDuration: stats.streamCount === 0 ? 0 : stats.streamDuration / stats.streamCount,
    streamCount: stats.streamCount,
    type: type === 0 ? 'server' : 'client',
  });
}

module.exports = {
  sessionStats, streamStats, noteOpen, noteHeaders, noteRead, noteWrite, streamDone, sessionDone,
};
