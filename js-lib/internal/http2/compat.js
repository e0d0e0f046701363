'use strict';
// Node's HTTP/2 compatibility API: the 'request' event of an http2 server
// served by the core API (internal/http2/core.js), with an
// Http2ServerRequest (a Readable over the ServerHttp2Stream's body) and an
// Http2ServerResponse (headers kept here until the stream's respond(),
// trailers sent on the stream's 'wantTrailers'). Both keep a reference to the
// stream; the stream points back to them (kRequest, kResponse) until it
// closes. Errors of the stream are not forwarded to req/res, as in Node.
//
// onServerStream is the server's 'stream' listener: it builds the pair and
// emits 'request', or 'connect', 'checkContinue', 'checkExpectation' as
// Node's server does.

const { Readable } = require('stream');
const Stream = require('stream');
const { codes } = require('internal/errors');
const {
  validateFunction, validateString, validateObject, validateLinkHeaderValue,
} = require('internal/validators');
const { checkIsHttpToken, errors: { ERR_INVALID_HTTP_TOKEN, ERR_STREAM_WRITE_AFTER_END } } =
  require('_http_common');
const { kSocket } = require('internal/http2/core');
const { emitExpecting } = require('_http_server');

const {
  ERR_HTTP2_HEADERS_SENT, ERR_HTTP2_INFO_STATUS_NOT_ALLOWED, ERR_HTTP2_INVALID_HEADER_VALUE,
  ERR_HTTP2_INVALID_PSEUDOHEADER, ERR_HTTP2_INVALID_STREAM, ERR_HTTP2_NO_SOCKET_MANIPULATION,
  ERR_HTTP2_PSEUDOHEADER_NOT_ALLOWED, ERR_HTTP2_STATUS_INVALID, ERR_INVALID_ARG_VALUE,
} = codes;

const kState = Symbol('state');
const kStream = Symbol('stream');
const kHeaders = Symbol('headers');
const kRawHeaders = Symbol('rawHeaders');
const kTrailers = Symbol('trailers');
const kRawTrailers = Symbol('rawTrailers');
const kAborted = Symbol('aborted');
// on the ServerHttp2Stream: its request, its response, their socket proxy
const kRequest = Symbol('request');
const kResponse = Symbol('response');
const kProxySocket = Symbol('proxySocket');

const kStoreHeader = Symbol('storeHeader');
const kBeginSend = Symbol('beginSend');
const kInformational = Symbol('informational');

// pseudo-headers the API sets itself; :protocol is the one a response may set
const kPseudoNotAllowed = new Set([':status', ':method', ':path', ':authority', ':scheme']);

// Each warning once per process, as Node.
const warned = { statusMessage: false, connection: false };
function warnOnce(key, message) {
  if (warned[key]) return;
  warned[key] = true;
  process.emitWarning(message, 'UnsupportedWarning');
}
const warnStatusMessage = () =>
  warnOnce('statusMessage', 'Status message is not supported by HTTP/2 (RFC7540 8.1.2.4)');

// A connection header other than "connection: trailers" is dropped (with a
// warning): HTTP/2 has no connection-specific fields.
function connectionHeaderDropped(name, value) {
  return name === 'connection' && value !== 'trailers';
}

function checkHeader(name, value) {
  if (name === '' || typeof name !== 'string' || name.includes(' ')) {
    throw new ERR_INVALID_HTTP_TOKEN('Header name', name);
  }
  if (kPseudoNotAllowed.has(name)) throw new ERR_HTTP2_PSEUDOHEADER_NOT_ALLOWED();
  if (value === undefined || value === null) throw new ERR_HTTP2_INVALID_HEADER_VALUE(value, name);
  if (connectionHeaderDropped(name, value)) {
    warnOnce('connection', 'The provided connection header is not valid, the value will be ' +
      'dropped from the header and will never be in use.');
  }
}

// The socket seen through req.socket / res.socket: the session's socket for
// reading its properties; what would read or write behind the session's
// back throws; on/once/end/emit/destroy and the state flags are the stream's.
const kStreamOwned = new Set(['on', 'once', 'end', 'emit', 'destroy']);
const kForbidden = new Set(['write', 'read', 'pause', 'resume']);
const socketOf = (stream) => (stream.session !== undefined ? stream.session[kSocket] : stream);

