'use strict';
// internal/crypto/x509: X509Certificate over the certificate handles of
// bindings/mod_crypto_x509.c (fields formatted by OpenSSL as Node shows them).

const { codes, isArrayBufferView, lazyBuffer } = require('internal/crypto/util');
const { validateObject, validateString } = require('internal/errors');
const { keysBinding, PublicKeyObject, KeyObject } = require('internal/crypto/keys');

const kHandle = Symbol('kHandle');
const kInfo = Symbol('kInfo');
const customInspect = Symbol.for('nodejs.util.inspect.custom');

// X509_CHECK_FLAG_* values.
const kAlwaysCheckSubject = 0x1;
const kNoWildcards = 0x2;
const kNoPartialWildcards = 0x4;
const kMultiLabelWildcards = 0x8;
const kSingleLabelSubdomains = 0x10;
const kNeverCheckSubject = 0x20;

function getFlags(options = {}) {
  validateObject(options, 'options');
  const {
    subject = 'default', wildcards = true, partialWildcards = true,
    multiLabelWildcards = false, singleLabelSubdomains = false,
  } = options;
  validateString(subject, 'options.subject');
  for (const [name, v] of [['wildcards', wildcards], ['partialWildcards', partialWildcards],
    ['multiLabelWildcards', multiLabelWildcards], ['singleLabelSubdomains', singleLabelSubdomains]]) {
    if (typeof v !== 'boolean') throw new codes.ERR_INVALID_ARG_TYPE(`options.${name}`, 'boolean', v);
  }
  let flags = 0;
  if (subject === 'always') flags |= kAlwaysCheckSubject;
  else if (subject === 'never') flags |= kNeverCheckSubject;
  else if (subject !== 'default') throw new codes.ERR_INVALID_ARG_VALUE('options.subject', subject);
  if (!wildcards) flags |= kNoWildcards;
  if (!partialWildcards) flags |= kNoPartialWildcards;
  if (multiLabelWildcards) flags |= kMultiLabelWildcards;
  if (singleLabelSubdomains) flags |= kSingleLabelSubdomains;
  return flags;
}

const kCache = Symbol('kCache');

function cached(cert, name, make) {
  if (cert[kCache] === undefined) Object.defineProperty(cert, kCache, { __proto__: null, value: new Map() });
  let value = cert[kCache].get(name);
  if (value === undefined) {
    value = make();
    cert[kCache].set(name, value);
  }
  return value;
}

function isX509Certificate(value) {
  return value instanceof X509Certificate;
}

// "K=V" lines -> a null-prototype object (repeated keys become arrays).
function parseLines(text, sep) {
  const out = { __proto__: null };
  for (const line of text.split('\n')) {
    const i = line.indexOf(sep);
    if (i < 0) continue;
    const key = line.slice(0, i);
    const value = line.slice(i + sep.length);
    if (key in out) {
      out[key] = Array.isArray(out[key]) ? [...out[key], value] : [out[key], value];
    } else {
      out[key] = value;
    }
  }
  return out;
}

class X509Certificate {
  constructor(buffer) {
    if (typeof buffer === 'string') buffer = lazyBuffer().from(buffer);
    if (!isArrayBufferView(buffer)) {
      throw new codes.ERR_INVALID_ARG_TYPE('buffer', ['string', 'Buffer', 'TypedArray', 'DataView'], buffer);
    }
    Object.defineProperty(this, kHandle, { __proto__: null, value: keysBinding.x509Parse(buffer) });
  }

  get [kInfo]() {
    const info = keysBinding.x509Info(this[kHandle]);
    Object.defineProperty(this, kInfo, { __proto__: null, value: info });
    return info;
  }

  [customInspect](depth, options, inspect) {
    if (depth < 0) return this;
    const opts = { ...options, depth: options.depth == null ? null : options.depth - 1 };
    return `X509Certificate ${inspect({
      subject: this.subject,
      subjectAltName: this.subjectAltName,
      issuer: this.issuer,
      infoAccess: this.infoAccess,
      validFrom: this.validFrom,
      validTo: this.validTo,
      fingerprint: this.fingerprint,
      fingerprint256: this.fingerprint256,
      fingerprint512: this.fingerprint512,
      keyUsage: this.keyUsage,
      serialNumber: this.serialNumber,
    }, opts)}`;
  }

