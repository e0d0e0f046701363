// Differential cases for util.inspect / util.format / console / assert.
// Run with `node` and with shoal; the outputs must be identical.
// Stack traces are avoided (errors get fixed fake stacks) so output is stable.
'use strict';
const util = require('util');
const assert = require('assert');
const { inspect, format } = util;

let caseNo = 0;
function show(value, opts) {
  caseNo++;
  console.log(`#${caseNo}`, opts === undefined ? inspect(value) : inspect(value, opts));
}
function fakeErr(Ctor, msg, frames = 2) {
  const e = new Ctor(msg);
  let stack = `${e.name}: ${msg}`;
  for (let i = 0; i < frames; i++) stack += `\n    at fn${i} (/x/file.js:${i + 1}:${i + 2})`;
  e.stack = stack;
  return e;
}

// --- primitives
[
  1, -1, 0, -0, 1.5, NaN, Infinity, -Infinity, 1e21, 2 ** 53, 0.1 + 0.2,
  1n, -12345678901234567890n, true, false, undefined, null,
  'str', '', "it's", 'say "hi"', 'both \' and "', 'all \' " `', 'a\nb', 'tab\there',
  '\x00\x01\x1f\x7f\x9f', '\\back', '\ud800', 'ok \ud83d\ude00', 'x'.repeat(200),
  Symbol('sym'), Symbol(), Symbol.iterator, Symbol.for('reg'), Symbol('with\nnewline'),
].forEach((v) => show(v));
show([1, -0, 0, 'a', 2n, Symbol('x'), undefined, null, true]);

// --- strings: long and multi-line, nested
show({ s: 'line1\nline2 is long enough to break the line length limit of eighty chars\nline3' });
show(['short\nlines']);
show('a'.repeat(30) + '\n' + 'b'.repeat(60) + '\n');
show({ long: 'x'.repeat(100) });
show('abcdefghij', { maxStringLength: 4 });
show(['abcdefghij'], { maxStringLength: 1 });

// --- arrays
show([]);
show([1, 2, 3]);
show([, 1]);
show([1, , 3]);
show([, , , 4, , ]);
show(new Array(5));
show(new Array(3).concat([1]));
const sparse = [1, 2]; sparse[10] = 3; sparse.extra = 'x'; show(sparse);
show(Array.from({ length: 101 }, (_, i) => i));
show(Array.from({ length: 250 }, (_, i) => i * 3));
show(Array.from({ length: 30 }, (_, i) => 'item' + i));
show(Array.from({ length: 26 }, (_, i) => String.fromCharCode(97 + i).repeat(i % 7 + 1)));
show(Array.from({ length: 10 }, (_, i) => i), { maxArrayLength: 3 });
show(Array.from({ length: 10 }, (_, i) => i), { maxArrayLength: 0 });
show([1.5, -2.25, 100, 3, 4, 5, 6, 7, 8, 9, 1000000, 12]);
show([1n, 2n, 300n, 4n, 5n, 6n, 7n, 8n]);
show([true, false, true, false, true, false, true, false]);
show(Array.from({ length: 7 }, (_, i) => ({ a: i })));
show([[1, 2, [3, 4, [5, [6]]]]]);
show([undefined, null, NaN]);
const arrProps = [1, 2]; arrProps.foo = 'bar'; arrProps[Symbol('s')] = 1; show(arrProps);
class MyArray extends Array {}
show(MyArray.from([1, 2]));
show(new MyArray());
show(Array.from({ length: 120 }, (_, i) => 'x'.repeat(i % 5)));
show(Array.from({ length: 40 }, (_, i) => (i % 3 ? i : -i * 1000)));
show([['a', 1], ['b', 2], ['c', 3], ['d', 4], ['e', 5], ['f', 6], ['g', 7]]);

