// The v8 module: serialize/deserialize (Node's DefaultSerializer format, so
// the bytes are compared too), the Serializer classes, heap statistics shapes.
'use strict';
const v8 = require('v8');
const v8b = require('node:v8');
console.log('same module', v8 === v8b);
console.log('exports', Object.keys(v8).sort().join(' '));

// Error stacks differ between runtimes: serialise errors without one.
function noStack(e) {
  e.stack = undefined;
  return e;
}

const values = [
  1, -0, 3.5, 'str', 'ünïcödé', true, null, undefined, 10n ** 30n,
  [1, , 3], { a: 1, b: { c: [1, 'x'] } }, new Map([[1, 'a']]), new Set(['x']),
  new Date(0), /ab+c/gi, noStack(new Error('boom')), noStack(new RangeError('r')),
  Buffer.from('abc'), new Uint16Array([1, 2, 3]), new Float64Array([1.5]),
  new BigInt64Array([-1n]), new DataView(new ArrayBuffer(3)), new ArrayBuffer(4),
  new Uint8Array(new ArrayBuffer(8), 2, 3),
];
for (const v of values) {
  const bytes = v8.serialize(v);
  const back = v8.deserialize(bytes);
  console.log(Buffer.isBuffer(bytes), bytes.toString('hex'), back);
}
const cyclic = { name: 'c' };
cyclic.self = cyclic;
const c2 = v8.deserialize(v8.serialize(cyclic));
console.log('cycle', c2.self === c2);

for (const bad of [() => 1, Symbol('s'), { f() {} }]) {
  try {
    v8.serialize(bad);
  } catch (e) {
    console.log('throws', e.constructor.name, e.message);
  }
}
try {
  v8.deserialize('nope');
} catch (e) {
  console.log('throws', e.code, e.message);
}
try {
  v8.deserialize(Buffer.from([0xff, 0x0f, 0x5c, 0x63]));
} catch (e) {
  console.log('throws', e.constructor.name);
}

// Serializer with raw values and a custom host object hook.
const ser = new v8.Serializer();
ser.writeHeader();
ser.writeUint32(7);
ser.writeUint64(1, 2);
ser.writeDouble(2.5);
ser.writeRawBytes(Buffer.from('hi'));
ser.writeValue({ ok: true });
const buf = ser.releaseBuffer();
console.log('raw', buf.toString('hex'));
const des = new v8.Deserializer(buf);
console.log('header', des.readHeader(), des.getWireFormatVersion());
console.log(des.readUint32(), des.readUint64(), des.readDouble(), des.readRawBytes(2).toString(),
  des.readValue());

class Custom extends v8.DefaultSerializer {}
console.log('subclass', new Custom() instanceof v8.Serializer);

const hs = v8.getHeapStatistics();
console.log('heap', Object.keys(hs).join(' '), Object.values(hs).every((n) => typeof n === 'number'));
const spaces = v8.getHeapSpaceStatistics();
console.log('spaces', spaces.length > 0, Object.keys(spaces[0]).join(' '));
console.log('code', Object.keys(v8.getHeapCodeStatistics()).join(' '));
console.log('tag', typeof v8.cachedDataVersionTag());
v8.setFlagsFromString('--no-lazy-feedback-allocation');
try {
  v8.setFlagsFromString(1);
} catch (e) {
  console.log(e.code, e.message);
}
console.log('snapshot', v8.startupSnapshot.isBuildingSnapshot());
console.log('promiseHooks', typeof v8.promiseHooks.createHook({ init() {} }));

// Heap snapshots: a file of V8's snapshot JSON, and a stream of it.
const fs = require('fs');
const path = require('path');
const os = require('os');
const snapFile = path.join(os.tmpdir(), 'shoal-test-v8-module.heapsnapshot');
console.log('writeHeapSnapshot', v8.writeHeapSnapshot(snapFile) === snapFile);
const snap = JSON.parse(fs.readFileSync(snapFile, 'utf8'));
fs.unlinkSync(snapFile);
console.log('snapshot keys', Object.keys(snap).slice(0, 3), snap.snapshot.node_count > 100);
let streamed = 0;
const stream = v8.getHeapSnapshot();
stream.on('data', (chunk) => { streamed += chunk.length; });
stream.on('end', () => console.log('getHeapSnapshot', streamed > 1000));