  get subject() { return this[kInfo].subject; }
  get subjectAltName() { return this[kInfo].subjectAltName; }
  get issuer() { return this[kInfo].issuer; }
  get issuerCertificate() { return undefined; }
  get infoAccess() { return this[kInfo].infoAccess; }
  get validFrom() { return this[kInfo].validFrom; }
  get validTo() { return this[kInfo].validTo; }
  get fingerprint() { return this[kInfo].fingerprint; }
  get fingerprint256() { return this[kInfo].fingerprint256; }
  get fingerprint512() { return this[kInfo].fingerprint512; }
  get keyUsage() { return this[kInfo].keyUsage; }
  get serialNumber() { return this[kInfo].serialNumber; }
  // Like Node, raw and publicKey are created once and then cached.
  get raw() { return cached(this, 'raw', () => lazyBuffer().from(this[kInfo].raw)); }
  get publicKey() {
    return cached(this, 'publicKey', () => new PublicKeyObject(keysBinding.x509PublicKey(this[kHandle])));
  }
  toString() { return this[kInfo].pem; }
  toJSON() { return this.toString(); }
  get ca() { return this[kInfo].ca; }

  checkHost(name, options) {
    validateString(name, 'name');
    return keysBinding.x509Check(this[kHandle], 'host', name, getFlags(options));
  }

  checkEmail(email, options) {
    validateString(email, 'email');
    return keysBinding.x509Check(this[kHandle], 'email', email, getFlags(options));
  }

  checkIP(ip, options) {
    validateString(ip, 'ip');
    getFlags(options);
    return keysBinding.x509Check(this[kHandle], 'ip', ip, 0);
  }

  checkIssued(otherCert) {
    if (!isX509Certificate(otherCert)) {
      throw new codes.ERR_INVALID_ARG_TYPE('otherCert', 'X509Certificate', otherCert);
    }
    return keysBinding.x509CheckIssued(this[kHandle], otherCert[kHandle]);
  }

  checkPrivateKey(pkey) {
    if (!(pkey instanceof KeyObject)) throw new codes.ERR_INVALID_ARG_TYPE('pkey', 'KeyObject', pkey);
    if (pkey.type !== 'private') throw new codes.ERR_INVALID_ARG_VALUE('pkey', pkey);
    const { kHandle: kKeyHandle } = require('internal/crypto/keys');
    return keysBinding.x509CheckPrivateKey(this[kHandle], pkey[kKeyHandle]);
  }

  verify(pkey) {
    if (!(pkey instanceof KeyObject)) throw new codes.ERR_INVALID_ARG_TYPE('pkey', 'KeyObject', pkey);
    if (pkey.type !== 'public') throw new codes.ERR_INVALID_ARG_VALUE('pkey', pkey);
    const { kHandle: kKeyHandle } = require('internal/crypto/keys');
    return keysBinding.x509Verify(this[kHandle], pkey[kKeyHandle]);
  }

  // The shape of tls's getPeerCertificate().
  toLegacyObject() {
    const info = this[kInfo];
    const out = { subject: parseLines(info.subject, '='), issuer: parseLines(info.issuer, '=') };
    if (info.subjectAltName !== undefined) out.subjectaltname = info.subjectAltName;
    if (info.infoAccess !== undefined) out.infoAccess = parseInfoAccess(info.infoAccess);
    out.ca = info.ca;
    const key = new PublicKeyObject(keysBinding.x509PublicKey(this[kHandle]));
    const { kHandle: kKeyHandle } = require('internal/crypto/keys');
    const parts = keysBinding.keyParts(key[kKeyHandle]);
    if (key.asymmetricKeyType === 'rsa') {
      out.modulus = lazyBuffer().from(parts.n).toString('hex').toUpperCase();
      out.bits = key.asymmetricKeyDetails.modulusLength;
      out.exponent = `0x${key.asymmetricKeyDetails.publicExponent.toString(16)}`;
      out.pubkey = key.export({ type: 'spki', format: 'der' });
    } else if (key.asymmetricKeyType === 'ec') {
      out.bits = keysBinding.keyInfo(key[kKeyHandle]).bits;
      const x = new Uint8Array(parts.x);
      const y = new Uint8Array(parts.y);
      out.pubkey = lazyBuffer().concat([lazyBuffer().from([4]), x, y]);
      const curve = key.asymmetricKeyDetails.namedCurve;
      out.asn1Curve = curve;
      const nist = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521', secp224r1: 'P-224' }[curve];
      if (nist) out.nistCurve = nist;
    }
    out.valid_from = info.validFrom;
    out.valid_to = info.validTo;
    out.fingerprint = info.fingerprint;
    out.fingerprint256 = info.fingerprint256;
    out.fingerprint512 = info.fingerprint512;
    if (info.keyUsage !== undefined) out.ext_key_usage = info.keyUsage;
    out.serialNumber = info.serialNumber;
    out.raw = this.raw;
    return out;
  }
}

// "OCSP - URI:http://..." lines -> { 'OCSP - URI': [...] }.
function parseInfoAccess(text) {
  const out = { __proto__: null };
  for (const line of text.split('\n')) {
    const i = line.indexOf(':');
    if (i < 0) continue;
    const key = line.slice(0, i);
    (out[key] || (out[key] = [])).push(line.slice(i + 1));
  }
  return out;
}

module.exports = { X509Certificate, isX509Certificate };
