'use strict';
// internal/crypto/webcrypto: the Web Crypto API (globalThis.crypto): Crypto
// (getRandomValues, randomUUID), SubtleCrypto and CryptoKey. Keys are
// KeyObjects (internal/crypto/keys); digests, HMACs, KDFs and key generation
// run on libuv's thread pool, the other operations on the calling thread
// inside the returned promise. Errors are DOMExceptions with Node's names and
// messages.

const { binding, codes, cryptoCodes, isArrayBufferView, isAnyArrayBuffer, lazyBuffer } =
  require('internal/crypto/util');
const {
  CryptoKey, newCryptoKey, kKeyObject, kKeyMaterial, kHandle, keysBinding, SecretKeyObject,
  PublicKeyObject, PrivateKeyObject, createPublicKey, createPrivateKey,
} = require('internal/crypto/keys');
const random = require('internal/crypto/random');

const kConstruct = Symbol('kConstruct');

function domException(message, name) {
  const { DOMException } = require('internal/dom_exception');
  return new DOMException(message, name);
}

function missingOption(message) {
  const e = new TypeError(message);
  e.code = 'ERR_MISSING_OPTION';
  return e;
}

function argTypeError(message) {
  const e = new TypeError(message);
  e.code = 'ERR_INVALID_ARG_TYPE';
  return e;
}

// --- algorithm normalization -------------------------------------------------

const kNames = [
  'SHA-1', 'SHA-256', 'SHA-384', 'SHA-512', 'HMAC', 'PBKDF2', 'HKDF', 'AES-CTR', 'AES-CBC',
  'AES-GCM', 'AES-KW', 'RSASSA-PKCS1-v1_5', 'RSA-PSS', 'RSA-OAEP', 'ECDSA', 'ECDH', 'Ed25519',
  'Ed448', 'X25519', 'X448',
];
const kCanonical = {};
for (const n of kNames) kCanonical[n.toLowerCase()] = n;

const kRsaGen = 'RsaHashedKeyGenParams';
const kOps = {
  digest: { 'SHA-1': null, 'SHA-256': null, 'SHA-384': null, 'SHA-512': null },
  generateKey: {
    'RSASSA-PKCS1-v1_5': kRsaGen, 'RSA-PSS': kRsaGen, 'RSA-OAEP': kRsaGen,
    ECDSA: 'EcKeyGenParams', ECDH: 'EcKeyGenParams',
    'AES-CTR': 'AesKeyGenParams', 'AES-CBC': 'AesKeyGenParams', 'AES-GCM': 'AesKeyGenParams',
    'AES-KW': 'AesKeyGenParams', HMAC: 'HmacKeyGenParams',
    Ed25519: null, Ed448: null, X25519: null, X448: null,
  },
  sign: {
    'RSASSA-PKCS1-v1_5': null, 'RSA-PSS': 'RsaPssParams', ECDSA: 'EcdsaParams', HMAC: null,
    Ed25519: null, Ed448: 'Ed448Params',
  },
  importKey: {
    'RSASSA-PKCS1-v1_5': 'RsaHashedImportParams', 'RSA-PSS': 'RsaHashedImportParams',
    'RSA-OAEP': 'RsaHashedImportParams', ECDSA: 'EcKeyImportParams', ECDH: 'EcKeyImportParams',
    HMAC: 'HmacImportParams', HKDF: null, PBKDF2: null, 'AES-CTR': null, 'AES-CBC': null,
    'AES-GCM': null, 'AES-KW': null, Ed25519: null, Ed448: null, X25519: null, X448: null,
  },
  deriveBits: {
    HKDF: 'HkdfParams', PBKDF2: 'Pbkdf2Params', ECDH: 'EcdhKeyDeriveParams',
    X25519: 'EcdhKeyDeriveParams', X448: 'EcdhKeyDeriveParams',
  },
  encrypt: { 'RSA-OAEP': 'RsaOaepParams', 'AES-CBC': 'AesCbcParams', 'AES-GCM': 'AesGcmParams', 'AES-CTR': 'AesCtrParams' },
  getKeyLength: {
    'AES-CBC': 'AesDerivedKeyParams', 'AES-CTR': 'AesDerivedKeyParams', 'AES-GCM': 'AesDerivedKeyParams',
    'AES-KW': 'AesDerivedKeyParams', HMAC: 'HmacImportParams', HKDF: null, PBKDF2: null,
  },
  wrapKey: { 'AES-KW': null },
};
kOps.verify = kOps.sign;
kOps.decrypt = kOps.encrypt;
kOps.unwrapKey = kOps.wrapKey;

