// The timers module exports the same functions as the globals.
const timers = require("timers");
console.log(timers.setTimeout === setTimeout, timers.clearTimeout === clearTimeout);
console.log(timers.setInterval === setInterval, timers.clearInterval === clearInterval);
console.log(timers.setImmediate === setImmediate, timers.clearImmediate === clearImmediate);
console.log(typeof timers.promises, timers.promises === require("timers/promises"));
console.log(require("node:timers") === timers);
timers.setTimeout(() => console.log("timers.setTimeout fired"), 1);
