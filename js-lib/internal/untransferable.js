'use strict';
// The mark of objects that postMessage clones even when its transfer list
// names them (worker_threads.markAsUntransferable, Buffer's pool): shared
// here so buffer.js marks its pool without loading worker_threads.
module.exports = { kUntransferable: Symbol('kUntransferable') };