const proxySocketHandler = {
  has(stream, prop) {
    return prop in stream || prop in socketOf(stream);
  },
  get(stream, prop) {
    if (kStreamOwned.has(prop)) return stream[prop].bind(stream);
    if (prop === 'writable' || prop === 'destroyed') return stream[prop];
    if (prop === 'readable') {
      if (stream.destroyed) return false;
      const req = stream[kRequest];
      return req ? req.readable : stream.readable;
    }
    if (prop === 'setTimeout') {
      const session = stream.session;
      return session !== undefined ? session.setTimeout.bind(session) : stream.setTimeout.bind(stream);
    }
    if (kForbidden.has(prop)) throw new ERR_HTTP2_NO_SOCKET_MANIPULATION();
    const ref = socketOf(stream);
    const value = ref[prop];
    return typeof value === 'function' ? value.bind(ref) : value;
  },
  getPrototypeOf(stream) {
    return Reflect.getPrototypeOf(socketOf(stream));
  },
  set(stream, prop, value) {
    if (kStreamOwned.has(prop) || prop === 'writable' || prop === 'readable' ||
        prop === 'destroyed') {
      stream[prop] = value;
    } else if (prop === 'setTimeout') {
      if (stream.session !== undefined) stream.session.setTimeout = value;
      else stream.setTimeout = value;
    } else if (kForbidden.has(prop)) {
      throw new ERR_HTTP2_NO_SOCKET_MANIPULATION();
    } else {
      socketOf(stream)[prop] = value;
    }
    return true;
  },
};

function proxySocketOf(stream) {
  if (stream[kProxySocket] === null) stream[kProxySocket] = new Proxy(stream, proxySocketHandler);
  return stream[kProxySocket];
}

// -----------------------------------------------------------------------------
// Http2ServerRequest. Stream listeners: `this` is the ServerHttp2Stream.

function onStreamData(chunk) {
  const req = this[kRequest];
  if (req !== undefined && !req.push(chunk)) this.pause();
}

function onStreamTrailers(trailers, flags, rawTrailers) {
  const req = this[kRequest];
  if (req === undefined) return;
  Object.assign(req[kTrailers], trailers);
  req[kRawTrailers].push(...rawTrailers);
}

function onStreamEnd() {
  const req = this[kRequest];
  if (req !== undefined) req.push(null);
}

function onStreamError() {
  // (not forwarded to req or res, as in Node)
}

function onStreamAborted() {
  const req = this[kRequest];
  if (req !== undefined && !req[kState].closed) {
    req[kAborted] = true;
    req.emit('aborted');
  }
}

function onStreamCloseRequest() {
  const req = this[kRequest];
  if (req === undefined) return;
  const state = req[kState];
  state.closed = true;
  req.push(null);
  // a body nobody asked for is dumped, as HTTP/1's
  if (!state.didRead && !req._readableState.resumeScheduled) req.resume();
  this[kProxySocket] = null;
  this[kRequest] = undefined;
  req.emit('close');
}

function forwardTimeout(key) {
  return function onStreamTimeout() {
    this[key]?.emit('timeout');
  };
}

class Http2ServerRequest extends Readable {
  constructor(stream, headers, options, rawHeaders) {
    super({ autoDestroy: false, ...options });
    this[kState] = { closed: false, didRead: false };
    // (a null-prototype object, as the stream's headers)
    this[kHeaders] = headers;
    this[kRawHeaders] = rawHeaders;
    this[kTrailers] = {};
    this[kRawTrailers] = [];
    this[kStream] = stream;
    this[kAborted] = false;
    stream[kProxySocket] = null;
    stream[kRequest] = this;
    stream.on('trailers', onStreamTrailers);
    stream.on('end', onStreamEnd);
    stream.on('error', onStreamError);
    stream.on('aborted', onStreamAborted);
    stream.on('close', onStreamCloseRequest);
    stream.on('timeout', forwardTimeout(kRequest));
    this.on('pause', () => stream.pause());
    this.on('resume', () => stream.resume());
  }

