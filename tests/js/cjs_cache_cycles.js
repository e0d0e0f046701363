const path = require("path");
const c1 = require("./fixtures/cjs/counter");
const c2 = require("./fixtures/cjs/counter.js");
console.log("same object:", c1 === c2, "evaluations:", c1.evaluations);
console.log(c1.increment(), c2.increment());

const key = require.resolve("./fixtures/cjs/counter");
console.log("cache key:", path.relative(__dirname, key), key in require.cache);
console.log("cache entry is a Module:", require.cache[key].exports === c1, require.cache[key].loaded);
delete require.cache[key];
const c3 = require("./fixtures/cjs/counter");
console.log("after deleting from the cache:", c3 === c1, "evaluations:", c3.evaluations, c3.increment());

console.log("--- cycle");
const a = require("./fixtures/cjs/a");
const b = require("./fixtures/cjs/b");
console.log("a:", a, "b:", b);

console.log("--- a module that throws is not cached");
for (let i = 0; i < 2; i++) {
  try {
    require("./fixtures/cjs/throws");
  } catch (e) {
    console.log(e.message, "evaluations:", globalThis.throwsEvaluations);
  }
}
console.log("in cache:", require.resolve("./fixtures/cjs/throws") in require.cache);
console.log("cache keys are absolute:", Object.keys(require.cache).every((k) => path.isAbsolute(k)));
