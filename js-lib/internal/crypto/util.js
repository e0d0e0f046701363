'use strict';
// internal/crypto/util: shared helpers of the crypto modules: argument
// validation with Node's messages, crypto error codes and byte conversion.
const { validateInt32, validateUint32, validateBoolean } = require('internal/validators');

const errors = require('internal/errors');
const { codes, makeNodeError } = errors;

const binding = internalBinding('crypto');

const kMaxLength = 2 ** 32;
const kMaxInt32 = 2 ** 31 - 1;

function lazyBuffer() {
  return require('buffer').Buffer;
}

function cryptoError(Base, code, message) {
  return makeNodeError(Base, code, message);
}

const cryptoCodes = {
  ERR_CRYPTO_HASH_FINALIZED: () => cryptoError(Error, 'ERR_CRYPTO_HASH_FINALIZED', 'Digest already called'),
  ERR_CRYPTO_HASH_UPDATE_FAILED: () => cryptoError(Error, 'ERR_CRYPTO_HASH_UPDATE_FAILED', 'Hash update failed'),
  ERR_CRYPTO_INVALID_DIGEST: (d) => cryptoError(TypeError, 'ERR_CRYPTO_INVALID_DIGEST', `Invalid digest: ${d}`),
  ERR_CRYPTO_INVALID_KEYLEN: () => cryptoError(RangeError, 'ERR_CRYPTO_INVALID_KEYLEN', 'Invalid key length'),
  ERR_CRYPTO_INVALID_IV: () => cryptoError(TypeError, 'ERR_CRYPTO_INVALID_IV', 'Invalid initialization vector'),
  ERR_CRYPTO_UNKNOWN_CIPHER: () => cryptoError(Error, 'ERR_CRYPTO_UNKNOWN_CIPHER', 'Unknown cipher'),
  ERR_CRYPTO_INVALID_STATE: (op) => cryptoError(Error, 'ERR_CRYPTO_INVALID_STATE', `Invalid state for operation ${op}`),
  ERR_CRYPTO_INVALID_AUTH_TAG: (msg) => cryptoError(TypeError, 'ERR_CRYPTO_INVALID_AUTH_TAG', msg),
  ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH: () => cryptoError(RangeError,
    'ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH', 'Input buffers must have the same byte length'),
  ERR_CRYPTO_INVALID_SCRYPT_PARAMS: (detail) => cryptoError(RangeError,
    'ERR_CRYPTO_INVALID_SCRYPT_PARAMS', detail ? `Invalid scrypt params: ${detail}` : 'Invalid scrypt params'),
  ERR_CRYPTO_SCRYPT_INVALID_PARAMETER: () => cryptoError(Error, 'ERR_CRYPTO_SCRYPT_INVALID_PARAMETER',
    'Invalid scrypt parameter'),
  ERR_INCOMPATIBLE_OPTION_PAIR: (a, b) => cryptoError(TypeError, 'ERR_INCOMPATIBLE_OPTION_PAIR',
    `Option "${a}" cannot be used in combination with option "${b}"`),
  ERR_INVALID_THIS: (t) => new codes.ERR_INVALID_THIS(t),
};

function isArrayBufferView(v) {
  return ArrayBuffer.isView(v);
}

function isAnyArrayBuffer(v) {
  return v instanceof ArrayBuffer ||
    (typeof SharedArrayBuffer === 'function' && v instanceof SharedArrayBuffer) ||
    Object.prototype.toString.call(v) === '[object ArrayBuffer]' ||
    Object.prototype.toString.call(v) === '[object SharedArrayBuffer]';
}




function isUtf8(enc) {
  return enc === undefined || enc === null || enc === 'utf8' || enc === 'utf-8' ||
    (typeof enc === 'string' && /^utf-?8$/i.test(enc));
}

// A string or bytes for the binding: strings in UTF-8 go as they are (the
// binding encodes them), other encodings become a Buffer.
function toBindingData(data, encoding) {
  if (typeof data === 'string') {
    if (isUtf8(encoding) || encoding === 'buffer') return data;
    return lazyBuffer().from(data, encoding);
  }
  if (isAnyArrayBuffer(data)) return new Uint8Array(data);
  return data;
}

// string | ArrayBuffer | view -> bytes (Node's getArrayBufferOrView).
function getArrayBufferOrView(buffer, name, encoding) {
  if (isAnyArrayBuffer(buffer)) return new Uint8Array(buffer);
  if (typeof buffer === 'string') {
    if (encoding === 'buffer') encoding = 'utf8';
    return lazyBuffer().from(buffer, encoding);
  }
  if (!isArrayBufferView(buffer)) {
    throw new codes.ERR_INVALID_ARG_TYPE(name,
      ['string', 'ArrayBuffer', 'Buffer', 'TypedArray', 'DataView'], buffer);
  }
  return buffer;
}

function validateByteSource(val, name) {
  val = toBuf(val);
  if (isAnyArrayBuffer(val)) return new Uint8Array(val);
  if (isArrayBufferView(val)) return val;
  throw new codes.ERR_INVALID_ARG_TYPE(name,
    ['string', 'ArrayBuffer', 'TypedArray', 'DataView', 'Buffer'], val);
}

function toBuf(val, encoding) {
  if (typeof val === 'string') {
    if (encoding === 'buffer') encoding = 'utf8';
    return lazyBuffer().from(val, encoding);
  }
  return val;
}

// An ArrayBuffer from the binding as a Buffer.
function asBuffer(ab) {
  return lazyBuffer().from(ab);
}

function encodeOutput(buf, encoding) {
  if (encoding === undefined || encoding === 'buffer') return buf;
  if (typeof encoding === 'string' && lazyBuffer().isEncoding(encoding)) return buf.toString(encoding);
  return buf;
}

let hashCache;
function digestKnown(name) {
  if (!hashCache) hashCache = new Map();
  let size = hashCache.get(name);
  if (size === undefined) {
    size = binding.mdSize(name);
    hashCache.set(name, size);
  }
  return size >= 0;
}

module.exports = {
  binding,
  codes,
  cryptoCodes,
  kMaxLength,
  kMaxInt32,
  lazyBuffer,
  isArrayBufferView,
  isAnyArrayBuffer,
  validateInt32,
  validateUint32,
  validateBoolean,
  toBindingData,
  getArrayBufferOrView,
  validateByteSource,
  toBuf,
  asBuffer,
  encodeOutput,
  digestKnown,
};