  get aborted() { return this[kAborted]; }
  get complete() {
    return this[kAborted] || this.readableEnded || this[kState].closed || this[kStream].destroyed;
  }
  get stream() { return this[kStream]; }
  get headers() { return this[kHeaders]; }
  get rawHeaders() { return this[kRawHeaders]; }
  get trailers() { return this[kTrailers]; }
  get rawTrailers() { return this[kRawTrailers]; }
  get httpVersionMajor() { return 2; }
  get httpVersionMinor() { return 0; }
  get httpVersion() { return '2.0'; }
  get socket() { return proxySocketOf(this[kStream]); }
  get connection() { return this.socket; }

  // The stream's data flows in on the first read; later reads resume it.
  _read() {
    const state = this[kState];
    if (state.closed) return;
    if (!state.didRead) {
      state.didRead = true;
      this[kStream].on('data', onStreamData);
    } else {
      const stream = this[kStream];
      process.nextTick(() => stream.resume());
    }
  }

  get method() { return this[kHeaders][':method']; }
  set method(method) {
    validateString(method, 'method');
    if (method.trim() === '') throw new ERR_INVALID_ARG_VALUE('method', method);
    this[kHeaders][':method'] = method;
  }

  get authority() {
    const headers = this[kHeaders];
    return headers[':authority'] !== undefined ? headers[':authority'] : headers.host;
  }

  get scheme() { return this[kHeaders][':scheme']; }
  get url() { return this[kHeaders][':path']; }
  set url(url) { this[kHeaders][':path'] = url; }

  setTimeout(msecs, callback) {
    if (!this[kState].closed) this[kStream].setTimeout(msecs, callback);
    return this;
  }
}

// -----------------------------------------------------------------------------
// Http2ServerResponse

function onStreamWantTrailers() {
  this.sendTrailers(this[kResponse][kTrailers]);
}

function onStreamDrain() {
  this[kResponse]?.emit('drain');
}

// The stream closed: the response is over ('finish' then 'close'). A HEAD
// response ended before the stream knew it was HEAD waits for that end.
function onStreamCloseResponse() {
  const res = this[kResponse];
  if (res === undefined) return;
  const state = res[kState];
  if (this.headRequest !== state.headRequest) return;
  state.closed = true;
  this[kProxySocket] = null;
  this.removeListener('wantTrailers', onStreamWantTrailers);
  this[kResponse] = undefined;
  res.emit('finish');
  res.emit('close');
}

class Http2ServerResponse extends Stream {
  constructor(stream, options) {
    super(options);
    this[kState] = {
      closed: false, ending: false, destroyed: false, headRequest: false, sendDate: true,
      statusCode: 200,
    };
    this[kHeaders] = { __proto__: null };
    this[kTrailers] = { __proto__: null };
    this[kStream] = stream;
    stream[kProxySocket] = null;
    stream[kResponse] = this;
    this.writable = true;
    this.req = stream[kRequest];
    stream.on('drain', onStreamDrain);
    stream.on('close', onStreamCloseResponse);
    stream.on('wantTrailers', onStreamWantTrailers);
    stream.on('timeout', forwardTimeout(kResponse));
  }

  // (frameworks such as finalhandler test it for truth)
  get _header() { return this.headersSent; }
  get writableEnded() { return this[kState].ending; }
  get finished() { return this[kState].ending; }
  // undefined once closed, as HTTP/1's ServerResponse
  get socket() { return this[kState].closed ? undefined : proxySocketOf(this[kStream]); }
  get connection() { return this.socket; }
  get stream() { return this[kStream]; }
  get headersSent() { return this[kStream].headersSent; }
  get sendDate() { return this[kState].sendDate; }
  set sendDate(bool) { this[kState].sendDate = Boolean(bool); }
  get writableCorked() { return this[kStream].writableCorked; }
  get writableHighWaterMark() { return this[kStream].writableHighWaterMark; }
  get writableFinished() { return this[kStream].writableFinished; }
  get writableLength() { return this[kStream].writableLength; }

