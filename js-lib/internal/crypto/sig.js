'use strict';
// internal/crypto/sig: Sign/Verify (Writable streams), one-shot sign/verify,
// and RSA publicEncrypt/privateDecrypt/privateEncrypt/publicDecrypt, on the
// key handles of internalBinding('crypto_keys') (bindings/mod_crypto_sig.c).

const {
  binding, codes, isArrayBufferView, getArrayBufferOrView, toBindingData, lazyBuffer,
} = require('internal/crypto/util');
const { wrap } = require('internal/async_context');
const { validateString, validateFunction, makeNodeError } = require('internal/errors');
const {
  keysBinding, preparePrivateHandle, preparePublicOrPrivateHandle, keyObjectFromHandle,
} = require('internal/crypto/keys');

const kHandle = Symbol('kHandle');
const kAlgorithm = Symbol('kAlgorithm');

function lazyWritable() { return require('stream').Writable; }

function getIntOption(name, options) {
  const value = options[name];
  if (value !== undefined) {
    if (value === value >> 0) return value;
    throw new codes.ERR_INVALID_ARG_VALUE(`options.${name}`, value);
  }
  return undefined;
}

function getP1363(options) {
  if (typeof options === 'object') {
    const { dsaEncoding = 'der' } = options;
    if (dsaEncoding === 'der') return false;
    if (dsaEncoding === 'ieee-p1363') return true;
    throw new codes.ERR_INVALID_ARG_VALUE('options.dsaEncoding', dsaEncoding);
  }
  return false;
}

function sigOptions(key) {
  return [getIntOption('padding', key), getIntOption('saltLength', key), getP1363(key)];
}

// Names already found to be digests: a one-shot sign/verify then makes one
// call into C, not two (the lookup costs as much as the crossing).
const knownDigests = new Set();

function checkDigest(algorithm) {
  if (knownDigests.has(algorithm)) return;
  if (binding.mdSize(algorithm) < 0) throw new codes.ERR_CRYPTO_INVALID_DIGEST(algorithm);
  if (knownDigests.size < 64) knownDigests.add(algorithm);
}

function unsupported() {
  return makeNodeError(Error, 'ERR_CRYPTO_UNSUPPORTED_OPERATION', 'Unsupported crypto operation');
}

function isEdwards(handle) {
  const type = keysBinding.keyInfo(handle).type;
  return type === 'ed25519' || type === 'ed448';
}

function initStream(self, algorithm, options) {
  validateString(algorithm, 'algorithm');
  // Node keeps the historical DSA aliases of SHA-1 for createSign/createVerify.
  if (algorithm === 'dss1' || algorithm === 'DSS1') algorithm = 'SHA1';
  const hash = binding.hashInit(algorithm, -1);
  if (hash === undefined) throw makeNodeError(TypeError, 'ERR_CRYPTO_INVALID_DIGEST', 'Invalid digest');
  self[kHandle] = hash;
  self[kAlgorithm] = algorithm;
  lazyWritable().call(self, options);
}

function update(data, encoding) {
  if (typeof data === 'string') {
    if (encoding === 'hex' && data.length % 2 !== 0) {
      throw new codes.ERR_INVALID_ARG_VALUE('encoding', encoding, `is invalid for data of length ${data.length}`);
    }
  } else if (!isArrayBufferView(data)) {
    throw new codes.ERR_INVALID_ARG_TYPE('data', ['string', 'Buffer', 'TypedArray', 'DataView'], data);
  }
  binding.hashUpdate(this[kHandle], toBindingData(data, encoding));
  return this;
}

function write(chunk, encoding, callback) {
  this.update(chunk, encoding);
  callback();
}

function digestOf(self) {
  return new Uint8Array(binding.hashDigest(self[kHandle]));
}

function output(buf, encoding) {
  if (encoding && encoding !== 'buffer') return buf.toString(encoding);
  return buf;
}

function Sign(algorithm, options) {
  if (!(this instanceof Sign)) return new Sign(algorithm, options);
  initStream(this, algorithm, options);
}

function Verify(algorithm, options) {
  if (!(this instanceof Verify)) return new Verify(algorithm, options);
  initStream(this, algorithm, options);
}

Object.setPrototypeOf(Sign.prototype, lazyWritable().prototype);
Object.setPrototypeOf(Sign, lazyWritable());
Object.setPrototypeOf(Verify.prototype, lazyWritable().prototype);
Object.setPrototypeOf(Verify, lazyWritable());

Sign.prototype._write = write;
Sign.prototype.update = update;
Sign.prototype.sign = function sign(options, encoding) {
  if (!options) throw new codes.ERR_CRYPTO_SIGN_KEY_REQUIRED();
  const key = preparePrivateHandle(options);
  const [padding, saltLength, p1363] = sigOptions(options);
  if (isEdwards(key)) throw unsupported();
  const sig = keysBinding.sign(key, this[kAlgorithm], digestOf(this), padding, saltLength, p1363, true);
  return output(lazyBuffer().from(sig), encoding);
};

Verify.prototype._write = write;
Verify.prototype.update = update;
Verify.prototype.verify = function verify(options, signature, sigEncoding) {
  const key = preparePublicOrPrivateHandle(options);
  const [padding, saltLength, p1363] = sigOptions(options);
  signature = getArrayBufferOrView(signature, 'signature', sigEncoding);
  if (isEdwards(key)) throw unsupported();
  return keysBinding.verify(key, this[kAlgorithm], digestOf(this), signature, padding, saltLength,
    p1363, true);
};

function createSign(algorithm, options) {
  return new Sign(algorithm, options);
}

function createVerify(algorithm, options) {
  return new Verify(algorithm, options);
}

