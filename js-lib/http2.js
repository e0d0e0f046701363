'use strict';
// http2: Node's HTTP/2 server API on shoal's C engine (worker/http/h2.c, nghttp2).
// The engine serves HTTP/1.1 and HTTP/2 on the same listener and delivers
// both through the same request callbacks, so an Http2Server is an
// http.Server: the compatibility API ('request' with req/res, req.httpVersion
// '2.0', pseudo-headers in req.headers/rawHeaders) comes for free, and the
// core API ('stream' with a ServerHttp2Stream: respond/write/end) is a thin
// layer over the same request and response objects.
//
// Differences from Node: cleartext servers also answer HTTP/1.1 (h2 is
// detected from the connection preface), secure servers accept HTTP/1.1 too
// (allowHTTP1 is always on), there is no server push (pushAllowed is false),
// and the client (connect) is internal/http2/client.js.

const { Duplex } = require('stream');
const fs = require('fs');
const { Server: HttpServer } = require('_http_server');
const { errors } = require('_http_common');
const { _tlsOptionsOf } = require('https');

const { ERR_METHOD_NOT_IMPLEMENTED } = errors;
const { codes: { ERR_HTTP2_TRAILERS_ALREADY_SENT } } = require('internal/errors');

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

const kSettingIds = {
  headerTableSize: 1, enablePush: 2, maxConcurrentStreams: 3, initialWindowSize: 4,
  maxFrameSize: 5, maxHeaderListSize: 6, enableConnectProtocol: 8,
};

