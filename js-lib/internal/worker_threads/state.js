'use strict';
// What worker_threads tells about the running thread: the main thread's
// defaults, replaced by internal/worker_threads/main when this runtime is a
// worker thread (before any user code runs).

const state = {
  isMainThread: true,
  threadId: 0,
  parentPort: null,
  workerData: null,
  resourceLimits: {},
  environmentData: new Map(),
  control: null, // the worker side of the control channel
};

module.exports = state;
