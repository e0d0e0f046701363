const EventEmitter = require("events");
const e = new EventEmitter();

// 'error' with a listener: delivered, no throw.
e.on("error", (err) => console.log("error listener:", err.message));
e.emit("error", new Error("handled"));

// errorMonitor sees errors before the listeners, without handling them.
const m = new EventEmitter();
m.on(EventEmitter.errorMonitor, (err) => console.log("monitor saw:", err.message));
try {
  m.emit("error", new Error("unhandled after monitor"));
} catch (err) {
  console.log("thrown:", err.message);
}

// 'error' without a listener throws the error itself...
const n = new EventEmitter();
const original = new TypeError("thrown as is");
try {
  n.emit("error", original);
} catch (err) {
  console.log("same object:", err === original, err.name);
}
// ...or wraps a non-Error.
for (const v of ["a string", { code: 42 }, undefined]) {
  try {
    n.emit("error", v);
  } catch (err) {
    console.log(err.name, err.code, "|", err.message, "| context:", err.context);
  }
}

// A listener that throws propagates out of emit().
const t = new EventEmitter();
t.on("boom", () => {
  throw new Error("listener threw");
});
t.on("boom", () => console.log("NEVER: second listener"));
try {
  t.emit("boom");
} catch (err) {
  console.log("emit threw:", err.message);
}

// Bad listener argument.
try {
  t.on("x", "not a function");
} catch (err) {
  console.log(err.code, err.message);
}

// Unhandled 'error' with a value whose custom inspect throws: String(value).
const util = require("util");
try {
  new EventEmitter().emit("error", { [util.inspect.custom]() { throw new Error("no"); } });
} catch (err) {
  console.log(err.code, err.message);
}

// In a domain, a falsy error value becomes ERR_UNHANDLED_ERROR.
const domain = require("domain");
for (const arg of [undefined, false, null, 0, "x"]) {
  const d = domain.create();
  const e = new EventEmitter();
  d.add(e);
  d.on("error", (er) => console.log("domain got", typeof er, er && er.code, er && er.message));
  e.emit("error", arg);
}