function getPackedSettings(settings = {}) {
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

function getUnpackedSettings(buf) {
  const out = {};
  const names = Object.fromEntries(Object.entries(kSettingIds).map(([k, v]) => [v, k]));
  for (let i = 0; i + 6 <= buf.length; i += 6) {
    const name = names[buf.readUInt16BE(i)];
    if (name === undefined) continue;
    const v = buf.readUInt32BE(i + 2);
    out[name] = name === 'enablePush' || name === 'enableConnectProtocol' ? v !== 0 : v;
  }
  return out;
}

// -----------------------------------------------------------------------------
// The core API: a ServerHttp2Stream over the request and its response.

const kSession = Object.freeze({
  alpnProtocol: 'h2',
  encrypted: false,
  type: constants.NGHTTP2_SESSION_SERVER,
  settings() {},
  ping() { return false; },
  goaway() {},
});

class ServerHttp2Stream extends Duplex {
  constructor(req, res, id) {
    super({ allowHalfOpen: true });
    this._req = req;
    this._res = res;
    this.id = id;
    this.headersSent = false;
    this.sentHeaders = undefined;
    this.sentInfoHeaders = undefined;
    this.sentTrailers = undefined;
    this.pushAllowed = false;
    this.aborted = false;
    this.rstCode = undefined;
    this.session = kSession;
    this.state = { localWindowSize: 65535, state: 2, localClose: 0, remoteClose: 0 };
    req.on('data', (chunk) => {
      if (!this.push(chunk)) req.pause();
    });
    req.on('end', () => this.push(null));
    req.on('aborted', () => {
      this.aborted = true;
      this.emit('aborted');
    });
    res.on('close', () => {
      if (!this.destroyed) this.destroy();
    });
  }

  get endAfterHeaders() { return this._req.complete && this._req.readableLength === 0; }
  get pending() { return false; }
  get bufferSize() { return this._res.writableLength || 0; }

  _read() {
    this._req.resume();
  }

  _write(chunk, encoding, cb) {
    if (!this.headersSent) this.respond();
    this._res.write(chunk, encoding, cb);
  }

  // respond(..., { waitForTrailers: true }): 'wantTrailers' comes before
  // the end, where sendTrailers() may give the trailing HEADERS frame.
  _final(cb) {
    if (!this.headersSent) this.respond();
    if (this._waitForTrailers) {
      this._waitForTrailers = false;
      this.emit('wantTrailers');
    }
    this._res.end(() => cb());
  }

  _destroy(err, cb) {
    if (!this._res.writableEnded) {
      if (!this.headersSent) this.respond({ ':status': 500 });
      this._res.end();
    }
    cb(err);
  }

  respond(headers, options) {
    if (this.headersSent) throw new errors.ERR_HTTP_HEADERS_SENT('respond');
    headers = headers || {};
    options = options || {};
    const status = headers[':status'] === undefined ? 200 : headers[':status'] | 0;
    const list = [];
    for (const name of Object.keys(headers)) {
      if (name[0] === ':') continue;
      const v = headers[name];
      if (v === undefined) continue;
      if (Array.isArray(v)) for (const x of v) list.push(name, String(x));
      else list.push(name, String(v));
    }
    this._res.writeHead(status, list);
    this.headersSent = true;
    this.sentHeaders = { ...headers, ':status': status };
    this._waitForTrailers = options.waitForTrailers === true;
    if (options.endStream) this.end();
  }

  additionalHeaders() {}

  respondWithFD() {
    throw new ERR_METHOD_NOT_IMPLEMENTED('respondWithFD()');
  }

  respondWithFile(path, headers, options) {
    options = options || {};
    const stream = fs.createReadStream(path, { start: options.offset, end: options.length >= 0
      ? (options.offset || 0) + options.length - 1 : undefined });
    stream.once('open', () => {
      this.respond(headers);
      stream.pipe(this);
    });
    stream.once('error', (err) => {
      if (typeof options.onError === 'function') options.onError(err);
      else this.destroy(err);
    });
  }

  pushStream(headers, options, cb) {
    if (typeof options === 'function') cb = options;
    const err = new Error('HTTP/2 client has disabled push streams');
    err.code = 'ERR_HTTP2_PUSH_DISABLED';
    if (typeof cb === 'function') process.nextTick(cb, err);
    else throw err;
  }

  sendTrailers(headers) {
    if (this.sentTrailers !== undefined || this._res.writableEnded) {
      throw new ERR_HTTP2_TRAILERS_ALREADY_SENT();
    }
    this._res.addTrailers(headers);
    this.sentTrailers = headers;
  }

  close(code, callback) {
    this.rstCode = code === undefined ? constants.NGHTTP2_NO_ERROR : code;
    if (typeof callback === 'function') this.once('close', callback);
    this.destroy();
  }

  priority() {}

  setTimeout(msecs, cb) {
    this._res.setTimeout(msecs, cb);
    return this;
  }
}

// -----------------------------------------------------------------------------
// Servers

function emitH2(server, event, args) {
  if (event === 'request') {
    const req = args[0];
    const res = args[1];
    if (req && req.httpVersionMajor === 2) {
      const h = req.headers;
      req.authority = h[':authority'];
      req.scheme = h[':scheme'];
      if (server.listenerCount('stream') > 0) {
        server._streamIds += 2;
        const stream = new ServerHttp2Stream(req, res, server._streamIds);
        req.stream = stream;
        res.stream = stream;
        const flags = constants.NGHTTP2_FLAG_END_HEADERS |
          (req.complete ? constants.NGHTTP2_FLAG_END_STREAM : 0);
        HttpServer.prototype.emit.call(server, 'stream', stream, h, flags, req.rawHeaders);
        if (server.listenerCount('request') === 0) return true;
      }
    }
  }
  return HttpServer.prototype.emit.apply(server, [event, ...args]);
}

function Http2Server(options, requestListener) {
  if (typeof options === 'function') {
    requestListener = options;
    options = {};
  } else if (options == null) {
    options = {};
  }
  HttpServer.call(this, options, requestListener);
  this._streamIds = -1;
  this._h2Settings = { ...getDefaultSettings(), ...(options.settings || {}) };
}
Object.setPrototypeOf(Http2Server.prototype, HttpServer.prototype);
Object.setPrototypeOf(Http2Server, HttpServer);
Http2Server.prototype.emit = function emit(event, ...args) {
  return emitH2(this, event, args);
};
Http2Server.prototype.updateSettings = function updateSettings(settings) {
  Object.assign(this._h2Settings, settings);
};

function Http2SecureServer(options, requestListener) {
  if (typeof options === 'function') {
    requestListener = options;
    options = {};
  } else if (options == null) {
    options = {};
  }
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

// The client: internal/http2/client.js (loaded on first use).
function connect(authority, options, listener) {
  return require('internal/http2/client').connect(authority, options, listener);
}
// util.promisify(connect) resolves with the session once connected.
Object.defineProperty(connect, Symbol.for('nodejs.util.promisify.custom'), {
  value: (authority, options) => new Promise((resolve) => {
    const session = connect(authority, options, () => resolve(session));
  }),
});

const { IncomingMessage } = require('_http_incoming');
const { ServerResponse } = require('_http_server');

// The engine hands HTTP/2 requests to the same IncomingMessage/ServerResponse
// as HTTP/1 ones; these classes exist for `instanceof` checks, which an
// HTTP/1 request must fail (frameworks branch on them, e.g. @hono/node-server).
class Http2ServerRequest extends IncomingMessage {}
class Http2ServerResponse extends ServerResponse {}

module.exports = {
  connect,
  constants,
  createServer,
  createSecureServer,
  getDefaultSettings,
  getPackedSettings,
  getUnpackedSettings,
  sensitiveHeaders: Symbol('nodejs.http2.sensitiveHeaders'),
  Http2ServerRequest,
  Http2ServerResponse,
  ServerHttp2Stream,
};
