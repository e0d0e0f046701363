'use strict';
// A timer set by a tick that follows a timer callback fires on time while
// an unref'd interval with a later expiry is pending (the interval must not
// take the libuv timer over: the process would exit, or wait for it).
setInterval(() => {}, 30000).unref();
const start = Date.now();
setTimeout(() => {
  process.nextTick(() => {
    setTimeout(() => {
      console.log('fired', Date.now() - start < 10000);
    }, 50);
  });
}, 1);
