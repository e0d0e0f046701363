'use strict';
// internal/crypto/keys: secret KeyObjects, Web Crypto's CryptoKey and the
// conversion of key arguments to bytes.

const {
  codes, isArrayBufferView, isAnyArrayBuffer, lazyBuffer,
} = require('internal/crypto/util');

const kKeyMaterial = Symbol('kKeyMaterial');
const kAlgorithm = Symbol('kAlgorithm');
const kExtractable = Symbol('kExtractable');
const kUsages = Symbol('kUsages');
const kType = Symbol('kType');
const kConstruct = Symbol('kConstruct');
const customInspect = Symbol.for('nodejs.util.inspect.custom');

class KeyObject {
  constructor(type, material) {
    if (type !== 'secret' && type !== 'public' && type !== 'private') {
      throw new codes.ERR_INVALID_ARG_VALUE('type', type);
    }
    this[kType] = type;
    this[kKeyMaterial] = material;
  }

  get type() { return this[kType]; }

  get symmetricKeySize() {
    return this[kType] === 'secret' ? this[kKeyMaterial].byteLength : undefined;
  }

  export(options) {
    if (options !== undefined && options !== null && options.format === 'jwk') {
      return { kty: 'oct', k: lazyBuffer().from(this[kKeyMaterial]).toString('base64url') };
    }
    return lazyBuffer().from(this[kKeyMaterial]);
  }

  equals(other) {
    if (!(other instanceof KeyObject)) {
      throw new codes.ERR_INVALID_ARG_TYPE('otherKeyObject', 'KeyObject', other);
    }
    const a = this[kKeyMaterial];
    const b = other[kKeyMaterial];
    return other.type === this.type && a.byteLength === b.byteLength &&
      lazyBuffer().from(a).equals(lazyBuffer().from(b));
  }
}

class SecretKeyObject extends KeyObject {
  constructor(material) { super('secret', material); }
}

Object.defineProperty(KeyObject.prototype, Symbol.toStringTag, {
  __proto__: null, value: 'KeyObject', configurable: true,
});

function createSecretKey(key, encoding) {
  key = prepareSecretKey(key, encoding, true);
  return new SecretKeyObject(lazyBuffer().from(key));
}

// key argument -> bytes (string, ArrayBuffer, view, secret KeyObject, CryptoKey).
function prepareSecretKey(key, encoding, bufferOnly = false) {
  if (!bufferOnly) {
    if (key instanceof KeyObject) return key[kKeyMaterial];
    if (key instanceof CryptoKey) return key[kKeyMaterial];
  }
  if (isAnyArrayBuffer(key)) return new Uint8Array(key);
  if (isArrayBufferView(key)) return key;
  if (typeof key === 'string') {
    if (encoding === undefined || encoding === null || encoding === 'buffer') encoding = 'utf8';
    return lazyBuffer().from(key, encoding);
  }
  const expected = ['string', 'ArrayBuffer', 'Buffer', 'TypedArray', 'DataView'];
  if (!bufferOnly) expected.push('KeyObject', 'CryptoKey');
  throw new codes.ERR_INVALID_ARG_TYPE('key', expected, key);
}

class CryptoKey {
  constructor(token) {
    if (token !== kConstruct) throw new codes.ERR_ILLEGAL_CONSTRUCTOR();
  }

  get type() { return this[kType]; }
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

function newCryptoKey(type, material, algorithm, extractable, usages) {
  const key = new CryptoKey(kConstruct);
  key[kType] = type;
  key[kKeyMaterial] = material;
  key[kAlgorithm] = algorithm;
  key[kExtractable] = extractable;
  key[kUsages] = usages;
  return key;
}

module.exports = {
  KeyObject,
  SecretKeyObject,
  CryptoKey,
  createSecretKey,
  prepareSecretKey,
  newCryptoKey,
  kKeyMaterial,
};
