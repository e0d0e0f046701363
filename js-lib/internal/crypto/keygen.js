'use strict';
// internal/crypto/keygen: generateKeyPair(Sync) (OpenSSL key generation in
// bindings/mod_crypto_keys.c; the async form runs on libuv's thread pool) and
// generateKey(Sync) for secret hmac/aes keys.

const { codes, cryptoCodes, validateUint32, validateInt32, isArrayBufferView, lazyBuffer } =
  require('internal/crypto/util');
const {
  validateFunction, validateObject, validateString, validateInteger, validateOneOf, makeNodeError,
} = require('internal/errors');
const {
  keysBinding, parseKeyEncoding, PublicKeyObject, PrivateKeyObject, SecretKeyObject, kHandle,
} = require('internal/crypto/keys');
const { wrap } = require('internal/async_context');
const { randomFillSync } = require('internal/crypto/random');

const kCustomPromisifyArgs = Symbol.for('shoal.util.promisify.customArgs');

function encodingFor(options, name, keyType, isPublic) {
  const enc = options === undefined ? undefined : options[name];
  if (enc == null) return undefined;
  if (typeof enc !== 'object') throw new codes.ERR_INVALID_ARG_VALUE(`options.${name}`, enc);
  return parseKeyEncoding(enc, keyType, isPublic, name);
}

function missingOption(what) {
  return makeNodeError(TypeError, 'ERR_MISSING_OPTION', `${what} is required`);
}

// Validated native options for type, or throws like Node.
function keygenOptions(type, options) {
  validateString(type, 'type');
  const encodings = [
    encodingFor(options, 'publicKeyEncoding', type, true),
    encodingFor(options, 'privateKeyEncoding', type, false),
  ];
  if (options !== undefined) validateObject(options, 'options');
  switch (type) {
    case 'rsa':
    case 'rsa-pss': {
      validateObject(options, 'options');
      const { modulusLength } = options;
      validateUint32(modulusLength, 'options.modulusLength');
      let { publicExponent } = options;
      if (publicExponent == null) publicExponent = 0x10001;
      else validateUint32(publicExponent, 'options.publicExponent');
      const native = { modulusLength, publicExponent };
      if (type === 'rsa-pss') {
        const { hash, mgf1Hash, hashAlgorithm, mgf1HashAlgorithm, saltLength } = options;
        if (saltLength !== undefined) validateInt32(saltLength, 'options.saltLength', 0);
        if (hashAlgorithm !== undefined) validateString(hashAlgorithm, 'options.hashAlgorithm');
        if (mgf1HashAlgorithm !== undefined) validateString(mgf1HashAlgorithm, 'options.mgf1HashAlgorithm');
        // hash and mgf1Hash: the deprecated (DEP0154) names of the two options.
        if (hash !== undefined) {
          process.emitWarning('"options.hash" is deprecated, use "options.hashAlgorithm" instead.',
            'DeprecationWarning', 'DEP0154');
          validateString(hash, 'options.hash');
          if (hashAlgorithm && hash !== hashAlgorithm) throw new codes.ERR_INVALID_ARG_VALUE('options.hash', hash);
        }
        if (mgf1Hash !== undefined) {
          process.emitWarning('"options.mgf1Hash" is deprecated, use "options.mgf1HashAlgorithm" instead.',
            'DeprecationWarning', 'DEP0154');
          validateString(mgf1Hash, 'options.mgf1Hash');
          if (mgf1HashAlgorithm && mgf1Hash !== mgf1HashAlgorithm) {
            throw new codes.ERR_INVALID_ARG_VALUE('options.mgf1Hash', mgf1Hash);
          }
        }
        const md = hashAlgorithm || hash;
        const mgf1 = mgf1HashAlgorithm || mgf1Hash;
        const mdSize = (name) => internalBinding('crypto').mdSize(name);
        if (md !== undefined && mdSize(md) < 0) throw new codes.ERR_CRYPTO_INVALID_DIGEST(md);
        if (mgf1 !== undefined && mdSize(mgf1) < 0) {
          throw makeNodeError(TypeError, 'ERR_CRYPTO_INVALID_DIGEST', `Invalid MGF1 digest: ${mgf1}`);
        }
        // Without its own digest MGF1 uses the signature digest, as in Node.
        if (md !== undefined) native.hashAlgorithm = md;
        if (mgf1 !== undefined || md !== undefined) native.mgf1HashAlgorithm = mgf1 || md;
        if (saltLength !== undefined) native.saltLength = saltLength;
      }
      return { native, encodings };
    }
    case 'dsa': {
      validateObject(options, 'options');
      const { modulusLength } = options;
      validateUint32(modulusLength, 'options.modulusLength');
      let { divisorLength } = options;
      if (divisorLength == null) divisorLength = -1;
      else validateInt32(divisorLength, 'options.divisorLength', 0);
      return { native: { modulusLength, divisorLength }, encodings };
    }
    case 'ec': {
      validateObject(options, 'options');
      const { namedCurve } = options;
      validateString(namedCurve, 'options.namedCurve');
      let { paramEncoding } = options;
      if (paramEncoding == null || paramEncoding === 'named') paramEncoding = undefined;
      else if (paramEncoding !== 'explicit') {
        throw new codes.ERR_INVALID_ARG_VALUE('options.paramEncoding', paramEncoding);
      }
      if (keysBinding.ecPublic(namedCurve, new Uint8Array([1]), 4) === -1) {
        throw new codes.ERR_CRYPTO_INVALID_CURVE();
      }
      return { native: { namedCurve, paramEncoding }, encodings };
    }
    case 'ed25519':
    case 'ed448':
    case 'x25519':
    case 'x448':
      return { native: {}, encodings };
    case 'dh': {
      validateObject(options, 'options');
      const { group, primeLength, prime, generator } = options;
      if (group != null) {
        if (prime != null) throw cryptoCodes.ERR_INCOMPATIBLE_OPTION_PAIR('group', 'prime');
        if (primeLength != null) throw cryptoCodes.ERR_INCOMPATIBLE_OPTION_PAIR('group', 'primeLength');
        if (generator != null) throw cryptoCodes.ERR_INCOMPATIBLE_OPTION_PAIR('group', 'generator');
        validateString(group, 'options.group');
        const p = keysBinding.modpGroup(group);
        if (p === undefined) throw new codes.ERR_CRYPTO_UNKNOWN_DH_GROUP();
        return { native: { prime: new Uint8Array(p), generator: 2 }, encodings };
      }
      const native = {};
      if (prime != null) {
        if (primeLength != null) throw cryptoCodes.ERR_INCOMPATIBLE_OPTION_PAIR('prime', 'primeLength');
        if (!isArrayBufferView(prime)) {
          throw new codes.ERR_INVALID_ARG_TYPE('options.prime', ['Buffer', 'TypedArray', 'DataView'], prime);
        }
        native.prime = prime;
      } else if (primeLength != null) {
        validateInt32(primeLength, 'options.primeLength', 0);
        native.primeLength = primeLength;
      } else {
        throw missingOption('At least one of the group, prime, or primeLength options');
      }
      native.generator = 2;
      if (generator != null) {
        validateInt32(generator, 'options.generator', 0);
        native.generator = generator;
      }
      return { native, encodings };
    }
    default:
  }
  throw new codes.ERR_INVALID_ARG_VALUE('type', type, 'must be a supported key type');
}

