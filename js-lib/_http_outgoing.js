'use strict';
// http.OutgoingMessage: the header store and the write()/end() state
// machine shared by responses and client requests. Like Node's it is a
// legacy Stream (an EventEmitter with pipe()). Server responses hand heads
// and body chunks to the C engine (ServerResponse's _sendChunk()/_sendEnd());
// the default _sendChunk()/_sendEnd() here are Node's own path, used by an
// OutgoingMessage (or a ServerResponse) that packages and tests build over a
// socket or stream of their own: the head string (_header), the body framed
// (chunked or not) and written with _send()/_writeRaw() to this.socket, or
// kept in outputData until a socket is assigned.

const Stream = require('stream');
const EE = require('events');
const { Buffer } = require('buffer');
const {
  errors, validateHeaderName, validateHeaderValue, checkInvalidHeaderChar, checkIsHttpToken,
} = require('_http_common');

const {
  ERR_HTTP_HEADERS_SENT, ERR_STREAM_WRITE_AFTER_END, ERR_STREAM_DESTROYED,
  ERR_STREAM_NULL_VALUES, ERR_STREAM_ALREADY_FINISHED, ERR_INVALID_ARG_TYPE,
  ERR_INVALID_ARG_VALUE, ERR_METHOD_NOT_IMPLEMENTED,
} = errors;

const RE_CONN_CLOSE = /(?:^|\W)close(?:$|\W)/i;
const RE_TE_CHUNKED = /(?:^|\W)chunked(?:$|\W)/i;

// Header flags understood by binding.writeHead (docs/http-binding.md).
const F_CONTENT_LENGTH = 1;
const F_TRANSFER_ENCODING = 2;
const F_DATE = 4;
const F_CONNECTION = 8;
const F_CLOSE = 16;
const F_NO_DATE = 32;
const F_NO_BODY = 64;
const F_USER_CHUNKED = 128; // the user's Transfer-Encoding is chunked: C frames the body
const F_KEEP_ALIVE = 256; // the user set Keep-Alive: the engine adds none

function nop() {}

const kHighWaterMark = 16384; // Node's default for the queued output
const kCrlf = Buffer.from('\r\n');
let deprecate = null;
function deprecated(fn, what) {
  return function deprecatedAccessor(...args) {
    if (deprecate === null) deprecate = require('util').deprecate;
    if (fn.deprecated === undefined) {
      fn.deprecated = deprecate(fn, `OutgoingMessage.prototype.${what} is deprecated`, 'DEP0066');
    }
    return fn.deprecated.apply(this, args);
  };
}

function OutgoingMessage(options) {
  Stream.call(this);
  this.writable = true;
  this.destroyed = false;
  this._last = false;
  this.chunkedEncoding = false;
  this.shouldKeepAlive = true;
  this.maxRequestsOnConnectionReached = false;
  this._defaultKeepAlive = true;
  this.useChunkedEncodingByDefault = true;
  this.sendDate = false;
  this._removedConnection = false;
  this._removedContLen = false;
  this._removedTE = false;
  this.strictContentLength = false;
  this._contentLength = null;
  this._hasBody = true;
  this._trailer = '';
  this._hasTrailerHeader = false;
  this._headAtEnd = false; // end() made the head: Node knows the body's length
  this.finished = false;
  this._headerSent = false;
  this._closed = false;
  this._headerState = null; // see _header below
  this._outHeaders = null;
  this._writableFinished = false;
  this._needDrain = false;
  this._pendingCallbacks = null;
  this._headerFlags = 0;
  this._errored = null;
  // (a write to a message that has no body throws, instead of being dropped)
  this._rejectNonStandardBodyWrites = !!(options && options.rejectNonStandardBodyWrites);
  // Node's output queue: bytes written before a socket is there.
  this.outputData = [];
  this.outputSize = 0;
}
Object.setPrototypeOf(OutgoingMessage.prototype, Stream.prototype);
Object.setPrototypeOf(OutgoingMessage, Stream);

