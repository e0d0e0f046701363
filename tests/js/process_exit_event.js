process.on("beforeExit", (code) => {
  console.log("beforeExit", code, "exitCode:", process.exitCode);
  if (!globalThis.scheduled) {
    globalThis.scheduled = true;
    setTimeout(() => console.log("work scheduled from beforeExit"), 1);
  }
});
process.on("exit", (code) => {
  console.log("exit handler 1, code", code);
  setTimeout(() => console.log("NEVER: timers don't run after exit"), 0);
});
process.once("exit", function (code) {
  console.log("exit handler 2, code", code, "this is process:", this === process);
});
process.exitCode = 7;
console.log("main done");
