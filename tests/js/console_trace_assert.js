// console.trace and failed console.assert write to stderr (stack lines are
// dropped by the runner's normaliser).
console.trace("trace message %d", 7);
console.trace();
console.assert(true, "never printed");
console.assert(1 === 1);
console.assert(false, "assertion %s", "formatted");
console.assert(0);
console.assert(null, { detail: 1 });
console.log("stdout still works");
