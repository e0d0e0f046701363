const t0 = process.hrtime();
console.log("hrtime:", Array.isArray(t0), t0.length, t0.every(Number.isInteger));
console.log("nanoseconds < 1e9:", t0[1] < 1e9 && t0[1] >= 0);
const diff = process.hrtime(t0);
console.log("hrtime(prev):", diff.length, diff[0] >= 0 && diff[1] >= 0);
const b0 = process.hrtime.bigint();
let spin = 0;
for (let i = 0; i < 1e5; i++) spin += i;
const b1 = process.hrtime.bigint();
console.log("bigint:", typeof b0, b1 >= b0, b1 - b0 >= 0n);
let mono = true;
let prev = process.hrtime.bigint();
for (let i = 0; i < 1000; i++) {
  const now = process.hrtime.bigint();
  if (now < prev) mono = false;
  prev = now;
}
console.log("monotonic:", mono);
const start = process.hrtime.bigint();
setTimeout(() => {
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  // Loose bound: libuv measures the delay from its cached loop time.
  console.log("a 20 ms timer takes >= 10 ms:", ms >= 10);
}, 20);
try {
  process.hrtime(1);
} catch (e) {
  console.log(e.code);
}
console.log("performance.now agrees:", typeof performance.now(), performance.now() > 0);
