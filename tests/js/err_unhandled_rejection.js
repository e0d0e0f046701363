// An unhandled rejection with an Error: reported like an uncaught exception, exit 1.
process.on("exit", (code) => console.log("exit listener, code", code));
async function load() {
  await null;
  throw new Error("async failure nobody handled");
}
load();
console.log("sync code finished");
