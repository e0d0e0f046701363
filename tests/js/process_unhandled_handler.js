process.on("unhandledRejection", (reason, promise) => {
  console.log("unhandledRejection:", reason instanceof Error ? reason.message : reason,
    promise instanceof Promise);
});
process.on("rejectionHandled", (promise) => console.log("rejectionHandled", promise instanceof Promise));
process.on("exit", (code) => console.log("exit code", code));
Promise.reject(new Error("nobody catches this"));
Promise.reject(42);
const late = Promise.reject("handled late");
setTimeout(() => {
  late.catch(() => console.log("caught late"));
}, 10);
(async () => {
  throw new Error("async function");
})();
console.log("sync end");