Object.defineProperties(OutgoingMessage.prototype, {
  // Node's head string ("HTTP/1.1 200 OK\r\n...\r\n\r\n"), which packages
  // read (light-my-request, behind fastify's inject()). The engine writes the
  // head in C from the header list, so the string is built only when read:
  // _headerState is null, that list, or a string.
  _header: {
    configurable: true,
    get() {
      const state = this._headerState;
      if (!Array.isArray(state)) return state;
      this._headerState = renderHead(this, state);
      return this._headerState;
    },
    set(value) { this._headerState = value; },
  },
  headersSent: {
    configurable: true, enumerable: true, get() { return !!this._headerState; },
  },
  // (Node's: ended, nothing queued here nor on the socket)
  writableFinished: {
    configurable: true,
    get() {
      const s = this.socket;
      return this.finished && this.outputSize === 0 && (!s || !s.writableLength);
    },
  },
  writableEnded: {
    configurable: true, get() { return this.finished; },
  },
  writableObjectMode: { configurable: true, get() { return false; } },
  writableLength: {
    configurable: true,
    get() {
      const s = this.socket;
      return this.outputSize + (s ? s.writableLength || 0 : 0);
    },
  },
  writableHighWaterMark: {
    configurable: true,
    get() {
      const s = this.socket;
      return s && s.writableHighWaterMark !== undefined ? s.writableHighWaterMark : kHighWaterMark;
    },
  },
  writableCorked: { configurable: true, get() { return 0; } },
  writableNeedDrain: { configurable: true, get() { return this._needDrain; } },
  connection: {
    configurable: true,
    get() { return this.socket; },
    set(v) { this.socket = v; },
  },
  errored: { configurable: true, get() { return this._errored; } },
  closed: { configurable: true, get() { return this._closed; } },
  // Node's deprecated views of the header store (DEP0066), still used by
  // older packages.
  _headers: {
    configurable: true,
    get: deprecated(function getHeadersView() { return this.getHeaders(); }, '_headers'),
    set: deprecated(function setHeadersView(val) {
      if (val == null) {
        this._outHeaders = null;
      } else if (typeof val === 'object') {
        const headers = this._outHeaders = { __proto__: null };
        for (const name of Object.keys(val)) headers[name.toLowerCase()] = [name, val[name]];
      }
    }, '_headers'),
  },
  _headerNames: {
    configurable: true,
    get: deprecated(function getHeaderNames() {
      const headers = this._outHeaders;
      if (headers === null) return null;
      const out = { __proto__: null };
      for (const key of Object.keys(headers)) out[key] = headers[key][0];
      return out;
    }, '_headerNames'),
    set: deprecated(function setHeaderNames(val) {
      const headers = this._outHeaders;
      if (typeof val !== 'object' || val === null || !headers) return;
      for (const key of Object.keys(val)) {
        if (headers[key]) headers[key][0] = val[key];
      }
    }, '_headerNames'),
  },
});

// events.captureRejections: a rejected async listener destroys the message.
OutgoingMessage.prototype[EE.captureRejectionSymbol] = function captureRejection(err) {
  this.destroy(err);
};

OutgoingMessage.prototype.cork = function cork() {};
OutgoingMessage.prototype.uncork = function uncork() {};

OutgoingMessage.prototype.setTimeout = function setTimeout(msecs, callback) {
  if (callback) this.on('timeout', callback);
  const s = this.socket;
  if (s) s.setTimeout(msecs);
  else this.once('socket', (sock) => sock.setTimeout(msecs));
  return this;
};

OutgoingMessage.prototype.destroy = function destroy(error) {
  if (this.destroyed) return this;
  this.destroyed = true;
  this._errored = error === undefined ? null : error;
  const s = this.socket;
  if (s) s.destroy(error);
  else this.once('socket', (socket) => socket.destroy(error));
  return this;
};

// --- header store -------------------------------------------------------------
// _outHeaders: null-prototype map lower-case name -> [name as set, value].

// Node checks this._header; _headerState is that without rendering the head
// (and undefined when a method runs on another object).
function headerStored(msg) {
  const state = msg._headerState;
  return state === undefined ? !!msg._header : !!state;
}

