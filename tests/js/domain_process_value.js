// process.domain as Node keeps it: null once the domain module is loaded,
// undefined after a domain's run() left the stack empty, undefined inside a
// domain's 'error' handler and null for the next timers after an uncaught
// error a domain handled.
const domain = require("domain");
console.log("loaded:", process.domain);
domain.create().run(() => {});
console.log("after run:", process.domain);

setTimeout(() => {
  const d = domain.create();
  d.on("error", (e) => console.log("handler:", e.message, "process.domain:", process.domain));
  d.run(() => {
    throw new Error("boom");
  });
}, 5);
setTimeout(() => console.log("next timer:", process.domain), 5);
