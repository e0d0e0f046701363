'use strict';
// internal/crypto/keys: KeyObject (secret bytes, or an OpenSSL EVP_PKEY
// handle of internalBinding('crypto_keys') for public/private keys), key
// creation from PEM/DER/JWK, key export, Web Crypto's CryptoKey and the
// conversion of key arguments (prepareAsymmetricKey, prepareSecretKey).

const {
  codes, isArrayBufferView, isAnyArrayBuffer, lazyBuffer, getArrayBufferOrView,
} = require('internal/crypto/util');
const { validateObject, validateOneOf, validateString } = require('internal/errors');

const keysBinding = internalBinding('crypto_keys');

const kKeyMaterial = Symbol('kKeyMaterial');
const kHandle = Symbol('kHandle');
const kAlgorithm = Symbol('kAlgorithm');
const kExtractable = Symbol('kExtractable');
const kUsages = Symbol('kUsages');
const kType = Symbol('kKeyType');
const kKeyObject = Symbol('kKeyObject');
const kInfo = Symbol('kInfo');
const kAsymmetricKeyType = Symbol('kAsymmetricKeyType');
const kAsymmetricKeyDetails = Symbol('kAsymmetricKeyDetails');
const kConstruct = Symbol('kConstruct');
const customInspect = Symbol.for('nodejs.util.inspect.custom');

// How prepareAsymmetricKey is used (Node's contexts).
const kConsumePublic = 0;
const kConsumePrivate = 1;
const kCreatePublic = 2;
const kCreatePrivate = 3;

function hidden(obj, key, value) {
  Object.defineProperty(obj, key, { __proto__: null, value, writable: true, configurable: true });
}

class KeyObject {
  constructor(type, handle) {
    if (type !== 'secret' && type !== 'public' && type !== 'private') {
      throw new codes.ERR_INVALID_ARG_VALUE('type', type);
    }
    if (handle === null || typeof handle !== 'object') {
      throw new codes.ERR_INVALID_ARG_TYPE('handle', 'object', handle);
    }
    this[kType] = type;
    hidden(this, kHandle, handle);
  }

  get type() { return this[kType]; }

  static from(key) {
    if (!(key instanceof CryptoKey)) throw new codes.ERR_INVALID_ARG_TYPE('key', 'CryptoKey', key);
    return key[kKeyObject];
  }

  equals(otherKeyObject) {
    if (!(otherKeyObject instanceof KeyObject)) {
      throw new codes.ERR_INVALID_ARG_TYPE('otherKeyObject', 'KeyObject', otherKeyObject);
    }
    if (otherKeyObject.type !== this.type) return false;
    if (this.type === 'secret') {
      const a = this[kKeyMaterial];
      const b = otherKeyObject[kKeyMaterial];
      return a.byteLength === b.byteLength &&
        (a.byteLength === 0 || internalBinding('crypto').timingSafeEqual(a, b));
    }
    return keysBinding.keyEquals(this[kHandle], otherKeyObject[kHandle]);
  }
}

Object.defineProperty(KeyObject.prototype, Symbol.toStringTag, {
  __proto__: null, value: 'KeyObject', configurable: true,
});

class SecretKeyObject extends KeyObject {
  constructor(material) {
    super('secret', {});
    hidden(this, kKeyMaterial, material);
  }

  get symmetricKeySize() { return this[kKeyMaterial].byteLength; }

  export(options) {
    if (options !== undefined) {
      validateObject(options, 'options');
      validateOneOf(options.format, 'options.format', [undefined, 'buffer', 'jwk']);
      if (options.format === 'jwk') {
        return { kty: 'oct', k: lazyBuffer().from(this[kKeyMaterial]).toString('base64url') };
      }
    }
    return lazyBuffer().from(this[kKeyMaterial]);
  }
}

const kJwkCurves = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521', secp256k1: 'secp256k1' };
const kOkpNames = { ed25519: 'Ed25519', ed448: 'Ed448', x25519: 'X25519', x448: 'X448' };

function b64u(ab) {
  return lazyBuffer().from(ab).toString('base64url');
}

