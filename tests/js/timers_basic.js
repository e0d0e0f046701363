// setTimeout / setInterval / setImmediate and their clear* functions.
// Steps run one after another so that no output depends on how long
// start-up took.
const steps = [];
const step = (fn) => steps.push(fn);
const next = () => {
  const fn = steps.shift();
  if (fn) fn();
};

step(() => {
  const t = setTimeout((a, b) => {
    console.log("timeout args:", a, b);
    next();
  }, 5, "x", "y");
  console.log(typeof t, typeof t.ref, typeof t.unref, typeof t.hasRef, t.hasRef());
  console.log(typeof t[Symbol.toPrimitive], typeof +t);

  const cancelled = setTimeout(() => console.log("NEVER: cleared timeout"), 1);
  clearTimeout(cancelled);
  clearTimeout(undefined);
  clearTimeout(null);
  clearTimeout(12345678);
  // clearTimeout also accepts the timer's primitive id.
  const byId = setTimeout(() => console.log("NEVER: cleared by id"), 1);
  clearTimeout(+byId);
});

step(() => {
  const im = setImmediate((v) => {
    console.log("immediate with arg", v);
    next();
  }, 99);
  console.log(typeof im, im.constructor.name, typeof im.hasRef);
  const imCancelled = setImmediate(() => console.log("NEVER: cleared immediate"));
  clearImmediate(imCancelled);
});

step(() => {
  let ticks = 0;
  const iv = setInterval((tag) => {
    ticks++;
    console.log("interval", tag, ticks);
    if (ticks === 3) {
      clearInterval(iv);
      console.log("interval cleared");
      setTimeout(next, 10);
    }
  }, 2, "tag");
});

step(() => {
  // Timeouts fire in order of their deadline, equal deadlines in creation order.
  setTimeout(() => console.log("order: 40"), 40);
  setTimeout(() => console.log("order: 20"), 20);
  setTimeout(() => console.log("order: 20 again"), 20);
  setTimeout(() => console.log("order: 30"), 30);
  // Non-numeric and negative delays mean 1 ms.
  setTimeout(() => console.log("order: delay 'abc' behaves as 1"), "abc");
  setTimeout(() => console.log("order: negative delay behaves as 1"), -10);
  setTimeout(next, 60);
});

step(() => {
  // A timer can be cleared from another timer's callback.
  const later = setTimeout(() => console.log("NEVER: cleared by earlier"), 40);
  setTimeout(() => {
    clearTimeout(later);
    console.log("cleared the 40 ms timer");
    next();
  }, 10);
});

step(() => {
  // timer.refresh() restarts the countdown and returns the timer.
  const r = setTimeout(() => console.log("refreshed timer fired"), 20);
  console.log("refresh returns the timer:", r.refresh() === r);
  // An interval cleared inside its own first callback runs once.
  const once = setInterval(() => {
    console.log("interval cleared in its own callback");
    clearInterval(once);
  }, 1);
  setTimeout(() => console.log("last"), 40);
});

next();
