// Buffer / TextEncoder / TextDecoder / StringDecoder / atob / btoa cases.
// Prints one line per case so the output can be diffed between node and
// shoal. Uses only: Buffer, TextEncoder, TextDecoder, atob, btoa,
// require('buffer'), require('string_decoder'), console.log.
'use strict';

const bufferModule = require('buffer');
const { StringDecoder } = require('string_decoder');

// Serialise any result (Buffers as hex, errors as name/code/message).
function show(v) {
  if (v instanceof Uint8Array) {
    return `${Buffer.isBuffer(v) ? 'Buffer' : v.constructor.name}<${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}>`;
  }
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (v === undefined) return 'undefined';
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).map((k) => `${k}: ${show(v[k])}`).join(', ')}}`;
  }
  return String(v);
}

let n = 0;
function t(label, fn) {
  let out;
  try {
    out = show(fn());
  } catch (e) {
    out = `THROW ${e && e.name} ${e && e.code} ${e && e.message}`;
  }
  console.log(`${++n} ${label} => ${out}`);
}

const encodings = ['utf8', 'utf-8', 'hex', 'base64', 'base64url', 'latin1', 'binary', 'ascii',
  'ucs2', 'utf16le', 'UTF-16LE'];
const strings = ['', 'hello', 'héllo wörld', '€', '😀', 'a😀b', '\ud800', 'x\udc00y', '\udc00\ud800',
  'abc\u0000def', '\xff\xfe\x80', 'deadBEEF', 'abz1', 'aGVsbG8=', 'aGV sbG8\n', 'YQ==YQ==', '-_-_',
  '+/+/', 'Y', 'YQ', '日本語', '\u0100\u0101'];

// --- encoding round trips -------------------------------------------------
for (const enc of encodings) {
  for (const s of strings) {
    t(`from(${JSON.stringify(s)}, ${enc})`, () => Buffer.from(s, enc));
    t(`byteLength(${JSON.stringify(s)}, ${enc})`, () => Buffer.byteLength(s, enc));
  }
}
const sample = Buffer.from([0x00, 0x41, 0x7f, 0x80, 0xbf, 0xc0, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xed,
  0xa0, 0x80, 0xf0, 0x9f, 0x98, 0x80, 0xf4, 0x90, 0x80, 0x80, 0xff, 0xe2, 0x82]);
for (const enc of encodings) {
  t(`toString(${enc})`, () => sample.toString(enc));
  t(`toString(${enc}, 3, 9)`, () => sample.toString(enc, 3, 9));
}
// invalid utf-8 sequences
for (const bytes of [[0xc0, 0x80], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf0, 0x80], [0xf4, 0x90],
  [0xe2, 0x82], [0xe2, 0x41], [0x80, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xef, 0xbb, 0xbf, 0x41]]) {
  t(`utf8 decode ${bytes}`, () => Array.from(Buffer.from(bytes).toString(), (c) => c.codePointAt(0)));
}
t('isEncoding', () => ['utf8', 'UTF-8', 'ucs-2', 'binary', 'base64url', 'utf-16', 'latin-1', '', 5]
  .map((e) => Buffer.isEncoding(e)));
t('unknown encoding toString', () => Buffer.from('a').toString('bogus'));
t('unknown encoding from', () => Buffer.from('a', 'bogus'));
t('toString null', () => Buffer.from('a').toString(null));

// --- allocation -----------------------------------------------------------
for (const size of [0, 1, 5, 1.5, -1, 'a', NaN, 2 ** 33, null]) {
  t(`alloc(${show(size)})`, () => Buffer.alloc(size));
  t(`allocUnsafe(${show(size)}).length`, () => Buffer.allocUnsafe(size).length);
}
for (const [fill, enc] of [[1], [256], [-1], ['a'], ['ab'], ['€'], ['😀'], ['abcd', 'hex'],
  ['zz', 'hex'], ['aGk=', 'base64'], ['€', 'ucs2'], ['é', 'latin1'], [''], [true],
  [Buffer.from([1, 2, 3])], [Buffer.alloc(0)], ['a', 'bogus'], [1n]]) {
  t(`alloc(7, ${show(fill)}, ${enc})`, () => Buffer.alloc(7, fill, enc));
}
t('from array', () => Buffer.from([1, 256, -1, 1.5, '7', 'x']));
t('from arraylike', () => Buffer.from({ length: 3, 0: 1, 2: 9 }));
t('from json', () => Buffer.from(JSON.parse(JSON.stringify(Buffer.from('hi')))));
t('from String object', () => Buffer.from(new String('abc')));
t('from toPrimitive', () => Buffer.from({ [Symbol.toPrimitive]: () => 'xyz' }));
t('from Uint16Array', () => Buffer.from(new Uint16Array([1, 256, 513])));
t('from number', () => Buffer.from(5));
t('from null', () => Buffer.from(null));
t('from object', () => Buffer.from({}));
t('from arraybuffer shares memory', () => {
  const ab = new ArrayBuffer(8);
  const b = Buffer.from(ab, 2, 3);
  b[0] = 7;
  return [b.length, new Uint8Array(ab)[2]];
});
t('from arraybuffer bad offset', () => Buffer.from(new ArrayBuffer(4), 5));
t('from arraybuffer bad length', () => Buffer.from(new ArrayBuffer(4), 1, 5));
t('copy of Buffer', () => { const a = Buffer.from('ab'); const b = Buffer.from(a); b[0] = 0; return [a, b]; });
t('Buffer.of', () => Buffer.of(1, 2, 300));
t('concat', () => Buffer.concat([Buffer.from('ab'), new Uint8Array([0x63]), Buffer.alloc(0)]));
t('concat totalLength', () => [Buffer.concat([Buffer.from('abc')], 2), Buffer.concat([Buffer.from('a')], 3)]);
t('concat bad', () => Buffer.concat([Buffer.from('a'), 'b']));
t('concat not array', () => Buffer.concat('ab'));

// --- compare / equals / copy / slice -------------------------------------
t('compare', () => [Buffer.compare(Buffer.from('a'), Buffer.from('b')),
  Buffer.compare(Buffer.from('b'), Buffer.from('a')), Buffer.compare(Buffer.from('ab'), Buffer.from('a')),
  Buffer.compare(Buffer.from(''), Buffer.from(''))]);
t('compare ranges', () => Buffer.from([1, 2, 3, 4]).compare(Buffer.from([0, 2, 3]), 1, 3, 1, 3));
t('compare bad', () => Buffer.compare('a', Buffer.alloc(1)));
t('equals', () => [Buffer.from('abc').equals(Buffer.from('abc')), Buffer.from('abc').equals(Buffer.from('abd'))]);
t('equals bad', () => Buffer.from('a').equals('a'));
for (const args of [[], [1], [0, 2], [0, 2, 5], [3, 0, 8], [-1], [0, -1], [0, 9], ['1', '1.5']]) {
  t(`copy(${args})`, () => {
    const src = Buffer.from('abcdefgh');
    const dst = Buffer.alloc(5, '.');
    return [src.copy(dst, ...args), dst];
  });
}
for (const args of [[], [2], [-2], [1, 3], [3, 1], [-3, -1], [1.5, 3.7], [0, 100]]) {
  t(`slice(${args})`, () => Buffer.from('abcde').slice(...args));
  t(`subarray(${args})`, () => Buffer.from('abcde').subarray(...args));
}
t('slice shares memory', () => { const b = Buffer.from('abc'); b.slice(1)[0] = 0x7a; return b.toString(); });

// --- toString / write ------------------------------------------------------
for (const args of [[], ['utf8', 1], ['utf8', 1, 3], ['hex', -1, 100], ['utf8', 3, 1], ['latin1', '1']]) {
  t(`toString(${args})`, () => Buffer.from('héllo').toString(...args));
}
for (const args of [[], [1], ['hex'], [1, 'hex'], [1, 2], [1, 2, 'latin1'], [0, 3, 'ucs2'], [5], [-1],
  [0, 9], [0, 2, 'bogus']]) {
  t(`write('a€bc', ${args})`, () => { const b = Buffer.alloc(4); return [b.write('a€bc', ...args), b]; });
}
t('write hex partial', () => { const b = Buffer.alloc(4); return [b.write('abcdefzz99', 'hex'), b]; });
t('write non-string', () => Buffer.alloc(4).write(5));

// --- fill / indexOf -------------------------------------------------------
for (const args of [[0], ['ab'], ['ab', 1], ['ab', 1, 4], ['abc', 'hex'], ['€'], [257], [1, 2, 10], [1, 'x']]) {
  t(`fill(${show(args)})`, () => Buffer.alloc(6).fill(...args));
}
const hay = Buffer.from('abcabc€😀ab');
for (const args of [['a'], ['b', 2], ['abc', -3], ['c', -100], [''], ['', 100], [98], [98 + 256], ['€'],
  [Buffer.from('ca')], ['6263', 'hex'], ['b', 'latin1'], ['z'], ['b', 5, 'ucs2']]) {
  t(`indexOf(${show(args)})`, () => hay.indexOf(...args));
  t(`lastIndexOf(${show(args)})`, () => hay.lastIndexOf(...args));
  t(`includes(${show(args)})`, () => hay.includes(...args));
}
t('indexOf ucs2', () => Buffer.from('aabbcc', 'ucs2').indexOf('b', 0, 'ucs2'));
t('indexOf bad', () => hay.indexOf({}));

// --- numbers --------------------------------------------------------------
const nb = Buffer.from([0x80, 0x01, 0xff, 0x7f, 0x00, 0xfe, 0x12, 0x34, 0x56, 0x78]);
for (const m of ['readUInt8', 'readInt8', 'readUInt16LE', 'readUInt16BE', 'readInt16LE', 'readInt16BE',
  'readUInt32LE', 'readUInt32BE', 'readInt32LE', 'readInt32BE', 'readFloatLE', 'readFloatBE',
  'readDoubleLE', 'readDoubleBE', 'readBigUInt64LE', 'readBigUInt64BE', 'readBigInt64LE',
  'readBigInt64BE', 'readUint8', 'readUint32BE', 'readBigUint64LE']) {
  for (const off of [undefined, 0, 1, 2, 3, 9, 10, -1, 1.5, '1']) t(`${m}(${show(off)})`, () => nb[m](off));
}
for (const m of ['readUIntLE', 'readUIntBE', 'readIntLE', 'readIntBE']) {
  for (const bl of [1, 2, 3, 4, 5, 6, 7, 0]) t(`${m}(1, ${bl})`, () => nb[m](1, bl));
  t(`${m}()`, () => nb[m]());
}
const writes = [['writeUInt8', 255], ['writeUInt8', 256], ['writeInt8', -128], ['writeInt8', -129],
  ['writeUInt16LE', 0xabcd], ['writeUInt16BE', 0xabcd], ['writeInt16LE', -2], ['writeInt16BE', 40000],
  ['writeUInt32LE', 0xdeadbeef], ['writeUInt32BE', 2 ** 32], ['writeInt32LE', -1], ['writeInt32BE', 2 ** 31],
  ['writeFloatLE', 1.5], ['writeFloatBE', -0.1], ['writeDoubleLE', Math.PI], ['writeDoubleBE', -0],
  ['writeBigUInt64LE', 2n ** 64n - 1n], ['writeBigUInt64BE', 2n ** 64n], ['writeBigInt64LE', -(2n ** 63n)],
  ['writeBigInt64BE', 2n ** 63n], ['writeBigInt64LE', 1], ['writeUint16LE', 1.9], ['writeUInt8', 'x']];
for (const [m, v] of writes) {
  for (const off of [undefined, 0, 1, 7, -1]) {
    t(`${m}(${show(v)}, ${show(off)})`, () => { const b = Buffer.alloc(8); return [b[m](v, off), b]; });
  }
}
for (const m of ['writeUIntLE', 'writeUIntBE', 'writeIntLE', 'writeIntBE']) {
  for (const bl of [1, 2, 3, 4, 5, 6, 7]) {
    for (const v of [0x123456789a, -5, 255]) {
      t(`${m}(${v}, 1, ${bl})`, () => { const b = Buffer.alloc(8); return [b[m](v, 1, bl), b]; });
    }
  }
}

// --- swap / toJSON / inspect / misc ---------------------------------------
for (const m of ['swap16', 'swap32', 'swap64']) {
  for (const len of [0, 3, 8, 16]) {
    t(`${m} len ${len}`, () => { const b = Buffer.alloc(len); for (let i = 0; i < len; i++) b[i] = i; return b[m](); });
  }
}
t('toJSON', () => JSON.stringify(Buffer.from('hi')));
t('toJSON empty', () => JSON.stringify({ b: Buffer.alloc(0) }));
const inspect = Buffer.prototype[Symbol.for('nodejs.util.inspect.custom')];
t('inspect short', () => inspect.call(Buffer.from('hello')));
t('inspect 50', () => inspect.call(Buffer.alloc(50, 1)));
t('inspect 51', () => inspect.call(Buffer.alloc(51, 1)));
t('inspect 60', () => inspect.call(Buffer.alloc(60, 1)));
t('inspect empty', () => inspect.call(Buffer.alloc(0)));
console.log(Buffer.from('console.log of a buffer'));
console.log([Buffer.alloc(3)]);
t('instanceof', () => [Buffer.alloc(1) instanceof Uint8Array, Buffer.isBuffer(Buffer.alloc(1)),
  Buffer.isBuffer(new Uint8Array(1)), Object.getPrototypeOf(Buffer.prototype) === Uint8Array.prototype,
  Object.getPrototypeOf(Buffer) === Uint8Array, Buffer.alloc(1).constructor === Buffer]);
t('map species', () => Buffer.from('abc').map((x) => x + 1));
t('module', () => [bufferModule.kMaxLength, bufferModule.kStringMaxLength, bufferModule.constants.MAX_LENGTH,
  bufferModule.constants.MAX_STRING_LENGTH, bufferModule.INSPECT_MAX_BYTES, Buffer.poolSize,
  bufferModule.Buffer === Buffer, typeof bufferModule.SlowBuffer]);
t('SlowBuffer', () => bufferModule.SlowBuffer(3));
t('isUtf8/isAscii', () => [bufferModule.isUtf8(Buffer.from('é')), bufferModule.isUtf8(Buffer.from([0xc0])),
  bufferModule.isAscii(Buffer.from('abc')), bufferModule.isAscii(Buffer.from('é'))]);
t('error shape', () => {
  try { Buffer.alloc(-1); } catch (e) { return [e.name, e.code, e instanceof RangeError, String(e), e.stack.split('\n')[0]]; }
  return null;
});

// --- atob / btoa -----------------------------------------------------------
for (const s of ['', 'YQ', 'YQ=', 'YQ==', 'YQ===', 'Y', ' Y Q = = ', 'YQ==a', 'aGVsbG8gd29ybGQ=', '*',
  '-_', 'YWJj\nZGVm', null, 123]) {
  t(`atob(${show(s)})`, () => atob(s));
}
for (const s of ['', 'a', 'hello', '\xff\xfe\x00', '\u0100', null, undefined]) t(`btoa(${show(s)})`, () => btoa(s));
t('atob()', () => atob());
t('atob error', () => { try { atob('*'); } catch (e) { return [e.name, e.code, e.message, e instanceof Error]; } return null; });

// --- TextEncoder / TextDecoder ------------------------------------------------
const te = new TextEncoder();
t('TextEncoder.encoding', () => te.encoding);
for (const s of ['', 'abc', 'a€😀', '\ud800x', undefined, 5]) t(`encode(${show(s)})`, () => te.encode(s));
for (const size of [0, 1, 3, 4, 8]) {
  t(`encodeInto(a€😀, ${size})`, () => { const u = new Uint8Array(size); return [te.encodeInto('a€😀', u), u]; });
}
t('encodeInto bad', () => te.encodeInto('a', []));
for (const [label, opts] of [['utf-8'], [' UTF8 '], ['latin1'], ['ascii'], ['utf-16le'], ['utf-16be'],
  ['utf-16'], ['utf-8', { fatal: true }], ['utf-8', { ignoreBOM: true }], ['bogus'], ['utf-8', 5]]) {
  t(`TextDecoder(${show(label)}, ${show(opts)})`, () => { const d = new TextDecoder(label, opts); return [d.encoding, d.fatal, d.ignoreBOM]; });
}
const tdInputs = [[0x41, 0xe2, 0x82, 0xac], [0xef, 0xbb, 0xbf, 0x41], [0xff, 0x41], [0xe2, 0x82], [0xc0, 0x80],
  [0xff, 0xfe, 0x41, 0x00], [0x00, 0xd8, 0x41], [0x80, 0x9f, 0xe9]];
for (const enc of ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252']) {
  for (const bytes of tdInputs) {
    t(`decode ${enc} ${bytes}`, () => Array.from(new TextDecoder(enc).decode(Uint8Array.from(bytes)), (c) => c.charCodeAt(0)));
    t(`decode fatal ${enc} ${bytes}`, () => new TextDecoder(enc, { fatal: true }).decode(Uint8Array.from(bytes)));
  }
}
t('decode stream', () => {
  const d = new TextDecoder();
  return [d.decode(Uint8Array.of(0xef, 0xbb), { stream: true }), d.decode(Uint8Array.of(0xbf, 0x41, 0xe2), { stream: true }),
    d.decode(Uint8Array.of(0x82), { stream: true }), d.decode(Uint8Array.of(0xac)), d.decode(Uint8Array.of(0xe2))];
});
t('decode utf16 stream', () => {
  const d = new TextDecoder('utf-16le');
  return [d.decode(Uint8Array.of(0x3d), { stream: true }), d.decode(Uint8Array.of(0xd8, 0x00), { stream: true }),
    d.decode(Uint8Array.of(0xde, 0x41)), d.decode(Uint8Array.of(0x41))];
});
t('decode arraybuffer/dataview', () => [new TextDecoder().decode(Uint8Array.of(0x68, 0x69).buffer),
  new TextDecoder().decode(new DataView(Uint8Array.of(0x68, 0x69).buffer)), new TextDecoder().decode()]);
t('decode bad', () => new TextDecoder().decode('abc'));

// --- StringDecoder ----------------------------------------------------------
const euro = Buffer.from('€😀');
for (const enc of ['utf8', 'utf16le', 'base64', 'base64url', 'hex', 'latin1', 'ascii']) {
  t(`StringDecoder ${enc} byte by byte`, () => {
    const d = new StringDecoder(enc);
    const src = enc === 'utf16le' ? Buffer.from('€😀a', 'utf16le') : euro;
    const out = [];
    for (let i = 0; i < src.length; i++) out.push(d.write(src.subarray(i, i + 1)));
    out.push(d.end());
    return out;
  });
}
t('StringDecoder invalid utf8', () => {
  const d = new StringDecoder('utf8');
  return [d.write(Buffer.from([0xe2])), d.write(Buffer.from([0x41])), d.write(Buffer.from([0xf0, 0x9f])),
    d.lastNeed, d.lastTotal, d.lastChar, d.end(), d.write(Buffer.from([0xc3])), d.end(Buffer.from([0xa9]))];
});
t('StringDecoder utf16 odd', () => {
  const d = new StringDecoder('utf16le');
  return [d.write(Buffer.from([0x61, 0x00, 0x62])), d.end()];
});
t('StringDecoder base64 end', () => {
  const d = new StringDecoder('base64');
  return [d.write(Buffer.from('ab')), d.write(Buffer.from('cd')), d.end()];
});
t('StringDecoder encodings', () => ['UCS2', 'binary', '', undefined, 'Hex'].map((e) => new StringDecoder(e).encoding));
t('StringDecoder bad encoding', () => new StringDecoder('bogus'));
t('StringDecoder bad write', () => new StringDecoder().write(5));
t('StringDecoder string write', () => new StringDecoder().write('abc'));