function exportJwk(key, isPrivate) {
  const type = key.asymmetricKeyType;
  const parts = keysBinding.keyParts(key[kHandle]);
  if (type === 'rsa') {
    const jwk = { kty: 'RSA', n: b64u(parts.n), e: b64u(parts.e) };
    if (isPrivate) {
      for (const name of ['d', 'p', 'q', 'dp', 'dq', 'qi']) jwk[name] = b64u(parts[name]);
    }
    return jwk;
  }
  if (type === 'ec') {
    const crv = kJwkCurves[parts.curve];
    if (crv === undefined) throw new codes.ERR_CRYPTO_JWK_UNSUPPORTED_CURVE(parts.curve);
    const jwk = { kty: 'EC', x: b64u(parts.x), y: b64u(parts.y), crv };
    if (isPrivate) jwk.d = b64u(parts.d);
    return jwk;
  }
  if (kOkpNames[type] !== undefined) {
    const jwk = { crv: kOkpNames[type] };
    if (isPrivate) jwk.d = b64u(parts.d);
    jwk.x = b64u(parts.x);
    jwk.kty = 'OKP';
    return jwk;
  }
  throw new codes.ERR_CRYPTO_JWK_UNSUPPORTED_KEY_TYPE();
}

class AsymmetricKeyObject extends KeyObject {
  // Both are cached on the object the first time they are read, as Node does
  // (util.inspect shows them afterwards).
  get asymmetricKeyType() {
    if (this[kAsymmetricKeyType] === undefined) this[kAsymmetricKeyType] = info(this).type;
    return this[kAsymmetricKeyType];
  }

  get asymmetricKeyDetails() {
    switch (this.asymmetricKeyType) {
      case 'rsa':
      case 'rsa-pss':
      case 'dsa':
      case 'ec':
        if (this[kAsymmetricKeyDetails] === undefined) this[kAsymmetricKeyDetails] = { ...info(this).details };
        return this[kAsymmetricKeyDetails];
      default:
        return {};
    }
  }
}

function info(key) {
  if (!key[kInfo]) hidden(key, kInfo, keysBinding.keyInfo(key[kHandle]));
  return key[kInfo];
}

class PublicKeyObject extends AsymmetricKeyObject {
  constructor(handle) { super('public', handle); }

  export(options) {
    if (options && options.format === 'jwk') return exportJwk(this, false);
    const { format, type } = parseKeyEncoding(options, this.asymmetricKeyType, true);
    return encode(keysBinding.keyExport(this[kHandle], format === 'pem', type), format);
  }
}

class PrivateKeyObject extends AsymmetricKeyObject {
  constructor(handle) { super('private', handle); }

  export(options) {
    if (options && options.format === 'jwk') {
      if (options.passphrase !== undefined) {
        throw new codes.ERR_CRYPTO_INCOMPATIBLE_KEY_OPTIONS('jwk', 'does not support encryption');
      }
      return exportJwk(this, true);
    }
    const { format, type, cipher, passphrase } =
      parseKeyEncoding(options, this.asymmetricKeyType, false);
    const out = keysBinding.keyExport(this[kHandle], format === 'pem', type,
      cipher == null ? undefined : cipher, passphrase, false);
    if (out === undefined) throw new codes.ERR_CRYPTO_UNKNOWN_CIPHER();
    return encode(out, format);
  }
}

function encode(out, format) {
  return format === 'pem' ? out : lazyBuffer().from(out);
}

// --- encodings ---------------------------------------------------------------

function option(name, objName) {
  return objName === undefined ? `options.${name}` : `options.${objName}.${name}`;
}

function parseKeyFormat(format, dflt, optionName) {
  if (format === undefined && dflt !== undefined) return dflt;
  if (format === 'pem' || format === 'der' || format === 'jwk') return format;
  throw new codes.ERR_INVALID_ARG_VALUE(optionName, format);
}