function signOneShot(algorithm, data, key, callback) {
  if (algorithm != null) validateString(algorithm, 'algorithm');
  if (callback !== undefined) validateFunction(callback, 'callback');
  data = getArrayBufferOrView(data, 'data');
  if (!key) throw new codes.ERR_CRYPTO_SIGN_KEY_REQUIRED();
  const [padding, saltLength, p1363] = sigOptions(key);
  const handle = preparePrivateHandle(key);
  if (algorithm != null) checkDigest(algorithm);
  const md = algorithm == null ? null : algorithm;
  if (callback === undefined) {
    return lazyBuffer().from(keysBinding.sign(handle, md, data, padding, saltLength, p1363, false));
  }
  // On the thread pool; OpenSSL failures go to the callback.
  callback = wrap(callback);
  keysBinding.sign(handle, md, data, padding, saltLength, p1363, false, (err, ab) => {
    if (err) return callback(err);
    callback(null, lazyBuffer().from(ab));
  });
}

function verifyOneShot(algorithm, data, key, signature, callback) {
  if (algorithm != null) validateString(algorithm, 'algorithm');
  if (callback !== undefined) validateFunction(callback, 'callback');
  data = getArrayBufferOrView(data, 'data');
  if (!isArrayBufferView(data)) {
    throw new codes.ERR_INVALID_ARG_TYPE('data', ['Buffer', 'TypedArray', 'DataView'], data);
  }
  const [padding, saltLength, p1363] = sigOptions(key);
  if (!isArrayBufferView(signature)) {
    throw new codes.ERR_INVALID_ARG_TYPE('signature', ['Buffer', 'TypedArray', 'DataView'], signature);
  }
  const handle = preparePublicOrPrivateHandle(key);
  if (algorithm != null) checkDigest(algorithm);
  const md = algorithm == null ? null : algorithm;
  if (callback === undefined) {
    return keysBinding.verify(handle, md, data, signature, padding, saltLength, p1363, false);
  }
  keysBinding.verify(handle, md, data, signature, padding, saltLength, p1363, false, wrap(callback));
}

const RSA_PKCS1_PADDING = 1;
const RSA_PKCS1_OAEP_PADDING = 4;

function rsaFunction(op, defaultPadding, isPrivate) {
  const invalidDigest = () => makeNodeError(Error, 'ERR_OSSL_EVP_INVALID_DIGEST', 'Invalid digest used', false);
  return function rsaCrypt(options, buffer) {
    const { oaepHash, encoding } = options || {};
    let { oaepLabel } = options || {};
    // Node checks the options and reads the key in C++ (as public or
    // private) before looking the digest up: option errors come first, and
    // an unknown oaepHash is reported even for a public key given to a
    // private operation.
    if (oaepHash !== undefined) validateString(oaepHash, 'key.oaepHash');
    if (oaepLabel !== undefined) oaepLabel = getArrayBufferOrView(oaepLabel, 'key.oaepLabel', encoding);
    buffer = getArrayBufferOrView(buffer, 'buffer', encoding);
    if (oaepHash !== undefined && binding.mdSize(oaepHash) < 0) throw invalidDigest();
    const handle = isPrivate ? preparePrivateHandle(options) : preparePublicOrPrivateHandle(options);
    const padding = options.padding || defaultPadding;
    if (op === 1 && padding === RSA_PKCS1_PADDING) {
      throw makeNodeError(TypeError, 'ERR_INVALID_ARG_VALUE',
        'RSA_PKCS1_PADDING is no longer supported for private decryption,' +
        ' this can be reverted with --security-revert=CVE-2023-46809');
    }
    const out = keysBinding.pkeyCrypt(op, handle, buffer, padding, oaepHash, oaepLabel);
    if (out === -1) throw invalidDigest();
    return lazyBuffer().from(out);
  };
}

// diffieHellman({ privateKey, publicKey }) for ec, x25519, x448 and dh keys.
function diffieHellman(options) {
  const { validateObject } = require('internal/errors');
  validateObject(options, 'options');
  const { privateKey, publicKey } = options;
  const { KeyObject } = require('internal/crypto/keys');
  if (!(privateKey instanceof KeyObject)) {
    throw new codes.ERR_INVALID_ARG_VALUE('options.privateKey', privateKey);
  }
  if (!(publicKey instanceof KeyObject)) {
    throw new codes.ERR_INVALID_ARG_VALUE('options.publicKey', publicKey);
  }
  if (privateKey.type !== 'private') {
    throw new codes.ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE(privateKey.type, 'private');
  }
  if (publicKey.type !== 'public' && publicKey.type !== 'private') {
    throw new codes.ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE(publicKey.type, 'private or public');
  }
  const privateType = privateKey.asymmetricKeyType;
  const publicType = publicKey.asymmetricKeyType;
  if (privateType !== publicType || !['dh', 'ec', 'x448', 'x25519'].includes(privateType)) {
    throw new codes.ERR_CRYPTO_INCOMPATIBLE_KEY('key types for Diffie-Hellman',
      `${privateType} and ${publicType}`);
  }
  const { kHandle: kKeyHandle } = require('internal/crypto/keys');
  return lazyBuffer().from(keysBinding.derive(privateKey[kKeyHandle], publicKey[kKeyHandle]));
}

module.exports = {
  Sign,
  Verify,
  createSign,
  createVerify,
  signOneShot,
  verifyOneShot,
  diffieHellman,
  keyObjectFromHandle,
  publicEncrypt: rsaFunction(0, RSA_PKCS1_OAEP_PADDING, false),
  privateDecrypt: rsaFunction(1, RSA_PKCS1_OAEP_PADDING, true),
  privateEncrypt: rsaFunction(2, RSA_PKCS1_PADDING, true),
  publicDecrypt: rsaFunction(3, RSA_PKCS1_PADDING, false),
};
