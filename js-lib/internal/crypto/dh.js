'use strict';
// internal/crypto/dh: ECDH and DiffieHellman objects (key bytes kept here,
// arithmetic in bindings/mod_crypto_dh.c), getCurves, checkPrime(Sync) and
// generatePrime(Sync).

const {
  codes, isArrayBufferView, isAnyArrayBuffer, getArrayBufferOrView, toBuf, lazyBuffer,
  validateInt32, validateBoolean,
} = require('internal/crypto/util');
const { wrap } = require('internal/async_context');
const { validateString, validateFunction, validateObject, makeNodeError } = require('internal/errors');
const { keysBinding } = require('internal/crypto/keys');

const kState = Symbol('kState');
const POINT_CONVERSION_COMPRESSED = 2;
const POINT_CONVERSION_UNCOMPRESSED = 4;
const POINT_CONVERSION_HYBRID = 6;

function encode(bytes, encoding) {
  const buf = lazyBuffer().from(bytes);
  if (encoding && encoding !== 'buffer') return buf.toString(encoding);
  return buf;
}

// Big-endian bytes without leading zeros (BN_bn2bin's form).
function stripZeros(bytes) {
  const u8 = new Uint8Array(bytes);
  let i = 0;
  while (i < u8.length - 1 && u8[i] === 0) i++;
  return u8.subarray(i);
}

function equalBytes(a, b) {
  return lazyBuffer().from(a).equals(lazyBuffer().from(b));
}

function invalidKeyType(msg) {
  return makeNodeError(TypeError, 'ERR_CRYPTO_INVALID_KEYTYPE', msg);
}

// --- ECDH ----------------------------------------------------------------------

function getFormat(format) {
  if (format) {
    if (format === 'compressed') return POINT_CONVERSION_COMPRESSED;
    if (format === 'hybrid') return POINT_CONVERSION_HYBRID;
    if (format !== 'uncompressed') throw new codes.ERR_CRYPTO_ECDH_INVALID_FORMAT(format);
  }
  return POINT_CONVERSION_UNCOMPRESSED;
}

function ECDH(curve) {
  if (!(this instanceof ECDH)) return new ECDH(curve);
  validateString(curve, 'curve');
  if (keysBinding.ecConvert(curve, new Uint8Array(0), 4) === -1) throw new codes.ERR_CRYPTO_INVALID_CURVE();
  this[kState] = { curve, priv: undefined, pub: undefined };
}

ECDH.prototype.generateKeys = function generateKeys(encoding, format) {
  const s = this[kState];
  s.priv = stripZeros(keysBinding.ecGenerate(s.curve));
  s.pub = new Uint8Array(keysBinding.ecPublic(s.curve, s.priv, POINT_CONVERSION_UNCOMPRESSED));
  return this.getPublicKey(encoding, format);
};

ECDH.prototype.getPublicKey = function getPublicKey(encoding, format) {
  const s = this[kState];
  const f = getFormat(format);
  if (s.pub === undefined) throw makeNodeError(Error, 'ERR_CRYPTO_OPERATION_FAILED', 'Failed to get ECDH public key', false);
  return encode(f === POINT_CONVERSION_UNCOMPRESSED ? s.pub : keysBinding.ecConvert(s.curve, s.pub, f), encoding);
};

ECDH.prototype.getPrivateKey = function getPrivateKey(encoding) {
  const s = this[kState];
  if (s.priv === undefined) throw makeNodeError(Error, 'ERR_CRYPTO_OPERATION_FAILED', 'Failed to get ECDH private key', false);
  return encode(s.priv, encoding);
};

ECDH.prototype.setPrivateKey = function setPrivateKey(key, encoding) {
  key = getArrayBufferOrView(key, 'key', encoding);
  const s = this[kState];
  const pub = keysBinding.ecPublic(s.curve, key, POINT_CONVERSION_UNCOMPRESSED);
  if (typeof pub === 'number') throw invalidKeyType('Private key is not valid for specified curve.');
  s.priv = stripZeros(new Uint8Array(key).slice());
  s.pub = new Uint8Array(pub);
  return this;
};

