'use strict';
// http2: Node's HTTP/2 servers, two ways (chosen at listen(), see wantsCore):
//  - Node's: a JS net/tls server with internal/http2/core.js's sessions (the
//    core API: 'session', 'stream', ServerHttp2Session/Stream) and, for
//    'request' listeners, internal/http2/compat.js's Http2ServerRequest and
//    Http2ServerResponse. Always under `shoal run`.
//  - the fast path of a cluster worker: a server with only 'request'
//    listeners on shoal's C engine (worker/http/h2.c, nghttp2), which serves
//    HTTP/1.1 and HTTP/2 on the same listener through the same request
//    callbacks, so req/res are http's (req.httpVersion '2.0', pseudo-headers
//    in req.headers/rawHeaders, req.authority/scheme).
//
// Differences from Node: an engine-served server also answers HTTP/1.1 (h2
// is detected from the connection preface; allowHTTP1 is always on); a
// secure server with allowHTTP1 and only 'request' listeners is
// engine-served under `shoal run` too. The client (connect) is
// internal/http2/core.js.

const EventEmitter = require('events');
const { Server: HttpServer, ServerResponse } = require('_http_server');
const { IncomingMessage } = require('_http_incoming');
const { isWorker } = require('internal/worker');
const { validateFunction, validateUint32 } = require('internal/validators');
const { _tlsOptionsOf } = require('https');

const { invalidArgType, codes: { ERR_HTTP2_INVALID_PACKED_SETTINGS_LENGTH } } =
  require('internal/errors');

function assertIsObject(value, name) {
  if (value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) {
    throw invalidArgType(name, 'Object', value);
  }
}

