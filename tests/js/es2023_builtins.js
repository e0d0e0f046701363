// ES2023/ES2024 built-ins Node 20 has and V8 10.2 lacks (shoal installs
// them in js-lib/internal/es_builtins.js): change-array-by-copy on arrays and
// typed arrays, String.prototype.isWellFormed/toWellFormed.
'use strict';

function show(label, fn) {
  try {
    const v = fn();
    console.log(label, Array.isArray(v) || ArrayBuffer.isView(v) ? v : JSON.stringify(v));
  } catch (e) {
    console.log(label, 'throws', e.constructor.name);
  }
}

function describe(obj, key) {
  const d = Object.getOwnPropertyDescriptor(obj, key);
  const f = d.value;
  console.log(key, typeof f, f.name, f.length, d.enumerable, d.writable, d.configurable,
    'prototype' in f);
}

for (const k of ['toSorted', 'toReversed', 'toSpliced', 'with']) describe(Array.prototype, k);
const TA = Object.getPrototypeOf(Uint8Array.prototype);
for (const k of ['toSorted', 'toReversed', 'with']) describe(TA, k);
for (const k of ['isWellFormed', 'toWellFormed']) describe(String.prototype, k);
const uns = Array.prototype[Symbol.unscopables];
console.log('unscopables', uns.toSorted, uns.toReversed, uns.toSpliced, uns.with);

const a = [3, 1, undefined, 2, , 10];
show('toSorted', () => a.toSorted());
show('toSorted cmp', () => a.toSorted((x, y) => y - x));
show('toSorted bad cmp', () => a.toSorted(null));
show('original', () => a);
show('toReversed', () => a.toReversed());
show('toReversed holes', () => [, 1].toReversed().hasOwnProperty(1));
show('toSpliced', () => [1, 2, 3, 4].toSpliced(1, 2, 'a', 'b', 'c'));
show('toSpliced no args', () => [1, 2, 3].toSpliced());
show('toSpliced start only', () => [1, 2, 3].toSpliced(1));
show('toSpliced negative', () => [1, 2, 3].toSpliced(-1, 5, 9));
show('toSpliced inf', () => [1, 2, 3].toSpliced(-Infinity, 1));
show('with', () => [1, 2, 3].with(1, 'x'));
show('with negative', () => [1, 2, 3].with(-1, 'x'));
show('with out of range', () => [1, 2, 3].with(3, 'x'));
show('with -4', () => [1, 2, 3].with(-4, 'x'));
show('with NaN', () => [1, 2, 3].with(NaN, 'x'));
show('array-like', () => Array.prototype.toReversed.call({ length: 2, 0: 'a', 1: 'b' }));
show('string this', () => Array.prototype.toSorted.call('cab'));
show('null this', () => Array.prototype.toReversed.call(null));
show('symbol index', () => [1].with(Symbol(), 1));
show('big length', () => Array.prototype.toReversed.call({ length: 2 ** 32 }));
class MyArray extends Array {}
show('species ignored', () => MyArray.from([2, 1]).toSorted().constructor === Array);

const u = new Uint8Array([5, 1, 4]);
show('ta toSorted', () => u.toSorted());
show('ta toSorted cmp', () => u.toSorted((x, y) => y - x));
show('ta toReversed', () => u.toReversed());
show('ta with', () => u.with(0, 300));
show('ta with neg', () => u.with(-1, 7));
show('ta with range', () => u.with(3, 7));
show('ta original', () => u);
show('ta f64', () => new Float64Array([NaN, -0, 0, -1]).toSorted());
show('ta bigint with', () => new BigInt64Array([1n, 2n]).with(0, 5n));
show('ta bigint with number', () => new BigInt64Array([1n, 2n]).with(0, 5));
show('ta not a typed array', () => TA.toReversed.call([1, 2]));
show('ta bad cmp', () => u.toSorted('x'));
show('ta type', () => new Int16Array([1]).toReversed().constructor.name);

show('well formed', () => 'abc'.isWellFormed());
show('lone high', () => 'a\uD800b'.isWellFormed());
show('lone low', () => 'a\uDC00'.isWellFormed());
show('pair', () => '\uD83D\uDE00'.isWellFormed());
show('toWellFormed', () => escape('a\uD800b\uDC00\uD83D\uDE00\uDFFF\uD800'.toWellFormed()));
show('toWellFormed clean', () => 'abc'.toWellFormed());
show('on number', () => String.prototype.isWellFormed.call(42));
show('on null', () => String.prototype.toWellFormed.call(null));
show('on symbol', () => String.prototype.isWellFormed.call(Symbol()));
