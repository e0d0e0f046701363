// Ordering of process.nextTick, promise microtasks, queueMicrotask,
// setImmediate and setTimeout(0).  setTimeout(0) vs setImmediate from the
// main module is racy in Node, so that comparison happens inside an I/O
// callback and inside a timer, where the order is fixed.  Sections run one
// after another.
const fs = require("fs");
const log = (s) => console.log(s);
const sections = [];
const next = () => {
  const fn = sections.shift();
  if (fn) setTimeout(fn, 5);
};

log("sync start");
setTimeout(() => {
  log("timeout 0");
  next();
}, 0);
Promise.resolve().then(() => log("promise 1"));
queueMicrotask(() => log("queueMicrotask"));
process.nextTick(() => log("nextTick 1"));
Promise.resolve().then(() => {
  log("promise 2");
  process.nextTick(() => log("nextTick from promise"));
  Promise.resolve().then(() => log("promise from promise"));
});
process.nextTick(() => {
  log("nextTick 2");
  process.nextTick(() => log("nextTick from nextTick"));
  Promise.resolve().then(() => log("promise from nextTick"));
});
(async () => {
  log("async fn body (sync)");
  await null;
  log("after await");
})();
log("sync end");

sections.push(() => {
  log("--- inside a timer");
  setTimeout(() => {
    log("timer: timeout 0");
    next();
  }, 0);
  setImmediate(() => log("timer: immediate"));
  process.nextTick(() => log("timer: nextTick"));
  Promise.resolve().then(() => log("timer: promise"));
});

sections.push(() => {
  fs.readFile(__filename, () => {
    log("--- inside an I/O callback");
    setTimeout(() => {
      log("io: timeout 0");
      next();
    }, 0);
    setImmediate(() => {
      log("io: immediate 1");
      process.nextTick(() => log("io: nextTick inside immediate 1"));
      Promise.resolve().then(() => log("io: promise inside immediate 1"));
    });
    setImmediate(() => log("io: immediate 2"));
    process.nextTick(() => log("io: nextTick"));
  });
});

// Immediates scheduled from an immediate run on the next loop iteration.
sections.push(() => {
  setImmediate(() => {
    log("--- immediate A");
    setImmediate(() => {
      log("immediate C (queued by A, next iteration)");
      next();
    });
  });
  setImmediate(() => log("immediate B"));
});

// Two timers with the same deadline run back to back, with microtasks
// drained between them.
sections.push(() => {
  log("--- same-deadline timers");
  setTimeout(() => {
    log("timer X");
    Promise.resolve().then(() => log("microtask after X"));
    process.nextTick(() => log("nextTick after X"));
  }, 1);
  setTimeout(() => log("timer Y"), 1);
});
