const { EventEmitter, once, on } = require("events");

async function main() {
  const e = new EventEmitter();
  setTimeout(() => e.emit("ready", 1, "two"), 1);
  console.log("once resolved with:", await once(e, "ready"));

  setTimeout(() => e.emit("error", new Error("failed while waiting")), 1);
  try {
    await once(e, "never");
  } catch (err) {
    console.log("once rejected:", err.message);
  }
  console.log("listeners left:", e.listenerCount("never"), e.listenerCount("error"));

  const ac = new AbortController();
  setTimeout(() => ac.abort(), 1);
  try {
    await once(e, "never", { signal: ac.signal });
  } catch (err) {
    console.log("aborted:", err.name, err.code);
  }

  // events.once on an EventTarget.
  const et = new EventTarget();
  setTimeout(() => et.dispatchEvent(new Event("ping")), 1);
  const [ev] = await once(et, "ping");
  console.log("EventTarget once:", ev.type, ev instanceof Event);

  // events.on async iterator.
  const src = new EventEmitter();
  setTimeout(() => {
    src.emit("data", "a");
    src.emit("data", "b");
    src.emit("data", "c");
  }, 1);
  const got = [];
  for await (const [v] of on(src, "data")) {
    got.push(v);
    if (got.length === 3) break;
  }
  console.log("on() iterator:", got, "listeners after break:", src.listenerCount("data"));
}
main();
