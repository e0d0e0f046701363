'use strict';
// Buffer.allocUnsafe's pool, its large buffers and allocUnsafeSlow skip
// zeroing (Node's zeroFill switch); every other allocation stays zeroed,
// however the two interleave. And AsyncLocalStorage's context is seen by
// nextTick, timers and promises only after it was first set.
const { AsyncLocalStorage } = require('async_hooks');

function allZero(u8) {
  for (let i = 0; i < u8.length; i++) if (u8[i] !== 0) return false;
  return true;
}

let zeroed = true;
for (let i = 0; i < 200; i++) {
  const dirty = Buffer.allocUnsafe(100 + i * 37);
  dirty.fill(0xab);
  Buffer.allocUnsafeSlow(5000).fill(0xcd);
  Buffer.allocUnsafe(9000).fill(0xef);
  zeroed = zeroed && allZero(Buffer.alloc(100 + i)) && allZero(new Uint8Array(4096 + i)) &&
    allZero(new Uint8Array(new ArrayBuffer(8192))) && allZero(Buffer.alloc(9000));
}
console.log('zeroed allocations stay zeroed:', zeroed);
try {
  Buffer.allocUnsafe(-1);
} catch (e) {
  console.log(e.code);
}
console.log('after a failed allocUnsafe:', allZero(new Uint8Array(new ArrayBuffer(64 * 1024))));
const c = Buffer.concat([Buffer.from('ab'), Buffer.from('cd')], 6);
console.log(c.length, JSON.stringify(c.toString('latin1')));
console.log(Buffer.allocUnsafe(0).length, Buffer.allocUnsafeSlow(3).length, Buffer.poolSize);

const als = new AsyncLocalStorage();
process.nextTick(() => console.log('tick before any run:', als.getStore()));
als.run({ id: 1 }, () => {
  process.nextTick(() => console.log('tick in run:', als.getStore()));
  setImmediate(() => {
    console.log('immediate in run:', als.getStore());
    setTimeout(() => console.log('timer in run:', als.getStore()), 1);
  });
  Promise.resolve().then(() => console.log('promise in run:', als.getStore()));
});
process.nextTick(() => console.log('tick after run:', als.getStore()));
setImmediate(() => console.log('immediate after run:', als.getStore()));
