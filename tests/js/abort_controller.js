const ac = new AbortController();
const { signal } = ac;
console.log(signal.aborted, signal.reason, signal instanceof EventTarget, signal instanceof AbortSignal);
signal.addEventListener("abort", (e) => console.log("abort event:", e.type, e.isTrusted, signal.aborted));
signal.onabort = () => console.log("onabort handler");
ac.abort();
console.log("reason:", signal.reason.name, signal.reason.code, signal.reason.message, signal.reason instanceof DOMException);
ac.abort(); // second abort is a no-op
try {
  signal.throwIfAborted();
} catch (e) {
  console.log("throwIfAborted:", e.name);
}

const ac2 = new AbortController();
ac2.abort("custom reason");
console.log("custom reason:", ac2.signal.reason);
const ac3 = new AbortController();
ac3.abort(new TypeError("typed reason"));
console.log("error reason:", ac3.signal.reason.message);

const pre = AbortSignal.abort();
console.log("AbortSignal.abort():", pre.aborted, pre.reason.name);
const t = AbortSignal.timeout(10);
t.addEventListener("abort", () => {
  console.log("AbortSignal.timeout:", t.aborted, t.reason.name, t.reason.code, t.reason.message);
});
// AbortSignal.timeout's timer is unref'd: keep the process alive meanwhile.
setTimeout(() => console.log("keep-alive done"), 50);
const a1 = new AbortController();
const a2 = new AbortController();
const any = AbortSignal.any([a1.signal, a2.signal]);
any.onabort = () => console.log("AbortSignal.any:", any.reason);
a2.abort("second one");
a1.abort("first one");

try {
  new AbortSignal();
} catch (e) {
  console.log("new AbortSignal():", e.name, e.code);
}
console.log(ac, signal.aborted);