ECDH.prototype.setPublicKey = function setPublicKey(key, encoding) {
  key = getArrayBufferOrView(key, 'key', encoding);
  const s = this[kState];
  const pub = keysBinding.ecConvert(s.curve, key, POINT_CONVERSION_UNCOMPRESSED);
  if (typeof pub === 'number') {
    throw makeNodeError(Error, 'ERR_CRYPTO_OPERATION_FAILED', 'Failed to convert Buffer to EC_POINT');
  }
  s.pub = new Uint8Array(pub);
  return this;
};

ECDH.prototype.computeSecret = function computeSecret(key, inEnc, outEnc) {
  key = getArrayBufferOrView(key, 'key', inEnc);
  const s = this[kState];
  if (s.priv === undefined) throw makeNodeError(Error, 'ERR_CRYPTO_OPERATION_FAILED', 'Failed to get ECDH private key', false);
  if (s.pub !== undefined && !equalBytes(s.pub, keysBinding.ecPublic(s.curve, s.priv, POINT_CONVERSION_UNCOMPRESSED))) {
    throw new codes.ERR_CRYPTO_INVALID_KEYPAIR();
  }
  const secret = keysBinding.ecCompute(s.curve, s.priv, key);
  if (typeof secret === 'number') throw new codes.ERR_CRYPTO_ECDH_INVALID_PUBLIC_KEY();
  return encode(secret, outEnc);
};

ECDH.convertKey = function convertKey(key, curve, inEnc, outEnc, format) {
  validateString(curve, 'curve');
  key = getArrayBufferOrView(key, 'key', inEnc);
  const f = getFormat(format);
  const out = keysBinding.ecConvert(curve, key, f);
  if (out === -1) throw new codes.ERR_CRYPTO_INVALID_CURVE();
  if (out === -2) {
    throw makeNodeError(Error, 'ERR_CRYPTO_OPERATION_FAILED', 'Failed to convert Buffer to EC_POINT');
  }
  return encode(out, outEnc);
};

function createECDH(curve) {
  return new ECDH(curve);
}

// --- DiffieHellman -------------------------------------------------------------

const kBufferTypes = ['number', 'string', 'ArrayBuffer', 'Buffer', 'TypedArray', 'DataView'];

function setupDh(self, prime, generator) {
  const gen = typeof generator === 'number'
    ? lazyBuffer().from(stripZeros(Uint8Array.of(generator >>> 24, (generator >>> 16) & 255,
      (generator >>> 8) & 255, generator & 255)))
    : new Uint8Array(isAnyArrayBuffer(generator) ? generator : generator.buffer.slice(
      generator.byteOffset, generator.byteOffset + generator.byteLength));
  const p = new Uint8Array(isAnyArrayBuffer(prime) ? prime.slice(0)
    : prime.buffer.slice(prime.byteOffset, prime.byteOffset + prime.byteLength));
  self[kState] = { prime: p, generator: gen, priv: undefined, pub: undefined };
  Object.defineProperty(self, 'verifyError', {
    __proto__: null, enumerable: true, value: keysBinding.dhCheck(p, gen), writable: true, configurable: true,
  });
}

function DiffieHellman(sizeOrKey, keyEncoding, generator, genEncoding) {
  if (!(this instanceof DiffieHellman)) return new DiffieHellman(sizeOrKey, keyEncoding, generator, genEncoding);
  if (typeof sizeOrKey !== 'number' && typeof sizeOrKey !== 'string' &&
      !isArrayBufferView(sizeOrKey) && !isAnyArrayBuffer(sizeOrKey)) {
    throw new codes.ERR_INVALID_ARG_TYPE('sizeOrKey', kBufferTypes, sizeOrKey);
  }
  if (typeof sizeOrKey === 'number') validateInt32(sizeOrKey, 'sizeOrKey');
  const { Buffer } = require('buffer');
  if (keyEncoding && !Buffer.isEncoding(keyEncoding) && keyEncoding !== 'buffer') {
    genEncoding = generator;
    generator = keyEncoding;
    keyEncoding = false;
  }
  keyEncoding = keyEncoding || 'buffer';
  genEncoding = genEncoding || 'buffer';
  if (typeof sizeOrKey !== 'number') sizeOrKey = toBuf(sizeOrKey, keyEncoding);
  if (!generator) generator = 2;
  else if (typeof generator === 'number') validateInt32(generator, 'generator');
  else if (typeof generator === 'string') generator = toBuf(generator, genEncoding);
  else if (!isArrayBufferView(generator) && !isAnyArrayBuffer(generator)) {
    throw new codes.ERR_INVALID_ARG_TYPE('generator', kBufferTypes, generator);
  }
  if (typeof sizeOrKey === 'number') {
    // OpenSSL's DH parameter generation (a safe prime for this generator).
    const g = typeof generator === 'number' ? generator : Number(toBig(generator));
    const handle = keysBinding.generateKeyPair('dh', { primeLength: sizeOrKey, generator: g });
    sizeOrKey = new Uint8Array(keysBinding.keyParts(handle).p);
  } else if (typeof generator === 'number' ? generator < 2 : toBig(generator) < 2n) {
    throw keysBinding.dhBadGenerator();
  }
  setupDh(this, sizeOrKey, generator);
}

