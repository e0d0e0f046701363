// How console.log shows objects, arrays, nesting, Maps and Sets.
console.log({});
console.log([]);
console.log({ a: 1, b: "two", c: [3], d: { e: null, f: undefined } });
console.log({ "needs-quotes": 1, valid_id: 2, 3: "numeric key", "": "empty" });
console.log([1, , 3, , , 6]);
console.log(new Array(5));
console.log([1, 2, 3].concat(Array.from({ length: 120 }, (_, i) => i)));
console.log(Object.assign([1, 2], { extra: "prop" }));
console.log({ a: { b: { c: { d: { e: 1 } } } } });
console.log([[[[["deep"]]]]]);
console.log({
  longish: "a long string value that pushes the line over the width",
  another: "another long string value to force a break",
  num: 12345,
});
console.log(Array.from({ length: 30 }, (_, i) => i * 3));
console.log(["apple", "banana", "cherry", "date", "elderberry", "fig", "grape", "honeydew"]);
console.log(new Map());
console.log(new Map([["a", 1], [{ k: 1 }, [1, 2]]]));
console.log(new Set());
console.log(new Set([1, "two", { three: 3 }]));
console.log(new Map([["nested", new Map([["inner", new Set([1])]])]]));
console.log(new WeakMap(), new WeakSet());
console.log([new Map([[1, 2]]).entries(), new Set([5]).values(), [1, 2][Symbol.iterator]()]);
console.log(new Date(0), [new Date(Date.UTC(2020, 1, 29, 12, 30))]);
console.log(new Date(NaN));
console.log(/ab+c/gi, [/x/]);
console.log(function named() {}, () => {}, async function af() {}, function* gen() {});
console.log([function () {}, class {}]);
console.log(Object.assign(function withProps() {}, { prop: 1 }));
console.log(new Number(3), new String("boxed"), new Boolean(false), Object(Symbol("s")), Object(5n));
console.log([undefined, null, NaN, -0, 0, 1n, true]);
console.log("top-level string", ["nested string"], { s: "x\ny'z" });
console.log(["a\tb", "c\\d", "\u0001", "é ü 🙂"]);
console.log(globalThis === global, typeof globalThis);
console.log(Math, JSON);
console.log(arguments.length, (function () { return arguments; })(1, 2));
