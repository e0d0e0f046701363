'use strict';
// zlib: *Sync forms, exact compressed bytes for small inputs, round-trips,
// options, constants, codes, crc32.
const zlib = require('zlib');

const hex = (b) => b.toString('hex');
function text(n, seed) {
  const words = ['alpha', 'beta', 'gamma', 'delta', 'shoal', 'zlib', 'stream', 'buffer', 'node', '\n'];
  let s = seed;
  let out = '';
  while (out.length < n) {
    s = (s * 1103515245 + 12345) >>> 0;
    out += words[(s >>> 16) % 10] + ' ';
  }
  return out.slice(0, n);
}

// Exact bytes (small inputs: identical across zlib builds).
for (const input of ['', 'a', 'hello world', 'hello hello hello hello hello']) {
  console.log(JSON.stringify(input));
  console.log('  gzip      ', hex(zlib.gzipSync(input)));
  console.log('  deflate   ', hex(zlib.deflateSync(input)));
  console.log('  deflateRaw', hex(zlib.deflateRawSync(input)));
  console.log('  level0    ', hex(zlib.deflateSync(input, { level: 0 })));
  console.log('  level9    ', hex(zlib.deflateSync(input, { level: 9 })));
  console.log('  huffman   ', hex(zlib.deflateSync(input, { strategy: zlib.constants.Z_HUFFMAN_ONLY })));
  console.log('  rle       ', hex(zlib.deflateRawSync(input, { strategy: zlib.constants.Z_RLE })));
  console.log('  fixed     ', hex(zlib.deflateRawSync(input, { strategy: zlib.constants.Z_FIXED })));
  console.log('  wbits9    ', hex(zlib.deflateSync(input, { windowBits: 9 })));
  console.log('  dict      ', hex(zlib.deflateSync(input, { dictionary: Buffer.from('hello') })));
  console.log('  brotli    ', hex(zlib.brotliCompressSync(input)));
  console.log('  brotli q1 ', hex(zlib.brotliCompressSync(input, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } })));
  console.log('  brotli txt', hex(zlib.brotliCompressSync(input, {
    params: { [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: input.length } })));
}

// Brotli output is the same for larger inputs too.
const t = text(200000, 3);
const brHash = (b) => { let x = 0; for (const c of b) x = (x * 31 + c) >>> 0; return `${b.length}:${x.toString(16)}`; };
for (const q of [0, 1, 2, 5, 9, 11]) {
  console.log('brotli quality', q, brHash(zlib.brotliCompressSync(t, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: q } })));
}
console.log('level0 200k', brHash(zlib.deflateSync(t, { level: 0 })));

// Round-trips through every pair, with all sorts of options.
const big = Buffer.from(text(1 << 20, 11));
const rt = [
  ['gzipSync', 'gunzipSync'], ['deflateSync', 'inflateSync'], ['deflateRawSync', 'inflateRawSync'],
  ['gzipSync', 'unzipSync'], ['deflateSync', 'unzipSync'], ['brotliCompressSync', 'brotliDecompressSync'],
];
for (const [c, d] of rt) {
  for (const opts of [undefined, { level: 1 }, { level: 9, memLevel: 9 }, { chunkSize: 64 },
    { windowBits: 10, strategy: 1 }]) {
    const o = c.startsWith('brotli') ? opts && { chunkSize: opts.chunkSize } : opts;
    const comp = zlib[c](big, o);
    const back = zlib[d](comp, o && o.windowBits ? { windowBits: o.windowBits } : undefined);
    console.log(c, d, JSON.stringify(o), back.equals(big), comp.length < big.length / 2);
  }
}

// Input types.
const ab = new Uint8Array([104, 105]).buffer;
console.log(zlib.inflateSync(zlib.deflateSync(ab)).toString());
console.log(zlib.inflateSync(zlib.deflateSync(new Uint16Array([0x6968]))).toString());
console.log(zlib.inflateSync(zlib.deflateSync(new DataView(ab))).toString());
console.log(zlib.gunzipSync(new Uint8Array(zlib.gzipSync('u8'))).toString());