OutgoingMessage.prototype.setHeader = function setHeader(name, value) {
  if (headerStored(this)) throw new ERR_HTTP_HEADERS_SENT('set');
  validateHeaderName(name);
  validateHeaderValue(name, value);
  let headers = this._outHeaders;
  if (headers === null) this._outHeaders = headers = { __proto__: null };
  headers[name.toLowerCase()] = [name, value];
  return this;
};

OutgoingMessage.prototype.setHeaders = function setHeaders(headers) {
  if (headerStored(this)) throw new ERR_HTTP_HEADERS_SENT('set');
  if (!headers || Array.isArray(headers) || typeof headers.keys !== 'function' ||
      typeof headers.get !== 'function') {
    throw new ERR_INVALID_ARG_TYPE('headers', ['Headers', 'Map'], headers);
  }
  const cookies = [];
  for (const { 0: key, 1: value } of headers) {
    if (key === 'set-cookie') {
      if (Array.isArray(value)) cookies.push(...value);
      else cookies.push(value);
      continue;
    }
    this.setHeader(key, value);
  }
  if (cookies.length) this.setHeader('set-cookie', cookies);
  return this;
};

OutgoingMessage.prototype.appendHeader = function appendHeader(name, value) {
  if (headerStored(this)) throw new ERR_HTTP_HEADERS_SENT('append');
  validateHeaderName(name);
  validateHeaderValue(name, value);
  const field = name.toLowerCase();
  const headers = this._outHeaders;
  if (headers === null || !headers[field]) return this.setHeader(name, value);
  if (!Array.isArray(headers[field][1])) headers[field][1] = [headers[field][1]];
  const existing = headers[field][1];
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) existing.push(value[i]);
  } else {
    existing.push(value);
  }
  return this;
};

function validateName(name) {
  if (typeof name !== 'string') throw new ERR_INVALID_ARG_TYPE('name', 'string', name);
}

OutgoingMessage.prototype.getHeader = function getHeader(name) {
  validateName(name);
  const headers = this._outHeaders;
  if (headers === null) return undefined;
  const entry = headers[name.toLowerCase()];
  return entry && entry[1];
};

OutgoingMessage.prototype.getHeaderNames = function getHeaderNames() {
  return this._outHeaders !== null ? Object.keys(this._outHeaders) : [];
};

OutgoingMessage.prototype.getRawHeaderNames = function getRawHeaderNames() {
  const headers = this._outHeaders;
  if (headers === null) return [];
  const out = [];
  for (const key in headers) out.push(headers[key][0]);
  return out;
};

OutgoingMessage.prototype.getHeaders = function getHeaders() {
  const headers = this._outHeaders;
  const ret = { __proto__: null };
  if (headers !== null) {
    for (const key in headers) ret[key] = headers[key][1];
  }
  return ret;
};

OutgoingMessage.prototype.hasHeader = function hasHeader(name) {
  validateName(name);
  return this._outHeaders !== null && !!this._outHeaders[name.toLowerCase()];
};

OutgoingMessage.prototype.removeHeader = function removeHeader(name) {
  validateName(name);
  if (headerStored(this)) throw new ERR_HTTP_HEADERS_SENT('remove');
  const key = name.toLowerCase();
  switch (key) {
    case 'connection': this._removedConnection = true; break;
    case 'content-length': this._removedContLen = true; break;
    case 'transfer-encoding': this._removedTE = true; break;
    case 'date': this.sendDate = false; break;
  }
  if (this._outHeaders !== null) delete this._outHeaders[key];
};

