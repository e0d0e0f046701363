'use strict';
// internal/crypto/random: randomBytes, randomFill(Sync), randomInt,
// randomUUID and Web Crypto's getRandomValues. Callback forms fill on
// libuv's thread pool.

const {
  binding, codes, isArrayBufferView, isAnyArrayBuffer, validateBoolean, lazyBuffer,
} = require('internal/crypto/util');
const { wrap } = require('internal/async_context');
const { validateFunction, validateObject, validateNumber } = require('internal/errors');

const kMaxPossibleLength = 2 ** 31 - 1;
const kMaxInt32 = 2 ** 31 - 1;

function assertSize(size, elementSize, offset, length) {
  validateNumber(size, 'size');
  size *= elementSize;
  if (Number.isNaN(size) || size > kMaxPossibleLength || size < 0) {
    throw new codes.ERR_OUT_OF_RANGE('size', `>= 0 && <= ${kMaxPossibleLength}`, size);
  }
  if (size + offset > length) {
    throw new codes.ERR_OUT_OF_RANGE('size + offset', `<= ${length}`, size + offset);
  }
  return size >>> 0;
}

function assertOffset(offset, elementSize, length) {
  validateNumber(offset, 'offset');
  offset *= elementSize;
  const maxLength = Math.min(length, kMaxPossibleLength);
  if (Number.isNaN(offset) || offset > maxLength || offset < 0) {
    throw new codes.ERR_OUT_OF_RANGE('offset', `>= 0 && <= ${maxLength}`, offset);
  }
  return offset >>> 0;
}

function randomBytes(size, callback) {
  validateNumber(size, 'size', 0, kMaxInt32);
  if (callback !== undefined) validateFunction(callback, 'callback');
  const buf = lazyBuffer().alloc(size);
  if (callback === undefined) {
    binding.randomFill(buf, 0, size);
    return buf;
  }
  callback = wrap(callback);
  binding.randomFill(buf, 0, size, (err) => {
    if (err) return callback(err);
    callback(null, buf);
  });
}

function validateBuf(buf) {
  if (!isAnyArrayBuffer(buf) && !isArrayBufferView(buf)) {
    throw new codes.ERR_INVALID_ARG_TYPE('buf', ['ArrayBuffer', 'ArrayBufferView'], buf);
  }
}

function randomFillSync(buf, offset = 0, size) {
  validateBuf(buf);
  const elementSize = buf.BYTES_PER_ELEMENT || 1;
  offset = assertOffset(offset, elementSize, buf.byteLength);
  if (size === undefined) size = buf.byteLength - offset;
  else size = assertSize(size, elementSize, offset, buf.byteLength);
  if (size === 0) return buf;
  binding.randomFill(isAnyArrayBuffer(buf) ? new Uint8Array(buf) : buf, offset, size);
  return buf;
}

function randomFill(buf, offset, size, callback) {
  validateBuf(buf);
  let cb;
  if (typeof offset === 'function') {
    cb = offset;
    offset = 0;
    size = buf.byteLength;
  } else if (typeof size === 'function') {
    validateFunction(size, 'callback');
    cb = size;
    offset = assertOffset(offset, buf.BYTES_PER_ELEMENT || 1, buf.byteLength);
    size = buf.byteLength - offset;
  } else {
    validateFunction(callback, 'callback');
    cb = callback;
    const elementSize = buf.BYTES_PER_ELEMENT || 1;
    offset = assertOffset(offset, elementSize, buf.byteLength);
    if (size === undefined) size = buf.byteLength - offset;
    else size = assertSize(size, elementSize, offset, buf.byteLength);
  }
  cb = wrap(cb);
  if (size === 0) {
    process.nextTick(cb, null, buf);
    return;
  }
  binding.randomFill(isAnyArrayBuffer(buf) ? new Uint8Array(buf) : buf, offset, size, (err) => {
    if (err) return cb(err);
    cb(null, buf);
  });
}

// randomInt: uniform in [min, max) by rejection sampling on 48-bit values.
const RAND_MAX = 0xFFFF_FFFF_FFFF;

