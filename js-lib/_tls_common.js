'use strict';
// _tls_common: SecureContext (tls.createSecureContext), a server's
// certificate, key, CA list and client-certificate policy as one OpenSSL
// SSL_CTX of internalBinding('tls_wrap') (bindings/mod_tls_wrap.c), shared
// by all the connections of a tls.Server and the contexts SNICallback picks.

const { Buffer } = require('buffer');

let bindingCache = null;
function binding() {
  if (bindingCache === null) bindingCache = internalBinding('tls_wrap');
  return bindingCache;
}

// PEM text from a string, a Buffer, an array of them, or {pem} objects.
function pemText(value) {
  if (value === undefined || value === null) return undefined;
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

class SecureContext {
  constructor(options = {}) {
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
  }
}

function createSecureContext(options) {
  return new SecureContext(options || {});
}

module.exports = { SecureContext, createSecureContext, pemText, protocolList, binding };