// The fields collect in _trailer ("Name: value\r\n" lines, as Node's); the
// engine sends them after the last chunk of a chunked body (HTTP/2: as a
// trailing HEADERS frame).
OutgoingMessage.prototype.addTrailers = function addTrailers(headers) {
  const keys = Object.keys(headers);
  const isArray = Array.isArray(headers);
  for (let i = 0; i < keys.length; i++) {
    let field; let value;
    if (isArray) { field = headers[keys[i]][0]; value = headers[keys[i]][1]; }
    else { field = keys[i]; value = headers[field]; }
    validateHeaderName(field, 'Trailer name');
    if (Array.isArray(value) && value.length > 1 &&
        (!this._uniqueHeaders || !this._uniqueHeaders.has(field.toLowerCase()))) {
      for (let j = 0; j < value.length; j++) {
        if (checkInvalidHeaderChar(value[j])) {
          throw new errors.ERR_INVALID_CHAR('trailer content', field);
        }
        this._trailer += `${field}: ${value[j]}\r\n`;
      }
    } else {
      if (Array.isArray(value)) value = value.join('; ');
      if (checkInvalidHeaderChar(value)) throw new errors.ERR_INVALID_CHAR('trailer content', field);
      this._trailer += `${field}: ${value}\r\n`;
    }
  }
};

// Turns the headers (the _outHeaders store, a {name: value} object, a flat
// [name, value, ...] array or an array of [name, value] pairs) into the flat
// array for binding.writeHead, checking names and values as Node does, and
// computes the header flags. Stores the result in _header/_headerFlags.
OutgoingMessage.prototype._storeHeader = function _storeHeader(headers) {
  const out = [];
  let flags = 0;
  this._hasTrailerHeader = false;
  if (headers) {
    if (headers === this._outHeaders) {
      for (const key in headers) {
        const entry = headers[key];
        flags |= processHeader(this, out, entry[0], entry[1], false, key);
      }
    } else if (Array.isArray(headers)) {
      if (headers.length && Array.isArray(headers[0])) {
        for (let i = 0; i < headers.length; i++) {
          const entry = headers[i];
          flags |= processHeader(this, out, entry[0], entry[1], true, null);
        }
      } else {
        if (headers.length % 2 !== 0) throw new ERR_INVALID_ARG_VALUE('headers', headers);
        for (let n = 0; n < headers.length; n += 2) {
          flags |= processHeader(this, out, headers[n], headers[n + 1], true, null);
        }
      }
    } else {
      for (const key in headers) {
        if (Object.prototype.hasOwnProperty.call(headers, key)) {
          flags |= processHeader(this, out, key, headers[key], true, null);
        }
      }
    }
  }
  if (!this.sendDate) flags |= F_NO_DATE;
  if (this._removedConnection) flags |= F_CONNECTION;
  if (!this._hasBody) flags |= F_NO_BODY;
  // A 204/304 with a user-set chunked encoding: no body, close (as Node).
  if (this.chunkedEncoding && (this.statusCode === 204 || this.statusCode === 304)) {
    this.chunkedEncoding = false;
    this.shouldKeepAlive = false;
  }
  if (this.chunkedEncoding && (flags & F_CONTENT_LENGTH) === 0) flags |= F_USER_CHUNKED;
  if (this._removedContLen && this._removedTE && (flags & (F_CONTENT_LENGTH | F_TRANSFER_ENCODING)) === 0) {
    // The user removed both framing headers: Node adds neither and the body
    // runs until the connection closes. The engine adds neither for a head
    // that has a (non-chunked) Transfer-Encoding of its own.
    this._last = true;
    flags |= F_TRANSFER_ENCODING;
  }
  // maxRequestsPerSocket (Node's _storeHeader): the last request allowed
  // says close (and, as Node, does not close: the client does), the others
  // announce the limit with the keep-alive timeout.
  if ((flags & F_CONNECTION) === 0 && this.shouldKeepAlive && !this._last) {
    if (this.maxRequestsOnConnectionReached) {
      out.push('Connection', 'close');
      flags |= F_CONNECTION;
    } else if (~~this._maxRequestsPerSocket > 0 && this._keepAliveTimeout && this._defaultKeepAlive) {
      out.push('Keep-Alive', `timeout=${Math.floor(this._keepAliveTimeout / 1000)}, max=${this._maxRequestsPerSocket}`);
      flags |= F_KEEP_ALIVE;
    }
  }
  if (this._last || !this.shouldKeepAlive) flags |= F_CLOSE;
  // A Trailer header needs a chunked body (Node's check).
  if (this._hasTrailerHeader && (!this._hasBody || (flags & F_CONTENT_LENGTH) !== 0)) {
    throw new errors.ERR_HTTP_TRAILER_INVALID();
  }
  this._headerFlags = flags;
  this._headerState = out;
  this._headerSent = false;
  return out;
};

