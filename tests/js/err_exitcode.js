// process.exitCode sets the status of a normal exit.
process.exitCode = 3;
setTimeout(() => console.log("the loop still runs to completion"), 5);
process.on("exit", (code) => console.log("exit listener, code", code, "exitCode", process.exitCode));
