'use strict';
// zlib: errors (data errors, truncated input, brotli decode errors, bad
// options, maxOutputLength) from the sync, callback and stream forms.
const zlib = require('zlib');

function show(label, e) {
  if (!e) return console.log(label, 'no error');
  console.log(label, `${e.name}: ${e.message}`, JSON.stringify({ code: e.code, errno: e.errno }),
    Object.keys(e).join(','), e instanceof RangeError, e instanceof TypeError);
}
function sync(label, fn) {
  try {
    const r = fn();
    console.log(label, 'ok', Buffer.isBuffer(r) ? r.toString('hex') : typeof r);
  } catch (e) {
    show(label, e);
  }
}

const gz = zlib.gzipSync('hello gzip world');
const df = zlib.deflateSync('hello deflate world');
const br = zlib.brotliCompressSync('hello brotli world '.repeat(20));

sync('inflate garbage', () => zlib.inflateSync(Buffer.from('hello world')));
sync('gunzip garbage', () => zlib.gunzipSync(Buffer.from('hello world')));
sync('unzip garbage', () => zlib.unzipSync(Buffer.from('hello world')));
sync('inflateRaw garbage', () => zlib.inflateRawSync(Buffer.from([0xff, 0xff, 0xff])));
sync('gunzip truncated', () => zlib.gunzipSync(gz.subarray(0, gz.length - 4)));
sync('gunzip header only', () => zlib.gunzipSync(gz.subarray(0, 10)));
sync('inflate truncated', () => zlib.inflateSync(df.subarray(0, 5)));
sync('inflate empty', () => zlib.inflateSync(Buffer.alloc(0)));
sync('gunzip empty', () => zlib.gunzipSync(''));
sync('unzip one byte', () => zlib.unzipSync(Buffer.from([0x1f])));
sync('gunzip bad crc', () => { const b = Buffer.from(gz); b[b.length - 6] ^= 1; return zlib.gunzipSync(b); });
sync('gunzip trailing garbage', () => zlib.gunzipSync(Buffer.concat([gz, Buffer.from('garbage')])));
sync('inflate with gzip', () => zlib.inflateSync(gz));
sync('missing dict', () => zlib.inflateSync(zlib.deflateSync('abc', { dictionary: Buffer.from('abc') })));
sync('bad dict', () => zlib.inflateSync(zlib.deflateSync('abc', { dictionary: Buffer.from('abc') }),
  { dictionary: Buffer.from('xyz') }));
sync('brotli garbage', () => zlib.brotliDecompressSync(Buffer.from('hello world')));
sync('brotli truncated', () => zlib.brotliDecompressSync(br.subarray(0, br.length - 3)));
sync('brotli padding', () => zlib.brotliDecompressSync(Buffer.from([0x0b, 0x02, 0x80, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0xff])));
for (const b of [[0xff, 0xff, 0xff, 0xff], [0x1b, 0x00, 0x00], [0x0f, 0xff, 0x00, 0x01], [0x21, 0x00, 0x00, 0x04]]) {
  sync(`brotli bytes ${Buffer.from(b).toString('hex')}`, () => zlib.brotliDecompressSync(Buffer.from(b)));
}
sync('brotli empty', () => zlib.brotliDecompressSync(Buffer.alloc(0)));

// maxOutputLength
sync('maxOutputLength inflate', () => zlib.inflateSync(zlib.deflateSync('x'.repeat(1000)), { maxOutputLength: 10 }));
sync('maxOutputLength brotli', () => zlib.brotliDecompressSync(br, { maxOutputLength: 64 }));
sync('maxOutputLength deflate', () => zlib.deflateSync('x'.repeat(100000), { maxOutputLength: 5 }));
sync('maxOutputLength 0', () => zlib.inflateSync(df, { maxOutputLength: 0 }));

