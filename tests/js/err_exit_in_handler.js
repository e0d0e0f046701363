// process.exit() inside a timer and inside an 'exit' listener.
process.on("exit", (code) => {
  console.log("exit listener, code", code);
  process.exitCode = 9; // changing exitCode in 'exit' changes the status
});
setTimeout(() => {
  console.log("timer calls process.exit()");
  process.exitCode = 5;
  process.exit();
}, 1);
