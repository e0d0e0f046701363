console.log(typeof queueMicrotask);
queueMicrotask(() => console.log("microtask 1"));
queueMicrotask(() => {
  console.log("microtask 2");
  queueMicrotask(() => console.log("microtask queued by microtask"));
});
Promise.resolve().then(() => console.log("promise between"));
console.log("sync");
try {
  queueMicrotask("not a function");
} catch (e) {
  console.log(e.name, e.code, e.message);
}
setTimeout(() => console.log("timeout after all microtasks"), 0);
