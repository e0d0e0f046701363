'use strict';
// Built-in module 'crypto' on OpenSSL 3 (internalBinding('crypto'),
// bindings/mod_crypto.c): hashes, HMAC, random numbers, pbkdf2/scrypt/hkdf,
// AES ciphers, KeyObjects (bindings/mod_crypto_keys.c), signatures and RSA
// encryption, key generation, ECDH/DH, primes and Web Crypto.
//
// Not implemented: FIPS/engine switches.

const { binding, cryptoCodes, isArrayBufferView, isAnyArrayBuffer } = require('internal/crypto/util');
const random = require('internal/crypto/random');
const kdf = require('internal/crypto/kdf');
const keys = require('internal/crypto/keys');

function lazyHash() { return require('internal/crypto/hash'); }
function lazyCipher() { return require('internal/crypto/cipher'); }
function lazyWebCrypto() { return require('internal/crypto/webcrypto'); }
function lazySig() { return require('internal/crypto/sig'); }
function lazyKeygen() { return require('internal/crypto/keygen'); }
function lazyDh() { return require('internal/crypto/dh'); }

function createHash(algorithm, options) {
  const { Hash } = lazyHash();
  return new Hash(algorithm, options);
}

function createHmac(hmac, key, options) {
  const { Hmac } = lazyHash();
  return new Hmac(hmac, key, options);
}

function hash(algorithm, input, outputEncoding) {
  return lazyHash().hash(algorithm, input, outputEncoding);
}

let hashes;
function generateKeyPair(type, options, callback) {
  return lazyKeygen().generateKeyPair(type, options, callback);
}
Object.defineProperty(generateKeyPair, Symbol.for('shoal.util.promisify.customArgs'), {
  __proto__: null, value: ['publicKey', 'privateKey'], enumerable: false,
});

function getHashes() {
  if (!hashes) hashes = binding.getHashes();
  return hashes.slice();
}

function timingSafeEqual(buf1, buf2) {
  for (const [name, v] of [['buf1', buf1], ['buf2', buf2]]) {
    if (!isAnyArrayBuffer(v) && !isArrayBufferView(v)) {
      const e = new TypeError(`The "${name}" argument must be an instance of ` +
        'ArrayBuffer, Buffer, TypedArray, or DataView.');
      Object.defineProperty(e, 'code', {
        value: 'ERR_INVALID_ARG_TYPE', enumerable: true, writable: true, configurable: true,
      });
      throw e;
    }
  }
  if (buf1.byteLength !== buf2.byteLength) throw cryptoCodes.ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH();
  return binding.timingSafeEqual(buf1, buf2);
}

function getRandomValues(array) {
  return lazyWebCrypto().crypto.getRandomValues(array);
}

function getFips() { return 0; }

// The secure heap of --secure-heap (zeros without one).
function secureHeapUsed() {
  return binding.secureHeapUsed() ?? { total: 0, used: 0, utilization: 0, min: 0 };
}

function setFips(val) {
  if (val) {
    const { makeNodeError } = require('internal/errors');
    throw makeNodeError(Error, 'ERR_CRYPTO_FIPS_FORCED',
      'Cannot set FIPS mode, it was forced with --force-fips at startup.');
  }
}

const kDefaultCipherList = 'TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:' +
  'TLS_AES_128_GCM_SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256:' +
  'ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256:' +
  'ECDHE-RSA-AES128-SHA256:DHE-RSA-AES128-SHA256:ECDHE-RSA-AES256-SHA384:' +
  'DHE-RSA-AES256-SHA384:ECDHE-RSA-AES256-SHA256:DHE-RSA-AES256-SHA256:HIGH:!aNULL:' +
  '!eNULL:!EXPORT:!DES:!RC4:!MD5:!PSK:!SRP:!CAMELLIA';

