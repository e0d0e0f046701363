'use strict';
// internal/crypto/webcrypto: the Web Crypto API (globalThis.crypto):
// Crypto (getRandomValues, randomUUID), SubtleCrypto (digest; HMAC
// importKey/exportKey/sign/verify/generateKey) and CryptoKey. SubtleCrypto
// work runs on libuv's thread pool. Loads neither stream nor Buffer eagerly.

const { binding, codes, cryptoCodes, isArrayBufferView, isAnyArrayBuffer } = require('internal/crypto/util');
const { CryptoKey, newCryptoKey: newKey, kKeyMaterial: kMaterial, kKeyObject, SecretKeyObject } = require('internal/crypto/keys');
const kKeyMaterial = Symbol('material');
function newCryptoKey(type, bytes, algorithm, extractable, usages) {
  const k = newKey(new SecretKeyObject(bytes), algorithm, extractable, usages);
  Object.defineProperty(k, kKeyMaterial, { get() { return this[kKeyObject][kMaterial]; } });
  return k;
}
const random = require('internal/crypto/random');

const kConstruct = Symbol('kConstruct');

function domException(message, name) {
  const { DOMException } = require('internal/dom_exception');
  return new DOMException(message, name);
}

const kHashes = { 'sha-1': 'SHA-1', 'sha-256': 'SHA-256', 'sha-384': 'SHA-384', 'sha-512': 'SHA-512' };
const kHashSizes = { 'SHA-1': 64, 'SHA-256': 64, 'SHA-384': 128, 'SHA-512': 128 }; // block sizes
const kOsslNames = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };
const kAlgorithms = { hmac: 'HMAC', ...kHashes };

function algorithmName(algorithm) {
  if (typeof algorithm === 'string') return algorithm;
  if (algorithm !== null && typeof algorithm === 'object') {
    if (algorithm.name === undefined) {
      const e = new TypeError("Failed to normalize algorithm: 'name' is required in 'Algorithm'.");
      e.code = 'ERR_MISSING_OPTION';
      throw e;
    }
    return String(algorithm.name);
  }
  return String(algorithm);
}

function normalizeHash(algorithm) {
  const name = kHashes[algorithmName(algorithm).toLowerCase()];
  if (name === undefined) throw domException('Unrecognized algorithm name', 'NotSupportedError');
  return name;
}

function normalizeAlgorithm(algorithm) {
  const name = kAlgorithms[algorithmName(algorithm).toLowerCase()];
  if (name === undefined) throw domException('Unrecognized algorithm name', 'NotSupportedError');
  return name;
}

function bufferSource(value, method, position) {
  if (isAnyArrayBuffer(value)) return new Uint8Array(value.slice(0));
  if (isArrayBufferView(value)) {
    return new Uint8Array(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength));
  }
  const e = new TypeError(`Failed to execute '${method}' on 'SubtleCrypto': ${position} argument is ` +
    'not instance of ArrayBuffer, Buffer, TypedArray, or DataView.');
  e.code = 'ERR_INVALID_ARG_TYPE';
  throw e;
}