// --- objects
show({});
show({ a: 1, b: 'two', c: [3], d: { e: { f: { g: 1 } } } });
show({ 'a-b': 1, 'valid_id': 2, '1abc': 3, 'a b': 4, "it's": 5, '': 6, 123: 7, $dollar: 8 });
show({ __proto__: null, x: 1 });
show(Object.create(null));
show({ ['__proto__']: 1 });
show({ [Symbol('k')]: 1, [Symbol()]: 2, [Symbol.iterator]: 3 });
show({ a: { b: { c: { d: { e: 1 } } } } });
show({ a: { b: { c: { d: { e: 1 } } } } }, { depth: 0 });
show({ a: { b: { c: { d: { e: 1 } } } } }, { depth: null });
show({ a: { b: { c: { d: { e: 1 } } } } }, { depth: Infinity });
show({ a: [{ b: [{ c: [] }] }] });
show({ a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9, j: 10, k: 11, l: 12, m: 13, n: 14, o: 15, p: 16, q: 17, r: 18, s: 19, t: 20, u: 21, v: 22, w: 23, x: 24, y: 25, z: 26 });
show({ key1: 'value one', key2: 'value two', key3: 'value three', key4: 'value four' });
show({ key1: 'value one', key2: 'value two', key3: 'value three', key4: 'value four', key5: 5 });
show({ nested: { key1: 'value one', key2: 'value two', key3: 'value three', k: 1 } });
show({ a: { b: { c: {} } } });
show({ a: { b: { c: [] } } });
show({ a: [[[[]]]] });
show({ a: [[[[1]]]] });
show({ x: undefined, y: null, z: () => {} });
show(Object.defineProperty({ visible: 1 }, 'hidden', { value: 2, enumerable: false }));
show(Object.defineProperty({ visible: 1 }, 'hidden', { value: 2, enumerable: false }), { showHidden: true });
show({ get a() { return 1; }, set b(v) {}, get c() { return 2; }, set c(v) {} });
show({ get a() { return 1; }, get o() { return { x: 1 }; }, get n() { return null; }, get t() { throw new Error('nope'); } }, { getters: true });
show({ get a() { return 1; }, get c() { return 2; }, set c(v) {} }, { getters: 'set' });
show({ c: 3, a: 1, b: 2 }, { sorted: true });
show({ c: 3, a: 1, b: 2 }, { sorted: (x, y) => (x < y ? 1 : -1) });
show({ a: 1, b: { c: 2 } }, { compact: false });
show([1, 2, [3, { a: 1 }]], { compact: false });
show({ a: 1, b: { c: 2, d: [1, 2, 3] } }, { compact: true });
show({ a: 1, b: { c: 2, d: [1, 2, 3] } }, { compact: 1 });
show({ a: 'x'.repeat(50), b: 'y'.repeat(50) }, { breakLength: Infinity });
show({ a: 'x'.repeat(20), b: 'y'.repeat(20) }, { breakLength: 40 });
show({ a: 1 }, true);
show({ a: { b: { c: 1 } } }, false, 0);
show(123456789.123, { numericSeparator: true });
show([1000, -1234567, 123456789n, 0.0001234], { numericSeparator: true });

// --- classes and instances
class Foo { constructor() { this.a = 1; } }
class Bar extends Foo { constructor() { super(); this.b = 2; } }
class Empty {}
show(new Foo());
show(new Bar());
show(new Empty());
show([new Empty(), new Foo()]);
show(Foo);
show(Bar);
show(class {});
show(class extends Foo {});
class WithStatic { static x = 1; static y = 'two'; }
show(WithStatic);
class Tagged { get [Symbol.toStringTag]() { return 'TagX'; } }
show(new Tagged());
show({ [Symbol.toStringTag]: 'Own' });
const tagObj = {}; Object.defineProperty(tagObj, Symbol.toStringTag, { value: 'Hidden' }); show(tagObj);
class TaggedWithProps { constructor() { this.v = 1; } get [Symbol.toStringTag]() { return 'TP'; } }
show(new TaggedWithProps());
show(Object.create(Foo.prototype));
const noCtor = Object.create({}); noCtor.x = 1; show(noCtor);
const protoless = Object.create(Object.create(null)); protoless.y = 2; show(protoless);
function OldStyle() { this.q = 1; }
show(new OldStyle());
show(Object.setPrototypeOf([1, 2], null));
show(Object.setPrototypeOf(new Map([[1, 2]]), null));
show(Object.setPrototypeOf(new Set([1]), null));
class Deep { constructor() { this.child = { arr: [new Foo()] }; } }
show({ d: { e: new Deep() } });

// --- functions
function named() {}
show(named);
show(() => {});
show(function () {});
show(async function af() {});
show(async () => {});
show(function* gen() {});
show(async function* agen() {});
const fnProps = function withProps() {}; fnProps.x = 1; fnProps.y = { z: 2 }; show(fnProps);
show(Math.max);
show(Object.setPrototypeOf(function nullProtoFn() {}, null));
const renamed = function () {}; Object.defineProperty(renamed, 'name', { value: 'custom name' }); show(renamed);
show({ method() {}, arrow: () => 1, cls: class Inner {} });
show([named, Foo]);
show(Function.prototype);
show(Object.assign(() => {}, { a: 1 }));

// --- boxed primitives
show(new Number(3));
show(new Number(-0));
show(new String('abc'));
show(new Boolean(false));
show(Object(1n));
show(Object(Symbol('bx')));
const boxedWithProp = new String('hi'); boxedWithProp.extra = 1; show(boxedWithProp);
show([new Number(1), new String('')]);

