'use strict';
// internal/crypto/cipher: Cipheriv and Decipheriv (streams too, through
// LazyTransform), getCiphers, getCipherInfo.

const {
  binding, codes, cryptoCodes, getArrayBufferOrView, toBindingData, isArrayBufferView,
  lazyBuffer,
} = require('internal/crypto/util');
const { validateString, validateObject, validateInt32 } = require('internal/errors');
const LazyTransform = require('internal/crypto/lazy_transform');
const { prepareSecretKey } = require('internal/crypto/keys');

const kHandle = Symbol('kHandle');
const kState = Symbol('kState');

// Node's: a uint32 option, or -1 when absent (undefined or null).
function getUIntOption(options, key) {
  const value = options?.[key];
  if (value == null) return -1;
  if (value >>> 0 !== value) throw new codes.ERR_INVALID_ARG_VALUE(`options.${key}`, value);
  return value;
}

function initCipher(self, decrypt, cipher, key, iv, options) {
  validateString(cipher, 'cipher');
  const encoding = options && options.encoding;
  key = prepareSecretKey(key, encoding);
  if (iv !== null) iv = getArrayBufferOrView(iv, 'iv');
  if (options !== undefined && options !== null) validateObject(options, 'options');
  const authTagLength = getUIntOption(options, 'authTagLength');
  const handle = binding.cipherInit(cipher, key, iv, decrypt, authTagLength);
  if (handle === -1) throw cryptoCodes.ERR_CRYPTO_UNKNOWN_CIPHER();
  if (handle === -2) throw cryptoCodes.ERR_CRYPTO_INVALID_KEYLEN();
  if (handle === -3) throw cryptoCodes.ERR_CRYPTO_INVALID_IV();
  if (handle === -4) {
    throw cryptoCodes.ERR_CRYPTO_INVALID_AUTH_TAG(`Invalid authentication tag length: ${authTagLength}`);
  }
  if (handle === -5) throw cryptoCodes.ERR_CRYPTO_INVALID_AUTH_TAG(`authTagLength required for ${cipher}`);
  self[kHandle] = handle;
  self[kState] = { decoder: null, finalized: false, decrypt, authTagLength };
  LazyTransform.call(self, options);
}

// Node's: one output encoding per cipher; another one is an internal
// assertion there (ERR_INTERNAL_ASSERTION "Cannot change encoding").
function getDecoder(state, encoding) {
  const { StringDecoder } = require('string_decoder');
  const { normalizeEncoding } = require('buffer')[Symbol.for('shoal.buffer.internals')];
  const normalized = normalizeEncoding(encoding);
  state.decoder = state.decoder || new StringDecoder(encoding);
  if (state.decoder.encoding !== normalized) {
    if (normalized === undefined) throw new codes.ERR_UNKNOWN_ENCODING(encoding);
    throw new codes.ERR_INTERNAL_ASSERTION('Cannot change encoding');
  }
  return state.decoder;
}

function output(state, ab, outputEncoding, end) {
  const buf = lazyBuffer().from(ab);
  if (outputEncoding && outputEncoding !== 'buffer') {
    const decoder = getDecoder(state, outputEncoding);
    return end ? decoder.end(buf) : decoder.write(buf);
  }
  return buf;
}