// The head as Node's _storeHeader writes it: status line, the headers, then
// Date, Connection and the body framing unless the headers have them.
function renderHead(msg, list, flags = msg._headerFlags) {
  // (a ServerResponse's status as writeHead() fixed it)
  const status = msg._headStatus ? msg._headStatus : msg.statusCode;
  const reason = msg._headStatus ? msg._headReason : msg.statusMessage;
  let head = `HTTP/1.1 ${status} ${reason}\r\n`;
  for (let i = 0; i < list.length; i += 2) head += `${list[i]}: ${list[i + 1]}\r\n`;
  if ((flags & (F_DATE | F_NO_DATE)) === 0) head += `Date: ${new Date().toUTCString()}\r\n`;
  if ((flags & F_CONNECTION) === 0) {
    if (flags & F_CLOSE) {
      head += 'Connection: close\r\n';
    } else {
      head += 'Connection: keep-alive\r\n';
      // A Keep-Alive header the user set replaces the server's (Node's _defaultKeepAlive)
      if (msg._keepAliveTimeout && msg._defaultKeepAlive && (flags & F_KEEP_ALIVE) === 0) head += `Keep-Alive: timeout=${Math.floor(msg._keepAliveTimeout / 1000)}\r\n`;
    }
  }
  if ((flags & (F_CONTENT_LENGTH | F_TRANSFER_ENCODING)) === 0 && msg._hasBody) {
    if (typeof msg._contentLength === 'number' && !msg._removedContLen) {
      head += `Content-Length: ${msg._contentLength}\r\n`;
    } else if (msg.useChunkedEncodingByDefault) {
      head += 'Transfer-Encoding: chunked\r\n';
      msg.chunkedEncoding = true; // (the body framing of _sendChunk's own path)
    }
  }
  return `${head}\r\n`;
}

function processHeader(self, out, key, value, validate, lowerKey) {
  const known = knownName(key, validate, lowerKey);
  if (Array.isArray(value)) {
    if (value.length < 2 || !isCookieField(key)) {
      let flags = 0;
      for (let i = 0; i < value.length; i++) {
        flags |= storeHeader(self, out, key, value[i], validate, known);
      }
      return flags;
    }
    value = value.join('; ');
  }
  return storeHeader(self, out, key, value, validate, known);
}

function isCookieField(s) {
  return s.length === 6 && s.toLowerCase() === 'cookie';
}

// The header names that change the head's framing or state (storeHeader).
const K_OTHER = 0;
const K_CONNECTION = 1;
const K_TRANSFER_ENCODING = 2;
const K_CONTENT_LENGTH = 3;
const K_DATE = 4;
const K_TRAILER = 5;
const K_KEEP_ALIVE = 6;

// Names already checked (validateHeaderName), each with its K_ kind and the
// last string value checked for it (validateHeaderValue). An app sends the
// same few names, most with the same few values, on every response: the
// token check, the toLowerCase() and the string switch then run once per
// name, and the value check (a loop over its characters, ~30 instructions
// a character) once per name and value in a row, not per header.
// Bounded: a proxy may pass on any names its clients send.
const knownNames = new Map();
const kMaxKnownNames = 256;

function KnownName(kind) {
  this.kind = kind;
  this.value = null; // the last value that passed validateHeaderValue
}

function knownName(key, validate, lowerKey) {
  let known = knownNames.get(key);
  if (known !== undefined) return known;
  if (validate) validateHeaderName(key);
  known = new KnownName(kindOfName(lowerKey !== null ? lowerKey : key));
  // (a name not checked here, from the deprecated _headers setter, is
  // remembered only if valid: a later check must still see it)
  if (!validate && !checkIsHttpToken(key)) return known;
  if (knownNames.size >= kMaxKnownNames) knownNames.clear();
  knownNames.set(key, known);
  return known;
}