// --- Date / RegExp
show(new Date(0));
show(new Date(1700000000123));
show(new Date(NaN));
const dateProp = new Date(0); dateProp.x = 1; show(dateProp);
show(/abc/gi);
show(/[a-z]+\/x/);
show(new RegExp(''));
const reProp = /x/; reProp.y = 2; show(reProp);
show({ when: new Date(86400000), re: /q/m });
class MyDate extends Date {}
show(new MyDate(0));
class MyRegExp extends RegExp {}
show(new MyRegExp('a', 'g'));

// --- Map / Set / weak
show(new Map());
show(new Set());
show(new Map([['a', 1], [{ k: 1 }, [1, 2]]]));
show(new Set([1, 'two', { three: 3 }, [4]]));
show(new Map([[new Map([[1, 2]]), new Set([3])]]));
show(new Map(Array.from({ length: 30 }, (_, i) => [i, 'v' + i])));
show(new Set(Array.from({ length: 30 }, (_, i) => i)));
show(new Set(Array.from({ length: 10 }, (_, i) => i)), { maxArrayLength: 2 });
show(new Map(Array.from({ length: 10 }, (_, i) => [i, i])), { maxArrayLength: 2 });
const mapProp = new Map([[1, 2]]); mapProp.extra = true; show(mapProp);
show(new WeakMap());
show(new WeakSet());
const wkey = { wk: 1 };
const keep = [wkey];
show(new WeakSet([wkey]), { showHidden: true });
show(new WeakMap([[wkey, 'val']]), { showHidden: true });
class MyMap extends Map {}
show(new MyMap([[1, 2]]));
show(new Map([[1, 2]]).entries());
show(new Map([[1, 2], [3, 4]]).keys());
show(new Map([[1, 2]]).values());
show(new Set([5, 6]).values());
show(new Set([5, 6]).entries());
const partly = new Set([1, 2, 3]).values(); partly.next(); show(partly);
show([1, 2, 3][Symbol.iterator]());
show('abc'[Symbol.iterator]());
show((function* g() { yield 1; })());

// --- typed arrays / buffers
show(new Uint8Array([1, 2, 3]));
show(new Uint8Array(0));
show(new Int8Array([-1, 127]));
show(new Uint16Array(2));
show(new Int32Array([1, -1]));
show(new Float32Array([1.5, NaN, -0]));
show(new Float64Array([0.1, 1e100]));
show(new BigInt64Array([1n, -2n]));
show(new BigUint64Array([3n]));
show(new Uint8ClampedArray([255, 0]));
show(new Uint8Array(150));
show(new Uint8Array(20), { maxArrayLength: 5 });
show(new Uint8Array([1, 2]), { showHidden: true });
const taProp = new Uint8Array(2); taProp.foo = 1; show(taProp);
show(new ArrayBuffer(0));
show(new ArrayBuffer(3));
show(new Uint8Array([1, 2, 255]).buffer);
show(new ArrayBuffer(120));
show(new ArrayBuffer(10), { maxArrayLength: 4 });
show(new SharedArrayBuffer(2));
show(new DataView(new ArrayBuffer(4), 1, 2));
show({ buf: new ArrayBuffer(2), view: new Uint8Array(2) });
show(Buffer.from('hi'));
show(Buffer.alloc(0));
show(Buffer.from('hello world, this is a longer buffer for testing output'));
show({ b: Buffer.from([1, 2, 3]) });
show(Buffer.alloc(60));
class MyU8 extends Uint8Array {}
show(new MyU8(2));

// --- promises
show(Promise.resolve(1));
show(new Promise(() => {}));
const rejected = Promise.reject(fakeErr(Error, 'rej', 1)); rejected.catch(() => {});
show(rejected);
const rejected2 = Promise.reject(3); rejected2.catch(() => {});
show(rejected2);
show(Promise.resolve({ a: [1, 2, { b: 3 }] }));
show({ p: Promise.resolve(Promise) });
const promProp = Promise.resolve(2); promProp.x = 1; show(promProp);

// --- proxies
show(new Proxy({ a: 1 }, {}));
show(new Proxy([1, 2], {}));
show(new Proxy(function pf() {}, {}));
show(new Proxy({ a: 1 }, { get() { return 5; } }));
show(new Proxy({ a: 1 }, {}), { showProxy: true });
const revocable = Proxy.revocable({}, {}); revocable.revoke(); show(revocable.proxy);
show({ inner: new Proxy(new Map([[1, 2]]), {}) });