// Options.
const bad = [
  ['level 12', { level: 12 }], ['level -2', { level: -2 }], ['level str', { level: 'a' }],
  ['level Infinity', { level: Infinity }], ['level NaN', { level: NaN }],
  ['windowBits 7', { windowBits: 7 }], ['windowBits 16', { windowBits: 16 }],
  ['memLevel 0', { memLevel: 0 }], ['memLevel 10', { memLevel: 10 }],
  ['strategy 5', { strategy: 5 }], ['chunkSize 10', { chunkSize: 10 }],
  ['chunkSize str', { chunkSize: '100' }], ['flush 6', { flush: 6 }],
  ['finishFlush -1', { finishFlush: -1 }], ['dictionary str', { dictionary: 'abc' }],
  ['dictionary num', { dictionary: 5 }], ['maxOutputLength 2**40', { maxOutputLength: 2 ** 40 }],
  ['level null', { level: null }],
];
for (const [label, opts] of bad) {
  sync(`deflate ${label}`, () => zlib.deflateSync('x', opts));
}
sync('gzip windowBits 8', () => zlib.gzipSync('x', { windowBits: 8 }));
sync('deflate windowBits 8', () => zlib.deflateSync('x', { windowBits: 8 }));
sync('deflateRaw windowBits 8', () => zlib.deflateRawSync('x', { windowBits: 8 }));
sync('deflateRaw windowBits 0', () => zlib.deflateRawSync('x', { windowBits: 0 }));
sync('inflate windowBits 0', () => zlib.inflateSync(df, { windowBits: 0 }));
sync('inflate windowBits 9', () => zlib.inflateSync(df, { windowBits: 9 }));
sync('brotli flush 4', () => zlib.brotliCompressSync('x', { flush: 4 }));
sync('brotli param 100', () => zlib.brotliCompressSync('x', { params: { 100: 1 } }));
sync('brotli param -1', () => zlib.brotliCompressSync('x', { params: { '-1': 1 } }));
sync('brotli param x', () => zlib.brotliCompressSync('x', { params: { x: 1 } }));
sync('brotli param str', () => zlib.brotliCompressSync('x', { params: { 1: 'a' } }));
sync('brotli param bool', () => zlib.brotliCompressSync('x', { params: { 4: true } }));
sync('brotli decoder param', () => zlib.brotliDecompressSync(br, { params: { 0: 1 } }).length);
sync('brotli decoder bad param', () => zlib.brotliDecompressSync(br, { params: { 5: 1 } }));
sync('input number', () => zlib.gzipSync(123));
sync('input null', () => zlib.gzipSync(null));
sync('input object', () => zlib.gzipSync({}));
sync('callback missing', () => zlib.gzip('x'));
sync('callback not fn', () => zlib.gzip('x', {}, 'nope'));
sync('crc32 number', () => zlib.crc32(5));
sync('crc32 value', () => zlib.crc32('a', -1));
sync('crc32 value str', () => zlib.crc32('a', 'b'));
sync('params level', () => zlib.createDeflate().params(20, 0, () => {}));
sync('params strategy', () => zlib.createDeflate().params(1, 'x', () => {}));

// Asynchronous forms, one after another.
const asyncCases = [
  ['inflate', Buffer.from('nope nope')], ['gunzip', gz.subarray(0, 12)], ['unzip', Buffer.from('zz')],
  ['inflateRaw', Buffer.from([0xff, 0xff])], ['brotliDecompress', Buffer.from('hello world')],
  ['brotliDecompress', br.subarray(0, 10)], ['gunzip', Buffer.concat([gz, Buffer.from('xx')])],
];
function nextAsync(i) {
  if (i >= asyncCases.length) return maxOut();
  const [fn, input] = asyncCases[i];
  let calls = 0;
  zlib[fn](input, (err, res) => {
    calls++;
    show(`async ${fn} ${i}`, err);
    console.log('  result', res, 'calls', calls);
    setImmediate(() => nextAsync(i + 1));
  });
}
function maxOut() {
  zlib.inflate(zlib.deflateSync('y'.repeat(50000)), { maxOutputLength: 1000, chunkSize: 512 }, (err, res) => {
    show('async maxOutputLength', err);
    console.log('  result', res);
    zlib.brotliDecompress(br, { maxOutputLength: 20 }, (err2) => {
      show('async brotli maxOutputLength', err2);
      streams();
    });
  });
}
function streams() {
  const g = zlib.createGunzip();
  const events = [];
  g.on('data', (d) => events.push(`data ${d.length}`));
  g.on('error', (e) => { events.push('error'); show('stream error', e); });
  g.on('close', () => {
    events.push('close');
    console.log(events.join(' | '), g.destroyed, g._closed);
    streamWriteAfterError();
  });
  g.write(gz.subarray(0, 15));
  g.write(Buffer.from('not gzip at all, garbage garbage'));
}
function streamWriteAfterError() {
  const d = zlib.createInflate();
  d.on('error', (e) => {
    show('inflate stream', e);
    d.write(Buffer.from('more'), (err) => {
      console.log('write after error', err && err.code);
      promiseForm();
    });
  });
  d.end(Buffer.from('xxxxxxxxxxxxxxxx'));
}
function promiseForm() {
  const { promisify } = require('util');
  promisify(zlib.gunzip)(Buffer.from('bad')).catch((e) => {
    show('promisified', e);
    return promisify(zlib.gzip)('ok').then((r) => console.log('promisified ok', zlib.gunzipSync(r).toString()));
  });
}
nextAsync(0);