function kindOfName(key) {
  const len = key.length;
  if (len < 4 || len > 17) return K_OTHER;
  switch (len) {
    case 4: case 6: case 7: case 10: case 14: case 17: break;
    default: return K_OTHER;
  }
  switch (key.toLowerCase()) {
    case 'connection': return K_CONNECTION;
    case 'transfer-encoding': return K_TRANSFER_ENCODING;
    case 'content-length': return K_CONTENT_LENGTH;
    case 'date': return K_DATE;
    case 'trailer': return K_TRAILER;
    case 'keep-alive': return K_KEEP_ALIVE;
  }
  return K_OTHER;
}

function storeHeader(self, out, key, value, validate, known) {
  if (validate && value !== known.value) {
    validateHeaderValue(key, value);
    if (typeof value === 'string') known.value = value;
  }
  if (typeof value !== 'string') value = `${value}`;
  out.push(key, value);
  switch (known.kind) {
    case K_OTHER:
      return 0;
    case K_CONNECTION:
      self._removedConnection = false;
      if (RE_CONN_CLOSE.test(value)) self._last = true;
      else self.shouldKeepAlive = true;
      return F_CONNECTION;
    case K_TRANSFER_ENCODING:
      self._removedTE = false;
      if (RE_TE_CHUNKED.test(value)) self.chunkedEncoding = true;
      return F_TRANSFER_ENCODING;
    case K_CONTENT_LENGTH:
      self._contentLength = +value;
      self._removedContLen = false;
      return F_CONTENT_LENGTH;
    case K_DATE:
      return F_DATE;
    case K_TRAILER:
      self._hasTrailerHeader = true; // the body is chunked (Node's state.trailer)
      return 0;
    case K_KEEP_ALIVE:
      self._defaultKeepAlive = false;
      return F_KEEP_ALIVE;
  }
  return 0;
}

// --- body ---------------------------------------------------------------------

// (As Node's: nothing for a destroyed message, e.g. end(data) on a response
// already finished and closed.)
function onError(msg, err, callback) {
  if (msg.destroyed) return;
  process.nextTick(emitErrorNt, msg, err, callback);
}

function emitErrorNt(msg, err, callback) {
  callback(err);
  if (typeof msg.emit === 'function' && !msg.destroyed) msg.emit('error', err);
}

function checkChunk(chunk) {
  if (chunk === null) throw new ERR_STREAM_NULL_VALUES();
  if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) {
    throw new ERR_INVALID_ARG_TYPE('chunk', ['string', 'Buffer', 'Uint8Array'], chunk);
  }
}

OutgoingMessage.prototype.write = function write(chunk, encoding, callback) {
  if (typeof encoding === 'function') {
    callback = encoding;
    encoding = null;
  }
  checkChunk(chunk);
  if (typeof callback !== 'function') callback = nop;
  let err;
  if (this.finished) err = new ERR_STREAM_WRITE_AFTER_END();
  else if (this.destroyed) err = new ERR_STREAM_DESTROYED('write');
  if (err) {
    if (!this.destroyed) onError(this, err, callback);
    else process.nextTick(callback, err);
    return false;
  }
  if (this.strictContentLength) countStrictLength(this, chunk, encoding, false);
  if (!this._headerState) this._implicitHeader();
  if (!this._hasBody) {
    if (this._rejectNonStandardBodyWrites) throw new errors.ERR_HTTP_BODY_NOT_ALLOWED();
    process.nextTick(callback);
    return true;
  }
  const ret = this._sendChunk(chunk, encoding, callback);
  if (!ret) this._needDrain = true;
  return ret;
};