// --- circular
const circ = { name: 'root' }; circ.self = circ; show(circ);
const circArr = [1]; circArr.push(circArr); show(circArr);
const c1 = { a: {} }; c1.a.b = c1; c1.a.c = c1.a; show(c1);
const c2 = { x: {}, y: {} }; c2.x.y = c2.y; c2.y.x = c2.x; show(c2);
const cm = new Map(); cm.set('self', cm); show(cm);
const cs = new Set(); cs.add(cs); show(cs);
const cobj = { list: [] }; cobj.list.push(cobj, { back: cobj }); show(cobj);
const twoRefs = { a: {}, b: {} }; twoRefs.a.self = twoRefs.a; twoRefs.b.self = twoRefs.b; twoRefs.b.root = twoRefs; show(twoRefs);

// --- errors (fake stacks)
show(fakeErr(Error, 'boom'));
show(fakeErr(TypeError, 'bad type'));
show(fakeErr(RangeError, 'range', 0));
show(Object.assign(fakeErr(Error, 'with code'), { code: 'E_CODE', errno: 5 }));
show({ err: fakeErr(Error, 'nested') });
show([fakeErr(Error, 'in array', 1)]);
const withCause = fakeErr(Error, 'outer', 1); Object.defineProperty(withCause, 'cause', { value: fakeErr(Error, 'inner', 1), enumerable: false, writable: true, configurable: true });
show(withCause);
const causePrim = new Error('with prim cause', { cause: 'str' }); causePrim.stack = 'Error: with prim cause\n    at x (/y.js:1:1)'; show(causePrim);
class MyError extends Error {}
const myErr = new MyError('mine'); myErr.stack = 'Error: mine\n    at z (/z.js:1:1)'; show(myErr);
class NamedError extends Error { constructor(m) { super(m); this.name = 'NamedError'; } }
const ne = new NamedError('named'); ne.stack = 'NamedError: named\n    at q (/q.js:1:1)'; show(ne);
const noStack = new Error('no stack'); noStack.stack = ''; show(noStack);
const strStack = new Error('x'); strStack.stack = 'custom stack text'; show(strStack);
const errNoMsg = new Error(); errNoMsg.stack = 'Error\n    at a (/a.js:1:1)'; show(errNoMsg);
const nullProtoErr = fakeErr(Error, 'np', 1); Object.setPrototypeOf(nullProtoErr, null); show(nullProtoErr);
const agg = new AggregateError([fakeErr(Error, 'e1', 0), fakeErr(Error, 'e2', 0)], 'many'); agg.stack = 'AggregateError: many\n    at m (/m.js:1:1)'; show(agg);
const nameProp = fakeErr(Error, 'np2', 1); nameProp.name = 'Changed'; show(nameProp);
show(Object.assign(fakeErr(Error, 'multi\nline message', 1), { extra: { deep: [1, 2] } }));
show({ a: { b: fakeErr(Error, 'indent', 2) } });

// --- custom inspect
show({ [inspect.custom]() { return 'CUSTOM'; } });
show({ [inspect.custom](depth, opts) { return { depth, hasStylize: typeof opts.stylize }; } });
show({ a: { [inspect.custom]() { return 'multi\nline'; } } });
show({ [inspect.custom](d, o, insp) { return insp === inspect; } });
show({ [inspect.custom]() { return this; }, z: 1 });
show({ x: { [inspect.custom]: () => [1, 2] } });
show({ [inspect.custom]() { return 'no'; } }, { customInspect: false });
class CustomCls { [inspect.custom](depth, options, insp) { return `CustomCls<${insp({ n: 1 }, options)}>`; } }
show([new CustomCls()]);
show(CustomCls.prototype);

// --- misc objects
show(globalThis.Math);
show(JSON);
show(Reflect);
show(Atomics === undefined ? 1 : Object.keys(Atomics).length > 0);
show((function () { return arguments; })(1, 'a'));
show((function () { return arguments; })());
show(new (class extends Object {})());
show(Object(Symbol.iterator));
show([{ a: 1, b: { c: { d: 1 } } }, [[[[1]]]]]);
show({ arr: new Array(200).fill(1) });
show(Array.from({ length: 27 }, (_, i) => 'x'.repeat(i)));
show({ a: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27] });
show([{ a: 1, b: 2 }, { a: 3, b: 4 }, { a: 5, b: 6 }, { a: 7, b: 8 }, { a: 9, b: 10 }, { a: 11, b: 12 }, { a: 13, b: 14 }]);
show({ fn: function namedInObj() {}, fn2() {} });
show(new Array(3).fill({ x: { y: { z: 1 } } }));
show({ a: 'a'.repeat(70) });
show({ a: 'a'.repeat(70), b: 1 });
show(['a'.repeat(70), 'b']);
show([['a'.repeat(30), 'b'.repeat(30)], 'c']);
show(Object.assign(Object.create({ inherited: 1 }), { own: 2 }));