const constants = {
  NGHTTP2_SESSION_SERVER: 0,
  NGHTTP2_SESSION_CLIENT: 1,
  NGHTTP2_NO_ERROR: 0,
  NGHTTP2_PROTOCOL_ERROR: 1,
  NGHTTP2_INTERNAL_ERROR: 2,
  NGHTTP2_FLOW_CONTROL_ERROR: 3,
  NGHTTP2_SETTINGS_TIMEOUT: 4,
  NGHTTP2_STREAM_CLOSED: 5,
  NGHTTP2_FRAME_SIZE_ERROR: 6,
  NGHTTP2_REFUSED_STREAM: 7,
  NGHTTP2_CANCEL: 8,
  NGHTTP2_COMPRESSION_ERROR: 9,
  NGHTTP2_CONNECT_ERROR: 10,
  NGHTTP2_ENHANCE_YOUR_CALM: 11,
  NGHTTP2_INADEQUATE_SECURITY: 12,
  NGHTTP2_HTTP_1_1_REQUIRED: 13,
  NGHTTP2_FLAG_NONE: 0,
  NGHTTP2_FLAG_END_STREAM: 1,
  NGHTTP2_FLAG_END_HEADERS: 4,
  NGHTTP2_FLAG_ACK: 1,
  NGHTTP2_FLAG_PADDED: 8,
  NGHTTP2_FLAG_PRIORITY: 32,
  NGHTTP2_DEFAULT_WEIGHT: 16,
  NGHTTP2_SETTINGS_HEADER_TABLE_SIZE: 1,
  NGHTTP2_SETTINGS_ENABLE_PUSH: 2,
  NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS: 3,
  NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE: 4,
  NGHTTP2_SETTINGS_MAX_FRAME_SIZE: 5,
  NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE: 6,
  NGHTTP2_SETTINGS_ENABLE_CONNECT_PROTOCOL: 8,
  DEFAULT_SETTINGS_HEADER_TABLE_SIZE: 4096,
  DEFAULT_SETTINGS_ENABLE_PUSH: 1,
  DEFAULT_SETTINGS_MAX_CONCURRENT_STREAMS: 4294967295,
  DEFAULT_SETTINGS_INITIAL_WINDOW_SIZE: 65535,
  DEFAULT_SETTINGS_MAX_FRAME_SIZE: 16384,
  DEFAULT_SETTINGS_MAX_HEADER_LIST_SIZE: 65535,
  DEFAULT_SETTINGS_ENABLE_CONNECT_PROTOCOL: 0,
  MAX_MAX_FRAME_SIZE: 16777215,
  MIN_MAX_FRAME_SIZE: 16384,
  MAX_INITIAL_WINDOW_SIZE: 2147483647,
  HTTP2_HEADER_STATUS: ':status',
  HTTP2_HEADER_METHOD: ':method',
  HTTP2_HEADER_AUTHORITY: ':authority',
  HTTP2_HEADER_SCHEME: ':scheme',
  HTTP2_HEADER_PATH: ':path',
  HTTP2_HEADER_PROTOCOL: ':protocol',
  HTTP2_HEADER_ACCEPT: 'accept',
  HTTP2_HEADER_ACCEPT_ENCODING: 'accept-encoding',
  HTTP2_HEADER_CACHE_CONTROL: 'cache-control',
  HTTP2_HEADER_CONTENT_ENCODING: 'content-encoding',
  HTTP2_HEADER_CONTENT_LENGTH: 'content-length',
  HTTP2_HEADER_CONTENT_TYPE: 'content-type',
  HTTP2_HEADER_COOKIE: 'cookie',
  HTTP2_HEADER_DATE: 'date',
  HTTP2_HEADER_ETAG: 'etag',
  HTTP2_HEADER_HOST: 'host',
  HTTP2_HEADER_LAST_MODIFIED: 'last-modified',
  HTTP2_HEADER_LOCATION: 'location',
  HTTP2_HEADER_SET_COOKIE: 'set-cookie',
  HTTP2_HEADER_USER_AGENT: 'user-agent',
  HTTP2_HEADER_CONNECTION: 'connection',
  HTTP2_HEADER_TRANSFER_ENCODING: 'transfer-encoding',
  HTTP2_METHOD_CONNECT: 'CONNECT',
  HTTP2_METHOD_DELETE: 'DELETE',
  HTTP2_METHOD_GET: 'GET',
  HTTP2_METHOD_HEAD: 'HEAD',
  HTTP2_METHOD_OPTIONS: 'OPTIONS',
  HTTP2_METHOD_PATCH: 'PATCH',
  HTTP2_METHOD_POST: 'POST',
  HTTP2_METHOD_PUT: 'PUT',
  HTTP_STATUS_CONTINUE: 100,
  HTTP_STATUS_OK: 200,
  HTTP_STATUS_CREATED: 201,
  HTTP_STATUS_NO_CONTENT: 204,
  HTTP_STATUS_MOVED_PERMANENTLY: 301,
  HTTP_STATUS_FOUND: 302,
  HTTP_STATUS_NOT_MODIFIED: 304,
  HTTP_STATUS_BAD_REQUEST: 400,
  HTTP_STATUS_UNAUTHORIZED: 401,
  HTTP_STATUS_FORBIDDEN: 403,
  HTTP_STATUS_NOT_FOUND: 404,
  HTTP_STATUS_METHOD_NOT_ALLOWED: 405,
  HTTP_STATUS_PAYLOAD_TOO_LARGE: 413,
  HTTP_STATUS_TOO_MANY_REQUESTS: 429,
  HTTP_STATUS_INTERNAL_SERVER_ERROR: 500,
  HTTP_STATUS_NOT_IMPLEMENTED: 501,
  HTTP_STATUS_SERVICE_UNAVAILABLE: 503,
};

function getDefaultSettings() {
  return {
    headerTableSize: 4096,
    enablePush: true,
    initialWindowSize: 65535,
    maxFrameSize: 16384,
    maxConcurrentStreams: 4294967295,
    maxHeaderListSize: 65535,
    maxHeaderSize: 65535,
    enableConnectProtocol: false,
  };
}

// SETTINGS ids in the order Node packs them (maxHeaderSize: an alias).
const kSettingIds = {
  headerTableSize: 1, enablePush: 2, initialWindowSize: 4, maxFrameSize: 5,
  maxConcurrentStreams: 3, maxHeaderListSize: 6, enableConnectProtocol: 8,
};

