'use strict';
// https: Node's HTTPS server API on shoal's C engine. A server's connections
// speak TLS in the engine (worker/http/tls.c): it gets the certificate and
// key through internalBinding('http').setTls when the server listens
// (docs/http-binding.md), in a cluster worker too. As in Node, https.Server
// is a tls.Server (its prototype chain; `app instanceof tls.Server` holds)
// and carries http.Server's methods, not its prototype. ALPN offers
// "http/1.1" (as Node's https does); http2.createSecureServer offers "h2"
// too. The client side is the http client (_http_client.js) over
// tls.connect: an https Agent's createConnection makes a TLSSocket.

const { Server: HttpServer } = require('_http_server');
const { Server: TlsServer } = require('_tls_wrap');
const {
  validateSecureOptions, convertALPNProtocols, pemText: pem, protocolList,
  SecureContext, createSecureContext, withPfx,
} = require('_tls_common');
const { codes: { ERR_TLS_REQUIRED_SERVER_NAME } } = require('internal/errors');
const { validateFunction } = require('internal/validators');
const { getBinding } = require('_http_common');
const { Agent: HttpAgent } = require('_http_agent');
const { ClientRequest, urlToHttpOptions } = require('_http_client');

// As Node, `ca` asks for client certificates only with requestCert; the
// engine then refuses a client without a valid one unless
// rejectUnauthorized is false (the socket's authorized and
// authorizationError tell). `contexts` are addContext's certificates;
// with an SNICallback the engine asks it instead (_http_server.js:
// onTlsServername), and cert and key may be absent.
function tlsOptionsOf(options, alpn, contexts = [], sniCallback = options.SNICallback) {
  if (sniCallback !== undefined) validateFunction(sniCallback, 'options.SNICallback');
  options = withPfx(options);
  const requestCert = options.requestCert === true;
  return {
    cert: pem(options.cert),
    key: pem(options.key),
    ca: requestCert ? pem(options.ca) : undefined,
    requestCert,
    rejectUnauthorized: options.rejectUnauthorized !== false,
    alpn: protocolList(options.ALPNProtocols) || alpn,
    contexts,
    sniCallback,
  };
}

function Server(options, requestListener) {
  if (!(this instanceof Server)) return new Server(options, requestListener);
  if (typeof options === 'function') {
    requestListener = options;
    options = {};
  } else if (options == null) {
    options = {};
  }
  validateSecureOptions(options);
  HttpServer.call(this, options, requestListener);
  convertALPNProtocols(options.ALPNProtocols || ['http/1.1'], this);
  this._tlsOptions = tlsOptionsOf(options, ['http/1.1']);
}
Object.setPrototypeOf(Server.prototype, TlsServer.prototype);
Object.setPrototypeOf(Server, TlsServer);
// http.Server's methods and accessors (listen, close, address, limits...)
// serve this server; none of net.Server's, which drive a JS listener.
for (const key of Reflect.ownKeys(HttpServer.prototype)) {
  if (key === 'constructor') continue;
  Object.defineProperty(Server.prototype, key,
    Object.getOwnPropertyDescriptor(HttpServer.prototype, key));
}

Server.prototype.setSecureContext = function setSecureContext(options) {
  const { alpn, contexts, sniCallback } = this._tlsOptions;
  this._tlsOptions = tlsOptionsOf(options, alpn, contexts, sniCallback);
  this._sniContexts = undefined; // (made for the previous settings)
  if (this._handle !== null) getBinding().setTls(this._handle, this._tlsOptions);
};

// The engine picks the certificate by SNI ('*.example.com' matches one
// label); a name without a context gets the server's own certificate.
Server.prototype.addContext = function addContext(servername, context) {
  if (!servername) {
    throw new ERR_TLS_REQUIRED_SERVER_NAME();
  }
  const ctx = context instanceof SecureContext ? context : createSecureContext(context);
  // (the engine tries the names in order: the last one added wins, as Node)
  this._tlsOptions.contexts.unshift({ servername, ...ctx._pem });
  if (this._handle !== null) getBinding().setTls(this._handle, this._tlsOptions);
};

function createServer(options, requestListener) {
  return new Server(options, requestListener);
}

