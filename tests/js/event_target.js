const et = new EventTarget();
function h(e) {
  console.log("handler:", e.type, e.target === et, e.currentTarget === et, this === et, e.eventPhase);
}
et.addEventListener("ping", h);
et.addEventListener("ping", h); // duplicate registration is ignored
et.addEventListener("ping", { handleEvent(e) { console.log("handleEvent object:", e.type); } });
et.addEventListener("ping", () => console.log("once listener"), { once: true });
console.log("dispatch returns:", et.dispatchEvent(new Event("ping")));
et.dispatchEvent(new Event("ping"));
et.removeEventListener("ping", h);
et.dispatchEvent(new Event("ping"));

const ev = new Event("cancel-me", { cancelable: true, bubbles: true });
console.log("event fields:", ev.type, ev.cancelable, ev.bubbles, ev.defaultPrevented, ev.isTrusted, typeof ev.timeStamp);
et.addEventListener("cancel-me", (e) => e.preventDefault());
console.log("preventDefault -> dispatch returns:", et.dispatchEvent(ev), ev.defaultPrevented);

et.addEventListener("stop", () => console.log("stop 1"));
et.addEventListener("stop", (e) => {
  console.log("stop 2 calls stopImmediatePropagation");
  e.stopImmediatePropagation();
});
et.addEventListener("stop", () => console.log("NEVER: stop 3"));
et.dispatchEvent(new Event("stop"));

const ac = new AbortController();
et.addEventListener("sig", () => console.log("NEVER: removed by signal"), { signal: ac.signal });
ac.abort();
et.dispatchEvent(new Event("sig"));

const ce = new CustomEvent("custom", { detail: { n: 1 } });
et.addEventListener("custom", (e) => console.log("CustomEvent detail:", e.detail, e instanceof Event));
et.dispatchEvent(ce);

class Emitter extends EventTarget {}
const sub = new Emitter();
sub.addEventListener("x", (e) => console.log("subclass:", e.target instanceof Emitter));
sub.dispatchEvent(new Event("x"));

try {
  et.dispatchEvent(ce);
} catch (e) {
  console.log("re-dispatch:", e.name, e.code);
}
try {
  et.dispatchEvent("not an event");
} catch (e) {
  console.log("bad dispatch:", e.name, e.code);
}
try {
  new Event();
} catch (e) {
  console.log("new Event():", e.name, e.code);
}
et.addEventListener("throws", () => {
  throw new Error("listener error becomes uncaught");
});
process.on("uncaughtException", (e) => console.log("uncaughtException:", e.message));
et.dispatchEvent(new Event("throws"));
console.log("dispatch continued");
const shown = new Event("shown");
console.log(Object.prototype.toString.call(shown), shown.constructor.name, shown.type);