const constants = Object.freeze({
  __proto__: null,
  OPENSSL_VERSION_NUMBER: binding.opensslVersionNumber,
  SSL_OP_ALL: 2147485776,
  SSL_OP_ALLOW_NO_DHE_KEX: 1024,
  SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION: 262144,
  SSL_OP_CIPHER_SERVER_PREFERENCE: 4194304,
  SSL_OP_CISCO_ANYCONNECT: 32768,
  SSL_OP_COOKIE_EXCHANGE: 8192,
  SSL_OP_CRYPTOPRO_TLSEXT_BUG: 2147483648,
  SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS: 2048,
  SSL_OP_LEGACY_SERVER_CONNECT: 4,
  SSL_OP_NO_COMPRESSION: 131072,
  SSL_OP_NO_ENCRYPT_THEN_MAC: 524288,
  SSL_OP_NO_QUERY_MTU: 4096,
  SSL_OP_NO_RENEGOTIATION: 1073741824,
  SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION: 65536,
  SSL_OP_NO_SSLv2: 0,
  SSL_OP_NO_SSLv3: 33554432,
  SSL_OP_NO_TICKET: 16384,
  SSL_OP_NO_TLSv1: 67108864,
  SSL_OP_NO_TLSv1_1: 268435456,
  SSL_OP_NO_TLSv1_2: 134217728,
  SSL_OP_NO_TLSv1_3: 536870912,
  SSL_OP_PRIORITIZE_CHACHA: 2097152,
  SSL_OP_TLS_ROLLBACK_BUG: 8388608,
  ENGINE_METHOD_RSA: 1,
  ENGINE_METHOD_DSA: 2,
  ENGINE_METHOD_DH: 4,
  ENGINE_METHOD_RAND: 8,
  ENGINE_METHOD_EC: 2048,
  ENGINE_METHOD_CIPHERS: 64,
  ENGINE_METHOD_DIGESTS: 128,
  ENGINE_METHOD_PKEY_METHS: 512,
  ENGINE_METHOD_PKEY_ASN1_METHS: 1024,
  ENGINE_METHOD_ALL: 65535,
  ENGINE_METHOD_NONE: 0,
  DH_CHECK_P_NOT_SAFE_PRIME: 2,
  DH_CHECK_P_NOT_PRIME: 1,
  DH_UNABLE_TO_CHECK_GENERATOR: 4,
  DH_NOT_SUITABLE_GENERATOR: 8,
  RSA_PKCS1_PADDING: 1,
  RSA_NO_PADDING: 3,
  RSA_PKCS1_OAEP_PADDING: 4,
  RSA_X931_PADDING: 5,
  RSA_PKCS1_PSS_PADDING: 6,
  RSA_PSS_SALTLEN_DIGEST: -1,
  RSA_PSS_SALTLEN_MAX_SIGN: -2,
  RSA_PSS_SALTLEN_AUTO: -2,
  defaultCoreCipherList: kDefaultCipherList,
  TLS1_VERSION: 769,
  TLS1_1_VERSION: 770,
  TLS1_2_VERSION: 771,
  TLS1_3_VERSION: 772,
  POINT_CONVERSION_COMPRESSED: 2,
  POINT_CONVERSION_UNCOMPRESSED: 4,
  POINT_CONVERSION_HYBRID: 6,
  defaultCipherList: kDefaultCipherList,
});