function Agent(options) {
  if (!(this instanceof Agent)) return new Agent(options);
  HttpAgent.call(this, options);
  this.defaultPort = 443;
  this.protocol = 'https:';
  // TLS sessions by connection key, to resume the next connection's
  // (as Node: at most maxCachedSessions keys, the oldest dropped first).
  this.maxCachedSessions = this.options.maxCachedSessions;
  if (this.maxCachedSessions === undefined) this.maxCachedSessions = 100;
  this._sessionCache = { map: {}, list: [] };
}
Object.setPrototypeOf(Agent.prototype, HttpAgent.prototype);
Object.setPrototypeOf(Agent, HttpAgent);

// The request gets the socket at once; what it writes waits for the handshake.
// (port, host, options) as Node's: the options object wins, then the
// positional port and host are put into it.
Agent.prototype.createConnection = function createConnection(...args) {
  let options;
  if (args[0] !== null && typeof args[0] === 'object') options = args[0];
  else if (args[1] !== null && typeof args[1] === 'object') options = { ...args[1] };
  else if (args[2] === null || typeof args[2] !== 'object') options = {};
  else options = { ...args[2] };
  if (typeof args[0] === 'number') options.port = args[0];
  if (typeof args[1] === 'string') options.host = args[1];
  const key = options._agentKey;
  if (key) {
    const session = this._getSession(key);
    if (session) options = { session, ...options };
  }
  const socket = require('tls').connect(options);
  if (key) {
    socket.on('session', (session) => this._cacheSession(key, session));
    // A connection that failed may have failed for its session.
    socket.once('close', (err) => {
      if (err) this._evictSession(key);
    });
  }
  return socket;
};

Agent.prototype._getSession = function _getSession(key) {
  return this._sessionCache.map[key];
};

Agent.prototype._cacheSession = function _cacheSession(key, session) {
  if (this.maxCachedSessions === 0) return;
  const cache = this._sessionCache;
  if (cache.map[key]) {
    cache.map[key] = session;
    return;
  }
  if (cache.list.length >= this.maxCachedSessions) delete cache.map[cache.list.shift()];
  cache.list.push(key);
  cache.map[key] = session;
};

Agent.prototype._evictSession = function _evictSession(key) {
  const index = this._sessionCache.list.indexOf(key);
  if (index === -1) return;
  this._sessionCache.list.splice(index, 1);
  delete this._sessionCache.map[key];
};

// Connections are only shared between requests with the same TLS settings:
// Node's key, these options in this order after http's host:port:local
// (present ones as strings; those that may be false or 0, when defined).
const kNameOptions = [
  'ca', 'cert', 'clientCertEngine', 'ciphers', 'key', 'pfx', '?rejectUnauthorized', 'servername',
  'minVersion', 'maxVersion', 'secureProtocol', 'crl', '?honorCipherOrder', 'ecdhCurve', 'dhparam',
  '?secureOptions', 'sessionIdContext', 'sigalgs', 'privateKeyIdentifier', 'privateKeyEngine',
];
Agent.prototype.getName = function getName(options = {}) {
  let name = HttpAgent.prototype.getName.call(this, options);
  for (const opt of kNameOptions) {
    name += ':';
    const key = opt[0] === '?' ? opt.slice(1) : opt;
    const v = options[key];
    if (opt[0] === '?' ? v === undefined : !v) continue;
    if (key === 'servername' && v === options.host) continue;
    name += key === 'sigalgs' ? JSON.stringify(v) : v;
  }
  return name;
};

const globalAgent = new Agent({ keepAlive: true, scheduling: 'lifo', timeout: 5000 });

function isURL(v) {
  return v !== null && typeof v === 'object' && typeof v.href === 'string' &&
    typeof v.protocol === 'string' && v.searchParams !== undefined;
}

function request(...args) {
  let options = {};
  if (typeof args[0] === 'string') {
    const { URL } = require('internal/url');
    options = urlToHttpOptions(new URL(args.shift()));
  } else if (isURL(args[0])) {
    options = urlToHttpOptions(args.shift());
  }
  if (args[0] && typeof args[0] === 'object') Object.assign(options, args.shift());
  options._defaultAgent = module.exports.globalAgent;
  return new ClientRequest(options, ...args);
}

function get(...args) {
  const req = request(...args);
  req.end();
  return req;
}

module.exports = {
  Agent,
  Server,
  createServer,
  globalAgent,
  get,
  request,
  _tlsOptionsOf: tlsOptionsOf,
};
