// Built-ins newer than Node 20 that shoal provides (js-lib/internal/es_builtins.js):
// Object.groupBy, Map.groupBy, Promise.withResolvers (ES2024), the Set
// methods (ES2025), Array.fromAsync (ES2026).
//
// NOT recorded from Node 20: Node 20 lacks these, so expected/es_newer_builtins.*
// was written by hand from the spec text (ECMA-262 2025 and the Array.fromAsync
// proposal) and matches what Node 22+ prints. Do not re-record it with Node 20.
'use strict';

function show(label, fn) {
  try {
    const v = fn();
    console.log(label, v);
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

describe(Object, 'groupBy');
describe(Map, 'groupBy');
describe(Promise, 'withResolvers');
describe(Array, 'fromAsync');
for (const k of ['union', 'intersection', 'difference', 'symmetricDifference', 'isSubsetOf',
  'isSupersetOf', 'isDisjointFrom']) describe(Set.prototype, k);

// groupBy: insertion order of groups, null-prototype object, keys coerced
// with ToPropertyKey; Map.groupBy keeps key identity and folds -0 into +0.
const inventory = [
  { name: 'asparagus', type: 'vegetables', quantity: 5 },
  { name: 'bananas', type: 'fruit', quantity: 0 },
  { name: 'goat', type: 'meat', quantity: 23 },
  { name: 'cherries', type: 'fruit', quantity: 5 },
];
const byType = Object.groupBy(inventory, ({ type }) => type);
show('groupBy keys', () => Object.keys(byType));
show('groupBy proto', () => Object.getPrototypeOf(byType));
show('groupBy fruit', () => byType.fruit.map((x) => x.name));
show('groupBy index arg', () => Object.groupBy('abcd', (c, i) => i % 2));
show('groupBy numeric keys order', () => Object.keys(Object.groupBy([3, 1, 'x', 2], (v) => v)));
show('groupBy null', () => Object.groupBy(null, (x) => x));
show('groupBy not callable', () => Object.groupBy([], 1));
show('groupBy not iterable', () => Object.groupBy({}, (x) => x));
const m = Map.groupBy([1, -0, 0, 2, 3], (v) => (v === 2 ? -0 : v % 2));
show('Map.groupBy', () => [...m]);
let closed = 0;
const iterable = {
  [Symbol.iterator]() {
    return { next: () => ({ value: 1, done: false }), return() { closed++; return {}; } };
  },
};
show('groupBy closes on throw', () => Object.groupBy(iterable, () => { throw new RangeError('x'); }));
show('closed', () => closed);

// Promise.withResolvers
const r = Promise.withResolvers();
show('withResolvers keys', () => Object.keys(r));
show('withResolvers promise', () => r.promise instanceof Promise);
show('withResolvers non-constructor', () => Promise.withResolvers.call(() => {}));
class MyPromise extends Promise {}
show('withResolvers subclass', () => MyPromise.withResolvers().promise instanceof MyPromise);

// Set methods with Sets and set-like objects.
const a = new Set([1, 2, 3, 4]);
const b = new Set([3, 4, 5]);
show('union', () => a.union(b));
show('intersection', () => a.intersection(b));
show('intersection small other', () => new Set([5, 4, 3, 2, 1]).intersection(new Set([4, 2])));
show('difference', () => a.difference(b));
show('symmetricDifference', () => a.symmetricDifference(b));
show('isSubsetOf', () => new Set([3]).isSubsetOf(b));
show('isSubsetOf false', () => a.isSubsetOf(b));
show('isSupersetOf', () => a.isSupersetOf(new Set([1, 4])));
show('isDisjointFrom', () => a.isDisjointFrom(new Set([7, 8])));
show('isDisjointFrom false', () => a.isDisjointFrom(b));
const setLike = { size: 2, has: (v) => v === 1 || v === 9, keys: () => [1, 9][Symbol.iterator]() };
show('set-like union', () => a.union(setLike));
show('set-like intersection', () => a.intersection(setLike));
show('map as set-like', () => a.union(new Map([[7, 'x']])));
show('array is not set-like', () => a.union([1]));
show('size NaN', () => a.union({ size: undefined, has() {}, keys() {} }));
show('size negative', () => a.union({ size: -1, has() {}, keys() {} }));
show('has not callable', () => a.union({ size: 1, has: 1, keys() {} }));
show('keys not callable', () => a.union({ size: 1, has() {} }));
show('bad receiver', () => Set.prototype.union.call(new Map(), b));
show('-0 canonical', () => Object.is([...new Set().union({ size: 1, has() {}, keys: () => [-0].values() })][0], 0));
let returned = 0;
const big = {
  size: 10,
  has: () => true,
  keys: () => ({ next: () => ({ value: 42, done: false }), return() { returned++; return {}; } }),
};
show('isSupersetOf closes', () => new Set(Array.from({ length: 20 }, (_, i) => i)).isSupersetOf(big));
show('returned', () => returned);

// Array.fromAsync (asynchronous: printed in order through a chain).
async function asyncSteps() {
  async function* gen() { yield 1; yield Promise.resolve(2); yield 3; }
  const steps = [
    ['fromAsync async iterable', () => Array.fromAsync(gen())],
    ['fromAsync sync iterable of promises', () => Array.fromAsync([Promise.resolve('a'), 'b'])],
    ['fromAsync array-like', () => Array.fromAsync({ length: 2, 0: Promise.resolve('x'), 1: 'y' })],
    ['fromAsync mapfn', () => Array.fromAsync([1, 2], async (v, i) => v * 10 + i)],
    ['fromAsync bad mapfn', () => Array.fromAsync([1], 5)],
    ['fromAsync null', () => Array.fromAsync(null)],
    ['fromAsync non-constructor this', () => Array.fromAsync.call(() => {}, [1])],
  ];
  for (const [label, fn] of steps) {
    const p = fn();
    const isPromise = p instanceof Promise;
    try {
      console.log(label, isPromise, await p);
    } catch (e) {
      console.log(label, isPromise, 'rejects', e.constructor.name);
    }
  }
  class Box { constructor() { this.made = true; } }
  const boxed = await Array.fromAsync.call(Box, [1, 2]);
  console.log('fromAsync constructor this', boxed instanceof Box, boxed.length, boxed[1], boxed.made);
  r.resolve('done');
  console.log('withResolvers resolved', await r.promise);
}
asyncSteps();
