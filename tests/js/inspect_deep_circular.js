'use strict';
// util.inspect of a deep object (1000 levels through a circular chain,
// depth: Infinity) stops at Node's output budget and takes about a second
// in Node; it took minutes when every level copied its nested text.
const util = require('util');
let last = {};
const obj = last;
for (let i = 0; i < 1000; i++) {
  last.next = { circular: obj, last, obj: { a: 1, b: 2, c: true } };
  last = last.next;
  obj[i] = last;
}
const out = util.inspect(obj, { depth: Infinity });
console.log(out.length);
console.log(JSON.stringify(out.slice(0, 120)));
console.log(JSON.stringify(out.slice(-120)));