// --- showHidden, prototypes, proxies, tags
{
  class A { constructor() { this.x = 1; } m() {} get g() { return 1; } }
  class B extends A { n() {} }
  const hidden = [
    new A(), new B(), A, [1, 2], { a: 1 }, new Map([[1, 2]]), Object.create(null), function f() {}, new Set([1]),
    new (class extends Map {})(), Promise.resolve(2), new ArrayBuffer(2), new DataView(new ArrayBuffer(1)), Symbol('s'), 'str',
    new String('ab'), Object.create(B.prototype), [new B()], new WeakMap(), fakeErr(Error, 'hidden err', 1),
  ];
  for (const h of hidden) show(h, { showHidden: true });
  console.log(format('%o', new A()));
  console.log(format('%o', class Q {}));
  console.log(format('%o', { f() {} }));
  show(new B(), { depth: 0, showHidden: true });
  const big = {}; for (let i = 0; i < 30; i++) big['k' + i] = { v: i, s: 'x'.repeat(i) };
  show(big, { sorted: true, compact: 2 });
  show(new Proxy([1, { a: new Proxy({}, {}) }], { get() {} }), { showProxy: true });
  show(new Proxy({}, {}), { showProxy: true, depth: 0 });
  const o = { a: 1 }; Object.defineProperty(o, 'h', { get() { return 2; }, enumerable: false });
  show(o, { showHidden: true, getters: true });
  show(Object.assign(Object.create(null), { [Symbol.toStringTag]: 'T', a: 1 }));
  const np = Object.create(null); Object.defineProperty(np, Symbol.toStringTag, { value: 'NT' }); show(np);
  show(new (class Foo { get [Symbol.toStringTag]() { return 'Foo'; } })());
  show([new Array(3), [, , 1]], { maxArrayLength: 1 });
  show(new Array(200).fill(0).map((_, i) => (i % 2 ? 'ab' : i)));
  show(Object.setPrototypeOf(class X {}, null));
  show({ a: { b: { c: { d: { e: { f: 1 } } } } } }, { depth: 10, compact: 3, breakLength: 20 });
  function Legacy() {} Legacy.prototype.foo = 1; show(new Legacy(), { showHidden: true });
  console.log(util.styleText(['bold', 'red'], 'styled'), JSON.stringify(util.styleText('red', 'plain')));
}

// --- format
const fmtCases = [
  ['%s', 'str'], ['%s', 42], ['%s', -0], ['%s', 42n], ['%s', Symbol('s')], ['%s', null], ['%s', undefined],
  ['%s', { a: { b: { c: 1 } } }], ['%s', [1, [2, [3]]]], ['%s', new Date(0)], ['%s', { toString() { return 'custom'; } }],
  ['%s', new (class Q { toString() { return 'Q!'; } })()], ['%s', new Map([[1, 2]])], ['%s', () => 1], ['%s', class K {}],
  ['%s', Object.create(null)], ['%s', new Set([1])], ['%s', fakeErr(Error, 'fmt err', 1)],
  ['%d', 42], ['%d', '42'], ['%d', 1.5], ['%d', 42n], ['%d', {}], ['%d', Symbol('x')], ['%d', '0x10'], ['%d', -0], ['%d', ''],
  ['%i', 42.9], ['%i', '42.9abc'], ['%i', 42n], ['%i', Symbol('y')], ['%i', -0.5],
  ['%f', '1.5e3'], ['%f', 'abc'], ['%f', Symbol('z')], ['%f', -0],
  ['%j', { a: [1, 'x'] }], ['%j', 'str'], ['%j', undefined], ['%j', circ],
  ['%o', [1, { a: 2 }]], ['%o', function foo() {}], ['%O', { a: { b: { c: { d: 1 } } } }], ['%O', 'str'],
  ['%c', 'color: red'], ['%%'], ['%% %s', 'x'], ['100%'], ['%x', 1], ['%s'], ['%s %s', 'one'],
  ['%s:%s', 'a', 'b', 'extra', { x: 1 }], [1, 2, 'three', { four: 4 }], ['no placeholders', 1, 'a'],
  [{ a: 1 }, '%s', 'x'], ['a%', 1], ['%%s', 1], ['%s%', 1], ['%', 1], ['%5d', 1], [], [''], ['', ''],
  ['%s', 'a\nb'], [new Error('x').message], ['%d%d', 1, 2], ['%s', [1, 2, 3, 4, 5, 6, 7, 8]],
];
for (const args of fmtCases) console.log(JSON.stringify(format(...args)));
console.log(util.formatWithOptions({ colors: false, depth: 0 }, 'x %O', { a: { b: 1 } }));
console.log(util.formatWithOptions({ compact: false }, { a: 1 }));
console.log(inspect({ a: 1, s: 'x', n: null, u: undefined, d: new Date(0), r: /x/, sy: Symbol('q'), b: 1n }, { colors: true }));

