const EventEmitter = require("events");
const { EventEmitter: Named, once, on, errorMonitor, getEventListeners } = require("events");
console.log("export shapes:", EventEmitter === Named, typeof once, typeof on, typeof errorMonitor);
console.log("defaultMaxListeners:", EventEmitter.defaultMaxListeners);

const e = new EventEmitter();
function onFoo(a, b) {
  console.log("foo listener 1:", a, b, "this is emitter:", this === e);
}
e.on("foo", onFoo);
e.on("foo", (...args) => console.log("foo listener 2 (arrow):", args));
e.prependListener("foo", () => console.log("foo prepended listener"));
console.log("emit returns:", e.emit("foo", 1, 2), e.emit("nobody-listens"));
console.log("listenerCount:", e.listenerCount("foo"), EventEmitter.listenerCount(e, "foo"));
console.log("eventNames:", e.eventNames());
console.log("listeners[1] is onFoo:", e.listeners("foo")[1] === onFoo);
e.off("foo", onFoo);
e.emit("foo", "after off");

e.once("bar", (v) => console.log("once bar:", v));
e.prependOnceListener("bar", (v) => console.log("prepended once bar:", v));
console.log("rawListeners is once wrapper:", typeof e.rawListeners("bar")[0].listener);
e.emit("bar", "first");
e.emit("bar", "second (nobody)");
console.log("bar listeners:", e.listenerCount("bar"));

e.on("newListener", (name) => console.log("newListener:", String(name)));
e.on("removeListener", (name) => console.log("removeListener:", String(name)));
const sym = Symbol("evt");
const h = () => console.log("symbol event fired");
e.on(sym, h);
e.emit(sym);
e.removeListener(sym, h);
e.removeAllListeners("foo");
console.log("after removeAllListeners('foo'):", e.listenerCount("foo"));
e.removeAllListeners();
console.log("eventNames now:", e.eventNames());

// Listeners added during emit don't run in that emit; removed ones still do.
const f = new EventEmitter();
f.on("x", () => {
  console.log("x1 adds a listener");
  f.on("x", () => console.log("x added during emit"));
});
f.emit("x");
console.log("second emit:");
f.emit("x");

// Chaining and max listeners.
const g = new EventEmitter();
console.log("on returns this:", g.on("a", () => {}) === g, g.setMaxListeners(1) === g, g.getMaxListeners());
console.log("getEventListeners:", getEventListeners(g, "a").length);

// Subclassing.
class Clock extends EventEmitter {
  tick() {
    this.emit("tick", 1);
  }
}
const c = new Clock();
c.on("tick", (n) => console.log("Clock tick", n, c instanceof EventEmitter));
c.tick();

// captureRejections makes an async listener's rejection an 'error' event.
const cr = new EventEmitter({ captureRejections: true });
cr.on("go", async () => {
  throw new Error("async listener failed");
});
cr.on("error", (err) => console.log("captured rejection:", err.message));
cr.emit("go");
