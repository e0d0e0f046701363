'use strict';
// Buffer.prototype's numeric read/write methods: their functions' names
// (Node's: readFloatLE is readFloatForwards on a little-endian host),
// `name` descriptors, lengths and prototypes (readUIntLE has one, as a
// declaration does), and the lower-case "Uint" aliases being the same
// functions.
const proto = Buffer.prototype;
const names = Object.getOwnPropertyNames(proto)
  .filter((k) => /^(read|write)(Big)?U?[Ii]nt|^(read|write)(Float|Double)/.test(k))
  .sort();
for (const k of names) {
  const fn = proto[k];
  const d = Object.getOwnPropertyDescriptor(fn, 'name');
  console.log(k, fn.name, fn.length, typeof fn.prototype, d.writable, d.enumerable, d.configurable,
    k.includes('Uint') ? fn === proto[k.replace('Uint', 'UInt')] : '');
}
// A bad offset names the method in its error, as in Node.
for (const k of ['readUInt32LE', 'readInt16BE', 'readDoubleLE', 'writeUInt8', 'readUIntBE']) {
  try {
    Buffer.alloc(4)[k](k.startsWith('write') ? 1 : 10, 3);
  } catch (e) {
    console.log(k, e.name, e.code, e.message);
  }
}