// --- console
console.log('log', 1, { a: 1 });
console.info('info %s', 'x');
console.debug('debug');
console.dir({ a: { b: { c: { d: 1 } } } }, { depth: 0 });
console.dir({ [inspect.custom]() { return 'ignored'; }, real: 1 });
console.dirxml({ x: 1 }, [2]);
console.group('Group 1');
console.log('inside\nmultiline');
console.group();
console.log({ nested: { obj: [1, 2, 3] } });
console.groupEnd();
console.groupCollapsed('collapsed');
console.log('in collapsed');
console.groupEnd();
console.groupEnd();
console.groupEnd();
console.log('after groups');
console.count();
console.count();
console.count('lbl');
console.countReset();
console.count();
console.table([{ a: 1, b: 'two' }, { a: 3, c: [1, 2, 3, 4] }]);
console.table([[1, 2], [3, 4, 5]]);
console.table({ r1: { c1: 1 }, r2: { c2: 2 } });
console.table([1, 'two', { three: 3 }]);
console.table(new Map([['k', { v: 1 }], ['k2', 2]]));
console.table(new Set(['a', 'b']));
console.table([{ a: 1, b: 2 }], ['a']);
console.table('not tabular');
console.table([]);
console.table([{ 中文: '全角' }, { 中文: 'x' }]);
console.table([{ obj: { a: 1, b: 2, c: 3 }, arr: [1, 2, 3, 4, 5] }]);
console.table(new Map([[1, 2]]).entries());
const myConsole = new console.Console({ stdout: process.stdout, stderr: process.stdout });
myConsole.log('custom console %d', 5);
myConsole.error('to "stderr" (really stdout)');
myConsole.assert(false, 'custom assert %s', 'x');
myConsole.assert(true, 'not shown');
myConsole.assert(false);
myConsole.table([{ x: 1 }]);
const c2con = new console.Console(process.stdout);
c2con.warn('warn via 1-arg console');
console.log(console.log.name, typeof console.Console, console instanceof console.Console);
console.log(Object.keys(console).slice(0, 19).join(','));

