process.on("uncaughtException", (err, origin) => {
  console.log("caught:", err.message, "origin:", origin);
});
process.on("exit", (code) => console.log("exit code", code));
setTimeout(() => {
  throw new Error("from a timer");
}, 1);
setTimeout(() => {
  console.log("the process keeps running");
  throw new TypeError("second");
}, 10);
throw new Error("from the main module");
