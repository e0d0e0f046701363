// deepEqual / deepStrictEqual / inspect of typed arrays and arrays with
// non-index keys: extra string keys, symbols, non-enumerable ones, and a
// large buffer (whose indices must not be turned into keys one by one).
const assert = require('assert');
const util = require('util');

function cmp(name, a, b) {
  const r = [];
  for (const fn of ['deepEqual', 'deepStrictEqual']) {
    try { assert[fn](a, b); r.push('eq'); } catch (e) { r.push(e.code); }
  }
  console.log(name, r.join(' '));
}

const big1 = Buffer.alloc(1 << 20, 7), big2 = Buffer.alloc(1 << 20, 7);
cmp('big equal', big1, big2);
big2[123456] = 8;
cmp('big one byte differs', big1, big2);

const a = new Uint8Array([1, 2, 3]), b = new Uint8Array([1, 2, 3]);
a.extra = 1;
cmp('extra key on one', a, b);
b.extra = 1;
cmp('extra key on both', a, b);
const s = Symbol('s');
a[s] = 1;
cmp('symbol on one', a, b);
b[s] = 2;
cmp('symbols differ', a, b);
Object.defineProperty(a, 'hidden', { value: 1, enumerable: false });
cmp('non-enumerable on one', a, b);

const arr1 = [1, 2], arr2 = [1, 2];
arr1.tag = 'x';
cmp('array extra key', arr1, arr2);
arr2.tag = 'x';
cmp('array same extra key', arr1, arr2);

const u = new Uint16Array([1, 2]);
u.note = 'n';
u[Symbol('k')] = 3;
console.log(util.inspect(u));
console.log(util.inspect(u, { showHidden: true }).replace(/\n\s*/g, ' '));
const buf = Buffer.from('hi');
buf.meta = { a: 1 };
console.log(util.inspect(buf));
