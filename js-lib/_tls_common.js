'use strict';
// _tls_common: SecureContext (tls.createSecureContext), a server's
// certificate, key, CA list and client-certificate policy as one OpenSSL
// SSL_CTX of internalBinding('tls_wrap') (bindings/mod_tls_wrap.c), shared
// by all the connections of a tls.Server and the contexts SNICallback picks.

const { Buffer } = require('buffer');
const { codes: { ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE } } = require('internal/errors');

let bindingCache = null;
function binding() {
  if (bindingCache === null) bindingCache = internalBinding('tls_wrap');
  return bindingCache;
}

// PEM text from a string, a Buffer, an array of them, or {pem} objects.
// https.js gives the engine the same text.
function pemText(value) {
  if (!value) return undefined; // (false, '' and null mean none, as in Node)
  if (Array.isArray(value)) {
    const parts = value.map(pemText).filter((p) => p !== undefined);
    return parts.length ? parts.join('\n') : undefined;
  }
  if (typeof value === 'object' && !ArrayBuffer.isView(value) && value.pem !== undefined) {
    return pemText(value.pem);
  }
  if (typeof value === 'string') return value;
  return Buffer.from(value).toString('latin1');
}

function protocolList(protocols) {
  if (protocols === undefined || protocols === null) return undefined;
  if (ArrayBuffer.isView(protocols)) {
    // Node's wire format: length-prefixed names.
    const out = [];
    const b = Buffer.from(protocols.buffer, protocols.byteOffset, protocols.byteLength);
    for (let i = 0; i < b.length; i += b[i] + 1) out.push(b.toString('latin1', i + 1, i + 1 + b[i]));
    return out;
  }
  if (!Array.isArray(protocols)) return undefined;
  return protocols.map((p) => (typeof p === 'string' ? p : Buffer.from(p).toString('latin1')));
}

function keyText(key) {
  if (Array.isArray(key)) key = key[0];
  if (key !== null && typeof key === 'object' && !ArrayBuffer.isView(key) && key.pem !== undefined) {
    return pemText(key.pem);
  }
  return pemText(key);
}

function validateKeyOrCertOption(name, value) {
  if (typeof value !== 'string' && !ArrayBuffer.isView(value)) {
    throw new ERR_INVALID_ARG_TYPE(`options.${name}`, ['string', 'Buffer', 'TypedArray', 'DataView'], value);
  }
}

// Node's checks of ca, cert and key (falsy ones are absent; a key in an
// array may be { pem, passphrase }).
function validateSecureOptions(options) {
  for (const name of ['ca', 'cert', 'key']) {
    const value = options[name];
    if (!value) continue;
    const list = Array.isArray(value) ? value : [value];
    for (const v of list) {
      const pem = name === 'key' && Array.isArray(value) && v && v.pem !== undefined ? v.pem : v;
      validateKeyOrCertOption(name, pem);
    }
  }
}

// Node's wire format for ALPN: length-prefixed names, into out.ALPNProtocols.
function convertALPNProtocols(protocols, out) {
  if (Array.isArray(protocols)) {
    const parts = protocols.map((p, i) => {
      const b = Buffer.from(p);
      if (b.length > 255) {
        throw new ERR_OUT_OF_RANGE(`The byte length of the protocol at index ${i} exceeds the maximum length.`, '<= 255', b.length);
      }
      return Buffer.concat([Buffer.from([b.length]), b]);
    });
    out.ALPNProtocols = Buffer.concat(parts);
  } else if (ArrayBuffer.isView(protocols)) {
    out.ALPNProtocols = Buffer.from(protocols.buffer.slice(protocols.byteOffset,
      protocols.byteOffset + protocols.byteLength));
  }
}

// The pfx option (PKCS#12 bytes, or [{ buf, passphrase }]): its key and
// certificates as PEM in place of key and cert (as Node loads the bundle
// after them, it wins).
function withPfx(options) {
  if (!options || !options.pfx) return options;
  const first = Array.isArray(options.pfx) ? options.pfx[0] : options.pfx;
  const isObj = first !== null && typeof first === 'object' && !ArrayBuffer.isView(first);
  const buf = isObj ? first.buf : first;
  const pass = isObj && first.passphrase !== undefined ? first.passphrase : options.passphrase;
  const { key, cert } = binding().pfxToPem(typeof buf === 'string' ? Buffer.from(buf) : buf,
    pass === undefined ? undefined : String(pass));
  return { ...options, key, cert, pfx: undefined, passphrase: undefined };
}