// Members of each parameter dictionary: [name, required, kind], in the
// (lexicographic) order WebIDL converts them.
const kDicts = {
  RsaHashedKeyGenParams: [['hash', true, 'hash'], ['modulusLength', true, 'number'], ['publicExponent', true, 'bytes']],
  RsaHashedImportParams: [['hash', true, 'hash']],
  RsaPssParams: [['saltLength', true, 'number']],
  RsaOaepParams: [['label', false, 'bytes']],
  EcKeyGenParams: [['namedCurve', true, 'string']],
  EcKeyImportParams: [['namedCurve', true, 'string']],
  EcdsaParams: [['hash', true, 'hash']],
  EcdhKeyDeriveParams: [['public', true, 'key']],
  AesKeyGenParams: [['length', true, 'number']],
  AesDerivedKeyParams: [['length', true, 'number']],
  AesCbcParams: [['iv', true, 'bytes']],
  AesGcmParams: [['additionalData', false, 'bytes'], ['iv', true, 'bytes'], ['tagLength', false, 'number']],
  AesCtrParams: [['counter', true, 'bytes'], ['length', true, 'number']],
  HmacKeyGenParams: [['hash', true, 'hash'], ['length', false, 'number']],
  HmacImportParams: [['hash', true, 'hash'], ['length', false, 'number']],
  Pbkdf2Params: [['hash', true, 'hash'], ['iterations', true, 'number'], ['salt', true, 'bytes']],
  HkdfParams: [['hash', true, 'hash'], ['info', true, 'bytes'], ['salt', true, 'bytes']],
  Ed448Params: [['context', false, 'bytes']],
};

function copyBytes(value) {
  if (isAnyArrayBuffer(value)) return new Uint8Array(value.slice(0));
  if (isArrayBufferView(value)) {
    return new Uint8Array(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength));
  }
  return undefined;
}

const warned = new Set();

function normalizeAlgorithm(algorithm, op) {
  let alg = algorithm;
  if (typeof alg === 'string') {
    alg = { name: alg };
  } else if (alg === null || typeof alg !== 'object') {
    alg = { name: String(alg) };
  } else if (alg.name === undefined) {
    throw missingOption("Failed to normalize algorithm: 'name' is required in 'Algorithm'.");
  }
  const name = kCanonical[String(alg.name).toLowerCase()];
  const table = kOps[op];
  if (name === undefined || !(name in table)) {
    throw domException('Unrecognized algorithm name', 'NotSupportedError');
  }
  if ((name === 'Ed448' || name === 'X448') && !warned.has(name)) {
    warned.add(name);
    process.emitWarning(`The ${name} Web Crypto API algorithm is an experimental feature and might change at any time`,
      'ExperimentalWarning');
  }
  const out = { name };
  const dict = table[name];
  if (dict === null) return out;
  for (const [member, required, kind] of kDicts[dict]) {
    const v = alg[member];
    if (v === undefined) {
      if (required) {
        throw missingOption(`Failed to normalize algorithm: passed algorithm can not be converted to '${dict}' ` +
          `because '${member}' is required in '${dict}'.`);
      }
      continue;
    }
    if (kind === 'hash') out[member] = normalizeAlgorithm(v, 'digest');
    else if (kind === 'number') out[member] = Number(v);
    else if (kind === 'string') out[member] = String(v);
    else if (kind === 'bytes') {
      const bytes = copyBytes(v);
      if (bytes === undefined) {
        throw argTypeError(`Failed to normalize algorithm: ${member} is not instance of ArrayBuffer, Buffer, ` +
          'TypedArray, or DataView.');
      }
      out[member] = bytes;
    } else {
      out[member] = v;
    }
  }
  return out;
}

const kOsslHash = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };
const kHashBlockBits = { 'SHA-1': 512, 'SHA-256': 512, 'SHA-384': 1024, 'SHA-512': 1024 };
const kCurves = { 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1' };
const kCurveNames = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };
const kOkpTypes = { Ed25519: 'ed25519', Ed448: 'ed448', X25519: 'x25519', X448: 'x448' };

// --- argument checks ---------------------------------------------------------

function bufferSource(value, method, position) {
  const bytes = copyBytes(value);
  if (bytes === undefined) {
    throw argTypeError(`Failed to execute '${method}' on 'SubtleCrypto': ${position} argument is ` +
      'not instance of ArrayBuffer, Buffer, TypedArray, or DataView.');
  }
  return bytes;
}

function checkKey(key, method, position) {
  if (!(key instanceof CryptoKey)) {
    throw argTypeError(`Failed to execute '${method}' on 'SubtleCrypto': ${position} argument is ` +
      'not of type CryptoKey.');
  }
}

function missingArgs(method, need, got) {
  return new TypeError(`Failed to execute '${method}' on 'SubtleCrypto': ${need} arguments required, ` +
    `but only ${got} present.`);
}

function checkFormat(format, method) {
  if (!['raw', 'pkcs8', 'spki', 'jwk'].includes(format)) {
    const e = new TypeError(`Failed to execute '${method}' on 'SubtleCrypto': 1st argument value ` +
      `'${format}' is not a valid enum value of type KeyFormat.`);
    e.code = 'ERR_INVALID_ARG_VALUE';
    throw e;
  }
}

function usageList(usages, method, position) {
  if (usages === null || typeof usages !== 'object' || typeof usages[Symbol.iterator] !== 'function') {
    throw argTypeError(`Failed to execute '${method}' on 'SubtleCrypto': ${position} argument is not iterable.`);
  }
  return [...new Set(usages)];
}

const kUsageLabel = {
  'RSASSA-PKCS1-v1_5': 'a RSA', 'RSA-PSS': 'a RSA', 'RSA-OAEP': 'a RSA', HMAC: 'an HMAC',
  PBKDF2: 'a PBKDF2', HKDF: 'a HKDF', 'AES-CTR': 'an AES', 'AES-CBC': 'an AES', 'AES-GCM': 'an AES',
  'AES-KW': 'an AES',
};