module.exports = {
  createCipher(cipher, password, options) { return lazyCipher().createCipher(cipher, password, options); },
  createDecipher(cipher, password, options) { return lazyCipher().createDecipher(cipher, password, options); },
  createCipheriv(cipher, key, iv, options) { return lazyCipher().createCipheriv(cipher, key, iv, options); },
  createDecipheriv(cipher, key, iv, options) { return lazyCipher().createDecipheriv(cipher, key, iv, options); },
  createHash,
  createHmac,
  createSecretKey: keys.createSecretKey,
  createPublicKey: keys.createPublicKey,
  createPrivateKey: keys.createPrivateKey,
  createSign(algorithm, options) { return lazySig().createSign(algorithm, options); },
  createVerify(algorithm, options) { return lazySig().createVerify(algorithm, options); },
  sign(algorithm, data, key, callback) { return lazySig().signOneShot(algorithm, data, key, callback); },
  verify(algorithm, data, key, signature, callback) {
    return lazySig().verifyOneShot(algorithm, data, key, signature, callback);
  },
  publicEncrypt(key, buffer) { return lazySig().publicEncrypt(key, buffer); },
  privateDecrypt(key, buffer) { return lazySig().privateDecrypt(key, buffer); },
  privateEncrypt(key, buffer) { return lazySig().privateEncrypt(key, buffer); },
  publicDecrypt(key, buffer) { return lazySig().publicDecrypt(key, buffer); },
  diffieHellman(options) { return lazySig().diffieHellman(options); },
  generateKeyPair,
  generateKeyPairSync(type, options) { return lazyKeygen().generateKeyPairSync(type, options); },
  generateKey(type, options, callback) { return lazyKeygen().generateKey(type, options, callback); },
  generateKeySync(type, options) { return lazyKeygen().generateKeySync(type, options); },
  createECDH(curve) { return lazyDh().createECDH(curve); },
  createDiffieHellman(prime, primeEncoding, generator, genEncoding) {
    return lazyDh().createDiffieHellman(prime, primeEncoding, generator, genEncoding);
  },
  createDiffieHellmanGroup(name) { return lazyDh().getDiffieHellman(name); },
  getDiffieHellman(name) { return lazyDh().getDiffieHellman(name); },
  getCurves() { return lazyDh().getCurves(); },
  checkPrime(candidate, options, callback) { return lazyDh().checkPrime(candidate, options, callback); },
  checkPrimeSync(candidate, options) { return lazyDh().checkPrimeSync(candidate, options); },
  generatePrime(size, options, callback) { return lazyDh().generatePrime(size, options, callback); },
  generatePrimeSync(size, options) { return lazyDh().generatePrimeSync(size, options); },
  getCiphers() { return lazyCipher().getCiphers(); },
  getCipherInfo(nameOrNid, options) { return lazyCipher().getCipherInfo(nameOrNid, options); },
  getHashes,
  hkdf: kdf.hkdf,
  hkdfSync: kdf.hkdfSync,
  pbkdf2: kdf.pbkdf2,
  pbkdf2Sync: kdf.pbkdf2Sync,
  randomBytes: random.randomBytes,
  randomFill: random.randomFill,
  randomFillSync: random.randomFillSync,
  randomInt: random.randomInt,
  randomUUID: random.randomUUID,
  scrypt: kdf.scrypt,
  scryptSync: kdf.scryptSync,
  timingSafeEqual,
  getFips,
  secureHeapUsed,
  setFips,
  hash,
  KeyObject: keys.KeyObject,
};

// Classes and objects that load their modules on first use.
const lazyProps = {
  Cipher: () => lazyCipher().Cipher,
  Decipher: () => lazyCipher().Decipher,
  Cipheriv: () => lazyCipher().Cipheriv,
  Decipheriv: () => lazyCipher().Decipheriv,
  Hash: () => lazyHash().Hash,
  Hmac: () => lazyHash().Hmac,
  webcrypto: () => lazyWebCrypto().crypto,
  Sign: () => lazySig().Sign,
  Verify: () => lazySig().Verify,
  ECDH: () => lazyDh().ECDH,
  DiffieHellman: () => lazyDh().DiffieHellman,
  DiffieHellmanGroup: () => lazyDh().DiffieHellmanGroup,
  X509Certificate: () => require('internal/crypto/x509').X509Certificate,
  Certificate: () => require('internal/crypto/certificate').Certificate,
  subtle: () => lazyWebCrypto().subtle,
};
for (const [name, load] of Object.entries(lazyProps)) {
  Object.defineProperty(module.exports, name, {
    __proto__: null, configurable: true, enumerable: true,
    get: load,
  });
}
module.exports.constants = constants;
module.exports.getRandomValues = getRandomValues;
// Aliases Node still exports.
module.exports.prng = random.randomBytes;
module.exports.pseudoRandomBytes = random.randomBytes;
module.exports.rng = random.randomBytes;
Object.defineProperty(module.exports, 'prng', { enumerable: false });
Object.defineProperty(module.exports, 'pseudoRandomBytes', { enumerable: false });
Object.defineProperty(module.exports, 'rng', { enumerable: false });
