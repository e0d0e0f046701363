// The stack below a callback that a timer, an immediate or an I/O callback
// led to, counted in frames (their names and lines differ from Node's):
// Node runs the microtasks and nextTicks that follow the last macrotask of a
// pass from C, with no JavaScript frame below them, and those between two
// immediates of one pass from runNextTicks. Frameworks hash stacks (Next's
// error digest), so the same code must give the same depth.
const fs = require('fs');

// Frames under the caller of below() (below() itself and its caller not counted).
const below = () =>
  new Error('probe').stack.split('\n').filter((l) => l.startsWith('    at ')).length - 2;
const report = (what, n) => console.log(`${what}: ${n === 0 ? 0 : 'some'} frames below`);
const then = (fn) => Promise.resolve().then(fn);

const cases = [
  (done) => setTimeout(() => then(() => {
    report('microtask after a lone timer', below());
    done();
  }), 5),
  (done) => setImmediate(() => then(() => {
    report('microtask after a lone immediate', below());
    done();
  })),
  (done) => fs.stat(__filename, () => then(() => {
    report('microtask after fs.stat', below());
    done();
  })),
  (done) => setTimeout(() => process.nextTick(() => {
    console.log(`nextTick after a lone timer: ${below()} frame below`);
    done();
  }), 5),
  (done) => {
    let first;
    setImmediate(() => then(() => { first = below(); }));
    setImmediate(() => then(() => {
      report('microtask after the first of two immediates', first);
      report('microtask after the second of two immediates', below());
      done();
    }));
  },
  (done) => (async () => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    report('async function resumed by a lone timer', below());
    done();
  })(),
];

const next = () => {
  const c = cases.shift();
  if (c) c(next);
};
next();