function checkKey(key, method, position) {
  if (!(key instanceof CryptoKey)) {
    const e = new TypeError(`Failed to execute '${method}' on 'SubtleCrypto': ${position} argument is ` +
      'not of type CryptoKey.');
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
}

function missingArgs(method, need, got) {
  return new TypeError(`Failed to execute '${method}' on 'SubtleCrypto': ${need} arguments required, ` +
    `but only ${got} present.`);
}

// Runs a binding job on the thread pool as a promise.
function poolJob(fn, ...args) {
  return new Promise((resolve, reject) => {
    fn(...args, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

function hmacAlgorithm(algorithm, hashName, lengthBits) {
  return { name: 'HMAC', hash: { name: hashName }, length: lengthBits };
}

function checkUsages(usages, allowed, algName) {
  if (!Array.isArray(usages)) {
    const e = new TypeError("Failed to execute 'importKey' on 'SubtleCrypto': 5th argument is not iterable.");
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
  for (const u of usages) {
    if (!allowed.includes(u)) throw domException(`Unsupported key usage for an ${algName} key`, 'SyntaxError');
  }
}

function hmacParams(algorithm) {
  if (algorithm === null || typeof algorithm !== 'object' || algorithm.hash === undefined) {
    const e = new TypeError("Failed to normalize algorithm: passed algorithm can not be converted to " +
      "'HmacImportParams' because 'hash' is required in 'HmacImportParams'.");
    e.code = 'ERR_MISSING_OPTION';
    throw e;
  }
  return normalizeHash(algorithm.hash);
}

class SubtleCrypto {
  constructor(token) {
    if (token !== kConstruct) throw new codes.ERR_ILLEGAL_CONSTRUCTOR();
  }

  async digest(algorithm, data) {
    if (arguments.length < 2) throw missingArgs('digest', 2, arguments.length);
    const name = normalizeHash(algorithm);
    const bytes = bufferSource(data, 'digest', '2nd');
    return poolJob(binding.digest, kOsslNames[name], bytes);
  }

  async importKey(format, keyData, algorithm, extractable, keyUsages) {
    if (arguments.length < 5) throw missingArgs('importKey', 5, arguments.length);
    const name = normalizeAlgorithm(algorithm);
    if (name !== 'HMAC') throw domException('Unrecognized algorithm name', 'NotSupportedError');
    const hash = hmacParams(algorithm);
    checkUsages(keyUsages, ['sign', 'verify'], 'HMAC');
    if (format !== 'raw') {
      if (format === 'jwk' || format === 'spki' || format === 'pkcs8') {
        if (format === 'jwk') throw domException('Invalid keyData', 'DataError');
        throw domException(`Unable to import HMAC key with format ${format}`, 'NotSupportedError');
      }
      const e = new TypeError(`Failed to execute 'importKey' on 'SubtleCrypto': 1st argument value ` +
        `'${format}' is not a valid enum value of type KeyFormat.`);
      e.code = 'ERR_INVALID_ARG_VALUE';
      throw e;
    }
    const bytes = bufferSource(keyData, 'importKey', '2nd');
    if (bytes.byteLength === 0) throw domException('Zero-length key is not supported', 'DataError');
    let length = bytes.byteLength * 8;
    if (algorithm.length !== undefined) {
      if (algorithm.length !== length) {
        throw domException('Invalid key length', 'DataError');
      }
      length = algorithm.length;
    }
    if (keyUsages.length === 0) {
      throw domException('Usages cannot be empty when importing a secret key.', 'SyntaxError');
    }
    return newCryptoKey('secret', bytes, hmacAlgorithm(algorithm, hash, length), !!extractable,
      [...new Set(keyUsages)]);
  }

  async generateKey(algorithm, extractable, keyUsages) {
    if (arguments.length < 3) throw missingArgs('generateKey', 3, arguments.length);
    const name = normalizeAlgorithm(algorithm);
    if (name !== 'HMAC') throw domException('Unrecognized algorithm name', 'NotSupportedError');
    const hash = hmacParams(algorithm);
    checkUsages(keyUsages, ['sign', 'verify'], 'HMAC');
    let length = algorithm.length;
    if (length === undefined) length = kHashSizes[hash] * 8;
    if (length === 0) throw domException('Zero-length key is not supported', 'OperationError');
    if (keyUsages.length === 0) {
      throw domException('Usages cannot be empty when creating a key.', 'SyntaxError');
    }
    const bytes = new Uint8Array(Math.ceil(length / 8));
    await poolJob(binding.randomFill, bytes, 0, bytes.byteLength);
    return newCryptoKey('secret', bytes, { name: 'HMAC', length, hash: { name: hash } }, !!extractable,
      [...new Set(keyUsages)]);
  }

  async exportKey(format, key) {
    if (arguments.length < 2) throw missingArgs('exportKey', 2, arguments.length);
    checkKey(key, 'exportKey', '2nd');
    if (!key.extractable) throw domException('key is not extractable', 'InvalidAccessException');
    if (format === 'raw') return key[kKeyMaterial].slice().buffer;
    if (format === 'jwk') {
      const { Buffer } = require('buffer');
      const hashName = key.algorithm.hash.name;
      return {
        key_ops: key.usages.slice(),
        ext: key.extractable,
        kty: 'oct',
        k: Buffer.from(key[kKeyMaterial]).toString('base64url'),
        alg: `HS${hashName === 'SHA-1' ? 1 : hashName.slice(4)}`,
      };
    }
    throw domException(`Unable to export a raw ${key.algorithm.name} key`, 'NotSupportedError');
  }

  async sign(algorithm, key, data) {
    if (arguments.length < 3) throw missingArgs('sign', 3, arguments.length);
    const name = normalizeAlgorithm(algorithm);
    checkKey(key, 'sign', '2nd');
    const bytes = bufferSource(data, 'sign', '3rd');
    if (name !== 'HMAC') throw domException('Unrecognized algorithm name', 'NotSupportedError');
    if (!key.usages.includes('sign') || key.algorithm.name !== name) {
      throw domException('Unable to use this key to sign', 'InvalidAccessError');
    }
    return poolJob(binding.hmac, kOsslNames[key.algorithm.hash.name], key[kKeyMaterial], bytes);
  }

  async verify(algorithm, key, signature, data) {
    if (arguments.length < 4) throw missingArgs('verify', 4, arguments.length);
    const name = normalizeAlgorithm(algorithm);
    checkKey(key, 'verify', '2nd');
    const sig = bufferSource(signature, 'verify', '3rd');
    const bytes = bufferSource(data, 'verify', '4th');
    if (name !== 'HMAC') throw domException('Unrecognized algorithm name', 'NotSupportedError');
    if (!key.usages.includes('verify') || key.algorithm.name !== name) {
      throw domException('Unable to use this key to verify', 'InvalidAccessError');
    }
    const mac = new Uint8Array(
      await poolJob(binding.hmac, kOsslNames[key.algorithm.hash.name], key[kKeyMaterial], bytes));
    return mac.byteLength === sig.byteLength && binding.timingSafeEqual(mac, sig);
  }
}

for (const name of ['encrypt', 'decrypt', 'deriveBits', 'deriveKey', 'wrapKey', 'unwrapKey']) {
  SubtleCrypto.prototype[name] = async function notSupported(algorithm) {
    normalizeAlgorithm(algorithm);
    throw domException('Unrecognized algorithm name', 'NotSupportedError');
  };
}

Object.defineProperty(SubtleCrypto.prototype, Symbol.toStringTag, {
  __proto__: null, value: 'SubtleCrypto', configurable: true,
});

const subtle = new SubtleCrypto(kConstruct);

class Crypto {
  constructor(token) {
    if (token !== kConstruct) throw new codes.ERR_ILLEGAL_CONSTRUCTOR();
  }

  get subtle() {
    if (this !== crypto) throw cryptoCodes.ERR_INVALID_THIS('Crypto');
    return subtle;
  }

  getRandomValues(array) {
    if (this !== crypto) throw cryptoCodes.ERR_INVALID_THIS('Crypto');
    if (arguments.length < 1) {
      throw new codes.ERR_MISSING_ARGS('typedArray');
    }
    return random.getRandomValues(array);
  }

  randomUUID() {
    if (this !== crypto) throw cryptoCodes.ERR_INVALID_THIS('Crypto');
    return random.randomUUID();
  }
}

Object.defineProperty(Crypto.prototype, Symbol.toStringTag, {
  __proto__: null, value: 'Crypto', configurable: true,
});
for (const name of ['subtle', 'getRandomValues', 'randomUUID']) {
  Object.defineProperty(Crypto.prototype, name, { enumerable: true });
}

const crypto = new Crypto(kConstruct);

module.exports = { crypto, Crypto, SubtleCrypto, CryptoKey, subtle };
