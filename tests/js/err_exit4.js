// process.exit(4) exits at once: pending timers never run, 'exit' listeners do.
setTimeout(() => console.log("NEVER: timer"), 0);
Promise.resolve().then(() => console.log("NEVER: microtask"));
process.on("exit", (code) => console.log("exit listener, code", code));
console.log("about to exit");
process.stdout.write("written just before exit\n");
process.exit(4);
console.log("NEVER: after exit");