// --- assert messages
function assertMsg(fn) {
  try {
    fn();
    console.log('no throw');
  } catch (e) {
    console.log(JSON.stringify({ name: e.name, code: e.code, operator: e.operator, generated: e.generatedMessage }));
    console.log(e.message);
  }
}
assertMsg(() => assert.strictEqual(1, 2));
assertMsg(() => assert.strictEqual('a', 'b'));
assertMsg(() => assert.strictEqual('hello world', 'hello there'));
assertMsg(() => assert.strictEqual('a'.repeat(20), 'a'.repeat(19) + 'b'));
assertMsg(() => assert.strictEqual({ a: 1 }, { a: 1 }));
assertMsg(() => assert.strictEqual([1, 2], [1, 3]));
assertMsg(() => assert.strictEqual(1, 2, 'custom message'));
assertMsg(() => assert.strictEqual(NaN, NaN));
assertMsg(() => assert.strictEqual(0, -0));
assertMsg(() => assert.strictEqual(1, '1'));
assertMsg(() => assert.notStrictEqual(1, 1));
assertMsg(() => assert.notStrictEqual('a long string value', 'a long string value'));
assertMsg(() => { const o = { a: 1 }; assert.notStrictEqual(o, o); });
assertMsg(() => assert.equal(1, 2));
assertMsg(() => assert.equal(1, '1'));
assertMsg(() => assert.equal(NaN, NaN));
assertMsg(() => assert.notEqual(1, '1'));
assertMsg(() => assert.deepEqual({ a: 1 }, { a: 2 }));
assertMsg(() => assert.deepEqual({ a: 1 }, { a: '1' }));
assertMsg(() => assert.deepEqual([1, 2, 3], [1, 2, 3, 4]));
assertMsg(() => assert.notDeepEqual({ a: 1 }, { a: 1 }));
assertMsg(() => assert.notDeepEqual({ a: 1 }, { a: '1' }));
assertMsg(() => assert.deepStrictEqual({ a: 1, b: 2 }, { a: 1, b: 3 }));
assertMsg(() => assert.deepStrictEqual({ a: 1 }, { a: '1' }));
assertMsg(() => assert.deepStrictEqual([1, 2, 3], [1, 2, 4]));
assertMsg(() => assert.deepStrictEqual({ a: [1, 2, { b: 3 }], c: 'x' }, { a: [1, 2, { b: 4 }], c: 'x' }));
assertMsg(() => assert.deepStrictEqual(Array.from({ length: 30 }, (_, i) => i), Array.from({ length: 30 }, (_, i) => (i === 15 ? -1 : i))));
assertMsg(() => assert.deepStrictEqual({ a: Symbol.for('x') }, { a: Symbol.for('y') }));
assertMsg(() => assert.deepStrictEqual([1, 2], [1, 2, 3]));
assertMsg(() => assert.deepStrictEqual([1, 2, 3], [1, 2]));
assertMsg(() => assert.deepStrictEqual(new Map([[1, 2]]), new Map([[1, 3]])));
assertMsg(() => assert.deepStrictEqual(new Set([1]), new Set([2])));
assertMsg(() => assert.deepStrictEqual(1, 2));
assertMsg(() => assert.deepStrictEqual({}, []));
assertMsg(() => assert.deepStrictEqual(Object.create(null), {}));
assertMsg(() => assert.deepStrictEqual([0], [-0]));
assertMsg(() => assert.deepStrictEqual(new Date(0), new Date(1)));
assertMsg(() => assert.deepStrictEqual(/a/g, /a/i));
assertMsg(() => assert.notDeepStrictEqual({ a: 1 }, { a: 1 }));
assertMsg(() => assert.notDeepStrictEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((x) => ({ x })), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((x) => ({ x }))));
assertMsg(() => assert.deepStrictEqual({ a: { b: { c: { d: { e: 1 } } } } }, { a: { b: { c: { d: { e: 2 } } } } }));
assertMsg(() => assert.deepStrictEqual('a\nb\nc', 'a\nB\nc'));
assertMsg(() => assert.deepStrictEqual({ x: 1, y: 2, z: 3, w: 4, v: 5, u: 6, t: 7 }, { x: 1, y: 2, z: 3, w: 4, v: 5, u: 6, t: 8 }));
assertMsg(() => assert.fail());
assertMsg(() => assert.fail('boom'));
assertMsg(() => assert.fail(new TypeError('typed')));
assertMsg(() => assert.ok(true));
assertMsg(() => assert.ok(false, 'ok message'));
assertMsg(() => assert.ok(0, new RangeError('thrown as is')));
assertMsg(() => assert.ok());
assertMsg(() => assert());
assertMsg(() => assert.ok(false));
assertMsg(() => assert(null));
assertMsg(() => assert.ok(typeof 123 === 'string'));
assertMsg(() => assert.ifError(null));
assertMsg(() => assert.ifError(fakeErr(Error, 'iferr', 1)));
assertMsg(() => assert.ifError('string error'));
assertMsg(() => assert.match('abc', /x/));
assertMsg(() => assert.match('abc', /b/));
assertMsg(() => assert.match(123, /x/));
assertMsg(() => assert.doesNotMatch('abc', /b/));
assertMsg(() => assert.throws(() => {}));
assertMsg(() => assert.throws(() => {}, TypeError));
assertMsg(() => assert.throws(() => {}, 'msg here'));
assertMsg(() => assert.throws(() => {}, /re/));
assertMsg(() => assert.throws(() => { throw new Error('wrong'); }, /right/));
assertMsg(() => assert.throws(() => { throw new Error('wrong'); }, TypeError));
assertMsg(() => assert.throws(() => { throw new TypeError('right'); }, TypeError));
assertMsg(() => assert.throws(() => { throw new Error('val'); }, { message: 'other' }));
assertMsg(() => assert.throws(() => { throw new Error('val'); }, { message: 'val', name: 'Error' }));
assertMsg(() => assert.throws(() => { throw new Error('val'); }, { message: /va/ }));
assertMsg(() => assert.throws(() => { throw new Error('val'); }, (e) => e.message === 'nope'));
assertMsg(() => assert.throws(() => { throw new Error('val'); }, function validate(e) { return e.message === 'val'; }));
assertMsg(() => assert.throws('not a function'));
assertMsg(() => assert.doesNotThrow(() => { throw new Error('unwanted'); }));
assertMsg(() => assert.doesNotThrow(() => { throw new Error('unwanted'); }, 'with msg'));
assertMsg(() => assert.doesNotThrow(() => { throw new TypeError('typed'); }, RangeError));
assertMsg(() => assert.doesNotThrow(() => {}));
assertMsg(() => assert.strict.equal(1, '1'));
assertMsg(() => assert.strict.deepEqual([1], ['1']));
assertMsg(() => require('assert/strict').equal(2, 3));
console.log(assert.strict.strict === assert.strict, typeof assert.AssertionError, assert.strict.AssertionError === assert.AssertionError);
const ae = new assert.AssertionError({ actual: 1, expected: 2, operator: 'strictEqual' });
console.log(ae.message, ae.name, ae.code, ae.actual, ae.expected, ae.operator, ae.generatedMessage);
console.log(String(ae));
const ae2 = new assert.AssertionError({ message: 'given' });
console.log(ae2.message, ae2.generatedMessage, ae2.operator);
console.log(util.isDeepStrictEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), util.isDeepStrictEqual([NaN], [NaN]), util.isDeepStrictEqual(0, -0));