const methods = {
  update(data, inputEncoding, outputEncoding) {
    if (typeof data === 'string') {
      if (inputEncoding === 'hex' && data.length % 2 !== 0) {
        throw new codes.ERR_INVALID_ARG_VALUE('encoding', inputEncoding,
          `is invalid for data of length ${data.length}`);
      }
    } else if (!isArrayBufferView(data)) {
      throw new codes.ERR_INVALID_ARG_TYPE('data', ['string', 'Buffer', 'TypedArray', 'DataView'], data);
    }
    const state = this[kState];
    if (state.finalized) throw new Error('Trying to add data in unsupported state');
    const ab = binding.cipherUpdate(this[kHandle], toBindingData(data, inputEncoding));
    if (ab === -1) throw new codes.ERR_CRYPTO_INVALID_MESSAGELEN();
    return output(state, ab, outputEncoding, false);
  },

  final(outputEncoding) {
    const state = this[kState];
    if (state.finalized) {
      const { makeNodeError } = require('internal/errors');
      throw makeNodeError(Error, 'ERR_CRYPTO_INVALID_STATE', 'Invalid state');
    }
    state.finalized = true;
    const ab = binding.cipherFinal(this[kHandle]);
    return output(state, ab, outputEncoding, true);
  },

  setAutoPadding(ap) {
    if (this[kState].finalized || !binding.cipherSetAutoPadding(this[kHandle], ap === undefined ? true : !!ap)) {
      throw cryptoCodes.ERR_CRYPTO_INVALID_STATE('setAutoPadding');
    }
    return this;
  },

  // CCM needs options.plaintextLength (Node's CipherBase::SetAAD).
  setAAD(aadbuf, options) {
    const buf = getArrayBufferOrView(aadbuf, 'buffer');
    if (options !== undefined) validateObject(options, 'options');
    const plaintextLength = getUIntOption(options, 'plaintextLength');
    const rc = this[kState].finalized ? 0 : binding.cipherSetAAD(this[kHandle], buf, plaintextLength);
    if (rc === -1) {
      const { makeNodeError } = require('internal/errors');
      throw makeNodeError(TypeError, 'ERR_MISSING_ARGS', 'options.plaintextLength required for CCM mode with AAD');
    }
    if (rc === -2) throw new codes.ERR_CRYPTO_INVALID_MESSAGELEN();
    if (rc !== 1) throw cryptoCodes.ERR_CRYPTO_INVALID_STATE('setAAD');
    return this;
  },

  _transform(chunk, encoding, callback) {
    this.push(this.update(chunk, encoding));
    callback();
  },

  _flush(callback) {
    try {
      this.push(this.final());
    } catch (e) {
      callback(e);
      return;
    }
    callback();
  },
};

// The four classes are LazyTransforms with the same methods.
function asCipherClass(ctor) {
  Object.setPrototypeOf(ctor.prototype, LazyTransform.prototype);
  Object.setPrototypeOf(ctor, LazyTransform);
  Object.assign(ctor.prototype, methods);
}

function Cipheriv(cipher, key, iv, options) {
  if (!(this instanceof Cipheriv)) return new Cipheriv(cipher, key, iv, options);
  initCipher(this, false, cipher, key, iv, options);
}
asCipherClass(Cipheriv);
Cipheriv.prototype.getAuthTag = function getAuthTag() {
  const tag = this[kState].finalized ? binding.cipherGetAuthTag(this[kHandle]) : undefined;
  if (tag === undefined) throw cryptoCodes.ERR_CRYPTO_INVALID_STATE('getAuthTag');
  return lazyBuffer().from(tag);
};

function Decipheriv(cipher, key, iv, options) {
  if (!(this instanceof Decipheriv)) return new Decipheriv(cipher, key, iv, options);
  initCipher(this, true, cipher, key, iv, options);
}
asCipherClass(Decipheriv);
Decipheriv.prototype.setAuthTag = function setAuthTag(tagbuf, encoding) {
  tagbuf = getArrayBufferOrView(tagbuf, 'buffer', encoding);
  const rc = this[kState].finalized ? 0 : binding.cipherSetAuthTag(this[kHandle], tagbuf);
  if (rc === -1) {
    throw cryptoCodes.ERR_CRYPTO_INVALID_AUTH_TAG(`Invalid authentication tag length: ${tagbuf.byteLength}`);
  }
  if (rc !== 1) throw cryptoCodes.ERR_CRYPTO_INVALID_STATE('setAuthTag');
  return this;
};

// The deprecated password forms (Node's CipherBase::Init): key and IV from
// EVP_BytesToKey(cipher, MD5, no salt, password, 1 round), i.e. the MD5
// chain D1 = MD5(password), Di = MD5(Di-1 || password), cut into key || IV.
function passwordKeyIv(cipher, password) {
  validateString(cipher, 'cipher');
  password = getArrayBufferOrView(password, 'password');
  const info = binding.cipherInfo(cipher);
  if (info === undefined) throw cryptoCodes.ERR_CRYPTO_UNKNOWN_CIPHER();
  const [keyLength, ivLength, , mode] = info;
  const bytes = new Uint8Array(keyLength + ivLength + 16);
  let prev = null;
  for (let at = 0; at < keyLength + ivLength; at += prev.byteLength) {
    const md5 = binding.hashInit('md5', -1);
    if (prev) binding.hashUpdate(md5, prev);
    binding.hashUpdate(md5, password);
    prev = new Uint8Array(binding.hashDigest(md5));
    bytes.set(prev, at);
  }
  const key = bytes.subarray(0, keyLength);
  return { key, iv: ivLength ? bytes.subarray(keyLength, keyLength + ivLength) : null, mode };
}