function parseKeyType(type, required, keyType, isPublic, optionName) {
  if (type === undefined && !required) return undefined;
  if (type === 'pkcs1') {
    if (keyType !== undefined && keyType !== 'rsa') {
      throw new codes.ERR_CRYPTO_INCOMPATIBLE_KEY_OPTIONS(type, 'can only be used for RSA keys');
    }
    return type;
  }
  if (type === 'spki' && isPublic !== false) return type;
  if (type === 'pkcs8' && isPublic !== true) return type;
  if (type === 'sec1' && isPublic !== true) {
    if (keyType !== undefined && keyType !== 'ec') {
      throw new codes.ERR_CRYPTO_INCOMPATIBLE_KEY_OPTIONS(type, 'can only be used for EC keys');
    }
    return type;
  }
  throw new codes.ERR_INVALID_ARG_VALUE(optionName, type);
}

function isStringOrBuffer(v) {
  return typeof v === 'string' || isArrayBufferView(v) || isAnyArrayBuffer(v);
}

// Node's parseKeyEncoding: keyType undefined means "input" (parsing a key).
function parseKeyEncoding(enc, keyType, isPublic, objName) {
  validateObject(enc, 'options');
  const isInput = keyType === undefined;
  const format = parseKeyFormat(enc.format, isInput ? 'pem' : undefined, option('format', objName));
  const required = (!isInput || format === 'der') && format !== 'jwk';
  const type = parseKeyType(enc.type, required, keyType, isPublic, option('type', objName));
  let cipher;
  let passphrase;
  if (isPublic !== true) {
    ({ cipher, passphrase } = enc);
    if (!isInput) {
      if (cipher != null) {
        if (typeof cipher !== 'string') throw new codes.ERR_INVALID_ARG_VALUE(option('cipher', objName), cipher);
        if (format === 'der' && (type === 'pkcs1' || type === 'sec1')) {
          throw new codes.ERR_CRYPTO_INCOMPATIBLE_KEY_OPTIONS(type, 'does not support encryption');
        }
      } else if (passphrase !== undefined) {
        throw new codes.ERR_INVALID_ARG_VALUE(option('cipher', objName), cipher);
      }
    }
    if ((isInput && passphrase !== undefined && !isStringOrBuffer(passphrase)) ||
        (!isInput && cipher != null && !isStringOrBuffer(passphrase))) {
      throw new codes.ERR_INVALID_ARG_VALUE(option('passphrase', objName), passphrase);
    }
  }
  if (passphrase !== undefined) passphrase = getArrayBufferOrView(passphrase, 'key.passphrase', enc.encoding);
  return { format, type, cipher, passphrase };
}

// --- parsing -----------------------------------------------------------------

function getKeyTypes(allowKeyObject, bufferOnly = false) {
  const types = ['ArrayBuffer', 'Buffer', 'TypedArray', 'DataView', 'string', 'KeyObject', 'CryptoKey'];
  if (bufferOnly) return types.slice(0, 4);
  if (!allowKeyObject) return types.slice(0, 5);
  return types;
}

function keyObjectHandle(key, ctx) {
  if (ctx === kCreatePrivate) {
    throw new codes.ERR_INVALID_ARG_TYPE('key',
      ['string', 'ArrayBuffer', 'Buffer', 'TypedArray', 'DataView'], key);
  }
  if (key.type !== 'private') {
    if (ctx === kConsumePrivate || ctx === kCreatePublic) {
      throw new codes.ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE(key.type, 'private');
    }
    if (key.type !== 'public') {
      throw new codes.ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE(key.type, 'private or public');
    }
  }
  return key[kHandle];
}

function jwkBytes(s) {
  return lazyBuffer().from(s, 'base64');
}

