const t0 = performance.now();
console.log(typeof t0, t0 >= 0, t0 < 60000);
let last = t0;
let mono = true;
for (let i = 0; i < 1000; i++) {
  const t = performance.now();
  if (t < last) mono = false;
  last = t;
}
console.log("monotonic:", mono);
console.log("timeOrigin:", typeof performance.timeOrigin, Math.abs(performance.timeOrigin + performance.now() - Date.now()) < 1000);
const { performance: p2 } = require("perf_hooks");
console.log("perf_hooks:", p2 === performance);
setTimeout(() => {
  const dt = performance.now() - t0;
  console.log("a 15 ms timer took >= 7 ms:", dt >= 7); // loose: libuv uses its cached loop time
}, 15);
performance.mark("a");
performance.mark("b");
const m = performance.measure("a to b", "a", "b");
console.log("measure:", m.name, m.entryType, typeof m.duration, m.duration >= 0);
console.log("marks:", performance.getEntriesByType("mark").map((e) => e.name));
console.log("toJSON keys:", Object.keys(performance.toJSON()).includes("timeOrigin"));