function getPackedSettings(settings = {}) {
  assertIsObject(settings, 'settings');
  require('internal/http2/core').validateSettings(settings);
  settings = { ...settings };
  if (settings.maxHeaderListSize === undefined) settings.maxHeaderListSize = settings.maxHeaderSize;
  const entries = [];
  for (const name of Object.keys(kSettingIds)) {
    const v = settings[name];
    if (v === undefined) continue;
    entries.push([kSettingIds[name], typeof v === 'boolean' ? (v ? 1 : 0) : v >>> 0]);
  }
  const buf = Buffer.alloc(entries.length * 6);
  entries.forEach(([id, v], i) => {
    buf.writeUInt16BE(id, i * 6);
    buf.writeUInt32BE(v, i * 6 + 2);
  });
  return buf;
}

function getUnpackedSettings(buf, options) {
  if (!ArrayBuffer.isView(buf)) {
    throw invalidArgType('buf', ['Buffer', 'TypedArray', 'DataView'], buf);
  }
  if (buf.byteLength % 6 !== 0) throw new ERR_HTTP2_INVALID_PACKED_SETTINGS_LENGTH();
  buf = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const out = {};
  const names = Object.fromEntries(Object.entries(kSettingIds).map(([k, v]) => [v, k]));
  for (let i = 0; i + 6 <= buf.length; i += 6) {
    const name = names[buf.readUInt16BE(i)];
    if (name === undefined) continue;
    const v = buf.readUInt32BE(i + 2);
    if (name === 'maxHeaderListSize') out.maxHeaderSize = v;
    out[name] = name === 'enablePush' || name === 'enableConnectProtocol' ? v !== 0 : v;
  }
  return out;
}

// -----------------------------------------------------------------------------
// Servers

// The core API ('session' and 'stream' events, ServerHttp2Session and
// ServerHttp2Stream, internal/http2/core.js) runs on a JS net/tls server of
// its own, one nghttp2 session per connection, as Node's; the compatibility
// API ('request' with Http2ServerRequest/Http2ServerResponse,
// internal/http2/compat.js) is a 'stream' listener on it. A single process
// (`shoal run`) takes that path, as Node, except a secure server with
// allowHTTP1 and only 'request' listeners (HTTP/1.1 is the engine's). In a
// cluster worker (or with
// SHOAL_HTTP2_ENGINE=1 in the environment) a server with only 'request'
// listeners stays on the C engine, the fast path (req/res are then http's
// IncomingMessage/ServerResponse, httpVersion '2.0').
function wantsCore(server) {
  const streamListeners = server.listeners('stream').filter((l) => l !== server._compatListener);
  if (server.listenerCount('request') === 0 || streamListeners.length > 0 ||
      server.listenerCount('session') > 0) {
    return true;
  }
  if (isWorker() || process.env.SHOAL_HTTP2_ENGINE === '1') return false;
  return !(server._tlsOptions !== undefined && server._h2Options.allowHTTP1 === true);
}

// As Node's: the first 'request' listener adds the compatibility API's
// 'stream' listener.
function setupCompat(event) {
  if (event !== 'request') return;
  this.removeListener('newListener', setupCompat);
  const options = this._h2Options;
  this._compatListener = compat().onServerStream.bind(this, options.Http2ServerRequest,
                                                       options.Http2ServerResponse);
  this.on('stream', this._compatListener);
}

function coreListen(server, args) {
  const secure = server._tlsOptions !== undefined;
  const options = server._h2Options;
  let inner;
  if (secure) {
    const tlsOptions = { ...options, ALPNProtocols: ['h2'] };
    inner = require('tls').createServer(tlsOptions);
    inner.on('secureConnection', (socket) => {
      server.emit('secureConnection', socket);
      coreConnection(server, socket);
    });
    inner.on('tlsClientError', (err, socket) => server.emit('tlsClientError', err, socket));
  } else {
    // its sockets come through emit('connection')
    inner = require('net').createServer({ allowHalfOpen: options.allowHalfOpen === true });
  }
  server._core = inner;
  inner.on('connection', (socket) => server.emit('connection', socket));
  inner.on('listening', () => server.emit('listening'));
  inner.on('error', (err) => server.emit('error', err));
  inner.on('close', () => server.emit('close'));
  if (server.timeout === undefined) server.timeout = 0;
  const cb = typeof args[args.length - 1] === 'function' ? args.pop() : undefined;
  if (cb) server.once('listening', cb);
  inner.listen(...args);
  if (server._coreUnref) inner.unref();
  return server;
}

