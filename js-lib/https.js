'use strict';
// https: Node's HTTPS server API on shoal's C engine. A server is an
// http.Server whose connections speak TLS (worker/tls.c): the engine gets the
// certificate and key through internalBinding('http').setTls when the server
// listens (docs/http-binding.md). ALPN offers "http/1.1" (as Node's https
// does); http2.createSecureServer offers "h2" too. The client side
// (request, get, Agent connections) is not there yet.

const { Server: HttpServer } = require('_http_server');
const { errors, getBinding } = require('_http_common');
const EventEmitter = require('events');

const { ERR_METHOD_NOT_IMPLEMENTED } = errors;

// PEM text for the engine: a string or Buffer, or an array of them.
function pem(value) {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) {
    return value.map((v) => (typeof v === 'string' ? v : Buffer.from(v).toString('latin1')))
      .join('\n');
  }
  if (typeof value === 'object' && value !== null && value.pem !== undefined) return pem(value.pem);
  return value;
}

function tlsOptionsOf(options, alpn) {
  return {
    cert: pem(options.cert),
    key: pem(options.key),
    ca: pem(options.ca),
    alpn: Array.isArray(options.ALPNProtocols) ? options.ALPNProtocols.slice() : alpn,
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
  HttpServer.call(this, options, requestListener);
  this._tlsOptions = tlsOptionsOf(options, ['http/1.1']);
}
Object.setPrototypeOf(Server.prototype, HttpServer.prototype);
Object.setPrototypeOf(Server, HttpServer);

Server.prototype.setSecureContext = function setSecureContext(options) {
  this._tlsOptions = tlsOptionsOf(options, this._tlsOptions.alpn);
  if (this._handle !== null) getBinding().setTls(this._handle, this._tlsOptions);
};

function createServer(options, requestListener) {
  return new Server(options, requestListener);
}

function Agent(options) {
  if (!(this instanceof Agent)) return new Agent(options);
  EventEmitter.call(this);
  this.options = { __proto__: null, ...options };
  this.defaultPort = 443;
  this.protocol = 'https:';
}
Object.setPrototypeOf(Agent.prototype, EventEmitter.prototype);
Object.setPrototypeOf(Agent, EventEmitter);

function request() {
  throw new ERR_METHOD_NOT_IMPLEMENTED('https.request()');
}

function get() {
  throw new ERR_METHOD_NOT_IMPLEMENTED('https.get()');
}

module.exports = {
  Agent,
  Server,
  createServer,
  globalAgent: new Agent(),
  get,
  request,
  _tlsOptionsOf: tlsOptionsOf,
};