function randomInt(min, max, callback) {
  const minNotSpecified = typeof max === 'undefined' || typeof max === 'function';
  if (minNotSpecified) {
    callback = max;
    max = min;
    min = 0;
  }
  const isSync = typeof callback === 'undefined';
  if (!isSync) validateFunction(callback, 'callback');
  if (!Number.isSafeInteger(min)) throw new codes.ERR_INVALID_ARG_TYPE('min', 'a safe integer', min);
  if (!Number.isSafeInteger(max)) throw new codes.ERR_INVALID_ARG_TYPE('max', 'a safe integer', max);
  if (max <= min) {
    throw new codes.ERR_OUT_OF_RANGE('max', `greater than the value of "min" (${min})`, max);
  }
  const range = max - min;
  if (!(range <= RAND_MAX)) {
    throw new codes.ERR_OUT_OF_RANGE(`max${minNotSpecified ? '' : ' - min'}`, `<= ${RAND_MAX}`, range);
  }
  const randLimit = RAND_MAX - (RAND_MAX % range);
  const bytes = new Uint8Array(6);
  let x;
  do {
    binding.randomFill(bytes, 0, 6);
    x = bytes[0] * 2 ** 40 + bytes[1] * 2 ** 32 + bytes[2] * 2 ** 24 +
      bytes[3] * 2 ** 16 + bytes[4] * 2 ** 8 + bytes[5];
  } while (x >= randLimit);
  const n = min + (x % range);
  if (isSync) return n;
  process.nextTick(callback, undefined, n);
}

// randomUUID: version 4, from a pool of random bytes refilled 128 UUIDs at a time.
let uuidPool;
let uuidPoolPos = 0;
const kPoolSize = 16 * 128;
const hex = [];
for (let i = 0; i < 256; i++) hex.push((i + 0x100).toString(16).slice(1));

function randomUUID(options) {
  if (options !== undefined) validateObject(options, 'options');
  let disableEntropyCache = false;
  if (options && options.disableEntropyCache !== undefined) {
    validateBoolean(options.disableEntropyCache, 'options.disableEntropyCache');
    disableEntropyCache = options.disableEntropyCache;
  }
  let b;
  let o;
  if (disableEntropyCache) {
    b = new Uint8Array(16);
    binding.randomFill(b, 0, 16);
    o = 0;
  } else {
    if (uuidPool === undefined || uuidPoolPos >= kPoolSize) {
      uuidPool = uuidPool || new Uint8Array(kPoolSize);
      binding.randomFill(uuidPool, 0, kPoolSize);
      uuidPoolPos = 0;
    }
    b = uuidPool;
    o = uuidPoolPos;
    uuidPoolPos += 16;
  }
  b[o + 6] = (b[o + 6] & 0x0f) | 0x40;
  b[o + 8] = (b[o + 8] & 0x3f) | 0x80;
  return `${hex[b[o]]}${hex[b[o + 1]]}${hex[b[o + 2]]}${hex[b[o + 3]]}-` +
    `${hex[b[o + 4]]}${hex[b[o + 5]]}-${hex[b[o + 6]]}${hex[b[o + 7]]}-` +
    `${hex[b[o + 8]]}${hex[b[o + 9]]}-${hex[b[o + 10]]}${hex[b[o + 11]]}` +
    `${hex[b[o + 12]]}${hex[b[o + 13]]}${hex[b[o + 14]]}${hex[b[o + 15]]}`;
}

const kIntegerArrays = new Set([
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array',
  'Int32Array', 'Uint32Array', 'BigInt64Array', 'BigUint64Array',
]);

function typedArrayName(v) {
  if (!ArrayBuffer.isView(v) || v instanceof DataView) return undefined;
  const get = Object.getOwnPropertyDescriptor(
    Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag).get;
  return get.call(v);
}

// Web Crypto getRandomValues (without the `this` check: see webcrypto).
function getRandomValues(data) {
  const { DOMException } = require('internal/dom_exception');
  if (!kIntegerArrays.has(typedArrayName(data))) {
    throw new DOMException('The data argument must be an integer-type TypedArray', 'TypeMismatchError');
  }
  if (data.byteLength > 65536) {
    throw new DOMException('The requested length exceeds 65,536 bytes', 'QuotaExceededError');
  }
  if (data.byteLength > 0) binding.randomFill(data, 0, data.byteLength);
  return data;
}

module.exports = {
  randomBytes, randomFill, randomFillSync, randomInt, randomUUID, getRandomValues,
};
