// An uncaught error with extra properties and a cause, thrown from a timer.
setTimeout(() => {
  const err = new RangeError("from a timer");
  err.code = "E_TIMER";
  err.details = { attempt: 3 };
  throw err;
}, 1);
console.log("scheduled");