function exportKey(key, enc) {
  if (enc === undefined) return key;
  if (enc.format === 'jwk') return key.export({ format: 'jwk' });
  return key.export(enc);
}

function wrapPair(handle, encodings) {
  const privateKey = new PrivateKeyObject(handle);
  const publicKey = new PublicKeyObject(keysBinding.keyToPublic(handle));
  return {
    publicKey: exportKey(publicKey, encodings[0]),
    privateKey: exportKey(privateKey, encodings[1]),
  };
}

function generateKeyPairSync(type, options) {
  const { native, encodings } = keygenOptions(type, options);
  return wrapPair(keysBinding.generateKeyPair(type, native), rawEncodings(options, encodings));
}

// The caller's encoding objects (export() validates them again with its own names).
function rawEncodings(options, parsed) {
  return [
    parsed[0] && options.publicKeyEncoding,
    parsed[1] && options.privateKeyEncoding,
  ];
}

function generateKeyPair(type, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = undefined;
  }
  validateFunction(callback, 'callback');
  const { native, encodings } = keygenOptions(type, options);
  callback = wrap(callback);
  keysBinding.generateKeyPair(type, native, (err, handle) => {
    if (err) return callback(err);
    let pair;
    try {
      pair = wrapPair(handle, rawEncodings(options, encodings));
    } catch (e) {
      return callback(e);
    }
    callback(null, pair.publicKey, pair.privateKey);
  });
}
Object.defineProperty(generateKeyPair, kCustomPromisifyArgs, {
  __proto__: null, value: ['publicKey', 'privateKey'], enumerable: false,
});

function secretKeyLength(type, options) {
  validateString(type, 'type');
  validateObject(options, 'options');
  const { length } = options;
  switch (type) {
    case 'hmac':
      validateInteger(length, 'options.length', 8, 2 ** 31 - 1);
      break;
    case 'aes':
      validateOneOf(length, 'options.length', [128, 192, 256]);
      break;
    default:
      throw new codes.ERR_INVALID_ARG_VALUE('type', type, 'must be a supported key type');
  }
  return Math.floor(length / 8);
}

function generateKeySync(type, options) {
  const bytes = lazyBuffer().alloc(secretKeyLength(type, options));
  randomFillSync(bytes);
  return new SecretKeyObject(bytes);
}

function generateKey(type, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = undefined;
  }
  validateFunction(callback, 'callback');
  const size = secretKeyLength(type, options);
  const { randomFill } = require('internal/crypto/random');
  randomFill(lazyBuffer().alloc(size), (err, bytes) => {
    if (err) return callback(err);
    callback(null, new SecretKeyObject(bytes));
  });
}

module.exports = {
  generateKeyPair, generateKeyPairSync, generateKey, generateKeySync, kHandle,
};