// For a _sendChunk() that does not write through a socket: the callback
// runs next tick, or once the queue drained (_flushCallbacks).
OutgoingMessage.prototype._deferWriteCallback = function _deferWriteCallback(ret, callback) {
  if (callback === nop || typeof callback !== 'function') return;
  if (ret) process.nextTick(callback);
  else (this._pendingCallbacks || (this._pendingCallbacks = [])).push(callback);
};

OutgoingMessage.prototype.end = function end(chunk, encoding, callback) {
  if (typeof chunk === 'function') {
    callback = chunk;
    chunk = null;
    encoding = null;
  } else if (typeof encoding === 'function') {
    callback = encoding;
    encoding = null;
  }

  if (chunk) {
    if (this.finished) {
      onError(this, new ERR_STREAM_WRITE_AFTER_END(),
              typeof callback !== 'function' ? nop : callback);
      return this;
    }
    checkChunk(chunk);
    if (this.strictContentLength && !this.destroyed) countStrictLength(this, chunk, encoding, true);
    if (this.destroyed) {
      chunk = undefined;
    } else if (!this._headerState) {
      this._contentLength = typeof chunk === 'string' ? Buffer.byteLength(chunk, encoding || undefined)
        : chunk.byteLength;
      this._headAtEnd = true;
      this._implicitHeader();
    }
    if (!this._hasBody) {
      if (this._rejectNonStandardBodyWrites) throw new errors.ERR_HTTP_BODY_NOT_ALLOWED();
      chunk = undefined;
    }
  } else {
    if (this.finished) {
      if (typeof callback === 'function') {
        if (!this.writableFinished) this.on('finish', callback);
        else callback(new ERR_STREAM_ALREADY_FINISHED('end'));
      }
      return this;
    }
    chunk = undefined;
    if (!this._headerState) {
      this._contentLength = 0;
      this._headAtEnd = true;
      this._implicitHeader();
    }
  }

  if (typeof callback === 'function') this.once('finish', callback);
  if (strictContentLength(this) && (this._strictWritten || 0) !== this._contentLength) {
    throw new errors.ERR_HTTP_CONTENT_LENGTH_MISMATCH(this._strictWritten || 0, this._contentLength);
  }
  this.finished = true;
  if (!this.destroyed) this._sendEnd(chunk, encoding);
  return this;
};

// strictContentLength (Node's): the body must be as long as the
// Content-Length said; the bytes are counted only when it is on.
function strictContentLength(msg) {
  return msg.strictContentLength && msg._contentLength != null && msg._hasBody &&
    !msg._removedContLen && !msg.chunkedEncoding && !msg.hasHeader('transfer-encoding');
}

function countStrictLength(msg, chunk, encoding, fromEnd) {
  const len = typeof chunk === 'string' ? Buffer.byteLength(chunk, encoding || undefined)
    : chunk.byteLength;
  const written = (msg._strictWritten || 0) + len;
  if (strictContentLength(msg) &&
      (fromEnd ? written !== msg._contentLength : written > msg._contentLength)) {
    throw new errors.ERR_HTTP_CONTENT_LENGTH_MISMATCH(written, msg._contentLength);
  }
  msg._strictWritten = written;
}

// Write callbacks waiting for the queue to drain (or the response to finish).
OutgoingMessage.prototype._flushCallbacks = function _flushCallbacks(err) {
  const cbs = this._pendingCallbacks;
  if (cbs !== null) {
    this._pendingCallbacks = null;
    for (let i = 0; i < cbs.length; i++) cbs[i](err);
  }
};

OutgoingMessage.prototype._implicitHeader = function _implicitHeader() {
  throw new ERR_METHOD_NOT_IMPLEMENTED('_implicitHeader()');
};

// --- Node's own output path (no C engine) ---------------------------------------
// The head is rendered (renderHead) when first sent, which also decides the
// body's framing (chunkedEncoding).

function renderStoredHead(msg) {
  const state = msg._headerState;
  if (Array.isArray(state)) msg._headerState = renderHead(msg, state);
}