function DiffieHellmanGroup(name) {
  if (!(this instanceof DiffieHellmanGroup)) return new DiffieHellmanGroup(name);
  const prime = keysBinding.modpGroup(String(name));
  if (prime === undefined) throw new codes.ERR_CRYPTO_UNKNOWN_DH_GROUP();
  setupDh(this, prime, 2);
}

function toBig(bytes) {
  const hex = lazyBuffer().from(bytes).toString('hex');
  return hex.length ? BigInt(`0x${hex}`) : 0n;
}

function dhGenerateKeys(encoding) {
  const s = this[kState];
  if (s.priv === undefined) {
    // A private key of the prime's size minus one bit, as OpenSSL makes it.
    const bits = s.prime.length * 8 - 1;
    const priv = new Uint8Array(Math.ceil(bits / 8));
    require('internal/crypto/random').randomFillSync(priv);
    priv[0] &= 0x7f;
    priv[0] |= 0x40;
    s.priv = stripZeros(priv);
  }
  s.pub = stripZeros(keysBinding.modExp(s.generator, s.priv, s.prime));
  return encode(s.pub, encoding);
}

function dhComputeSecret(key, inEnc, outEnc) {
  key = getArrayBufferOrView(key, 'key', inEnc);
  const s = this[kState];
  const peer = toBig(key);
  const p = toBig(s.prime);
  if (peer <= 1n) throw makeNodeError(RangeError, 'ERR_CRYPTO_INVALID_KEYLEN', 'Supplied key is too small');
  if (peer >= p - 1n) throw makeNodeError(RangeError, 'ERR_CRYPTO_INVALID_KEYLEN', 'Supplied key is too large');
  return encode(keysBinding.modExp(key, s.priv, s.prime), outEnc);
}

function dhField(name, what) {
  return function get(encoding) {
    const v = this[kState][name];
    if (v === undefined) {
      throw makeNodeError(Error, 'ERR_CRYPTO_INVALID_STATE', `No ${what} - did you forget to generate one?`);
    }
    return encode(v, encoding);
  };
}

function dhSetter(name) {
  return function set(key, encoding) {
    this[kState][name] = stripZeros(getArrayBufferOrView(key, 'key', encoding)).slice();
    return this;
  };
}

for (const C of [DiffieHellman, DiffieHellmanGroup]) {
  C.prototype.generateKeys = dhGenerateKeys;
  C.prototype.computeSecret = dhComputeSecret;
  C.prototype.getPrime = function getPrime(encoding) { return encode(this[kState].prime, encoding); };
  C.prototype.getGenerator = function getGenerator(encoding) {
    return encode(this[kState].generator, encoding);
  };
  C.prototype.getPublicKey = dhField('pub', 'public key');
  C.prototype.getPrivateKey = dhField('priv', 'private key');
}
DiffieHellman.prototype.setPublicKey = dhSetter('pub');
DiffieHellman.prototype.setPrivateKey = dhSetter('priv');

function createDiffieHellman(prime, primeEncoding, generator, genEncoding) {
  return new DiffieHellman(prime, primeEncoding, generator, genEncoding);
}

function getDiffieHellman(name) {
  return new DiffieHellmanGroup(name);
}

let curves;
function getCurves() {
  if (!curves) curves = keysBinding.getCurves().sort();
  return curves.slice();
}