function coreConnection(server, socket) {
  const options = server._h2Options;
  if (socket.encrypted && socket.alpnProtocol !== 'h2') {
    if (!server.emit('unknownProtocol', socket)) {
      const timer = setTimeout(() => {
        if (!socket.destroyed) socket.destroy();
      }, options.unknownProtocolTimeout === undefined ? 10000 : options.unknownProtocolTimeout);
      timer.unref();
      socket.once('close', () => clearTimeout(timer));
      socket.end('HTTP/1.0 403 Forbidden\r\nContent-Type: text/plain\r\n\r\n' +
                 'Missing ALPN Protocol, expected `h2` to be available.\n' +
                 'If this is a HTTP request: The server was not configured ' +
                 'with the `allowHTTP1` option or a listener for the ' +
                 '`unknownProtocol` event.\n');
    }
    return;
  }
  const { ServerHttp2Session } = require('internal/http2/core');
  const session = new ServerHttp2Session(options, socket, server);
  session.on('stream', (stream, headers, flags, rawHeaders) => {
    server.emit('stream', stream, headers, flags, rawHeaders);
  });
  session.on('error', (err) => server.emit('sessionError', err, session));
  session.on('priority', (...args) => server.emit('priority', ...args));
  if (server.timeout) {
    session.setTimeout(server.timeout, () => {
      if (!server.emit('timeout', session)) session.destroy();
    });
  }
  server.emit('session', session);
}

// Node's initializeOptions: the checks of createServer's options.
function initializeOptions(options) {
  assertIsObject(options, 'options');
  options = { ...options };
  assertIsObject(options.settings, 'options.settings');
  options.settings = { ...options.settings };
  for (const name of ['maxSessionInvalidFrames', 'maxSessionRejectedStreams', 'unknownProtocolTimeout']) {
    if (options[name] !== undefined) validateUint32(options[name], name);
  }
  const { Http2ServerRequest, Http2ServerResponse } = compat();
  options.Http1IncomingMessage ||= IncomingMessage;
  options.Http1ServerResponse ||= ServerResponse;
  options.Http2ServerRequest ||= Http2ServerRequest;
  options.Http2ServerResponse ||= Http2ServerResponse;
  return options;
}

const kOptions = Symbol('options');

function Http2Server(options, requestListener) {
  if (typeof options === 'function') {
    requestListener = options;
    options = {};
  }
  options = initializeOptions(options);
  // (HTTP/1.1 on the engine: allowHTTP1's classes)
  HttpServer.call(this, {
    ...options, IncomingMessage: options.Http1IncomingMessage,
    ServerResponse: options.Http1ServerResponse,
  });
  this._h2Options = { ...options };
  this[kOptions] = this._h2Options; // (Node's symbol: tests read the settings)
  this._core = null;
  this._compatListener = null;
  this.allowHalfOpen = options.allowHalfOpen === true;
  this.on('newListener', setupCompat);
  if (typeof requestListener === 'function') this.on('request', requestListener);
}
Object.setPrototypeOf(Http2Server.prototype, HttpServer.prototype);
Object.setPrototypeOf(Http2Server, HttpServer);

// HTTP/2 requests through the engine: Node's authority/scheme on req. A
// cleartext server not served by the engine takes the sockets of
// 'connection' (its own listener's, or any duplex the user hands over).
Http2Server.prototype.emit = function emit(event, ...args) {
  if (event === 'connection' && this._tlsOptions === undefined &&
      (this._core !== null || this._handle === null) && args[0]) {
    const ret = HttpServer.prototype.emit.call(this, event, ...args);
    coreConnection(this, args[0]);
    return ret;
  }
  if (event === 'request' && args[0] && args[0].httpVersionMajor === 2 &&
      args[0] instanceof IncomingMessage) {
    const req = args[0];
    req.authority = req.headers[':authority'];
    req.scheme = req.headers[':scheme'];
  }
  return HttpServer.prototype.emit.call(this, event, ...args);
};