OutgoingMessage.prototype._sendChunk = function _sendChunk(chunk, encoding, callback) {
  renderStoredHead(this);
  if (callback === nop) callback = null;
  if (this.chunkedEncoding && chunk.length !== 0) {
    const len = typeof chunk === 'string' ? Buffer.byteLength(chunk, encoding || undefined)
      : chunk.byteLength;
    this._send(len.toString(16), 'latin1', null);
    this._send(kCrlf, null, null);
    this._send(chunk, encoding, null, len);
    return this._send(kCrlf, null, callback);
  }
  return this._send(chunk, encoding, callback);
};

function onFinish(msg) {
  const s = msg.socket;
  if (s && s._hadError) return;
  msg._writableFinished = true;
  msg._flushCallbacks();
  msg.emit('finish');
}

OutgoingMessage.prototype._sendEnd = function _sendEnd(chunk, encoding) {
  renderStoredHead(this);
  if (chunk !== undefined) this._sendChunk(chunk, encoding, null);
  const finish = () => onFinish(this);
  if (this._hasBody && this.chunkedEncoding) {
    this._send(`0\r\n${this._trailer}\r\n`, 'latin1', finish);
  } else if (!this._headerSent || this.writableLength || chunk) {
    this._send('', 'latin1', finish);
  } else {
    process.nextTick(finish);
  }
  const s = this.socket;
  if (this.outputData.length === 0 && s && s._httpMessage === this) this.emit('prefinish');
};

// Node's _send(): the head goes first, with the first bytes sent.
OutgoingMessage.prototype._send = function _send(data, encoding, callback, byteLength) {
  if (!this._headerSent && this._header !== null && this._header !== undefined) {
    const header = this._header;
    if (typeof data === 'string' &&
        (encoding === 'utf8' || encoding === 'latin1' || !encoding)) {
      data = header + data;
    } else {
      this.outputData.unshift({ data: header, encoding: 'latin1', callback: null });
      this.outputSize += header.length;
    }
    this._headerSent = true;
  }
  return this._writeRaw(data, encoding, callback, byteLength);
};

// Node's _writeRaw(): to the socket when this message owns it, else queued.
OutgoingMessage.prototype._writeRaw = function _writeRaw(data, encoding, callback, size) {
  const conn = this.socket;
  if (conn && conn.destroyed) return false;
  if (typeof encoding === 'function') {
    callback = encoding;
    encoding = null;
  }
  if (conn && conn._httpMessage === this && conn.writable) {
    if (this.outputData.length) this._flushOutput(conn);
    return conn.write(data, encoding || undefined, callback || undefined);
  }
  this.outputData.push({ data, encoding, callback });
  this.outputSize += size === undefined ? data.length : size;
  return this.outputSize < kHighWaterMark;
};

OutgoingMessage.prototype._flushOutput = function _flushOutput(socket) {
  const outputData = this.outputData;
  if (outputData.length === 0) return true;
  socket.cork();
  let ret = true;
  for (let i = 0; i < outputData.length; i++) {
    const { data, encoding, callback } = outputData[i];
    ret = socket.write(data, encoding || undefined, callback || undefined);
  }
  socket.uncork();
  this.outputData = [];
  this.outputSize = 0;
  return ret;
};

OutgoingMessage.prototype.flushHeaders = function flushHeaders() {
  if (!this._headerState) this._implicitHeader();
  this._flushHeaders();
};

OutgoingMessage.prototype._flushHeaders = function _flushHeaders() {
  renderStoredHead(this);
  this._send('');
};

OutgoingMessage.prototype.pipe = function pipe() {
  // OutgoingMessage is writable only (as Node: emits ERR_STREAM_CANNOT_PIPE).
  const err = new Error('Cannot pipe, not readable');
  err.code = 'ERR_STREAM_CANNOT_PIPE';
  this.emit('error', err);
};

module.exports = {
  OutgoingMessage,
  validateHeaderName,
  validateHeaderValue,
  flags: {
    F_CONTENT_LENGTH, F_TRANSFER_ENCODING, F_DATE, F_CONNECTION, F_CLOSE, F_NO_DATE, F_NO_BODY,
    F_USER_CHUNKED, F_KEEP_ALIVE,
  },
};
