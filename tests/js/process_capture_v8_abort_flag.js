// --abort-on-uncaught-exception given to V8 at run time (not on the command
// line) does not abort: the capture callback still receives the error.
const v8 = require("v8");
v8.setFlagsFromString("--abort-on-uncaught-exception");
process.setUncaughtExceptionCaptureCallback((err) => {
  console.log("captured:", err.message);
  process.setUncaughtExceptionCaptureCallback(null);
  setImmediate(() => console.log("still running"));
});
console.log("throwing");
throw new Error("foo");