const kCounterModes = [5, 6, 7]; // ctr, gcm, ccm: a fixed IV per password repeats the key stream

function Cipher(cipher, password, options) {
  if (!(this instanceof Cipher)) return new Cipher(cipher, password, options);
  const { key, iv, mode } = passwordKeyIv(cipher, password);
  getUIntOption(options, 'authTagLength'); // an invalid one throws before the warning, as in Node
  if (kCounterModes.includes(mode)) process.emitWarning(`Use Cipheriv for counter mode of ${cipher}`);
  initCipher(this, false, cipher, key, iv, options);
}
asCipherClass(Cipher);
Cipher.prototype.getAuthTag = Cipheriv.prototype.getAuthTag;

function Decipher(cipher, password, options) {
  if (!(this instanceof Decipher)) return new Decipher(cipher, password, options);
  const { key, iv } = passwordKeyIv(cipher, password);
  initCipher(this, true, cipher, key, iv, options);
}
asCipherClass(Decipher);
Decipher.prototype.setAuthTag = Decipheriv.prototype.setAuthTag;

function createCipheriv(cipher, key, iv, options) {
  return new Cipheriv(cipher, key, iv, options);
}

function createDecipheriv(cipher, key, iv, options) {
  return new Decipheriv(cipher, key, iv, options);
}

let ciphers;
function getCiphers() {
  if (!ciphers) ciphers = binding.getCiphers();
  return ciphers.slice();
}

const kModes = { 0: 'stream', 1: 'ecb', 2: 'cbc', 3: 'cfb', 4: 'ofb', 5: 'ctr', 6: 'gcm', 7: 'ccm', 0x10001: 'xts', 0x10002: 'wrap', 0x10003: 'ocb' };

// The IV lengths a mode takes besides its default (Node asks OpenSSL: GCM
// up to 128 bytes, CCM 7 to 13, OCB 1 to 15).
const kIvRange = { 6: [1, 128], 7: [7, 13], 0x10003: [1, 15] };

function getCipherInfo(nameOrNid, options) {
  if (typeof nameOrNid !== 'string' && typeof nameOrNid !== 'number') {
    throw new codes.ERR_INVALID_ARG_TYPE('nameOrNid', ['string', 'number'], nameOrNid);
  }
  if (typeof nameOrNid === 'number') validateInt32(nameOrNid, 'nameOrNid');
  let keyLength;
  let ivLength;
  if (options !== undefined) {
    validateObject(options, 'options');
    ({ keyLength, ivLength } = options);
    if (keyLength !== undefined) validateInt32(keyLength, 'options.keyLength');
    if (ivLength !== undefined) validateInt32(ivLength, 'options.ivLength');
  }
  const info = binding.cipherInfo(nameOrNid);
  if (info === undefined) return undefined;
  const [defaultKeyLength, defaultIvLength, blockSize, mode, name, nid] = info;
  if (keyLength !== undefined && keyLength !== defaultKeyLength) return undefined;
  if (ivLength !== undefined && ivLength !== defaultIvLength) {
    const range = kIvRange[mode];
    if (!range || ivLength < range[0] || ivLength > range[1]) return undefined;
  }
  const out = { mode: kModes[mode] || 'stream', name: name.toLowerCase(), nid };
  if (mode !== 0) out.blockSize = blockSize;
  const iv = ivLength === undefined ? defaultIvLength : ivLength;
  if (iv) out.ivLength = iv;
  out.keyLength = defaultKeyLength;
  return out;
}

// createCipher/createDecipher share one warning (one code), as in Node.
let passwordDeprecated = null;
function warnPassword(name) {
  passwordDeprecated ??= require('util').deprecate(function password() {},
    `crypto.${name} is deprecated.`, 'DEP0106');
  passwordDeprecated();
}

function createCipher(cipher, password, options) {
  warnPassword('createCipher');
  return new Cipher(cipher, password, options);
}

function createDecipher(cipher, password, options) {
  warnPassword('createDecipher');
  return new Decipher(cipher, password, options);
}

module.exports = {
  Cipher, Decipher, Cipheriv, Decipheriv, createCipher, createDecipher, createCipheriv,
  createDecipheriv, getCiphers, getCipherInfo,
};
