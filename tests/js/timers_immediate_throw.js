'use strict';
// An immediate that throws (handled by 'uncaughtException'): the rest of
// its pass runs in the next check phase, and the nextTicks and microtasks
// it queued wait until after the first of them, as in Node.
const order = [];
process.on('uncaughtException', (err) => order.push(`uncaught ${err.message}`));
setImmediate(() => order.push('a'));
setImmediate(() => {
  process.nextTick(() => order.push('tick from b'));
  Promise.resolve().then(() => order.push('microtask from b'));
  setImmediate(() => order.push('queued by b'));
  throw new Error('b');
});
setImmediate(() => order.push('c'));
setImmediate(() => order.push('d'));
setTimeout(() => console.log(order.join('\n')), 50);