// Dictionaries.
const dict = Buffer.from('alpha beta gamma delta');
const dd = zlib.deflateSync('alpha beta gamma delta alpha', { dictionary: dict });
console.log('dict', hex(dd), zlib.inflateSync(dd, { dictionary: dict }).toString());
const rd = zlib.deflateRawSync('alpha beta', { dictionary: dict });
console.log('raw dict', hex(rd), zlib.inflateRawSync(rd, { dictionary: dict }).toString());
console.log('dict ab', zlib.inflateSync(zlib.deflateSync('gamma', { dictionary: dict.buffer.slice(dict.byteOffset, dict.byteOffset + dict.length) }), { dictionary: dict }).toString());

// Multi-member gzip and trailing zero padding.
const two = Buffer.concat([zlib.gzipSync('first '), zlib.gzipSync('second')]);
console.log(zlib.gunzipSync(two).toString(), zlib.unzipSync(two).toString());
console.log(zlib.gunzipSync(Buffer.concat([zlib.gzipSync('pad'), Buffer.alloc(10)])).toString());
// Inflate stops at the end of the stream: trailing bytes are ignored.
console.log(zlib.inflateSync(Buffer.concat([zlib.deflateSync('tail'), Buffer.from('junk')])).toString());

// info: true
const info = zlib.deflateSync('info', { info: true });
console.log(Object.keys(info), hex(info.buffer), info.engine.constructor.name,
  info.engine.bytesWritten, info.engine._closed);

// finishFlush for partial input.
const full = zlib.deflateSync(text(5000, 5));
const part = zlib.inflateSync(full.subarray(0, 200), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
console.log('partial', part.length > 0, text(5000, 5).startsWith(part.toString()));
const bpart = zlib.brotliDecompressSync(zlib.brotliCompressSync(text(5000, 5)).subarray(0, 100),
  { finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
console.log('brotli partial', text(5000, 5).startsWith(bpart.toString()));

// maxOutputLength that is big enough.
console.log(zlib.inflateSync(zlib.deflateSync('x'.repeat(100)), { maxOutputLength: 100 }).length);

// crc32
console.log(zlib.crc32('hello'), zlib.crc32(Buffer.from('hello')), zlib.crc32('world', zlib.crc32('hello ')),
  zlib.crc32('hello world'), zlib.crc32(''), zlib.crc32(new Uint8Array([1, 2, 3]), 12345));

// constants and codes
const c = zlib.constants;
console.log(Object.isFrozen(c), Object.keys(c).length, c.Z_DEFAULT_CHUNK, c.Z_MAX_CHUNK,
  c.BROTLI_PARAM_LGWIN, c.BROTLI_DECODER_ERROR_UNREACHABLE, c.BROTLI_MAX_QUALITY, c.GUNZIP);
console.log(Object.keys(c).filter((k) => k !== 'ZLIB_VERNUM').map((k) => `${k}=${c[k]}`).join(' '));
console.log(zlib.codes);
console.log(Object.keys(zlib).sort().join(' '));
console.log(typeof zlib.Gzip, zlib.Gzip.name, zlib.createGzip().constructor.name,
  zlib.Gzip() instanceof zlib.Gzip, new zlib.Inflate() instanceof require('stream').Transform,
  zlib.createBrotliCompress() instanceof zlib.BrotliCompress);

// Old-style subclass: DeflateRaw.call(this) initialises `this`.
function MyRaw(opts) {
  zlib.DeflateRaw.call(this, opts);
}
Object.setPrototypeOf(MyRaw.prototype, zlib.DeflateRaw.prototype);
Object.setPrototypeOf(MyRaw, zlib.DeflateRaw);
const raw = new MyRaw();
raw.end('subclassed');
raw.pipe(zlib.createInflateRaw()).on('data', (d) => console.log('subclass:', d.toString()));