function handleFromJwk(key, ctx) {
  validateObject(key, 'key');
  validateOneOf(key.kty, 'key.kty', ['RSA', 'EC', 'OKP']);
  const isPublic = ctx === kConsumePublic || ctx === kCreatePublic;
  let handle;
  if (key.kty === 'OKP') {
    validateString(key.crv, 'key.crv');
    validateOneOf(key.crv, 'key.crv', ['Ed25519', 'Ed448', 'X25519', 'X448']);
    validateString(key.x, 'key.x');
    if (!isPublic) validateString(key.d, 'key.d');
    const data = jwkBytes(isPublic ? key.x : key.d);
    const size = { Ed25519: 32, X25519: 32, Ed448: 57, X448: 56 }[key.crv];
    if (data.byteLength !== size) throw new codes.ERR_CRYPTO_INVALID_JWK();
    const parts = { curve: key.crv.toUpperCase() };
    parts[isPublic ? 'x' : 'd'] = data;
    handle = keysBinding.keyFromParts('okp', parts, !isPublic);
  } else if (key.kty === 'EC') {
    validateString(key.crv, 'key.crv');
    validateOneOf(key.crv, 'key.crv', ['P-256', 'secp256k1', 'P-384', 'P-521']);
    validateString(key.x, 'key.x');
    validateString(key.y, 'key.y');
    if (!isPublic) validateString(key.d, 'key.d');
    const curve = { 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1', secp256k1: 'secp256k1' }[key.crv];
    const parts = { curve, x: jwkBytes(key.x), y: jwkBytes(key.y) };
    if (!isPublic) parts.d = jwkBytes(key.d);
    handle = keysBinding.keyFromParts('ec', parts, !isPublic);
  } else {
    validateString(key.n, 'key.n');
    validateString(key.e, 'key.e');
    const names = isPublic ? ['n', 'e'] : ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'];
    const parts = {};
    for (const name of names) {
      if (name !== 'n' && name !== 'e') validateString(key[name], `key.${name}`);
      parts[name] = jwkBytes(key[name]);
    }
    handle = keysBinding.keyFromParts('rsa', parts, !isPublic);
  }
  if (handle === undefined) {
    throw new codes.ERR_CRYPTO_INVALID_JWK(key.kty === 'OKP' ? undefined : `${key.kty} key`);
  }
  return handle;
}

// A key argument -> { handle } (already a key) or parse options.
function prepareAsymmetricKey(key, ctx) {
  if (key instanceof KeyObject) return { handle: keyObjectHandle(key, ctx) };
  if (key instanceof CryptoKey) return { handle: keyObjectHandle(key[kKeyObject], ctx) };
  if (isStringOrBuffer(key)) return { format: 'pem', data: getArrayBufferOrView(key, 'key') };
  if (key !== null && typeof key === 'object') {
    const { key: data, encoding, format } = key;
    if (data instanceof KeyObject) return { handle: keyObjectHandle(data, ctx) };
    if (data instanceof CryptoKey) return { handle: keyObjectHandle(data[kKeyObject], ctx) };
    if (format === 'jwk') {
      validateObject(data, 'key.key');
      return { handle: handleFromJwk(data, ctx), jwk: true };
    }
    const isPublic = (ctx === kConsumePrivate || ctx === kCreatePrivate) ? false : undefined;
    if (!isStringOrBuffer(data)) {
      throw new codes.ERR_INVALID_ARG_TYPE('key.key', getKeyTypes(ctx !== kCreatePrivate), data);
    }
    return { data: getArrayBufferOrView(data, 'key', encoding), ...parseKeyEncoding(key, undefined, isPublic) };
  }
  throw new codes.ERR_INVALID_ARG_TYPE('key', getKeyTypes(ctx !== kCreatePrivate), key);
}

function asView(data) {
  if (typeof data === 'string') return lazyBuffer().from(data, 'utf8');
  if (isAnyArrayBuffer(data)) return new Uint8Array(data);
  return data;
}

// Parses { data, format, type, passphrase } into a handle.
function parseKey(prep, wantPrivate) {
  if (prep.handle !== undefined) return prep.handle;
  const parse = wantPrivate ? keysBinding.parsePrivate : keysBinding.parsePublic;
  const passphrase = prep.passphrase === undefined ? undefined : asView(prep.passphrase);
  const handle = parse(asView(prep.data), prep.format === 'pem', prep.type || '', passphrase);
  if (handle === -1) throw new codes.ERR_MISSING_PASSPHRASE();
  return handle;
}

function createPublicKey(key) {
  const prep = prepareAsymmetricKey(key, kCreatePublic);
  let handle = parseKey(prep, false);
  if (prep.handle !== undefined && keysBinding.keyInfo(handle).private) {
    handle = keysBinding.keyToPublic(handle);
  }
  return new PublicKeyObject(handle);
}

function createPrivateKey(key) {
  const prep = prepareAsymmetricKey(key, kCreatePrivate);
  return new PrivateKeyObject(parseKey(prep, true));
}

// A key given to sign/verify/encrypt: -> native handle.
function preparePrivateHandle(key) {
  return parseKey(prepareAsymmetricKey(key, kConsumePrivate), true);
}

function preparePublicOrPrivateHandle(key) {
  const prep = prepareAsymmetricKey(key, kConsumePublic);
  if (prep.handle !== undefined) return prep.handle;
  // A PEM/DER private key also works where a public key is expected.
  return parseKey(prep, false);
}

function keyObjectFromHandle(handle) {
  return keysBinding.keyInfo(handle).private ? new PrivateKeyObject(handle) : new PublicKeyObject(handle);
}

function createSecretKey(key, encoding) {
  key = prepareSecretKey(key, encoding, true);
  return new SecretKeyObject(lazyBuffer().from(key));
}

// key argument -> bytes (string, ArrayBuffer, view, secret KeyObject, CryptoKey).
function prepareSecretKey(key, encoding, bufferOnly = false) {
  if (!bufferOnly) {
    if (key instanceof KeyObject) {
      if (key.type !== 'secret') throw new codes.ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE(key.type, 'secret');
      return key[kKeyMaterial];
    }
    if (key instanceof CryptoKey) {
      if (key.type !== 'secret') throw new codes.ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE(key.type, 'secret');
      return key[kKeyObject][kKeyMaterial];
    }
  }
  if (isAnyArrayBuffer(key)) return new Uint8Array(key);
  if (isArrayBufferView(key)) return key;
  if (typeof key === 'string') {
    if (encoding === undefined || encoding === null || encoding === 'buffer') encoding = 'utf8';
    return lazyBuffer().from(key, encoding);
  }
  const expected = bufferOnly ? ['ArrayBuffer', 'Buffer', 'TypedArray', 'DataView']
    : ['string', 'ArrayBuffer', 'Buffer', 'TypedArray', 'DataView', 'KeyObject', 'CryptoKey'];
  throw new codes.ERR_INVALID_ARG_TYPE('key', expected, key);
}

// --- CryptoKey ---------------------------------------------------------------

class CryptoKey {
  constructor(token) {
    if (token !== kConstruct) throw new codes.ERR_ILLEGAL_CONSTRUCTOR();
  }

  get type() { return this[kKeyObject].type; }
  get extractable() { return this[kExtractable]; }
  get algorithm() { return this[kAlgorithm]; }
  get usages() { return this[kUsages]; }

  [customInspect](depth, options, inspect) {
    if (depth < 0) return this;
    const opts = { ...options, depth: options.depth == null ? null : options.depth - 1 };
    return `CryptoKey ${inspect({
      type: this.type,
      extractable: this.extractable,
      algorithm: this.algorithm,
      usages: this.usages,
    }, opts)}`;
  }
}

Object.defineProperty(CryptoKey.prototype, Symbol.toStringTag, {
  __proto__: null, value: 'CryptoKey', configurable: true,
});
for (const name of ['type', 'extractable', 'algorithm', 'usages']) {
  Object.defineProperty(CryptoKey.prototype, name, { enumerable: true });
}

function newCryptoKey(keyObject, algorithm, extractable, usages) {
  const key = new CryptoKey(kConstruct);
  hidden(key, kKeyObject, keyObject);
  hidden(key, kAlgorithm, algorithm);
  hidden(key, kExtractable, extractable);
  hidden(key, kUsages, usages);
  return key;
}

function isKeyObject(v) { return v instanceof KeyObject; }
function isCryptoKey(v) { return v instanceof CryptoKey; }

module.exports = {
  KeyObject,
  SecretKeyObject,
  PublicKeyObject,
  PrivateKeyObject,
  CryptoKey,
  createSecretKey,
  createPublicKey,
  createPrivateKey,
  prepareSecretKey,
  prepareAsymmetricKey,
  preparePrivateHandle,
  preparePublicOrPrivateHandle,
  parseKeyEncoding,
  keyObjectFromHandle,
  newCryptoKey,
  isKeyObject,
  isCryptoKey,
  keysBinding,
  kKeyMaterial,
  kHandle,
  kKeyObject,
  kConsumePublic,
  kConsumePrivate,
};