// The native methods of Node's context handle (secureContext.context),
// which V8 refuses on any other receiver ("Illegal invocation").
const kContexts = new WeakSet();
function checkContext(self) {
  if (!kContexts.has(self)) throw new TypeError('Illegal invocation');
}
const contextMethods = {
  setOptions(options) {
    checkContext(this);
    // (Node 20 aborts on a missing or non-number value: a TypeError here)
    if (arguments.length !== 1 || typeof options !== 'number') {
      const { makeNodeError } = require('internal/errors');
      throw makeNodeError(TypeError, 'ERR_INVALID_ARG_TYPE', 'Options must be an integer value', false);
    }
    binding().setOptions(this, Math.trunc(options) || 0);
  },
};

class SecureContext {
  constructor(options = {}) {
    options = withPfx(options);
    validateSecureOptions(options);
    this.context = binding().createContext({
      cert: pemText(options.cert),
      key: keyText(options.key),
      passphrase: options.passphrase === undefined ? undefined : String(options.passphrase),
      ca: pemText(options.ca),
      ciphers: typeof options.ciphers === 'string' ? options.ciphers : undefined,
      minVersion: options.minVersion,
      maxVersion: options.maxVersion,
      requestCert: !!options.requestCert,
      rejectUnauthorized: options.rejectUnauthorized !== false,
      alpn: protocolList(options.ALPNProtocols),
    });
    kContexts.add(this.context);
    Object.setPrototypeOf(this.context, contextMethods);
    if (options.secureOptions) this.context.setOptions(options.secureOptions);
    if (options.crl) {
      for (const crl of Array.isArray(options.crl) ? options.crl : [options.crl]) {
        if (!binding().addCRL(this.context, pemText(crl) ?? '')) {
          // (thrown by C++ in Node: a plain Error with a code)
          const { makeNodeError } = require('internal/errors');
          throw makeNodeError(Error, 'ERR_CRYPTO_OPERATION_FAILED', 'Failed to parse CRL', false);
        }
      }
    }
    // (the PEM texts, for https servers' addContext: the C engine builds
    // its own OpenSSL contexts from them)
    Object.defineProperty(this, '_pem', {
      value: { cert: pemText(options.cert), key: keyText(options.key), ca: pemText(options.ca) },
    });
  }
}

function createSecureContext(options) {
  return new SecureContext(options || {});
}
// A TLS connection's report (bindings/tls_info.c: from tls_wrap's info()
// for JS sockets, http's tlsInfo() for the engine's) as TLSSocket's
// getCipher(), getX509Certificate()s and getPeerCertificate() answer.
function cipherOf(info) {
  if (!info) return null;
  const { cipher, standardName, cipherVersion } = info;
  return { name: cipher, standardName: standardName || cipher, version: cipherVersion };
}

function x509Of(info, which) {
  const der = info && info[which];
  if (!der) return undefined;
  const { X509Certificate } = require('internal/crypto/x509');
  return new X509Certificate(Buffer.from(der));
}

// detailed: issuerCertificate links the chain up to the root, whose
// issuerCertificate is itself (as Node's).
function legacyCertOf(info, which, detailed) {
  const x = x509Of(info, which);
  if (x === undefined) return {};
  const cert = x.toLegacyObject();
  if (!detailed) return cert;
  const { X509Certificate } = require('internal/crypto/x509');
  let last = cert;
  for (const der of (which === 'peerCert' && info.peerIssuers) || []) {
    last.issuerCertificate = new X509Certificate(Buffer.from(der)).toLegacyObject();
    last = last.issuerCertificate;
  }
  if (last.issuer !== undefined && JSON.stringify(last.issuer) === JSON.stringify(last.subject)) {
    last.issuerCertificate = last;
  }
  return cert;
}

// An error of the TLS engine's report ({error, code, library, reason}:
// tls_wrap's results, the HTTP engine's onTlsClientError).
function tlsError(r) {
  const err = new Error(r.error);
  if (r.library) err.library = r.library;
  if (r.reason) err.reason = r.reason;
  if (r.code) err.code = r.code;
  return err;
}

module.exports = {
  SecureContext, createSecureContext, validateSecureOptions, convertALPNProtocols,
  pemText, protocolList, binding, cipherOf, x509Of, legacyCertOf, tlsError, withPfx,
};
