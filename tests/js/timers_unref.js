// An unref'd timer doesn't keep the process alive; ref() brings it back.
const t1 = setTimeout(() => console.log("NEVER: unref'd timeout"), 100000);
console.log("unref returns the timer:", t1.unref() === t1, "hasRef:", t1.hasRef());

const iv = setInterval(() => console.log("NEVER: unref'd interval"), 100000);
iv.unref();

const t2 = setTimeout(() => {
  console.log("re-ref'd timer fired");

  const im = setImmediate(() => console.log("unref'd immediate still runs this turn"));
  console.log("immediate unref returns it:", im.unref() === im, im.hasRef());

  // A short unref'd timer still fires while something else keeps the loop alive.
  const short = setTimeout(() => console.log("short unref'd timer fired"), 5);
  short.unref();
  setTimeout(() => console.log("keep-alive timer done"), 30);
}, 10);
t2.unref();
t2.ref();
console.log("hasRef after ref():", t2.hasRef());

process.on("exit", (code) => console.log("exit", code));