// `importing`: RSA keys are then named by their algorithm, as Node does.
function checkUsages(usages, allowed, name, importing = false) {
  for (const u of usages) {
    if (!allowed.includes(u)) {
      const label = (importing && isRsa(name)) || !kUsageLabel[name] ? `an ${name}` : kUsageLabel[name];
      throw domException(`Unsupported key usage for ${label} key`, 'SyntaxError');
    }
  }
}

// Usages of [public, private] keys (secret keys: both the same).
function usagesOf(name) {
  switch (name) {
    case 'RSASSA-PKCS1-v1_5': case 'RSA-PSS': case 'ECDSA': case 'Ed25519': case 'Ed448':
      return [['verify'], ['sign']];
    case 'RSA-OAEP':
      return [['encrypt', 'wrapKey'], ['decrypt', 'unwrapKey']];
    case 'ECDH': case 'X25519': case 'X448':
      return [[], ['deriveKey', 'deriveBits']];
    case 'AES-KW':
      return [['wrapKey', 'unwrapKey'], ['wrapKey', 'unwrapKey']];
    case 'AES-CTR': case 'AES-CBC': case 'AES-GCM':
      return [['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'], ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey']];
    case 'HMAC':
      return [['sign', 'verify'], ['sign', 'verify']];
    default:
      return [['deriveKey', 'deriveBits'], ['deriveKey', 'deriveBits']];
  }
}

function poolJob(fn, ...args) {
  return new Promise((resolve, reject) => {
    fn(...args, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

function opError(message = 'The operation failed for an operation-specific reason', cause) {
  const e = domException(message, 'OperationError');
  if (cause !== undefined) Object.defineProperty(e, 'cause', { value: cause, configurable: true, writable: true });
  return e;
}

const isRsa = (name) => name === 'RSASSA-PKCS1-v1_5' || name === 'RSA-PSS' || name === 'RSA-OAEP';
const isEc = (name) => name === 'ECDSA' || name === 'ECDH';
const isAes = (name) => name.startsWith('AES-');

// --- key generation ----------------------------------------------------------

function pairAlgorithm(alg) {
  if (isRsa(alg.name)) {
    return { name: alg.name, modulusLength: alg.modulusLength, publicExponent: alg.publicExponent,
      hash: { name: alg.hash.name } };
  }
  if (isEc(alg.name)) return { name: alg.name, namedCurve: alg.namedCurve };
  return { name: alg.name };
}

function exponentOf(bytes) {
  let e = 0;
  for (const b of bytes) e = e * 256 + b;
  return e;
}

async function generateKeyPair(alg, extractable, usages) {
  const [pubUsages, privUsages] = usagesOf(alg.name);
  checkUsages(usages, [...pubUsages, ...privUsages], alg.name);
  let type;
  let options = {};
  if (isRsa(alg.name)) {
    type = 'rsa';
    options = { modulusLength: alg.modulusLength, publicExponent: exponentOf(alg.publicExponent) };
  } else if (isEc(alg.name)) {
    if (kCurves[alg.namedCurve] === undefined) throw domException('Unrecognized namedCurve', 'NotSupportedError');
    type = 'ec';
    options = { namedCurve: kCurves[alg.namedCurve] };
  } else {
    type = kOkpTypes[alg.name];
  }
  const handle = await poolJob(keysBinding.generateKeyPair, type, options).catch((e) => {
    throw opError(undefined, e);
  });
  const privateUsages = usages.filter((u) => privUsages.includes(u));
  if (privateUsages.length === 0) throw domException('Usages cannot be empty when creating a key.', 'SyntaxError');
  const algorithm = pairAlgorithm(alg);
  return {
    publicKey: newCryptoKey(new PublicKeyObject(keysBinding.keyToPublic(handle)), algorithm, true,
      usages.filter((u) => pubUsages.includes(u))),
    privateKey: newCryptoKey(new PrivateKeyObject(handle), algorithm, extractable, privateUsages),
  };
}

async function randomSecret(bytes) {
  const out = new Uint8Array(bytes);
  await poolJob(binding.randomFill, out, 0, out.byteLength);
  return out;
}

async function generateSecretKey(alg, extractable, usages) {
  checkUsages(usages, usagesOf(alg.name)[0], alg.name);
  let algorithm;
  let length;
  if (alg.name === 'HMAC') {
    length = alg.length === undefined ? kHashBlockBits[alg.hash.name] : alg.length;
    if (length === 0) throw domException('Zero-length key is not supported', 'OperationError');
    algorithm = { name: 'HMAC', length, hash: { name: alg.hash.name } };
  } else {
    length = alg.length;
    if (![128, 192, 256].includes(length)) {
      throw domException('AES key length must be 128, 192, or 256 bits', 'OperationError');
    }
    algorithm = { name: alg.name, length };
  }
  if (usages.length === 0) throw domException('Usages cannot be empty when creating a key.', 'SyntaxError');
  const bytes = await randomSecret(Math.ceil(length / 8));
  return newCryptoKey(new SecretKeyObject(lazyBuffer().from(bytes.buffer)), algorithm, extractable, usages);
}

// --- import ------------------------------------------------------------------

function dataError(message) {
  return domException(message, 'DataError');
}

function parseAsymmetric(format, keyData) {
  try {
    if (format === 'spki') return createPublicKey({ key: lazyBuffer().from(keyData), format: 'der', type: 'spki' });
    return createPrivateKey({ key: lazyBuffer().from(keyData), format: 'der', type: 'pkcs8' });
  } catch (e) {
    throw Object.assign(dataError('Invalid keyData'), {});
  }
}

function checkJwk(jwk, kty, extractable, usages) {
  if (jwk === null || typeof jwk !== 'object') throw dataError('Invalid keyData');
  if (jwk.kty !== kty) throw dataError('Invalid JWK "kty" Parameter');
  if (usages.length > 0 && jwk.use !== undefined) {
    const want = usages.some((u) => u === 'sign' || u === 'verify') ? 'sig' : 'enc';
    if (jwk.use !== want) throw dataError('Invalid JWK "use" Parameter');
  }
  if (jwk.key_ops !== undefined) {
    if (!Array.isArray(jwk.key_ops)) throw dataError('Invalid JWK "key_ops" Parameter');
    for (const u of usages) {
      if (!jwk.key_ops.includes(u)) throw dataError('Key operations and usage mismatch');
    }
  }
  if (jwk.ext === false && extractable) throw dataError('JWK "ext" Parameter and extractable mismatch');
}

function jwkAlgName(alg) {
  const bits = alg.hash.name === 'SHA-1' ? '1' : alg.hash.name.slice(4);
  switch (alg.name) {
    case 'RSASSA-PKCS1-v1_5': return `RS${bits === '1' ? '1' : bits}`;
    case 'RSA-PSS': return `PS${bits}`;
    case 'RSA-OAEP': return bits === '1' ? 'RSA-OAEP' : `RSA-OAEP-${bits}`;
    case 'HMAC': return `HS${bits}`;
    default: return undefined;
  }
}

function importAsymmetricObject(format, keyData, alg, extractable, usages) {
  const name = alg.name;
  if (format === 'jwk') {
    const kty = isRsa(name) ? 'RSA' : isEc(name) ? 'EC' : 'OKP';
    checkJwk(keyData, kty, extractable, usages);
    if (isEc(name) && keyData.crv !== alg.namedCurve) {
      throw dataError('JWK "crv" does not match the requested algorithm');
    }
    if (kty === 'OKP' && keyData.crv !== name) throw dataError('JWK "crv" Parameter and algorithm name mismatch');
    if (isRsa(name) && keyData.alg !== undefined && keyData.alg !== jwkAlgName(alg)) {
      throw dataError('JWK "alg" does not match the requested algorithm');
    }
    try {
      const input = { key: keyData, format: 'jwk' };
      return keyData.d !== undefined ? createPrivateKey(input) : createPublicKey(input);
    } catch {
      throw dataError('Invalid keyData');
    }
  }
  if (format === 'raw') {
    if (isEc(name)) return importRawEc(keyData, alg);
    if (kOkpTypes[name] !== undefined) {
      const handle = keysBinding.keyFromParts('okp', { curve: name.toUpperCase(), x: keyData }, false);
      if (handle === undefined) throw dataError('Invalid keyData');
      return new PublicKeyObject(handle);
    }
    throw domException(`Unable to import ${isRsa(name) ? 'RSA' : name} key with format raw`, 'NotSupportedError');
  }
  return parseAsymmetric(format, keyData);
}

function importRawEc(keyData, alg) {
  const curve = kCurves[alg.namedCurve];
  const point = curve === undefined ? -1 : keysBinding.ecConvert(curve, keyData, 4);
  if (typeof point === 'number') throw dataError('Invalid keyData');
  const u8 = new Uint8Array(point);
  const half = (u8.length - 1) / 2;
  const handle = keysBinding.keyFromParts('ec',
    { curve, x: u8.subarray(1, 1 + half), y: u8.subarray(1 + half) }, false);
  if (handle === undefined) throw dataError('Invalid keyData');
  return new PublicKeyObject(handle);
}

function checkKeyType(keyObject, alg) {
  const type = keyObject.asymmetricKeyType;
  const name = alg.name;
  const ok = isRsa(name) ? (type === 'rsa' || (name === 'RSA-PSS' && type === 'rsa-pss'))
    : isEc(name) ? type === 'ec' : type === kOkpTypes[name];
  if (!ok) throw dataError('Invalid key type');
  if (isEc(name) && kCurveNames[keyObject.asymmetricKeyDetails.namedCurve] !== alg.namedCurve) {
    throw dataError('Named curve mismatch');
  }
}

function importAsymmetric(format, keyData, alg, extractable, usages) {
  const name = alg.name;
  if (isEc(name) && kCurves[alg.namedCurve] === undefined) {
    throw domException('Unrecognized namedCurve', 'NotSupportedError');
  }
  const keyObject = importAsymmetricObject(format, keyData, alg, extractable, usages);
  checkKeyType(keyObject, alg);
  const [pubUsages, privUsages] = usagesOf(name);
  const isPrivate = keyObject.type === 'private';
  checkUsages(usages, isPrivate ? privUsages : pubUsages, name, true);
  if (isPrivate && usages.length === 0) {
    throw domException('Usages cannot be empty when importing a private key.', 'SyntaxError');
  }
  let algorithm = { name };
  if (isRsa(name)) {
    const d = keyObject.asymmetricKeyDetails;
    const e = d.publicExponent.toString(16);
    algorithm = {
      name,
      modulusLength: d.modulusLength,
      publicExponent: new Uint8Array(lazyBuffer().from(e.length % 2 ? `0${e}` : e, 'hex')),
      hash: { name: alg.hash.name },
    };
  } else if (isEc(name)) {
    algorithm = { name, namedCurve: alg.namedCurve };
  }
  return newCryptoKey(keyObject, algorithm, extractable, usages);
}

function importSecret(format, keyData, alg, extractable, usages) {
  const name = alg.name;
  checkUsages(usages, usagesOf(name)[0], name);
  if (name === 'PBKDF2' || name === 'HKDF') {
    if (format !== 'raw') throw domException(`Unable to import ${name} key with format ${format}`, 'NotSupportedError');
    if (extractable) throw domException(`${name} keys are not extractable`, 'SyntaxError');
  }
  let bytes;
  if (format === 'jwk') {
    checkJwk(keyData, 'oct', extractable, usages);
    if (typeof keyData.k !== 'string') throw dataError('Invalid keyData');
    bytes = new Uint8Array(lazyBuffer().from(keyData.k, 'base64'));
  } else if (format === 'raw') {
    bytes = keyData;
  } else {
    throw domException(`Unable to import ${name === 'HMAC' ? 'HMAC' : 'AES'} key with format ${format}`,
      'NotSupportedError');
  }
  let algorithm = { name };
  if (name === 'HMAC') {
    if (bytes.byteLength === 0) throw dataError('Zero-length key is not supported');
    let length = bytes.byteLength * 8;
    if (alg.length !== undefined) {
      if (alg.length !== length) throw dataError('Invalid key length');
      length = alg.length;
    }
    if (format === 'jwk' && keyData.alg !== undefined && keyData.alg !== jwkAlgName(alg)) {
      throw dataError('JWK "alg" does not match the requested algorithm');
    }
    algorithm = { name, hash: { name: alg.hash.name }, length };
  } else if (isAes(name)) {
    if (![16, 24, 32].includes(bytes.byteLength)) throw dataError('Invalid key length');
    algorithm = { name, length: bytes.byteLength * 8 };
  }
  if (usages.length === 0) {
    throw domException('Usages cannot be empty when importing a secret key.', 'SyntaxError');
  }
  return newCryptoKey(new SecretKeyObject(lazyBuffer().from(bytes)), algorithm, extractable, usages);
}

function importKeySync(format, keyData, alg, extractable, usages) {
  if (alg.name === 'HMAC' || alg.name === 'PBKDF2' || alg.name === 'HKDF' || isAes(alg.name)) {
    return importSecret(format, keyData, alg, extractable, usages);
  }
  return importAsymmetric(format, keyData, alg, extractable, usages);
}

// --- export ------------------------------------------------------------------

function jwkFor(key) {
  const name = key.algorithm.name;
  const params = { key_ops: key.usages.slice(), ext: key.extractable };
  const keyObject = key[kKeyObject];
  let jwk;
  if (key.type === 'secret') {
    jwk = { ...params, kty: 'oct', k: lazyBuffer().from(keyObject[kKeyMaterial]).toString('base64url') };
  } else {
    const exported = keyObject.export({ format: 'jwk' });
    jwk = { ...params };
    if (kOkpTypes[name] !== undefined) jwk.crv = name;
    Object.assign(jwk, exported);
    if (isEc(name)) jwk.crv = key.algorithm.namedCurve;
  }
  if (name === 'HMAC' || isRsa(name)) jwk.alg = jwkAlgName(key.algorithm);
  else if (isAes(name)) jwk.alg = `A${key.algorithm.length}${name.slice(4)}`;
  else if (name === 'Ed25519' || name === 'Ed448') jwk.alg = name;
  return jwk;
}

function exportKeySync(format, key) {
  const name = key.algorithm.name;
  const keyObject = key[kKeyObject];
  const unable = (fmt) => domException(`Unable to export a ${fmt} ${name} ${key.type} key`, 'InvalidAccessError');
  switch (format) {
    case 'spki':
      if (key.type !== 'public') throw unable('raw');
      return toArrayBuffer(keyObject.export({ format: 'der', type: 'spki' }));
    case 'pkcs8':
      if (key.type !== 'private') throw unable('pkcs8');
      return toArrayBuffer(keyObject.export({ format: 'der', type: 'pkcs8' }));
    case 'raw':
      if (key.type === 'secret' && name !== 'PBKDF2' && name !== 'HKDF') {
        return toArrayBuffer(keyObject[kKeyMaterial]);
      }
      if (key.type === 'public' && isEc(name)) {
        const parts = keysBinding.keyParts(keyObject[kHandle]);
        const out = new Uint8Array(1 + parts.x.byteLength * 2);
        out[0] = 4;
        out.set(new Uint8Array(parts.x), 1);
        out.set(new Uint8Array(parts.y), 1 + parts.x.byteLength);
        return out.buffer;
      }
      if (key.type === 'public' && kOkpTypes[name] !== undefined) {
        return keysBinding.keyParts(keyObject[kHandle]).x;
      }
      throw unable('raw');
    default:
      if (name === 'PBKDF2' || name === 'HKDF') throw domException('Not yet supported', 'NotSupportedError');
      return jwkFor(key);
  }
}

function toArrayBuffer(view) {
  const u8 = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  return u8.slice().buffer;
}

// --- operations --------------------------------------------------------------

function checkUsage(key, alg, usage) {
  if (!key.usages.includes(usage) || key.algorithm.name !== alg.name) {
    throw domException(`Unable to use this key to ${usage}`, 'InvalidAccessError');
  }
}

function hashOf(key) {
  return kOsslHash[key.algorithm.hash.name];
}

async function signOrVerify(alg, key, data, signature) {
  const handle = key[kKeyObject][kHandle];
  const verify = signature !== undefined;
  if (alg.name === 'HMAC') {
    const mac = new Uint8Array(await poolJob(binding.hmac, hashOf(key), key[kKeyObject][kKeyMaterial], data));
    if (!verify) return mac.buffer;
    return mac.byteLength === signature.byteLength && binding.timingSafeEqual(mac, signature);
  }
  let md = null;
  let padding;
  let saltLength;
  let p1363 = false;
  if (alg.name === 'RSASSA-PKCS1-v1_5') {
    md = hashOf(key);
    padding = 1;
  } else if (alg.name === 'RSA-PSS') {
    md = hashOf(key);
    padding = 6;
    saltLength = alg.saltLength;
  } else if (alg.name === 'ECDSA') {
    md = kOsslHash[alg.hash.name];
    p1363 = true;
  }
  const job = verify ?
    poolJob(keysBinding.verify, handle, md, data, signature, padding, saltLength, p1363, false) :
    poolJob(keysBinding.sign, handle, md, data, padding, saltLength, p1363, false);
  return job.catch((e) => {
    throw opError(undefined, e);
  });
}

const kGcmTagLengths = [32, 64, 96, 104, 112, 120, 128];

function aesCipherName(key, mode) {
  return `aes-${key.algorithm.length}-${mode}`;
}

// The whole operation on the thread pool; a promise of the output (with the
// tag appended when AEAD-encrypting).
function runCipher(name, keyBytes, iv, decrypt, data, tagBytes, aad, tag) {
  const handle = binding.cipherInit(name, keyBytes, iv, decrypt, tagBytes === undefined ? -1 : tagBytes);
  if (typeof handle === 'number') throw opError();
  if (aad !== undefined && !binding.cipherSetAAD(handle, aad, -1)) throw opError();
  if (tag !== undefined && binding.cipherSetAuthTag(handle, tag) !== 1) throw opError();
  return poolJob(binding.cipherRun, handle, data).catch((e) => {
    throw opError(undefined, e);
  });
}

function aesCrypt(alg, key, data, decrypt) {
  const keyBytes = key[kKeyObject][kKeyMaterial];
  switch (alg.name) {
    case 'AES-CBC':
      if (alg.iv.byteLength !== 16) throw opError('algorithm.iv must contain exactly 16 bytes');
      return runCipher(aesCipherName(key, 'cbc'), keyBytes, alg.iv, decrypt, data);
    case 'AES-CTR':
      if (alg.counter.byteLength !== 16) throw opError('algorithm.counter must contain exactly 16 bytes');
      if (alg.length === 0 || alg.length > 128) throw opError('algorithm.length must be between 1 and 128');
      return runCipher(aesCipherName(key, 'ctr'), keyBytes, alg.counter, decrypt, data);
    default: {
      const tagLength = alg.tagLength === undefined ? 128 : alg.tagLength;
      if (!kGcmTagLengths.includes(tagLength)) throw opError(`${tagLength} is not a valid AES-GCM tag length`);
      const tagBytes = tagLength / 8;
      if (!decrypt) return runCipher(aesCipherName(key, 'gcm'), keyBytes, alg.iv, false, data, tagBytes, alg.additionalData);
      if (data.byteLength < tagBytes) throw opError('The provided data is too small.');
      const body = data.subarray(0, data.byteLength - tagBytes);
      const tag = data.slice(data.byteLength - tagBytes);
      return runCipher(aesCipherName(key, 'gcm'), keyBytes, alg.iv, true, body, tagBytes, alg.additionalData, tag);
    }
  }
}

const kKwIv = new Uint8Array([0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6]);

function cipherOrWrap(alg, key, data, decrypt, usage) {
  if (key.algorithm.name !== alg.name || !key.usages.includes(usage)) {
    throw domException('The requested operation is not valid for the provided key', 'InvalidAccessError');
  }
  if (alg.name === 'RSA-OAEP') {
    if (key.type !== (decrypt ? 'private' : 'public')) {
      throw domException('The requested operation is not valid for the provided key', 'InvalidAccessError');
    }
    return poolJob(keysBinding.pkeyCrypt, decrypt ? 1 : 0, key[kKeyObject][kHandle], data, 4, hashOf(key),
      alg.label).catch((e) => {
      throw opError(undefined, e);
    });
  }
  if (alg.name === 'AES-KW') {
    return runCipher(`id-aes${key.algorithm.length}-wrap`, key[kKeyObject][kKeyMaterial], kKwIv, decrypt, data);
  }
  return aesCrypt(alg, key, data, decrypt);
}

async function deriveBitsImpl(alg, baseKey, length) {
  if (baseKey.algorithm.name !== alg.name) throw domException('Key algorithm mismatch', 'InvalidAccessError');
  if (alg.name === 'PBKDF2' || alg.name === 'HKDF') {
    if (length === null || length === undefined) throw opError('length cannot be null');
    if (length % 8) throw opError('length must be a multiple of 8');
    const secret = baseKey[kKeyObject][kKeyMaterial];
    const md = kOsslHash[alg.hash.name];
    if (alg.name === 'PBKDF2') {
      if (alg.iterations === 0) throw opError('iterations cannot be zero');
      return poolJob(binding.pbkdf2, secret, alg.salt, alg.iterations, length / 8, md).catch((e) => {
        throw opError(undefined, e);
      });
    }
    return poolJob(binding.hkdf, md, secret, alg.salt, alg.info, length / 8).catch((e) => {
      throw opError(undefined, e);
    });
  }
  const pub = alg.public;
  if (!(pub instanceof CryptoKey) || pub.type !== 'public') {
    throw domException('algorithm.public must be a public key', 'InvalidAccessError');
  }
  if (pub.algorithm.name !== alg.name) {
    throw domException('The public and private keys must be of the same type', 'InvalidAccessError');
  }
  if (isEc(alg.name) && pub.algorithm.namedCurve !== baseKey.algorithm.namedCurve) {
    throw domException('Named curve mismatch', 'InvalidAccessError');
  }
  let secret;
  try {
    secret = new Uint8Array(await poolJob(keysBinding.derive, baseKey[kKeyObject][kHandle], pub[kKeyObject][kHandle]));
  } catch (e) {
    throw opError(undefined, e);
  }
  if (length === null || length === undefined) return secret.buffer;
  if (length > secret.byteLength * 8) throw opError('derived bit length is too small');
  const out = secret.slice(0, Math.ceil(length / 8));
  if (length % 8) out[out.length - 1] &= (0xff << (8 - (length % 8))) & 0xff;
  return out.buffer;
}

function derivedKeyLength(alg) {
  if (alg.name === 'HMAC') return alg.length === undefined ? kHashBlockBits[alg.hash.name] : alg.length;
  if (alg.name === 'PBKDF2' || alg.name === 'HKDF') return null;
  if (![128, 192, 256].includes(alg.length)) {
    throw domException('AES key length must be 128, 192, or 256 bits', 'OperationError');
  }
  return alg.length;
}

function encryptOrDecrypt(method, argc, algorithm, key, data) {
  if (argc < 3) throw missingArgs(method, 3, argc);
  const alg = normalizeAlgorithm(algorithm, method);
  checkKey(key, method, '2nd');
  const bytes = bufferSource(data, method, '3rd');
  return cipherOrWrap(alg, key, bytes, method === 'decrypt', method);
}

// Wrapping takes an AES-KW algorithm or any encryption algorithm.
function wrapAlgorithm(algorithm, op) {
  try {
    return normalizeAlgorithm(algorithm, op);
  } catch {
    return normalizeAlgorithm(algorithm, op === 'wrapKey' ? 'encrypt' : 'decrypt');
  }
}

// --- SubtleCrypto --------------------------------------------------------------

class SubtleCrypto {
  constructor(token) {
    if (token !== kConstruct) throw new codes.ERR_ILLEGAL_CONSTRUCTOR();
  }

  async encrypt(algorithm, key, data) {
    return encryptOrDecrypt('encrypt', arguments.length, algorithm, key, data);
  }

  async decrypt(algorithm, key, data) {
    return encryptOrDecrypt('decrypt', arguments.length, algorithm, key, data);
  }

  async sign(algorithm, key, data) {
    if (arguments.length < 3) throw missingArgs('sign', 3, arguments.length);
    const alg = normalizeAlgorithm(algorithm, 'sign');
    checkKey(key, 'sign', '2nd');
    const bytes = bufferSource(data, 'sign', '3rd');
    checkUsage(key, alg, 'sign');
    return signOrVerify(alg, key, bytes);
  }

  async verify(algorithm, key, signature, data) {
    if (arguments.length < 4) throw missingArgs('verify', 4, arguments.length);
    const alg = normalizeAlgorithm(algorithm, 'verify');
    checkKey(key, 'verify', '2nd');
    const sig = bufferSource(signature, 'verify', '3rd');
    const bytes = bufferSource(data, 'verify', '4th');
    checkUsage(key, alg, 'verify');
    return signOrVerify(alg, key, bytes, sig);
  }

  async digest(algorithm, data) {
    if (arguments.length < 2) throw missingArgs('digest', 2, arguments.length);
    const alg = normalizeAlgorithm(algorithm, 'digest');
    const bytes = bufferSource(data, 'digest', '2nd');
    return poolJob(binding.digest, kOsslHash[alg.name], bytes);
  }

  async generateKey(algorithm, extractable, keyUsages) {
    if (arguments.length < 3) throw missingArgs('generateKey', 3, arguments.length);
    const alg = normalizeAlgorithm(algorithm, 'generateKey');
    const usages = usageList(keyUsages, 'generateKey', '3rd');
    if (alg.name === 'HMAC' || isAes(alg.name)) return generateSecretKey(alg, !!extractable, usages);
    return generateKeyPair(alg, !!extractable, usages);
  }

  async deriveKey(algorithm, baseKey, derivedKeyAlgorithm, extractable, keyUsages) {
    if (arguments.length < 5) throw missingArgs('deriveKey', 5, arguments.length);
    const alg = normalizeAlgorithm(algorithm, 'deriveBits');
    checkKey(baseKey, 'deriveKey', '2nd');
    const derived = normalizeAlgorithm(derivedKeyAlgorithm, 'importKey');
    const lengthAlg = normalizeAlgorithm(derivedKeyAlgorithm, 'getKeyLength');
    const usages = usageList(keyUsages, 'deriveKey', '5th');
    if (!baseKey.usages.includes('deriveKey')) {
      throw domException('baseKey does not have deriveKey usage', 'InvalidAccessError');
    }
    const bits = await deriveBitsImpl(alg, baseKey, derivedKeyLength(lengthAlg));
    return importKeySync('raw', new Uint8Array(bits), derived, !!extractable, usages);
  }

  async deriveBits(algorithm, baseKey, length) {
    if (arguments.length < 3) throw missingArgs('deriveBits', 3, arguments.length);
    const alg = normalizeAlgorithm(algorithm, 'deriveBits');
    checkKey(baseKey, 'deriveBits', '2nd');
    if (!baseKey.usages.includes('deriveBits')) {
      throw domException('baseKey does not have deriveBits usage', 'InvalidAccessError');
    }
    return deriveBitsImpl(alg, baseKey, length);
  }

  async importKey(format, keyData, algorithm, extractable, keyUsages) {
    if (arguments.length < 5) throw missingArgs('importKey', 5, arguments.length);
    checkFormat(format, 'importKey');
    const data = format === 'jwk' ? keyData : bufferSource(keyData, 'importKey', '2nd');
    const alg = normalizeAlgorithm(algorithm, 'importKey');
    const usages = usageList(keyUsages, 'importKey', '5th');
    return importKeySync(format, data, alg, !!extractable, usages);
  }

  async exportKey(format, key) {
    if (arguments.length < 2) throw missingArgs('exportKey', 2, arguments.length);
    checkFormat(format, 'exportKey');
    checkKey(key, 'exportKey', '2nd');
    if (!key.extractable) throw domException('key is not extractable', 'InvalidAccessException');
    return exportKeySync(format, key);
  }

  async wrapKey(format, key, wrappingKey, wrapAlgo) {
    if (arguments.length < 4) throw missingArgs('wrapKey', 4, arguments.length);
    const alg = wrapAlgorithm(wrapAlgo, 'wrapKey');
    checkFormat(format, 'wrapKey');
    checkKey(key, 'wrapKey', '2nd');
    checkKey(wrappingKey, 'wrapKey', '3rd');
    if (wrappingKey.algorithm.name !== alg.name || !wrappingKey.usages.includes('wrapKey')) {
      throw domException('The requested operation is not valid for the provided key', 'InvalidAccessError');
    }
    if (!key.extractable) throw domException('key is not extractable', 'InvalidAccessException');
    let bytes = exportKeySync(format, key);
    if (format === 'jwk') {
      bytes = new TextEncoder().encode(JSON.stringify(bytes));
      // AES-KW wraps whole 64-bit blocks: pad the JSON with spaces.
      if (alg.name === 'AES-KW' && bytes.byteLength % 8) {
        const padded = new Uint8Array(bytes.byteLength + 8 - (bytes.byteLength % 8)).fill(0x20);
        padded.set(bytes);
        bytes = padded;
      }
    } else {
      bytes = new Uint8Array(bytes);
    }
    return cipherOrWrap(alg, wrappingKey, bytes, false, 'wrapKey');
  }

  async unwrapKey(format, wrappedKey, unwrappingKey, unwrapAlgo, unwrappedKeyAlgo, extractable, keyUsages) {
    if (arguments.length < 7) throw missingArgs('unwrapKey', 7, arguments.length);
    const alg = wrapAlgorithm(unwrapAlgo, 'unwrapKey');
    checkFormat(format, 'unwrapKey');
    const wrapped = bufferSource(wrappedKey, 'unwrapKey', '2nd');
    checkKey(unwrappingKey, 'unwrapKey', '3rd');
    const keyAlg = normalizeAlgorithm(unwrappedKeyAlgo, 'importKey');
    const usages = usageList(keyUsages, 'unwrapKey', '7th');
    let bytes = new Uint8Array(await cipherOrWrap(alg, unwrappingKey, wrapped, true, 'unwrapKey'));
    if (format === 'jwk') {
      try {
        bytes = JSON.parse(new TextDecoder().decode(bytes));
      } catch {
        throw dataError('Invalid wrapped JWK key');
      }
    }
    return importKeySync(format, bytes, keyAlg, !!extractable, usages);
  }
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
