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
  // A Worker option key only the runtime's own code has: the thread runs
  // this js-lib module's run(workerData) (module customization hooks).
  kInternalEntry: Symbol('kInternalEntry'),
};

module.exports = state;
