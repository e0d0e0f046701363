'use strict';
// With Array.prototype[Symbol.iterator] and the array iterator's next()
// deleted by user code, util.inspect of objects and errors, the rejection
// processing of the tick queue and a dynamic import still work, as in Node.
const util = require('util');
const proto = Object.getPrototypeOf([][Symbol.iterator]());
const saved = [Array.prototype[Symbol.iterator], proto.next];
const out = [];
delete Array.prototype[Symbol.iterator];
delete proto.next;
const sym = Symbol('s');
out.push(util.inspect({ a: 1, [sym]: 2, nested: { b: [1, 2] } }));
out.push(util.inspect({ a: 1, [sym]: 2 }, { showHidden: true }));
out.push(util.inspect(new RangeError('boom')).split('\n')[0]);
Promise.reject(new Error('late'));
setTimeout(() => {
  import('./fixtures/plain_export.mjs').then((ns) => {
    Array.prototype[Symbol.iterator] = saved[0];
    proto.next = saved[1];
    out.push(`import ok: ${ns.answer}`);
    console.log(out.join('\n'));
  });
}, 10);
process.on('unhandledRejection', (err) => out.push(`unhandledRejection: ${err.message}`));
