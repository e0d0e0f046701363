'use strict';
// internal/crypto/hash: Hash, Hmac (streams too, through LazyTransform) and
// the one-shot hash().

const {
  binding, codes, cryptoCodes, validateUint32, toBindingData, isArrayBufferView,
  asBuffer, encodeOutput, lazyBuffer,
} = require('internal/crypto/util');
const { validateString, validateObject } = require('internal/errors');
const LazyTransform = require('internal/crypto/lazy_transform');
const { prepareSecretKey } = require('internal/crypto/keys');

const kHandle = Symbol('kHandle');
const kState = Symbol('kState');

function Hash(algorithm, options) {
  if (!(this instanceof Hash)) return new Hash(algorithm, options);
  let xofLen = -1;
  let handle;
  if (algorithm instanceof _HashHandle) {
    handle = algorithm.handle;
  } else {
    validateString(algorithm, 'algorithm');
    if (options !== undefined && options !== null) validateObject(options, 'options');
    if (options && options.outputLength !== undefined) {
      validateUint32(options.outputLength, 'options.outputLength');
      xofLen = options.outputLength;
    }
    handle = binding.hashInit(algorithm, xofLen);
    if (handle === undefined) throw new Error('Digest method not supported');
  }
  this[kHandle] = handle;
  this[kState] = { finalized: false };
  LazyTransform.call(this, options);
}
Object.setPrototypeOf(Hash.prototype, LazyTransform.prototype);
Object.setPrototypeOf(Hash, LazyTransform);

// Wraps a copied native handle so the constructor can take it.
function _HashHandle(handle) { this.handle = handle; }

Hash.prototype.copy = function copy(options) {
  if (this[kState].finalized) throw cryptoCodes.ERR_CRYPTO_HASH_FINALIZED();
  let xofLen = -1;
  if (options !== undefined && options !== null) {
    validateObject(options, 'options');
    if (options.outputLength !== undefined) {
      validateUint32(options.outputLength, 'options.outputLength');
      xofLen = options.outputLength;
    }
  }
  return new Hash(new _HashHandle(binding.hashCopy(this[kHandle], xofLen)), options);
};

Hash.prototype._transform = function _transform(chunk, encoding, callback) {
  binding.hashUpdate(this[kHandle], toBindingData(chunk, encoding));
  callback();
};

// The digest, computed once: as in Node, the stream's end pushes it without
// finalizing the Hash, and digest() afterwards returns the same value.
function digestValue(self) {
  const state = self[kState];
  if (state.value === undefined) state.value = asBuffer(binding.hashDigest(self[kHandle]));
  return state.value;
}

Hash.prototype._flush = function _flush(callback) {
  this.push(digestValue(this));
  callback();
};

function updateImpl(self, update, data, encoding) {
  if (self[kState].finalized) throw cryptoCodes.ERR_CRYPTO_HASH_FINALIZED();
  if (typeof data === 'string') {
    validateEncoding(data, encoding);
  } else if (!isArrayBufferView(data)) {
    throw new codes.ERR_INVALID_ARG_TYPE('data', ['string', 'Buffer', 'TypedArray', 'DataView'], data);
  }
  update(self[kHandle], toBindingData(data, encoding));
  return self;
}

function validateEncoding(data, encoding) {
  if (encoding === 'hex' && data.length % 2 !== 0) {
    throw new codes.ERR_INVALID_ARG_VALUE('encoding', encoding,
      `is invalid for data of length ${data.length}`);
  }
}

Hash.prototype.update = function update(data, encoding) {
  return updateImpl(this, binding.hashUpdate, data, encoding);
};

Hash.prototype.digest = function digest(outputEncoding) {
  const state = this[kState];
  if (state.finalized) throw cryptoCodes.ERR_CRYPTO_HASH_FINALIZED();
  // Node converts a truthy encoding first (a throwing toString leaves the
  // hash usable).
  if (outputEncoding) outputEncoding = `${outputEncoding}`;
  state.finalized = true;
  return encodeOutput(digestValue(this), outputEncoding);
};

function Hmac(hmac, key, options) {
  if (!(this instanceof Hmac)) return new Hmac(hmac, key, options);
  validateString(hmac, 'hmac');
  const encoding = options && options.encoding;
  key = prepareSecretKey(key, encoding);
  const handle = binding.hmacInit(hmac, key);
  if (handle === undefined) throw cryptoCodes.ERR_CRYPTO_INVALID_DIGEST(hmac);
  this[kHandle] = handle;
  this[kState] = { finalized: false };
  LazyTransform.call(this, options);
}
Object.setPrototypeOf(Hmac.prototype, LazyTransform.prototype);
Object.setPrototypeOf(Hmac, LazyTransform);

Hmac.prototype.update = function update(data, encoding) {
  return updateImpl(this, binding.hmacUpdate, data, encoding);
};

Hmac.prototype.digest = function digest(outputEncoding) {
  const state = this[kState];
  if (state.finalized) {
    return encodeOutput(lazyBuffer().alloc(0), outputEncoding);
  }
  if (outputEncoding) outputEncoding = `${outputEncoding}`;
  state.finalized = true;
  return encodeOutput(asBuffer(binding.hmacDigest(this[kHandle])), outputEncoding);
};

Hmac.prototype._flush = function _flush(callback) {
  this.push(this.digest());
  callback();
};
Hmac.prototype._transform = function _transform(chunk, encoding, callback) {
  binding.hmacUpdate(this[kHandle], toBindingData(chunk, encoding));
  callback();
};

// hash(algorithm, input[, outputEncoding = 'hex']) (Node 20.12+)
function hash(algorithm, input, outputEncoding = 'hex') {
  validateString(algorithm, 'algorithm');
  if (typeof input !== 'string' && !isArrayBufferView(input)) {
    throw new codes.ERR_INVALID_ARG_TYPE('input', ['Buffer', 'TypedArray', 'DataView', 'string'], input);
  }
  let normalized = outputEncoding;
  if (outputEncoding !== 'buffer') {
    validateString(outputEncoding, 'outputEncoding');
    normalized = typeof outputEncoding === 'string' ? outputEncoding.toLowerCase() : outputEncoding;
    if (normalized !== 'buffer' && !lazyBuffer().isEncoding(normalized)) {
      throw new codes.ERR_INVALID_ARG_VALUE('outputEncoding', outputEncoding);
    }
  }
  const handle = binding.hashInit(algorithm, -1);
  if (handle === undefined) throw new Error(`Digest method ${algorithm} is not supported`);
  binding.hashUpdate(handle, toBindingData(input));
  const out = asBuffer(binding.hashDigest(handle));
  return normalized === 'buffer' ? out : out.toString(normalized);
}

module.exports = { Hash, Hmac, hash };
