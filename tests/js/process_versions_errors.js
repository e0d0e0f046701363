// process.versions / process.config entries, errno names and messages
// (util.getSystemErrorName / getSystemErrorMap), legacy zlib constants,
// timers.enroll/unenroll, the uncaught exception capture callback.
'use strict';
const util = require('util');
const zlib = require('zlib');
const timers = require('timers');

for (const k of ['openssl', 'uv', 'zlib', 'brotli', 'nghttp2', 'llhttp', 'v8', 'modules']) {
  console.log(k, typeof process.versions[k], /^\d+(\.\d+)*/.test(process.versions[k]));
}
const vars = process.config.variables;
console.log('intl', vars.v8_enable_i18n_support, vars.icu_small, typeof Intl.DateTimeFormat,
  (1234.5).toLocaleString('de-DE'), new Intl.NumberFormat('en-IN').format(1234567));

console.log(util.getSystemErrorName(-2), util.getSystemErrorName(-98), util.getSystemErrorName(-13),
  util.getSystemErrorName(-9999));
const map = util.getSystemErrorMap();
console.log(map instanceof Map, map.get(-2), map.get(-111), map.get(-110));
for (const bad of [2, 'x', 1.5]) {
  try {
    util.getSystemErrorName(bad);
  } catch (e) {
    console.log(e.code, e.message);
  }
}

console.log('zlib', zlib.Z_SYNC_FLUSH, zlib.Z_BEST_COMPRESSION, zlib.Z_DEFAULT_CHUNK, zlib.DEFLATE,
  'Z_SYNC_FLUSH' in zlib, Object.keys(zlib).includes('Z_SYNC_FLUSH'), zlib.BROTLI_OPERATION_FLUSH);

const item = { _onTimeout() { console.log('enrolled item fired', this._idleTimeout); next(); } };
timers.enroll(item, 5);
timers.active(item);

function next() {
  const other = { _onTimeout() { console.log('never'); } };
  timers.enroll(other, 1);
  timers.active(other);
  timers.unenroll(other);
  console.log('unenrolled', other._idleTimeout);
  console.log('capture', process.hasUncaughtExceptionCaptureCallback());
  process.setUncaughtExceptionCaptureCallback((err) => {
    console.log('captured', err.message);
  });
  try {
    process.setUncaughtExceptionCaptureCallback(() => {});
  } catch (e) {
    console.log(e.code);
  }
  console.log('capture', process.hasUncaughtExceptionCaptureCallback());
  setTimeout(() => { throw new Error('boom'); }, 1);
}