// events.captureRejections: as Node, a 'stream' handler's rejection answers
// 500 (or destroys the stream once its headers are out); the rest as
// http.Server's.
Http2Server.prototype[EventEmitter.captureRejectionSymbol] = function onRejection(err, event, ...args) {
  if (event !== 'stream') {
    HttpServer.prototype[EventEmitter.captureRejectionSymbol].call(this, err, event, ...args);
    return;
  }
  const stream = args[0];
  if (stream.sentHeaders) {
    stream.destroy(err);
  } else {
    stream.respond({ ':status': 500 });
    stream.end();
  }
};

Http2Server.prototype.updateSettings = function updateSettings(settings) {
  assertIsObject(settings, 'settings');
  require('internal/http2/core').validateSettings(settings);
  this._h2Options.settings = { ...this._h2Options.settings, ...settings };
};

Http2Server.prototype.listen = function listen(...args) {
  if (this._core === null && wantsCore(this)) return coreListen(this, args);
  return HttpServer.prototype.listen.apply(this, args);
};

Http2Server.prototype.address = function address() {
  return this._core !== null ? this._core.address() : HttpServer.prototype.address.call(this);
};

Object.defineProperty(Http2Server.prototype, 'listening', {
  configurable: true,
  get() {
    if (this._core !== null) return this._core.listening;
    return Object.getOwnPropertyDescriptor(HttpServer.prototype, 'listening').get.call(this);
  },
});

// As Node 20's: closing stops new connections; sessions go on until closed.
Http2Server.prototype.close = function close(cb) {
  if (this._core === null) return HttpServer.prototype.close.call(this, cb);
  this._core.close(cb);
  return this;
};

Http2Server.prototype.setTimeout = function setTimeout(msecs, callback) {
  if (callback !== undefined) validateFunction(callback, 'callback');
  if (this._core === null) return HttpServer.prototype.setTimeout.call(this, msecs, callback);
  this.timeout = msecs;
  if (callback !== undefined) this.on('timeout', callback);
  return this;
};

// (before listen(), as net.Server: applied when the server listens)
for (const name of ['ref', 'unref']) {
  Http2Server.prototype[name] = function refUnref() {
    this._coreUnref = name === 'unref';
    if (this._core !== null) this._core[name]();
    return this;
  };
}

Http2Server.prototype.getConnections = function getConnections(cb) {
  if (this._core === null) return HttpServer.prototype.getConnections.call(this, cb);
  return this._core.getConnections(cb);
};

function Http2SecureServer(options, requestListener) {
  options = initializeOptions(options); // (as Node: no handler-only form)
  Http2Server.call(this, options, requestListener);
  this._tlsOptions = _tlsOptionsOf(options, ['h2', 'http/1.1']);
}
Object.setPrototypeOf(Http2SecureServer.prototype, Http2Server.prototype);
Object.setPrototypeOf(Http2SecureServer, Http2Server);

function createServer(options, requestListener) {
  return new Http2Server(options, requestListener);
}

function createSecureServer(options, requestListener) {
  return new Http2SecureServer(options, requestListener);
}

// The compatibility API (loaded on first use, as the core it stands on).
const compat = () => require('internal/http2/compat');

// The client: internal/http2/core.js (loaded on first use).
function connect(authority, options, listener) {
  return require('internal/http2/core').connect(authority, options, listener);
}
// util.promisify(connect) resolves with the session once connected.
Object.defineProperty(connect, Symbol.for('nodejs.util.promisify.custom'), {
  value: (authority, options) => new Promise((resolve) => {
    const session = connect(authority, options, () => resolve(session));
  }),
});

module.exports = {
  connect,
  constants,
  createServer,
  createSecureServer,
  getDefaultSettings,
  getPackedSettings,
  getUnpackedSettings,
  sensitiveHeaders: Symbol('nodejs.http2.sensitiveHeaders'),
};
for (const name of ['Http2ServerRequest', 'Http2ServerResponse']) {
  Object.defineProperty(module.exports, name, { enumerable: true, get: () => compat()[name] });
}
Object.defineProperty(module.exports, 'ServerHttp2Stream', {
  enumerable: false,
  get: () => require('internal/http2/core').ServerHttp2Stream,
});