  get statusCode() { return this[kState].statusCode; }
  set statusCode(code) {
    code |= 0;
    if (code >= 100 && code < 200) throw new ERR_HTTP2_INFO_STATUS_NOT_ALLOWED();
    if (code < 100 || code > 599) throw new ERR_HTTP2_STATUS_INVALID(code);
    this[kState].statusCode = code;
  }

  get statusMessage() {
    warnStatusMessage();
    return '';
  }

  set statusMessage(msg) {
    warnStatusMessage();
  }

  setTrailer(name, value) {
    validateString(name, 'name');
    name = name.trim().toLowerCase();
    checkHeader(name, value);
    this[kTrailers][name] = value;
  }

  addTrailers(headers) {
    for (const key of Object.keys(headers)) this.setTrailer(key, headers[key]);
  }

  getHeader(name) {
    validateString(name, 'name');
    return this[kHeaders][name.trim().toLowerCase()];
  }

  getHeaderNames() { return Object.keys(this[kHeaders]); }
  getHeaders() { return Object.assign({ __proto__: null }, this[kHeaders]); }

  hasHeader(name) {
    validateString(name, 'name');
    return Object.hasOwn(this[kHeaders], name.trim().toLowerCase());
  }

  removeHeader(name) {
    validateString(name, 'name');
    if (this[kStream].headersSent) throw new ERR_HTTP2_HEADERS_SENT();
    name = name.trim().toLowerCase();
    if (name === 'date') this[kState].sendDate = false;
    else delete this[kHeaders][name];
  }

  setHeader(name, value) {
    validateString(name, 'name');
    if (this[kStream].headersSent) throw new ERR_HTTP2_HEADERS_SENT();
    this[kStoreHeader](name, value, false);
  }

  appendHeader(name, value) {
    validateString(name, 'name');
    if (this[kStream].headersSent) throw new ERR_HTTP2_HEADERS_SENT();
    this[kStoreHeader](name, value, true);
  }

  // setHeader's and appendHeader's common part: the name checked, then the
  // value set or added to what the name has.
  [kStoreHeader](name, value, append) {
    name = name.trim().toLowerCase();
    checkHeader(name, value);
    if (connectionHeaderDropped(name, value)) return;
    if (name[0] === ':') {
      if (name !== ':protocol') throw new ERR_HTTP2_INVALID_PSEUDOHEADER(name);
    } else if (!checkIsHttpToken(name)) {
      this.destroy(new ERR_INVALID_HTTP_TOKEN('Header name', name));
    }
    const headers = this[kHeaders];
    if (!append || !headers[name]) {
      headers[name] = value;
      return;
    }
    if (!Array.isArray(headers[name])) headers[name] = [headers[name]];
    if (Array.isArray(value)) headers[name].push(...value);
    else headers[name].push(value);
  }

  flushHeaders() {
    if (!this[kState].closed && !this[kStream].headersSent) this.writeHead(this[kState].statusCode);
  }

  writeHead(statusCode, statusMessage, headers) {
    const state = this[kState];
    const stream = this[kStream];
    if (state.closed || stream.destroyed || stream.closed) return this;
    if (stream.headersSent) throw new ERR_HTTP2_HEADERS_SENT();
    if (typeof statusMessage === 'string') warnStatusMessage();
    if (headers === undefined && typeof statusMessage === 'object') headers = statusMessage;
    if (Array.isArray(headers)) {
      // [[name, value], ...] or [name, value, ...]: these replace what
      // setHeader gave and may repeat a name
      const pairs = headers.length && Array.isArray(headers[0]);
      if (!pairs && headers.length % 2 !== 0) throw new ERR_INVALID_ARG_VALUE('headers', headers);
      const step = pairs ? 1 : 2;
      const at = (i) => (pairs ? headers[i] : [headers[i], headers[i + 1]]);
      for (let i = 0; i < headers.length; i += step) this.removeHeader(at(i)[0]);
      for (let i = 0; i < headers.length; i += step) this[kStoreHeader](at(i)[0], at(i)[1], true);
    } else if (typeof headers === 'object' && headers !== null) {
      for (const key of Object.keys(headers)) this[kStoreHeader](key, headers[key], false);
    }
    state.statusCode = statusCode;
    this[kBeginSend]();
    return this;
  }

