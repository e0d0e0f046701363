// timers/promises: setTimeout, setImmediate and the setInterval async iterator.
import { setTimeout as sleep, setImmediate as immediate, setInterval as every } from "timers/promises";
import * as tp from "node:timers/promises";
import timers from "node:timers";

console.log(Object.keys(tp).sort().join(","));
console.log(timers.promises === tp.default || typeof timers.promises);

console.log("sleep value:", await sleep(5, "slept"));
console.log("sleep no value:", await sleep(1));
console.log("immediate value:", await immediate("imm"));

let n = 0;
for await (const v of every(3, "tick")) {
  n++;
  console.log("interval", n, v);
  if (n === 3) break;
}
console.log("interval loop ended");

const ac = new AbortController();
const pending = sleep(100000, "never", { signal: ac.signal });
ac.abort();
try {
  await pending;
} catch (e) {
  console.log("aborted:", e.name, e.code, e.message);
}

try {
  await sleep(1, null, { signal: AbortSignal.abort("why") });
} catch (e) {
  console.log("pre-aborted:", e.name, e.code, e.cause);
}

// ref: false does not keep the process alive; with a timer that does, it resolves.
const unrefd = sleep(5, "unref'd resolved", { ref: false });
await sleep(20);
console.log(await unrefd);

const order = [];
// 25 and 50 ms, not 2 and 10: on a loaded machine a 2 ms timer may come due
// before the loop reaches the check phase (in Node too).
await Promise.all([
  sleep(50).then(() => order.push("50ms")),
  sleep(25).then(() => order.push("25ms")),
  immediate().then(() => order.push("immediate")),
]);
console.log(order.join(" < "));