// --- primes --------------------------------------------------------------------

const kPrimeTypes = ['ArrayBuffer', 'TypedArray', 'Buffer', 'DataView', 'bigint'];

function unsignedBigIntToBuffer(bigint, name) {
  if (bigint < 0) throw new codes.ERR_OUT_OF_RANGE(name, '>= 0', bigint);
  const hex = bigint.toString(16);
  return lazyBuffer().from(hex.padStart(hex.length + (hex.length % 2), '0'), 'hex');
}

function primeCandidate(candidate) {
  if (typeof candidate === 'bigint') return unsignedBigIntToBuffer(candidate, 'candidate');
  if (!isAnyArrayBuffer(candidate) && !isArrayBufferView(candidate)) {
    throw new codes.ERR_INVALID_ARG_TYPE('candidate', kPrimeTypes, candidate);
  }
  return isAnyArrayBuffer(candidate) ? new Uint8Array(candidate) : candidate;
}

function checkPrimeOptions(options) {
  validateObject(options, 'options');
  const { checks = 0 } = options;
  validateInt32(checks, 'options.checks', 0);
}

function checkPrimeSync(candidate, options = {}) {
  candidate = primeCandidate(candidate);
  checkPrimeOptions(options);
  return keysBinding.checkPrime(candidate);
}

function checkPrime(candidate, options = {}, callback) {
  candidate = primeCandidate(candidate);
  if (typeof options === 'function') {
    callback = options;
    options = {};
  }
  validateFunction(callback, 'callback');
  checkPrimeOptions(options);
  callback = wrap(callback);
  keysBinding.checkPrime(candidate, (err, result) => callback(err ?? undefined, result));
}

function primeOptions(size, options) {
  validateInt32(size, 'size', 1);
  validateObject(options, 'options');
  const { safe = false, bigint = false } = options;
  let { add, rem } = options;
  validateBoolean(safe, 'options.safe');
  validateBoolean(bigint, 'options.bigint');
  for (const [name, v] of [['add', add], ['rem', rem]]) {
    if (v === undefined || typeof v === 'bigint') continue;
    if (!isAnyArrayBuffer(v) && !isArrayBufferView(v)) {
      throw new codes.ERR_INVALID_ARG_TYPE(`options.${name}`, kPrimeTypes, v);
    }
  }
  if (typeof add === 'bigint') add = unsignedBigIntToBuffer(add, 'options.add');
  if (typeof rem === 'bigint') rem = unsignedBigIntToBuffer(rem, 'options.rem');
  if (add !== undefined) {
    const a = toBig(add);
    // An add wider than the prime leaves only primes below it (Node refuses).
    if (a.toString(2).length > size) {
      throw makeNodeError(RangeError, 'ERR_OUT_OF_RANGE', 'invalid options.add');
    }
    if (a === 0n || (rem !== undefined && a <= toBig(rem))) {
      throw makeNodeError(RangeError, 'ERR_OUT_OF_RANGE', 'invalid options.rem');
    }
  }
  return { safe, bigint, add, rem };
}

function primeResult(prime, o) {
  return o.bigint ? toBig(prime) : prime;
}

function runGeneratePrime(size, o) {
  return primeResult(keysBinding.generatePrime(size, o.safe, o.add, o.rem), o);
}

function generatePrimeSync(size, options = {}) {
  return runGeneratePrime(size, primeOptions(size, options));
}

function generatePrime(size, options, callback) {
  validateInt32(size, 'size', 1);
  if (typeof options === 'function') {
    callback = options;
    options = {};
  }
  validateFunction(callback, 'callback');
  const o = primeOptions(size, options);
  // On the thread pool; a request OpenSSL cannot meet goes to the callback.
  callback = wrap(callback);
  keysBinding.generatePrime(size, o.safe, o.add, o.rem, (err, prime) => {
    if (err) return callback(err);
    callback(undefined, primeResult(prime, o));
  });
}

module.exports = {
  ECDH, createECDH, DiffieHellman, DiffieHellmanGroup, createDiffieHellman, getDiffieHellman,
  getCurves, checkPrime, checkPrimeSync, generatePrime, generatePrimeSync,
};
