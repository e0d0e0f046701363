// Timers with Node's list semantics: a delay is truncated for scheduling
// (1.8 ms waits as 1 ms, in creation order), refresh() inside or after the
// callback starts a timer again, _repeat set in a callback makes an
// interval, _idleTimeout -1 or a null _onTimeout stops one, timers.active()
// marks the item, enroll() warns above 2^31-1.
const timers = require("timers");

process.on("warning", (w) => {
  if (w.name === "TimeoutOverflowWarning") console.log("warning:", w.message.split("\n")[0]);
});

function step1() {
  const order = [];
  setTimeout(() => order.push(1), 1);
  setTimeout(() => order.push(2), 1.8);
  setTimeout(() => order.push(3), 1.1);
  setTimeout(() => order.push(4), 1);
  setTimeout(() => {
    console.log("non-integer delays run in creation order:", order.join(","));
    step2();
  }, 2);
}

function step2() {
  let calls = 0;
  const t = setTimeout(() => {
    calls++;
    if (calls === 1) t.refresh();
    else if (calls === 2) {
      console.log("refresh in the callback ran it again:", calls);
      const again = t.refresh();
      console.log("refresh after it fired returns it:", again === t);
      setTimeout(() => {
        console.log("and it ran a third time:", calls);
        step3();
      }, 20);
    }
  }, 1);
}

function step3() {
  let calls = 0;
  const t = setTimeout(() => {
    calls++;
    if (t._repeat) clearInterval(t);
    t._repeat = 1;
  }, 1);
  setTimeout(() => {
    console.log("timeout turned interval ran:", calls);
    step4();
  }, 30);
}

function step4() {
  let a = 0;
  let b = 0;
  const i1 = setInterval(() => {
    a++;
    i1._idleTimeout = -1;
  }, 1);
  const i2 = setInterval(() => {
    b++;
    i2._onTimeout = null;
  }, 1);
  setTimeout(() => {
    console.log("interval stopped by _idleTimeout -1:", a, "by a null _onTimeout:", b);
    const cleared = setTimeout(() => console.log("NEVER: cleared timer"), 1);
    clearTimeout(cleared);
    cleared.refresh();
    console.log("cleared timer: _idleTimeout", cleared._idleTimeout);
    step5();
  }, 30);
}

function step5() {
  const item = { _idleTimeout: 5, _onTimeout() { console.log("active item fired"); step6(); } };
  timers.active(item);
  console.log("active(): _idleStart integer", Number.isInteger(item._idleStart),
    "linked", Boolean(item._idleNext && item._idlePrev));
  const bogus = { _idleTimeout: -1 };
  timers.active(bogus);
  console.log("active() on -1 leaves it:", JSON.stringify(bogus));
}

function step6() {
  const item = { _onTimeout() {} };
  timers.enroll(item, 2 ** 31);
  console.log("enroll() truncates to", item._idleTimeout);
  timers.unenroll(item);
}

step1();
