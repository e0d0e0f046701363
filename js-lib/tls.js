'use strict';
// tls: TLS over JavaScript sockets, client and server side. The sockets,
// tls.Server and tls.connect are in _tls_wrap.js, SecureContext in
// _tls_common.js; both run on internalBinding('tls_wrap')
// (bindings/mod_tls_wrap.c, OpenSSL on memory BIOs). https.createServer is
// a tls.Server served by the C HTTP engine (js-lib/https.js), as are the
// `listen[].tls` listeners of the config (worker/http/tls.c).

const { TLSSocket, Server, createServer, connect } = require('_tls_wrap');
const { SecureContext, createSecureContext, convertALPNProtocols } = require('_tls_common');
const { checkServerIdentity } = require('internal/tls/identity');

// Node's: the names OpenSSL's default TLS list has, lower case, without
// duplicates, sorted; computed once.
let ciphers;
function getCiphers() {
  if (!ciphers) ciphers = [...new Set(internalBinding('tls_wrap').sslCiphers().map((c) => c.toLowerCase()))].sort();
  return [...ciphers];
}

const DEFAULT_MIN_VERSION = 'TLSv1.2';
const DEFAULT_MAX_VERSION = 'TLSv1.3';

module.exports = {
  TLSSocket,
  Server,
  SecureContext,
  createServer,
  createSecureContext,
  convertALPNProtocols,
  connect,
  checkServerIdentity,
  getCiphers,
  DEFAULT_MIN_VERSION,
  DEFAULT_MAX_VERSION,
  DEFAULT_ECDH_CURVE: 'auto',
  CLIENT_RENEG_LIMIT: 3,
  CLIENT_RENEG_WINDOW: 600,
  rootCertificates: [],
};
