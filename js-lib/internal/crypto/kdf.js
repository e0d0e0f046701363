'use strict';
// internal/crypto/kdf: pbkdf2, scrypt and hkdf. The callback forms run on
// libuv's thread pool (the binding's job functions), the Sync forms inline.

const {
  binding, codes, cryptoCodes, kMaxLength, validateInt32, getArrayBufferOrView,
  validateByteSource, asBuffer, digestKnown, isArrayBufferView, isAnyArrayBuffer,
} = require('internal/crypto/util');
const {
  validateString, validateFunction, validateInteger,
} = require('internal/errors');
const { wrap } = require('internal/async_context');
const { prepareSecretKey } = require('internal/crypto/keys');

// --- pbkdf2 ------------------------------------------------------------------

function pbkdf2Check(password, salt, iterations, keylen, digest) {
  validateString(digest, 'digest');
  password = getArrayBufferOrView(password, 'password');
  salt = getArrayBufferOrView(salt, 'salt');
  validateInt32(iterations, 'iterations', 1);
  validateInt32(keylen, 'keylen', 0);
  if (!digestKnown(digest)) throw cryptoCodes.ERR_CRYPTO_INVALID_DIGEST(digest);
  return { password, salt, iterations, keylen, digest };
}

function pbkdf2Sync(password, salt, iterations, keylen, digest) {
  const a = pbkdf2Check(password, salt, iterations, keylen, digest);
  return asBuffer(binding.pbkdf2(a.password, a.salt, a.iterations, a.keylen, a.digest));
}

function pbkdf2(password, salt, iterations, keylen, digest, callback) {
  if (typeof digest === 'function') {
    callback = digest;
    digest = undefined;
  }
  const a = pbkdf2Check(password, salt, iterations, keylen, digest);
  validateFunction(callback, 'callback');
  callback = wrap(callback);
  binding.pbkdf2(a.password, a.salt, a.iterations, a.keylen, a.digest, (err, ab) => {
    if (err) return callback(err);
    callback(null, asBuffer(ab));
  });
}

// --- scrypt ------------------------------------------------------------------

const scryptDefaults = { N: 16384, r: 8, p: 1, maxmem: 32 << 20 };

function scryptCheck(password, salt, keylen, options) {
  password = getArrayBufferOrView(password, 'password');
  salt = getArrayBufferOrView(salt, 'salt');
  validateInt32(keylen, 'keylen', 0);
  let { N, r, p, maxmem } = scryptDefaults;
  if (options && options !== scryptDefaults) {
    const has = (name) => options[name] !== undefined;
    if (has('N')) {
      if (has('cost')) throw cryptoCodes.ERR_CRYPTO_SCRYPT_INVALID_PARAMETER();
      N = options.N;
      validateUint32Opt(N, 'N');
    }
    if (has('cost')) { N = options.cost; validateUint32Opt(N, 'cost'); }
    if (has('r')) {
      if (has('blockSize')) throw cryptoCodes.ERR_CRYPTO_SCRYPT_INVALID_PARAMETER();
      r = options.r;
      validateUint32Opt(r, 'r');
    }
    if (has('blockSize')) { r = options.blockSize; validateUint32Opt(r, 'blockSize'); }
    if (has('p')) {
      if (has('parallelization')) throw cryptoCodes.ERR_CRYPTO_SCRYPT_INVALID_PARAMETER();
      p = options.p;
      validateUint32Opt(p, 'p');
    }
    if (has('parallelization')) { p = options.parallelization; validateUint32Opt(p, 'parallelization'); }
    if (has('maxmem')) {
      maxmem = options.maxmem;
      validateInteger(maxmem, 'maxmem', 0);
    }
    if (N === 0) N = scryptDefaults.N;
    if (r === 0) r = scryptDefaults.r;
    if (p === 0) p = scryptDefaults.p;
    if (maxmem === 0) maxmem = scryptDefaults.maxmem;
  }
  const problem = binding.scryptCheck(N, r, p, maxmem);
  if (problem !== undefined) throw cryptoCodes.ERR_CRYPTO_INVALID_SCRYPT_PARAMS(problem);
  return { password, salt, keylen, N, r, p, maxmem };
}

function validateUint32Opt(value, name) {
  const { validateUint32 } = require('internal/crypto/util');
  validateUint32(value, name);
}

function scryptSync(password, salt, keylen, options = scryptDefaults) {
  const a = scryptCheck(password, salt, keylen, options);
  return asBuffer(binding.scrypt(a.password, a.salt, a.keylen, a.N, a.r, a.p, a.maxmem));
}

function scrypt(password, salt, keylen, options, callback = options) {
  if (callback === options) options = scryptDefaults;
  const a = scryptCheck(password, salt, keylen, options);
  validateFunction(callback, 'callback');
  callback = wrap(callback);
  binding.scrypt(a.password, a.salt, a.keylen, a.N, a.r, a.p, a.maxmem, (err, ab) => {
    if (err) return callback(err);
    callback(null, asBuffer(ab));
  });
}

// --- hkdf --------------------------------------------------------------------

function hkdfCheck(hash, key, salt, info, length) {
  validateString(hash, 'digest');
  key = prepareHkdfKey(key);
  salt = validateByteSource(salt, 'salt');
  info = validateByteSource(info, 'info');
  validateInteger(length, 'length', 0, kMaxLength);
  if (info.byteLength > 1024) {
    throw new codes.ERR_OUT_OF_RANGE('info', 'must not contain more than 1024 bytes', info.byteLength);
  }
  const size = binding.mdSize(hash);
  if (size < 0) throw cryptoCodes.ERR_CRYPTO_INVALID_DIGEST(hash);
  if (length > 255 * size) throw cryptoCodes.ERR_CRYPTO_INVALID_KEYLEN();
  return { hash, key, salt, info, length };
}

function prepareHkdfKey(key) {
  const { KeyObject, kKeyMaterial } = require('internal/crypto/keys');
  if (key instanceof KeyObject && key.type === 'secret') return key[kKeyMaterial];
  if (typeof key === 'string' || isArrayBufferView(key) || isAnyArrayBuffer(key)) {
    return prepareSecretKey(key);
  }
  throw new codes.ERR_INVALID_ARG_TYPE('ikm',
    ['string', 'SecretKeyObject', 'ArrayBuffer', 'TypedArray', 'DataView', 'Buffer'], key);
}

function hkdfSync(hash, key, salt, info, length) {
  const a = hkdfCheck(hash, key, salt, info, length);
  return binding.hkdf(a.hash, a.key, a.salt, a.info, a.length);
}

function hkdf(hash, key, salt, info, length, callback) {
  const a = hkdfCheck(hash, key, salt, info, length);
  validateFunction(callback, 'callback');
  callback = wrap(callback);
  binding.hkdf(a.hash, a.key, a.salt, a.info, a.length, (err, ab) => {
    if (err) return callback(err);
    callback(null, ab);
  });
}

module.exports = {
  pbkdf2, pbkdf2Sync, scrypt, scryptSync, hkdf, hkdfSync,
};
