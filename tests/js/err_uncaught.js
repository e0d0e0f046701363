// An uncaught exception: the error with its source line and a caret on
// stderr, exit code 1; 'exit' listeners still run.
process.on("exit", (code) => console.log("exit listener, code", code));
console.log("before the throw");
function fail() {
  throw new TypeError("something went wrong");
}
fail();
console.log("NEVER");
