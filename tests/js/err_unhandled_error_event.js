// stderr: ignore
// An 'error' event nobody listens for is an uncaught exception: exit 1.
// stderr is not compared: Node shows its own internal source location
// ("node:events:NNN") there, which varies between Node versions.
const EventEmitter = require("events");
process.on("exit", (code) => console.log("exit code", code));
console.log("before");
new EventEmitter().emit("error", new Error("nobody listens"));
console.log("NEVER");
