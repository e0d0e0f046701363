// util.promisify, callbackify, inherits, deprecate, types, isDeepStrictEqual.
// stderr: ignore (the deprecation warning on stderr carries the pid)
const util = require("util");
const fs = require("fs");

function addLater(a, b, cb) {
  setTimeout(() => (a < 0 ? cb(new Error("negative")) : cb(null, a + b)), 1);
}
const addP = util.promisify(addLater);
const custom = function () {};
custom[util.promisify.custom] = () => Promise.resolve("custom promisified");

async function main() {
  console.log("promisify:", await addP(2, 3));
  try {
    await addP(-1, 0);
  } catch (e) {
    console.log("promisify rejects:", e.message);
  }
  console.log("promisify.custom:", await util.promisify(custom)(), util.promisify(custom) === custom[util.promisify.custom]);
  console.log("promisified fs.stat:", (await util.promisify(fs.stat)(__filename)).isFile());
  console.log("promisify(setTimeout):", await util.promisify(setTimeout)(1, "value"));
  try {
    util.promisify("nope");
  } catch (e) {
    console.log(e.code);
  }

  const cbified = util.callbackify(async (x) => {
    if (x === "fail") throw new Error("async failed");
    if (x === "null") return Promise.reject(null);
    return x * 2;
  });
  await new Promise((resolve) => cbified(21, (err, v) => {
    console.log("callbackify:", err, v);
    resolve();
  }));
  await new Promise((resolve) => cbified("fail", (err) => {
    console.log("callbackify error:", err.message);
    resolve();
  }));
  await new Promise((resolve) => cbified("null", (err) => {
    console.log("callbackify falsy rejection:", err.code, err.reason);
    resolve();
  }));

  function Animal(name) {
    this.name = name;
  }
  Animal.prototype.hello = function () {
    return "I am " + this.name;
  };
  function Dog(name) {
    Animal.call(this, name);
  }
  util.inherits(Dog, Animal);
  const d = new Dog("rex");
  console.log("inherits:", d.hello(), d instanceof Animal, Dog.super_ === Animal);
  try {
    util.inherits(Dog, null);
  } catch (e) {
    console.log(e.code);
  }

  process.on("warning", (w) => console.log("warning event:", w.name, w.code, w.message));
  const dep = util.deprecate(() => "old result", "oldFn() is deprecated", "DEP_SHOAL_1");
  console.log("deprecate:", dep(), dep());
  await new Promise((r) => setImmediate(r));

  const t = util.types;
  console.log("types:",
    t.isPromise(Promise.resolve()), t.isRegExp(/x/), t.isDate(new Date()), t.isMap(new Map()),
    t.isSet(new Set()), t.isTypedArray(new Uint8Array()), t.isUint8Array(Buffer.alloc(1)),
    t.isArrayBuffer(new ArrayBuffer(1)), t.isAsyncFunction(async () => {}),
    t.isGeneratorFunction(function* () {}), t.isNativeError(new TypeError()), t.isProxy(new Proxy({}, {})),
    t.isBoxedPrimitive(Object(1)), t.isWeakMap(new WeakMap()), t.isAnyArrayBuffer(new SharedArrayBuffer(1)));
  console.log("types negative:", t.isPromise({ then() {} }), t.isDate(Date.now()), t.isNativeError({ message: "x" }));

  const eq = util.isDeepStrictEqual;
  console.log("isDeepStrictEqual:",
    eq({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), eq([1], ["1"]), eq(NaN, NaN), eq(0, -0),
    eq(new Map([[1, 2]]), new Map([[1, 2]])), eq(new Set([1]), new Set([2])),
    eq(Object.create(null), {}), eq(new Date(1), new Date(1)), eq([1, , 3], [1, undefined, 3]));
}
main();
