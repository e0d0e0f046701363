// assert: passing calls are silent, failures throw AssertionError.
const assert = require("assert");

function check(label, fn) {
  try {
    fn();
    console.log(label.padEnd(34), "ok");
  } catch (e) {
    console.log(label.padEnd(34), e.name, e.code, e instanceof assert.AssertionError);
    console.log("  message:", JSON.stringify(e.message));
    if (e.code === "ERR_ASSERTION") {
      console.log("  operator:", e.operator, "generatedMessage:", e.generatedMessage,
        "actual:", typeof e.actual, "expected:", typeof e.expected);
    }
  }
}

check("assert(true)", () => assert(true));
check("assert(0)", () => assert(0));
check("assert(false, msg)", () => assert(false, "custom message"));
check("ok(1)", () => assert.ok(1));
check("ok('')", () => assert.ok(""));
check("ok(null, Error)", () => assert.ok(null, new TypeError("own error")));
check("equal(1, '1')", () => assert.equal(1, "1"));
check("equal(1, 2)", () => assert.equal(1, 2));
check("notEqual(1, 2)", () => assert.notEqual(1, 2));
check("notEqual(1, '1')", () => assert.notEqual(1, "1"));
check("strictEqual(1, 1)", () => assert.strictEqual(1, 1));
check("strictEqual(1, 2)", () => assert.strictEqual(1, 2));
check("strictEqual(1, '1')", () => assert.strictEqual(1, "1"));
check("strictEqual('a', 'b', msg)", () => assert.strictEqual("a", "b", "letters differ"));
check("notStrictEqual(1, 1)", () => assert.notStrictEqual(1, 1));
check("notStrictEqual(1, '1')", () => assert.notStrictEqual(1, "1"));
check("deepEqual({a:1}, {a:'1'})", () => assert.deepEqual({ a: 1 }, { a: "1" }));
check("deepStrictEqual same", () => assert.deepStrictEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }));
check("deepStrictEqual diff", () => assert.deepStrictEqual({ a: 1, b: [1, 2] }, { a: 1, b: [1, 3] }));
check("deepStrictEqual type", () => assert.deepStrictEqual([1], ["1"]));
check("notDeepStrictEqual same", () => assert.notDeepStrictEqual({ a: 1 }, { a: 1 }));
check("notDeepStrictEqual diff", () => assert.notDeepStrictEqual({ a: 1 }, { a: 2 }));
check("throws", () => assert.throws(() => { throw new TypeError("boom"); }, TypeError));
check("throws regexp", () => assert.throws(() => { throw new Error("boom 42"); }, /boom \d+/));
check("throws object", () => assert.throws(() => { throw new RangeError("r"); }, { name: "RangeError", message: "r" }));
check("throws but nothing thrown", () => assert.throws(() => {}));
check("throws wrong class", () => assert.throws(() => { throw new Error("plain"); }, TypeError));
check("throws object mismatch", () => assert.throws(() => { throw new Error("a"); }, { message: "b" }));
check("doesNotThrow", () => assert.doesNotThrow(() => {}));
check("doesNotThrow but throws", () => assert.doesNotThrow(() => { throw new Error("oops"); }));
check("match", () => assert.match("abc", /b/));
check("match fails", () => assert.match("abc", /x/));
check("doesNotMatch fails", () => assert.doesNotMatch("abc", /b/));
check("fail()", () => assert.fail());
check("fail(msg)", () => assert.fail("explicit failure"));
check("ifError(null)", () => assert.ifError(null));
check("ifError(err)", () => assert.ifError(new Error("was an error")));
check("strict.equal(1, '1')", () => assert.strict.equal(1, "1"));
check("new AssertionError", () => {
  throw new assert.AssertionError({ actual: 1, expected: 2, operator: "strictEqual", message: "made by hand" });
});

(async () => {
  async function checkAsync(label, fn) {
    try {
      await fn();
      console.log(label.padEnd(34), "ok");
    } catch (e) {
      console.log(label.padEnd(34), e.name, e.code, JSON.stringify(e.message));
    }
  }
  await checkAsync("rejects", () => assert.rejects(Promise.reject(new Error("no")), /no/));
  await checkAsync("rejects with fn", () => assert.rejects(async () => { throw new TypeError("t"); }, TypeError));
  await checkAsync("rejects but resolves", () => assert.rejects(Promise.resolve(1)));
  await checkAsync("rejects wrong error", () => assert.rejects(Promise.reject(new Error("x")), { message: "y" }));
  await checkAsync("doesNotReject", () => assert.doesNotReject(Promise.resolve()));
  await checkAsync("doesNotReject but rejects", () => assert.doesNotReject(Promise.reject(new Error("r"))));
  console.log("strict export:", require("assert/strict") === assert.strict, typeof assert.strict.deepEqual);
})();

// globalThis and process carry their own type tags: a copy with the same
// prototype is not deep-equal.
console.log(Object.prototype.toString.call(globalThis), Object.prototype.toString.call(process));
const fakeProcess = Object.setPrototypeOf({}, Object.getPrototypeOf(process));
for (const k of Object.keys(process)) fakeProcess[k] = process[k];
console.log("fake process deep-equal:", require("util").isDeepStrictEqual(fakeProcess, process));

// Deep equality: a key that is own but not enumerable on the other side; a
// Buffer copy that fakes its tag.
const b1 = { y: 1 };
Object.defineProperty(b1, "x", { value: 1 });
console.log("non-enumerable key:", require("util").isDeepStrictEqual({ x: 1 }, b1));
const buf = Buffer.from("test");
const fakeBuf = Object.create(Object.getPrototypeOf(buf), Object.getOwnPropertyDescriptors(buf));
Object.defineProperty(fakeBuf, Symbol.toStringTag, { value: "Uint8Array" });
try {
  assert.deepEqual(buf, fakeBuf);
  console.log("fake buffer: equal");
} catch (e) {
  console.log("fake buffer:", e.code);
}
// assert.ok's message quotes a call with non-ASCII identifiers.
const ässört = assert;
try {
  ässört.ok("");
} catch (e) {
  console.log(e.message);
}
