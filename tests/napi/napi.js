'use strict';
// Drives the Node-API test addon (tests/napi/addon.c) and prints what it
// returns. Usage: shoal run napi.js ADDON.node [--gc]
// The expected output (expected/napi.out) is that of the same addon under Node 20.
const assert = require('assert');
const util = require('util');

const addonPath = process.argv[2];
const show = (label, v) => console.log(label, util.inspect(v, { depth: 4, sorted: true }));
const errorInfo = (e) => (e instanceof Error ? { name: e.name, message: e.message, code: e.code } : e);

const addon = require(addonPath);
show('exports', Object.keys(addon).sort());
show('cached', require(addonPath) === addon);
const viaDlopen = { exports: {} };
process.dlopen(viaDlopen, addonPath);
show('dlopen again', typeof viaDlopen.exports.hello, viaDlopen.exports !== addon);

show('hello', addon.hello());
show('add', addon.add(2, 40.5));
try {
  addon.add('x', 1);
} catch (e) {
  show('add throws', errorInfo(e));
}
show('typeOf', [undefined, null, true, 1, 's', Symbol('x'), {}, () => {}, 1n].map(addon.typeOf));
show('typeOf external', addon.typeOf(addon.externals().external));
show('numbers', [1.9, -1.9, 2 ** 32 + 5, -(2 ** 31) - 1, NaN, Infinity, 2 ** 63].map(addon.numbers));
show('strings', addon.strings('héllo wörld ✓'));
show('bigints', addon.bigints(-(2n ** 64n) - 5n));
show('bigints small', addon.bigints(42n));
const misc = addon.miscValues();
show('misc', { ...misc, symbolFor: misc.symbolFor === Symbol.for('shoal.test'), symbol: typeof misc.symbol });

const arg = { a: 1, b: 2, [Symbol('s')]: 3 };
Object.defineProperty(arg, 'hiddenKey', { value: 1, enumerable: false });
const objs = addon.objects(arg);
show('objects keys', Object.keys(objs));
show('objects', {
  plain: objs.plain,
  readOnly: objs.readOnly,
  hidden: objs.hidden,
  hello: objs.hello(),
  secret: objs.secret,
  namesOfArg: objs.namesOfArg,
  allOwnOfArg: objs.allOwnOfArg.map(String),
  hasOwnDelete: objs.hasOwnDelete,
  argAfterDelete: Object.keys(arg),
  proto: objs.protoIsObjectPrototype === Object.prototype,
  array: objs.array,
  arrayChecks: objs.arrayChecks,
  frozen: Object.isFrozen(objs.frozen),
});
show('descriptors', Object.getOwnPropertyDescriptors(objs));
try {
  objs.readOnly = 99;
} catch (e) {
  show('write read-only', e.name);
}
objs.secret = 'new';
show('after writes', [objs.readOnly, objs._lastSet]);

show('errors', addon.makeErrors().map(errorInfo));
for (let kind = 0; kind < 5; kind++) {
  try {
    addon.throwKind(kind);
  } catch (e) {
    show(`throwKind ${kind}`, errorInfo(e));
  }
}
const caught = addon.callAndCatch(() => {
  throw new RangeError('from js');
});
show('callAndCatch', { ...caught, caught: errorInfo(caught.caught) });
show('callAndCatch ok', addon.callAndCatch(() => 'fine'));
const bad = addon.badArgs();
show('badArgs', { ...bad, getPropOfNullThrew: errorInfo(bad.getPropOfNullThrew) });
show('returnNothing', addon.returnNothing());

const escaped = addon.scoped();
show('scoped', escaped);

const target = { name: 'referenced' };
show('ref create', addon.refOp('create', target));
show('ref ref', addon.refOp('ref'));
show('ref unref', addon.refOp('unref'));
show('ref get', addon.refOp('get') === target);
show('ref unref to 0', addon.refOp('unref'));
show('ref weak get', addon.refOp('get') === target);
show('ref delete', addon.refOp('delete'));

const { Counter } = addon;
const c = new Counter(5);
show('counter', [c.increment(), c.increment(), c.value, c.kind, c instanceof Counter]);
c.value = 100;
show('counter set', c.value);
show('counter proto', Object.getOwnPropertyNames(Counter.prototype).sort());
try {
  Counter(1);
} catch (e) {
  show('counter without new', errorInfo(e));
}
try {
  Counter.prototype.increment.call({});
} catch (e) {
  show('counter wrong this', errorInfo(e));
}
const released = new Counter(7);
show('counter release', released.release());
try {
  released.increment();
} catch (e) {
  show('after release', errorInfo(e));
}
class SubCounter extends Counter {
  double() {
    return this.increment() * 2;
  }
}
show('subclass', new SubCounter(1).double());

show('tags', addon.tags({}));
show('externals', addon.externals().value);
show('instance data', [addon.countCalls(), addon.countCalls(), addon.countCalls()]);

const buf = addon.buffers(Buffer.from([1, 2, 3, 250]));
show('buffers', {
  sum: buf.sum,
  copy: buf.copy,
  copyIsBuffer: Buffer.isBuffer(buf.copy),
  fresh: buf.fresh.toString(),
  external: buf.external.toString(),
  isBuffer: buf.isBuffer,
  int32: buf.int32,
  typedInfo: buf.typedInfo,
  dataView: buf.dataView,
  misalignedStatus: buf.misalignedStatus,
  misalignedError: errorInfo(buf.misalignedError),
  detached: buf.detached,
  detachedLength: buf.detachedBuffer.byteLength,
  externalArrayBuffer: new Uint8Array(buf.externalArrayBuffer),
});

async function main() {
  show('settle resolve', await addon.settleNow('yes', false));
  await addon.settleNow(new Error('no'), true).catch((e) => show('settle reject', errorInfo(e)));
  const sums = await Promise.all([addon.asyncSum([1, 2, 3]), addon.asyncSum([]), addon.asyncSum([0.5, 0.25])]);
  show('asyncSum', sums);
  const seen = [];
  const produced = await addon.startThread(50, (v) => seen.push(v));
  show('tsfn', { produced, count: seen.length, ordered: seen.every((v, i) => v === i + 1) });

  // Finalizers run after garbage collection (when --expose-gc is given).
  if (typeof globalThis.gc === 'function') {
    (function churn() {
      for (let i = 0; i < 100; i++) new Counter(i);
      for (let i = 0; i < 10; i++) addon.addFinalizer({ i });
    })();
    for (let i = 0; i < 5 && (Counter.finalized() < 100 || addon.finalizerCount() < 10); i++) {
      globalThis.gc();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    show('finalized', [Counter.finalized() >= 100, addon.finalizerCount() === 10]);
  }

  process.on('uncaughtException', (e) => {
    show('uncaught', errorInfo(e));
  });
  show('fatalException', addon.fatalException(new Error('reported as uncaught')));
  addon.asyncThrow();
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.strictEqual(typeof addon.hello, 'function');

  try {
    require('./fixtures/not-an-addon.node');
  } catch (e) {
    show('broken addon', { code: e.code, message: e.message.replace(__dirname, 'DIR') });
  }
  try {
    process.dlopen({ exports: {} }, '/nonexistent/x.node');
  } catch (e) {
    show('missing addon', { code: e.code, message: e.message });
  }
  try {
    process.dlopen();
  } catch (e) {
    show('dlopen no args', errorInfo(e));
  }
  console.log('done');
}
main();