  [kBeginSend]() {
    const state = this[kState];
    const headers = this[kHeaders];
    headers[':status'] = state.statusCode;
    this[kStream].respond(headers, {
      endStream: state.ending, waitForTrailers: true, sendDate: state.sendDate,
    });
  }

  cork() { this[kStream].cork(); }
  uncork() { this[kStream].uncork(); }

  write(chunk, encoding, cb) {
    const state = this[kState];
    if (typeof encoding === 'function') {
      cb = encoding;
      encoding = 'utf8';
    }
    let err;
    if (state.ending) err = new ERR_STREAM_WRITE_AFTER_END();
    else if (state.closed) err = new ERR_HTTP2_INVALID_STREAM();
    else if (state.destroyed) return false;
    if (err) {
      if (typeof cb === 'function') process.nextTick(cb, err);
      this.destroy(err);
      return false;
    }
    const stream = this[kStream];
    if (!stream.headersSent) this.writeHead(state.statusCode);
    return stream.write(chunk, encoding, cb);
  }

  end(chunk, encoding, cb) {
    const stream = this[kStream];
    const state = this[kState];
    if (typeof chunk === 'function') {
      cb = chunk;
      chunk = null;
    } else if (typeof encoding === 'function') {
      cb = encoding;
      encoding = 'utf8';
    }
    if ((state.closed || state.ending) && state.headRequest === stream.headRequest) {
      if (typeof cb === 'function') process.nextTick(cb);
      return this;
    }
    if (chunk !== null && chunk !== undefined) this.write(chunk, encoding);
    state.headRequest = stream.headRequest;
    state.ending = true;
    if (typeof cb === 'function') {
      if (stream.writableEnded) this.once('finish', cb);
      else stream.once('finish', cb);
    }
    if (!stream.headersSent) this.writeHead(state.statusCode);
    if (state.closed || stream.destroyed) onStreamCloseResponse.call(stream);
    else stream.end();
    return this;
  }

  destroy(err) {
    if (this[kState].destroyed) return;
    this[kState].destroyed = true;
    this[kStream].destroy(err);
  }

  setTimeout(msecs, callback) {
    if (this[kState].closed) return;
    this[kStream].setTimeout(msecs, callback);
  }

  createPushResponse(headers, callback) {
    validateFunction(callback, 'callback');
    if (this[kState].closed) {
      process.nextTick(callback, new ERR_HTTP2_INVALID_STREAM());
      return;
    }
    this[kStream].pushStream(headers, {}, (err, stream) => {
      if (err) callback(err);
      else callback(null, new Http2ServerResponse(stream));
    });
  }

  // (a callback is not supported, as Node's)
  writeContinue() {
    return this[kInformational]({ ':status': 100 });
  }

  writeEarlyHints(hints) {
    validateObject(hints, 'hints');
    const link = validateLinkHeaderValue(hints.link);
    if (link.length === 0) return false;
    const headers = { __proto__: null };
    for (const key of Object.keys(hints)) {
      if (key !== 'link') headers[key] = hints[key];
    }
    return this[kInformational]({ ...headers, ':status': 103, Link: link });
  }

  [kInformational](headers) {
    const stream = this[kStream];
    if (stream.headersSent || this[kState].closed) return false;
    stream.additionalHeaders(headers);
    return true;
  }
}

// -----------------------------------------------------------------------------
// The server's 'stream' listener (bound to the server and its classes).

function onServerStream(ServerRequest, ServerResponse, stream, headers, flags, rawHeaders) {
  const server = this;
  const req = new ServerRequest(stream, headers, undefined, rawHeaders);
  const res = new ServerResponse(stream);
  if (headers[':method'] === 'CONNECT') {
    if (!server.emit('connect', req, res)) {
      res.statusCode = 405;
      res.end();
    }
    return;
  }
  if (headers.expect === undefined) server.emit('request', req, res);
  else emitExpecting(server, req, res, headers.expect === '100-continue');
}

module.exports = { onServerStream, Http2ServerRequest, Http2ServerResponse };