// deep equality matrix
const eqCases = [
  [1, 1], [1, '1'], [NaN, NaN], [0, -0], [null, undefined], [{}, {}], [[], {}], [{ a: 1 }, { a: 1, b: undefined }],
  [new Map([[1, { a: 1 }]]), new Map([[1, { a: 1 }]])], [new Map([[{}, 1]]), new Map([[{}, 1]])], [new Set([{ a: 1 }]), new Set([{ a: 1 }])],
  [new Set([1, '1']), new Set(['1', 1])], [new Set([1]), new Set(['1'])], [new Map([[1, 'a']]), new Map([['1', 'a']])],
  [new Date(0), new Date(0)], [new Date(0), new Date(1)], [/a/g, /a/g], [/a/g, /a/i], [new Uint8Array([1]), new Uint8Array([1])],
  [new Uint8Array([1]), new Int8Array([1])], [new Float64Array([0]), new Float64Array([-0])], [new Float64Array([NaN]), new Float64Array([NaN])],
  [Buffer.from('a'), Buffer.from('a')], [new Number(1), new Number(1)], [new Number(1), new Number(2)], [new String('a'), 'a'],
  [Object.create(null), {}], [{ [Symbol.for('s')]: 1 }, {}], [[1, , 3], [1, undefined, 3]], [new Error('a'), new Error('a')],
  [new Error('a'), new TypeError('a')], [circ, circ], [(() => { const x = {}; x.x = x; return x; })(), (() => { const y = {}; y.x = y; return y; })()],
  [new ArrayBuffer(2), new ArrayBuffer(2)], [[1, 2, 3], [1, 2, 3]], [{ a: [1, 2] }, { a: [1, '2'] }], [new (class A {})(), new (class B {})()],
  [true, 1], [Symbol.iterator, Symbol.iterator], [() => {}, () => {}],
];
for (const [a, b] of eqCases) {
  let loose = true; let strict = true;
  try { assert.deepEqual(a, b); } catch { loose = false; }
  try { assert.deepStrictEqual(a, b); } catch { strict = false; }
  console.log(loose, strict, util.isDeepStrictEqual(a, b));
}

// async assertions
(async () => {
  const amsg = async (p) => {
    try { await p; console.log('resolved'); } catch (e) { console.log(e.code, e.operator, JSON.stringify(e.message)); }
  };
  await amsg(assert.rejects(Promise.resolve(1)));
  await amsg(assert.rejects(Promise.reject(new Error('r')), /nomatch/));
  await amsg(assert.rejects(async () => { throw new TypeError('t'); }, TypeError));
  await amsg(assert.rejects(() => 5));
  await amsg(assert.doesNotReject(Promise.reject(new Error('dnr'))));
  await amsg(assert.doesNotReject(Promise.resolve(2)));
  await amsg(assert.rejects(Promise.resolve(1), 'with message'));
  // promisify / callbackify
  const p = util.promisify((a, cb) => cb(null, a * 2));
  console.log(await p(21));
  const custom = () => {}; custom[util.promisify.custom] = () => Promise.resolve('custom!');
  console.log(await util.promisify(custom)(), util.promisify(custom) === custom[util.promisify.custom]);
  const failing = util.promisify((cb) => cb(new Error('cb failed')));
  await failing().catch((e) => console.log('rejected:', e.message));
  const cbf = util.callbackify(async (x) => x + 1);
  await new Promise((res) => cbf(1, (err, v) => { console.log('callbackified', err, v); res(); }));
  const cbf2 = util.callbackify(async () => { throw null; });
  await new Promise((res) => cbf2((err) => { console.log('falsy', err.code, err.message, err.reason); res(); }));
  console.log(cbf.name, cbf.length);
  try { util.promisify(1); } catch (e) { console.log(e.code, e.message); }
  function Parent() {} function Child() {} util.inherits(Child, Parent);
  console.log(new Child() instanceof Parent, Child.super_ === Parent);
  console.log(util.types.isPromise(Promise.resolve()), util.types.isUint8Array(new Uint8Array()), util.types.isFloat64Array(new Float32Array()), util.types.isDate(new Date()));
  console.log(util.isArray([]), util.isDeepStrictEqual(new Set([1, 2]), new Set([2, 1])));
  console.log(util.inspect.defaultOptions.depth, typeof util.inspect.custom, util.inspect.custom === Symbol.for('nodejs.util.inspect.custom'));
  util.inspect.defaultOptions.depth = 0;
  console.log({ a: { b: 1 } });
  util.inspect.defaultOptions.depth = 2;
  console.log(util.stripVTControlCharacters('\u001b[31mred\u001b[39m'));
})();
