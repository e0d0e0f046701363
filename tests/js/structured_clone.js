// structuredClone: deep copies of Maps, Sets, Dates, cycles, typed arrays;
// DataCloneError for functions and symbols.
const date = new Date(Date.UTC(2021, 5, 15, 8, 0, 0));
const src = {
  num: 1,
  str: "s",
  nested: { arr: [1, { deep: true }] },
  map: new Map([["k", { v: 1 }]]),
  set: new Set([1, 2]),
  date,
  re: /x+/g,
  big: 10n,
  bytes: new Uint8Array([1, 2, 3]),
  undef: undefined,
  nan: NaN,
  negZero: -0,
};
src.self = src;
src.nested.parent = src;

const copy = structuredClone(src);
console.log(copy !== src, copy.self === copy, copy.nested.parent === copy);
console.log(copy.map instanceof Map, copy.map !== src.map, copy.map.get("k"));
console.log(copy.set instanceof Set, [...copy.set]);
console.log(copy.date instanceof Date, copy.date !== date, copy.date.toISOString());
console.log(copy.re instanceof RegExp, copy.re.source, copy.re.flags, copy.re.lastIndex);
console.log(copy.big, copy.bytes, copy.bytes.buffer !== src.bytes.buffer);
console.log("undef" in copy, copy.undef, copy.nan, Object.is(copy.negZero, -0));
console.log(copy.nested.arr[1] !== src.nested.arr[1], copy.nested.arr);

class Point {
  constructor() {
    this.x = 1;
  }
  get y() {
    return 2;
  }
}
const p = structuredClone(new Point());
console.log(p, p instanceof Point, p.constructor === Object);

const err = structuredClone(new RangeError("cloned error"));
console.log(err instanceof RangeError, err.name, err.message);

console.log(structuredClone([1, , 3]).length, structuredClone("prim"), structuredClone(null));

for (const bad of [() => {}, Symbol("s"), { fn() {} }, new WeakMap()]) {
  try {
    structuredClone(bad);
    console.log("no error?");
  } catch (e) {
    console.log(e.name, e instanceof DOMException, e.code, e.message);
  }
}

try {
  structuredClone();
} catch (e) {
  console.log(e.name, e.code, e.message);
}

// Transfer moves an ArrayBuffer: the original is detached.
const buf = new ArrayBuffer(8);
const moved = structuredClone(buf, { transfer: [buf] });
console.log(buf.byteLength, moved.byteLength);
