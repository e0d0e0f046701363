const util = require("util");
console.log(util.format("%s=%d %j", "a", 1, { b: 2 }));
console.log(util.format("no specifiers", 1, "x", { y: [1] }));
console.log(util.format(1, 2, "3"));
console.log(JSON.stringify(util.format()));
console.log(util.format("%s", { toString() { return "custom toString"; } }));
console.log(util.format("%s", new (class Foo { toString() { return "Foo.toString"; } })()));
console.log(util.format("%s %s", 1.5, -0), util.format("%d", -0));
console.log(util.formatWithOptions({ compact: false }, "%O", { a: 1 }));

const obj = { a: 1, nested: { b: { c: { d: { e: 1 } } } }, arr: [1, 2, 3], s: "str" };
console.log(util.inspect(obj));
console.log(util.inspect(obj, { depth: 0 }));
console.log(util.inspect(obj, { depth: Infinity }));
console.log(util.inspect(obj, { compact: false }));
console.log(util.inspect(obj, { breakLength: Infinity, depth: null }));
console.log(util.inspect("str"), util.inspect(42), util.inspect(null), util.inspect(undefined));
console.log(util.inspect(Array.from({ length: 200 }, (_, i) => i), { maxArrayLength: 5 }));
console.log(util.inspect("x".repeat(50), { maxStringLength: 10 }));
console.log(util.inspect({ b: 2, a: 1, c: 3 }, { sorted: true }));
console.log(util.inspect(Object.defineProperty({}, "hidden", { value: 1 }), { showHidden: true }));
console.log(util.inspect({ get g() { return 5; } }, { getters: true }));
console.log(util.inspect(123456789, { numericSeparator: true }));
console.log(util.inspect({ a: "x" }, { colors: true }) === "{ a: \u001b[32m'x'\u001b[39m }");

class Custom {
  [util.inspect.custom](depth, options, inspect) {
    return `Custom<depth=${depth}, ${typeof options.stylize}, ${inspect === util.inspect}>`;
  }
}
console.log(new Custom(), [new Custom()], util.inspect({ c: new Custom() }));
console.log(util.inspect.custom === Symbol.for("nodejs.util.inspect.custom"));
console.log("defaultOptions.depth:", util.inspect.defaultOptions.depth);
console.log(util.inspect(new Map([[1, { a: [1, { b: 2 }] }]]), { depth: 1 }));
console.log(util.inspect(new Error("e"), { depth: 0 }).split("\n")[0]);
console.log(util.types.isDate(new Date()), util.isArray([]), util.isDeepStrictEqual({ a: [1] }, { a: [1] }));
console.log(util.toUSVString("a\ud800b"), util.stripVTControlCharacters("\u001b[31mred\u001b[39m"));
