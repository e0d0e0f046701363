'use strict';
// http.Server and http.ServerResponse on the C HTTP/1.1 engine
// (internalBinding('http'), docs/http-binding.md). C accepts, parses,
// enforces limits and timeouts, and encodes responses; this file turns its
// callbacks into Node's objects and events. Per request the work is: one
// IncomingMessage, one ServerResponse, one 'request' emit; headers objects
// and socket objects are built only when someone looks at them.

const EventEmitter = require('events');
const { kOnConnectionListener } = require('internal/events_hooks');
const { Buffer } = require('buffer');
const { FastBuffer } = require('buffer')[Symbol.for('shoal.buffer.internals')];
const {
  STATUS_CODES, errors, getBinding, connResetException, kEmptyObject, checkInvalidHeaderChar,
} = require('_http_common');
const { OutgoingMessage, flags: F } = require('_http_outgoing');
const { IncomingMessage } = require('_http_incoming');
const { socketFor, connClosed } = require('internal/http/socket');
const tunnel = require('internal/http/tunnel');
const { validateInteger, validateObject, errnoException } = require('internal/errors');
const { queueMicrotask, ticksQueued, nextTickFirst } = require('internal/task_queue');
const { validateLinkHeaderValue } = require('internal/validators');
const perf = require('internal/perf/observe');

const {
  ERR_HTTP_HEADERS_SENT, ERR_HTTP_INVALID_STATUS_CODE, ERR_INVALID_CHAR,
  ERR_SERVER_ALREADY_LISTEN, ERR_SERVER_NOT_RUNNING, ERR_SOCKET_BAD_PORT,
  ERR_INVALID_ARG_VALUE, ERR_INVALID_ARG_TYPE, ERR_HTTP_REQUEST_TIMEOUT, ERR_HTTP_SOCKET_ASSIGNED,
} = errors;

const continueExpression = /(?:^|\W)100-continue(?:$|\W)/i;

// Request flags from onRequest (docs/http-binding.md).
const RQ_KEEP_ALIVE = 1;
const RQ_EXPECT_CONTINUE = 2;
const RQ_UPGRADE = 4;
const RQ_HAS_BODY = 8;
const RQ_HAS_HOST = 16;
const RQ_HAS_EXPECT = 32;

// =============================================================================
// ServerResponse

function ServerResponse(req, options) {
  OutgoingMessage.call(this, options);
  if (req.method === 'HEAD') this._hasBody = false;
  this.req = req;
  this.sendDate = true;
  this._sent100 = false;
  this._expect_continue = false;
  this._handle = null;          // the C request handle
  this._conn = null;
  this._server = null;
  this._socket = null;
  this._detached = false;
  this._keepAliveTimeout = 0;
  this._headList = null;
  this.statusCode = 200;
  this.statusMessage = undefined;
  // The status line writeHead() fixed (as Node's head string: a later
  // assignment to statusCode does not change what is sent).
  this._headStatus = 0;
  this._headReason = '';
  // (HTTP/2 requests are 2.0: neither chunking nor keep-alive apply.)
  if (req.httpVersionMajor < 1 || (req.httpVersionMajor === 1 && req.httpVersionMinor < 1)) {
    this.useChunkedEncodingByDefault = false;
    this.shouldKeepAlive = false;
  }
}
Object.setPrototypeOf(ServerResponse.prototype, OutgoingMessage.prototype);
Object.setPrototypeOf(ServerResponse, OutgoingMessage);

Object.defineProperty(ServerResponse.prototype, 'socket', {
  configurable: true,
  enumerable: true,
  get() {
    let s = this._socket;
    if (s === null && this._conn !== null && !this._detached) {
      s = this._socket = socketFor(this._server, this._conn);
      if (s._httpMessage === null) s._httpMessage = this;
    }
    return s;
  },
  set(v) {
    this._socket = v;
    if (v === null) this._detached = true;
  },
});

ServerResponse.prototype.assignSocket = function assignSocket(socket) {
  if (socket._httpMessage) throw new ERR_HTTP_SOCKET_ASSIGNED();
  socket._httpMessage = this;
  this._socket = socket;
  this._detached = false;
  this.emit('socket', socket);
  // (what was written before, out now: Node's _flush)
  if (this.outputData.length > 0 && socket.writable) this._flushOutput(socket);
};

ServerResponse.prototype.detachSocket = function detachSocket(socket) {
  if (socket && socket._httpMessage === this) socket._httpMessage = null;
  this._socket = null;
  this._detached = true;
};

ServerResponse.prototype.writeContinue = function writeContinue(cb) {
  if (this._handle !== null && !this.destroyed) getBinding().writeContinue(this._handle);
  this._sent100 = true;
  if (typeof cb === 'function') process.nextTick(cb);
};

// Bytes as they are on the connection, ahead of the response's head (as
// Node's _writeRaw: the 1xx informational responses). HTTP/1 only. A
// response without a connection of the engine (made by user code over a
// socket of its own) writes through OutgoingMessage's path.
ServerResponse.prototype._writeRaw = function _writeRaw(data, encoding, cb, size) {
  if (this._conn === null && this._handle === null) {
    return OutgoingMessage.prototype._writeRaw.call(this, data, encoding, cb, size);
  }
  if (typeof encoding === 'function') {
    cb = encoding;
    encoding = undefined;
  }
  if (this._conn === null || this.destroyed || this._connClosed() ||
      this.req.httpVersionMajor !== 1) {
    return false;
  }
  const bytes = typeof data === 'string' ? Buffer.from(data, encoding || 'latin1') : data;
  if (bytes.byteLength > 0) getBinding().rawWrite(this._conn, bytes);
  if (typeof cb === 'function') process.nextTick(cb);
  return true;
};

ServerResponse.prototype.writeProcessing = function writeProcessing(cb) {
  this._writeRaw('HTTP/1.1 102 Processing\r\n\r\n', 'ascii', cb);
};

ServerResponse.prototype.writeEarlyHints = function writeEarlyHints(hints, cb) {
  validateObject(hints, 'hints');
  if (hints.link === null || hints.link === undefined) return;
  const link = validateLinkHeaderValue(hints.link);
  if (link.length === 0) return;
  let head = `HTTP/1.1 103 Early Hints\r\nLink: ${link}\r\n`;
  const keys = Object.keys(hints);
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] !== 'link') head += `${keys[i]}: ${hints[keys[i]]}\r\n`;
  }
  this._writeRaw(`${head}\r\n`, 'ascii', cb);
};

ServerResponse.prototype._implicitHeader = function _implicitHeader() {
  this.writeHead(this.statusCode);
};

ServerResponse.prototype.writeHead = function writeHead(statusCode, reason, obj) {
  if (this._headerState) throw new ERR_HTTP_HEADERS_SENT('write');
  const originalStatusCode = statusCode;
  statusCode |= 0;
  if (statusCode < 100 || statusCode > 999) {
    throw new ERR_HTTP_INVALID_STATUS_CODE(originalStatusCode);
  }
  if (typeof reason === 'string') {
    this.statusMessage = reason;
  } else {
    if (!this.statusMessage) this.statusMessage = STATUS_CODES[statusCode] || 'unknown';
    if (obj === undefined || obj === null) obj = reason;
  }
  this.statusCode = statusCode;
  this._headStatus = statusCode;

  let headers;
  if (this._outHeaders !== null) {
    // Headers from setHeader() plus the ones given here.
    if (Array.isArray(obj)) {
      if (obj.length % 2 !== 0) throw new ERR_INVALID_ARG_VALUE('headers', obj);
      for (let n = 0; n < obj.length; n += 2) {
        if (obj[n]) this.setHeader(obj[n], obj[n + 1]);
      }
    } else if (obj) {
      const keys = Object.keys(obj);
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i];
        if (k) this.setHeader(k, obj[k]);
      }
    }
    headers = this._outHeaders;
  } else {
    headers = obj;
  }

  if (checkInvalidHeaderChar(this.statusMessage)) throw new ERR_INVALID_CHAR('statusMessage');
  this._headReason = this.statusMessage;

  if (statusCode === 204 || statusCode === 304 || (statusCode >= 100 && statusCode <= 199)) {
    this._hasBody = false;
  }
  // A client that expected 100 Continue and got a final status may still
  // send its body: do not keep such a connection.
  if (this._expect_continue && !this._sent100) this.shouldKeepAlive = false;
  if (this._server !== null && this._server._closing) this.shouldKeepAlive = false;

  // The head goes to C with the first body bytes (one call, one writev);
  // its framing is fixed now, as Node's head string is: end(body) after
  // writeHead() sends a chunked body, not a Content-Length.
  this._headList = this._storeHeader(headers);
  return this;
};

ServerResponse.prototype._flushHead = function _flushHead(contentLength) {
  const list = this._headList;
  this._headList = null;
  this._headerSent = true;
  if (this._handle !== null && !this.destroyed) {
    getBinding().writeHead(this._handle, this._headStatus, this._headReason, headBlock(list),
                           this._headerFlags, contentLength);
  }
};

// The header lines as C sends them, "Name: value\r\n" each: one string
// crosses to C instead of an array read element by element (each element
// read from C is a V8 property lookup under a TryCatch, ~600 instructions).
//
// An app sends the same header list on most responses: a list equal to the
// last one (element by element, strings and numbers only, whose text cannot
// change) gets the same block back. No new rope is built, and C copies the
// flat string V8 made of the rope the first time (the flattening of a new
// rope was ~1 k instructions a response).
let lastHeadList = null;
let lastHeadBlock = '';

function headBlock(list) {
  const last = lastHeadList;
  if (last !== null && last.length === list.length) {
    let i = 0;
    while (i < list.length && list[i] === last[i]) i++;
    if (i === list.length) return lastHeadBlock;
  }
  let block = '';
  let primitive = true;
  for (let i = 0; i + 1 < list.length; i += 2) {
    const name = list[i];
    const value = list[i + 1];
    if (typeof value !== 'string' && typeof value !== 'number' || typeof name !== 'string') {
      primitive = false;
    }
    block += `${name}: ${value}\r\n`;
  }
  lastHeadList = primitive ? list : null;
  lastHeadBlock = block;
  return block;
}

// C encodes strings as UTF-8 or latin1; other encodings become bytes here.
function encodeChunk(chunk, encoding) {
  if (typeof chunk === 'string' && encoding && encoding !== 'utf8' && encoding !== 'utf-8' &&
      encoding !== 'latin1' && encoding !== 'binary') {
    return Buffer.from(chunk, encoding);
  }
  return chunk;
}

// Node's old name.
ServerResponse.prototype.writeHeader = ServerResponse.prototype.writeHead;

// (A response made by user code, without a request of the engine, writes
// to its own socket as Node's do: OutgoingMessage's path.)
ServerResponse.prototype._sendChunk = function _sendChunk(chunk, encoding, callback) {
  if (this._handle === null) {
    return OutgoingMessage.prototype._sendChunk.call(this, chunk, encoding, callback);
  }
  chunk = encodeChunk(chunk, encoding);
  if (this._headList !== null) this._flushHead(-1);
  if (this._socket !== null && this._socket._timeoutMs) this._socket._active();
  const ret = getBinding().write(this._handle, chunk, encoding || undefined);
  this._deferWriteCallback(ret, callback);
  return ret;
};

// A file's bytes start..end (inclusive) as the next body bytes, sent by the
// engine with sendfile(2) (writeFile): for fs.ReadStream's pipe
// (internal/fs/streams.js), only where the engine would get every write
// unchanged (HTTP/1.1, the prototype's write/end: compression middleware
// replaces them). true: cb(status, sent) follows; false: nothing was written
// (the head may be decided), the stream writes as usual.
ServerResponse.prototype._sendFile = function _sendFile(fd, start, end, cb) {
  // (a socket timeout is refreshed by each write, which the file has not:
  // such a response keeps the stream path)
  if (this._handle === null || this.destroyed || this.finished || this.strictContentLength ||
      this._needDrain || this.req === null || this.req.httpVersionMajor !== 1 ||
      (this._socket !== null && this._socket._timeoutMs) ||
      this.write !== OutgoingMessage.prototype.write ||
      this.end !== OutgoingMessage.prototype.end ||
      this._sendChunk !== ServerResponse.prototype._sendChunk) {
    return false;
  }
  // (not a regular file, or nothing to send: the head is not decided here,
  // the stream's end() may still give it a Content-Length of 0)
  const length = getBinding().fileLength(fd, start, end);
  if (length <= 0) return false;
  if (!this._headerState) this._implicitHeader();
  if (!this._hasBody || this._handle === null) return false;
  if (this._headList !== null) this._flushHead(-1);
  return getBinding().writeFile(this._handle, fd, start, length, cb);
};

ServerResponse.prototype._sendEnd = function _sendEnd(chunk, encoding) {
  if (this._handle === null) {
    OutgoingMessage.prototype._sendEnd.call(this, chunk, encoding);
    return;
  }
  if (chunk !== undefined) chunk = encodeChunk(chunk, encoding);
  // (before the end: the engine sends them after the last chunk)
  if (this._trailer) getBinding().setTrailers(this._handle, this._trailer);
  const list = this._headList;
  if (list !== null && !this.destroyed) {
    // Head and body go to C in one call. When end() made the head the whole
    // body is known: Content-Length, as Node. After an explicit writeHead()
    // Node's head was fixed without a length: chunked (or, to an HTTP/1.0
    // client, a body that ends with the connection). Chunked too when a
    // Trailer header announces trailers, or the user removed Content-Length.
    let len = -1;
    if (this._headAtEnd && this._hasBody && !this._hasTrailerHeader && !this._removedContLen &&
        (this._headerFlags & (F.F_CONTENT_LENGTH | F.F_TRANSFER_ENCODING)) === 0) {
      if (chunk === undefined) len = 0;
      else if (typeof chunk === 'string') {
        len = encoding === 'latin1' || encoding === 'binary' ? chunk.length
          : Buffer.byteLength(chunk);
      } else len = chunk.byteLength;
    }
    this._headList = null;
    this._headerSent = true;
    const handle = this._handle;
    if (getBinding().endWithHead(handle, this._headStatus, this._headReason, headBlock(list),
                                 this._headerFlags, len, chunk, encoding || undefined)) {
      queueFinish(this, handle.msg);
    }
  } else {
    if (list !== null) this._flushHead(-1);
    const handle = this._handle;
    if (getBinding().end(handle, chunk, encoding || undefined)) queueFinish(this, handle.msg);
  }
  // (Node's _finish: in end(), while the socket is the response's own.)
  if (this._eventsCount > 0 && !this._detached) this.emit('prefinish');
  // The response is complete but the request body is not, and nobody reads
  // it: drain it now (Node does at 'finish'; the engine reports 'finish'
  // only once the body was read, so waiting would stall the connection).
  const req = this.req;
  if (req !== null && req._expectBody && !req.complete && !req._consuming &&
      !req._readableState.resumeScheduled) {
    req._dump();
  }
};

ServerResponse.prototype._flushHeaders = function _flushHeaders() {
  if (this._handle === null) OutgoingMessage.prototype._flushHeaders.call(this);
  else if (this._handle !== null && !this.destroyed && !this.finished) {
    if (this._headList !== null) this._flushHead(-1);
    getBinding().write(this._handle, '', undefined);
  }
};

ServerResponse.prototype.destroy = function destroy(error) {
  if (this.destroyed) return this;
  this.destroyed = true;
  this._errored = error === undefined ? null : error;
  if (this.req !== null && this.req.httpVersionMajor === 2) {
    // (Node's compat API: the stream is reset, the session goes on.)
    if (this._handle !== null && !this._connClosed()) getBinding().destroyRequest(this._handle);
    return this;
  }
  if (this._conn !== null && !this._connClosed()) {
    const s = this._socket !== null ? this._socket : this._conn.socket;
    if (s !== undefined && s !== null) s.destroy(error);
    else getBinding().destroy(this._conn);
  }
  return this;
};

ServerResponse.prototype._connClosed = function _connClosed() {
  return this.req !== null && this.req._connClosed;
};

// =============================================================================
// Server

const kDefaultLimits = {
  requestTimeout: 300000,
  headersTimeout: 60000,
  keepAliveTimeout: 5000,
  maxHeadersCount: null,
  maxHeaderSize: undefined,
  maxBodySize: undefined,
};

function Server(options, requestListener) {
  // (https.Server, a tls.Server by its prototype, initializes itself here too.)
  if (!(this instanceof EventEmitter)) return new Server(options, requestListener);
  if (typeof options === 'function') {
    requestListener = options;
    options = kEmptyObject;
  } else if (options == null) {
    options = kEmptyObject;
  } else {
    validateObject(options, 'options');
  }
  EventEmitter.call(this);

  this._IncomingMessage = options.IncomingMessage || IncomingMessage;
  this._ServerResponse = options.ServerResponse || ServerResponse;
  this._limits = { ...kDefaultLimits };
  this._explicit = { __proto__: null };   // limits the application chose
  this._handle = null;       // C server while it exists (also after close())
  this._listenerOpen = false;
  this._closing = false;
  this._address = null;
  ObjectDefineProperty(this, '_connections', kConnectionsDescriptor);

  const maxHeaderSize = options.maxHeaderSize;
  if (maxHeaderSize !== undefined) {
    validateInteger(maxHeaderSize, 'maxHeaderSize', 0);
    this.maxHeaderSize = maxHeaderSize;
  }
  this.insecureHTTPParser = options.insecureHTTPParser;
  const requestTimeout = options.requestTimeout;
  if (requestTimeout !== undefined) {
    validateInteger(requestTimeout, 'requestTimeout', 0);
    this.requestTimeout = requestTimeout;
  }
  const headersTimeout = options.headersTimeout;
  if (headersTimeout !== undefined) {
    validateInteger(headersTimeout, 'headersTimeout', 0);
    this.headersTimeout = headersTimeout;
  } else if (requestTimeout !== undefined) {
    this._limits.headersTimeout = Math.min(60000, this.requestTimeout);
  }
  if (this.requestTimeout > 0 && this.headersTimeout > 0 &&
      this.headersTimeout > this.requestTimeout) {
    throw new errors.ERR_OUT_OF_RANGE('headersTimeout', '<= requestTimeout', headersTimeout);
  }
  const keepAliveTimeout = options.keepAliveTimeout;
  if (keepAliveTimeout !== undefined) {
    validateInteger(keepAliveTimeout, 'keepAliveTimeout', 0);
    this.keepAliveTimeout = keepAliveTimeout;
  }
  const maxBodySize = options.maxBodySize;
  if (maxBodySize !== undefined) {
    validateInteger(maxBodySize, 'maxBodySize', 0);
    this.maxBodySize = maxBodySize;
  }
  this.connectionsCheckingInterval = options.connectionsCheckingInterval !== undefined
    ? options.connectionsCheckingInterval : 30000;
  this.requireHostHeader = options.requireHostHeader !== undefined
    ? !!options.requireHostHeader : true;
  this.joinDuplicateHeaders = options.joinDuplicateHeaders;
  this.rejectNonStandardBodyWrites = !!options.rejectNonStandardBodyWrites;
  this.noDelay = options.noDelay !== undefined ? !!options.noDelay : true;
  this.keepAlive = !!options.keepAlive;
  this.keepAliveInitialDelay = ~~(options.keepAliveInitialDelay / 1000) * 1000;
  this.highWaterMark = options.highWaterMark;

  if (requestListener) this.on('request', requestListener);
  this.on('listening', startConnectionsCheck);

  this._allowHalfOpen = false;
  this[kTimeout] = 0;
  ObjectDefineProperty(this, 'timeout', kTimeoutDescriptor);
  this.maxRequestsPerSocket = 0;
}
Object.setPrototypeOf(Server.prototype, EventEmitter.prototype);
Object.setPrototypeOf(Server, EventEmitter);

// The engine calls onConnection only while JavaScript may want to hear of
// a connection before its first request: with a 'connection' listener or
// server.timeout (the socket's timer). Other connections reach JavaScript
// with their first event, or never (a health check answered in C, a
// client that sent nothing). So server._connections and getConnections()
// read the engine's count, and server.timeout tells the engine when set.
const ObjectDefineProperty = Object.defineProperty;
const kTimeout = Symbol('http.server.timeout');
const kConnectionsOffset = Symbol('http.server.connectionsOffset');

function connectionCount(server) {
  const binding = getBinding();
  let n = server[kConnectionsOffset] || 0;
  if (server._handle !== null) n += binding.openConnections(server._handle);
  const handles = server._closedHandles;
  if (handles !== undefined) {
    for (let i = 0; i < handles.length; i++) n += binding.openConnections(handles[i]);
  }
  return n;
}

// (Own properties, enumerable, as Node's data properties are.)
const kConnectionsDescriptor = {
  __proto__: null,
  configurable: true,
  enumerable: true,
  get() { return connectionCount(this); },
  set(n) { this[kConnectionsOffset] = n - (connectionCount(this) - (this[kConnectionsOffset] || 0)); },
};

const kTimeoutDescriptor = {
  __proto__: null,
  configurable: true,
  enumerable: true,
  get() { return this[kTimeout]; },
  set(msecs) {
    this[kTimeout] = msecs;
    if (msecs) wantConnections(this);
  },
};

function wantConnections(server) {
  if (server._handle !== null) getBinding().wantConnections(server._handle, true);
}

// events.js tells us of the first 'connection' listener.
Server.prototype[kOnConnectionListener] = function onConnectionListener() {
  wantConnections(this);
};

// Node's connections-checking interval, server[kConnectionsCheckingInterval]:
// an unref'd timer from 'listening' to close(). The engine enforces
// headersTimeout and requestTimeout with a timer per connection
// (worker/http/http1.c), so its ticks find nothing to do here.
const kConnectionsCheckingInterval = Symbol('http.server.connectionsCheckingInterval');

function startConnectionsCheck() {
  if (this[kConnectionsCheckingInterval]) clearInterval(this[kConnectionsCheckingInterval]);
  this[kConnectionsCheckingInterval] =
    setInterval(checkConnections, this.connectionsCheckingInterval).unref();
}

function checkConnections() {}

// Limits live in C: assigning one (before or after listen) reaches the engine.
const kLimitKeys = {
  requestTimeout: 'requestTimeoutMs',
  headersTimeout: 'headersTimeoutMs',
  keepAliveTimeout: 'keepAliveTimeoutMs',
  maxHeadersCount: 'maxHeadersCount',
  maxHeaderSize: 'headerBytes',
  maxBodySize: 'bodyBytes',
};

for (const name of Object.keys(kLimitKeys)) {
  Object.defineProperty(Server.prototype, name, {
    configurable: true,
    enumerable: true,
    get() { return this._limits[name]; },
    set(value) {
      this._limits[name] = value;
      this._explicit[name] = true;
      if (this._handle !== null) pushLimits(this, name);
    },
  });
}

function limitValue(server, name) {
  const v = server._limits[name];
  if (name === 'maxHeadersCount') return v == null || v <= 0 ? 2000 : v;
  return v;
}

function pushLimits(server, only) {
  const limits = {};
  let any = false;
  for (const name in server._explicit) {
    if (only !== undefined && name !== only) continue;
    const v = limitValue(server, name);
    if (typeof v !== 'number' || !(v >= 0)) continue;
    limits[kLimitKeys[name]] = v;
    any = true;
  }
  if (any) getBinding().setLimits(server._handle, limits);
  if (only === undefined && server._allowHalfOpen) pushHalfOpen(server);
}

// A client's EOF after its requests: false (Node's default) aborts a request
// still being answered; true lets the answers be written first.
Object.defineProperty(Server.prototype, 'httpAllowHalfOpen', {
  configurable: true,
  enumerable: true,
  get() { return this._allowHalfOpen; },
  set(value) {
    this._allowHalfOpen = !!value;
    if (this._handle !== null) pushHalfOpen(this);
  },
});

function pushHalfOpen(server) {
  getBinding().setLimits(server._handle, { allowHalfOpen: server._allowHalfOpen ? 1 : 0 });
}

Object.defineProperty(Server.prototype, 'listening', {
  configurable: true,
  enumerable: true,
  get() { return this._listenerOpen && !this._closing; },
});

Server.prototype.setTimeout = function setTimeout(msecs, callback) {
  this.timeout = msecs;
  if (callback) this.on('timeout', callback);
  return this;
};

Server.prototype.address = function address() {
  if (!this.listening || this._address === null) return null;
  const a = this._address;
  if (typeof a === 'string') return a;
  return { address: a.address, family: a.family, port: a.port };
};

Server.prototype.ref = function ref() { return this; };
Server.prototype.unref = function unref() { return this; };

Server.prototype.getConnections = function getConnections(cb) {
  process.nextTick(cb, null, this._connections);
  return this;
};

function toNumber(x) {
  return (x = Number(x)) >= 0 ? x : false;
}

function validatePort(port, name) {
  if ((typeof port !== 'number' && typeof port !== 'string') ||
      (typeof port === 'string' && port.trim().length === 0) ||
      +port !== (+port >>> 0) || port > 0xFFFF) {
    throw new ERR_SOCKET_BAD_PORT(name, port, true);
  }
  return port | 0;
}

Server.prototype.listen = function listen(...args) {
  const cb = typeof args[args.length - 1] === 'function' ? args.pop() : undefined;
  let options;
  const a0 = args[0];
  if (a0 !== null && typeof a0 === 'object') {
    options = a0;
  } else {
    options = {};
    if (args.length > 0 && a0 !== undefined && a0 !== null) {
      if (typeof a0 === 'string' && toNumber(a0) === false) options.path = a0;
      else options.port = a0;
    }
    if (typeof args[1] === 'string') {
      options.host = args[1];
      if (typeof args[2] === 'number') options.backlog = args[2];
    } else if (typeof args[1] === 'number') {
      options.backlog = args[1];
    }
  }
  if (cb) this.once('listening', cb);
  // (After close() the server listens again at once, as Node's: the old
  // listener's connections finish meanwhile.)
  if (this._handle !== null && this._listenerOpen && !this._closing) {
    throw new ERR_SERVER_ALREADY_LISTEN();
  }

  let port;
  const pipePath = (options.port === undefined || options.port === null) &&
    typeof options.path === 'string' ? options.path : undefined;
  if (pipePath !== undefined) {
    port = -1;
  } else if (options.port === undefined || options.port === null) {
    if (options === a0 && !('port' in options)) {
      throw new ERR_INVALID_ARG_VALUE('options', options, 'must have the property "port" or "path"');
    }
    port = 0;
  } else {
    port = validatePort(options.port, 'options.port');
  }
  let host = options.host;
  if (host === undefined || host === null || host === '') host = undefined;
  else if (typeof host !== 'string') throw new ERR_INVALID_ARG_TYPE('options.host', 'string', host);
  else if (host === 'localhost') host = '127.0.0.1';
  const backlog = typeof options.backlog === 'number' ? options.backlog : 511;

  const binding = getBinding();
  // (a listener closed but with connections left: closeAllConnections()
  // and closeIdleConnections() still reach them, as Node's list does)
  if (this._handle !== null) (this._closedHandles || (this._closedHandles = [])).push(this._handle);
  const handle = createHandle(this);
  this._handle = handle;
  this._closing = false;
  // HTTP/2 + TLS: https and http2.createSecureServer set _tlsOptions
  // ({cert, key, ca, alpn}); the engine then speaks TLS on this server.
  if (this._tlsOptions) {
    try {
      binding.setTls(handle, this._tlsOptions);
    } catch (err) {
      this._handle = null;
      try { binding.close(handle); } catch { /* never listened */ }
      process.nextTick(emitErrorNT, this, err);
      return this;
    }
  }
  if (pipePath !== undefined) return listenPipe(this, handle, pipePath, backlog);
  if (isWorker()) {
    // In a cluster worker the master owns the port (as Node's cluster does).
    trackInWorker(handle);
    listenThroughMaster(this, handle, port, host);
    return this;
  }
  try {
    pushLimits(this);
    this._address = binding.listen(handle, host, port, backlog);
  } catch (err) {
    this._handle = null;
    try { binding.close(handle); } catch { /* never listened */ }
    process.nextTick(emitErrorNT, this, err);
    return this;
  }
  this._listenerOpen = true;
  process.nextTick(emitListeningNT, this);
  return this;
};

// A Unix-domain socket (listen(path)): served by this process, in a cluster
// worker too; address() is the path.
function listenPipe(server, handle, path, backlog) {
  try {
    pushLimits(server);
    getBinding().listenPipe(handle, path, backlog);
  } catch (err) {
    server._handle = null;
    try { getBinding().close(handle); } catch { /* never listened */ }
    process.nextTick(emitErrorNT, server, err);
    return server;
  }
  server._address = path;
  server._listenerOpen = true;
  process.nextTick(emitListeningNT, server);
  return server;
}

function listenThroughMaster(server, handle, port, host) {
  pushLimits(server);
  require('internal/worker').listen(handle, port, host, (err, address) => {
    if (err) {
      workerHandles.delete(server._handle);
      server._handle = null;
      server.emit('error', err);
      return;
    }
    server._address = address;
    server._listenerOpen = true;
    if (!server._closing) server.emit('listening');
  });
}

// A handle that serves connections handed over by the cluster master (the
// worker's default server), without a listener of its own.
Server.prototype._workerHandle = function workerHandle() {
  if (this._handle === null) {
    this._handle = createHandle(this);
    trackInWorker(this._handle);
    pushLimits(this);
  }
  return this._handle;
};

function emitErrorNT(server, err) {
  server.emit('error', err);
}

function emitListeningNT(server) {
  if (server._listenerOpen && !server._closing) server.emit('listening');
}

Server.prototype.close = function close(cb) {
  if (typeof cb === 'function') {
    if (!this.listening) {
      this.once('close', function onClose() { cb(new ERR_SERVER_NOT_RUNNING()); });
    } else {
      this.once('close', cb);
    }
  }
  clearInterval(this[kConnectionsCheckingInterval]);
  if (this._handle !== null && !this._closing) {
    this._closing = true;
    const binding = getBinding();
    binding.closeIdleConnections(this._handle);
    binding.close(this._handle);
  }
  emitCloseIfDrained(this);
  return this;
};

if (typeof Symbol.asyncDispose === 'symbol') {
  Server.prototype[Symbol.asyncDispose] = function asyncDispose() {
    return new Promise((resolve, reject) => {
      this.close((err) => (err ? reject(err) : resolve()));
    });
  };
}

function emitCloseIfDrained(server) {
  if (server._listenerOpen || server._connections > 0) return;
  process.nextTick(emitCloseNT, server);
}

function emitCloseNT(server) {
  server._handle = null;
  server.emit('close');
}

Server.prototype.closeAllConnections = function closeAllConnections() {
  if (this._handle !== null) getBinding().closeAllConnections(this._handle);
  eachClosedHandle(this, getBinding().closeAllConnections);
};

Server.prototype.closeIdleConnections = function closeIdleConnections() {
  if (this._handle !== null) getBinding().closeIdleConnections(this._handle);
  eachClosedHandle(this, getBinding().closeIdleConnections);
};

function eachClosedHandle(server, fn) {
  const handles = server._closedHandles;
  if (handles === undefined) return;
  for (let i = 0; i < handles.length; i++) fn(handles[i]);
  // (the engine forgets a closed listener once its connections are gone)
  server._closedHandles = handles.filter((h) => getBinding().connectionCount(h) > 0);
}

// A response its handler failed: 500 when nothing of it was sent yet (the
// headers set so far are dropped), else the connection is cut. Returns true
// when it answered 500.
function answerFailed(res) {
  if (!res.headersSent && !res.writableEnded) {
    const names = res.getHeaderNames();
    for (let i = 0; i < names.length; i++) res.removeHeader(names[i]);
    res.statusCode = 500;
    res.end(STATUS_CODES[500]);
    return true;
  }
  res.destroy();
  return false;
}

Server.prototype[EventEmitter.captureRejectionSymbol] = function onRejection(err, event, ...args) {
  if (event === 'request') {
    answerFailed(args[1]);
  } else {
    this.emit('error', err);
  }
};

// -----------------------------------------------------------------------------
// Requests that would never be answered, in a cluster worker (shoal's promise,
// docs/reliability.md; `shoal run` keeps Node's behaviour). A handler that
// throws synchronously gets its response answered 500 before the exception
// goes on (to 'uncaughtException' listeners, or the worker's death); a worker
// dying of an uncaught exception first answers every request still open: 500
// when nothing of the response was sent, otherwise the connection is cut.

const { isWorker, stickyCookieFor } = require('internal/worker');
// A cluster worker's engine servers. (Handles, not Server objects: the
// worker's default server has no listener of its own and emits 'close'
// whenever its connections drain, but keeps serving.)
const workerHandles = new Set();
const failing = new Set();       // responses answered 500, not yet written

function failResponse(res) {
  if (res.writableEnded || res.destroyed) return false;
  res.shouldKeepAlive = false;
  let answered = false;
  try {
    answered = answerFailed(res);
  } catch {
    res.destroy();
  }
  if (answered && !res._closed) {
    failing.add(res);
    res.once('close', () => failing.delete(res));
  }
  return answered;
}

// fatal.js calls this before the worker exits: answers what is open and
// calls done once the 500s are written and their connections closed (at
// most kFlushMs later; an HTTP/2 connection closes with GOAWAY once idle).
// Returns false when there is nothing to wait for (done is not called).
const kFlushMs = 2000;
function answerUnanswered(done) {
  const binding = getBinding();
  let cut = 0;
  for (const serverHandle of workerHandles) {
    const handles = binding.unanswered(serverHandle);
    for (let i = 0; i < handles.length; i++) {
      const res = handles[i].res;
      if (res !== undefined && !failResponse(res)) cut++;
    }
  }
  // (failing: these 500s and the one of a handler that threw synchronously)
  if (failing.size + cut > 0) {
    internalBinding('process').writeSync(2, `shoal: worker ${process.pid} exits on an ` +
      `uncaught exception: ${failing.size} open request(s) answered 500, ${cut} cut\n`);
  }
  if (failing.size === 0) return false;
  const deadline = setTimeout(finish, kFlushMs);
  const poll = setInterval(() => {
    if (failing.size > 0) return;
    let open = 0;
    for (const serverHandle of workerHandles) {
      binding.closeIdleConnections(serverHandle);
      open += binding.connectionCount(serverHandle);
    }
    if (open === 0) finish();
  }, 10);
  function finish() {
    clearTimeout(deadline);
    clearInterval(poll);
    done();
  }
  return true;
}

function trackInWorker(handle) {
  if (workerHandles.size === 0) require('internal/fatal').setBeforeExit(answerUnanswered);
  workerHandles.add(handle);
}

// -----------------------------------------------------------------------------
// The engine's callbacks. One object per server; the handles carry our
// objects: conn.socket (lazy), reqHandle.msg / reqHandle.res.

function createHandle(server) {
  const callbacks = makeCallbacks(server);
  const handle = getBinding().createServer(callbacks);
  callbacks.handle = handle;
  if (wantsConnection(server)) getBinding().wantConnections(handle, true);
  return handle;
}

function wantsConnection(server) {
  return !!server.timeout || server.listenerCount('connection') > 0;
}

function closeConn(conn) {
  conn.closed = true;
  const s = conn.socket;
  if (s !== undefined) s._onClose();
  const after = conn.afterClose;
  if (after !== undefined) {
    conn.afterClose = undefined;
    for (let i = 0; i < after.length; i++) after[i]();
  }
  if (conn.tunnelSocket !== undefined) tunnel.onTunnelClosed(conn);
}

function makeCallbacks(server) {
  const callbacks = {
    handle: null,
    onConnection(conn) {
      if (wantsConnection(server)) {
        const socket = socketFor(server, conn);
        if (server.timeout) socket.setTimeout(server.timeout);
        server.emit('connection', socket);
      } else {
        // (the listener went, or the timeout: not called again until
        // one is back)
        getBinding().wantConnections(callbacks.handle, false);
      }
    },
    onRequest(handle, conn, method, url, headers, major, minor, flags, body) {
      // (here, not in onRequest: that one is at V8's inlining budget)
      retireHandle(handle);
      const outer = syncFinishes;
      syncFinishes = kNoFinishes;
      let threw = true;
      try {
        onRequest(server, handle, conn, method, url, headers, major, minor, flags, body);
        threw = false;
      } finally {
        const finishes = syncFinishes;
        syncFinishes = outer;
        if (finishes !== kNoFinishes) finishAfterHandler(finishes, threw);
      }
    },
    onBody,
    onBodyEnd,
    onDrain,
    onFinish,
    onAborted,
    // (conn undefined: the last connection of a closed listener, never
    // seen by JavaScript)
    onConnectionClose(conn) {
      if (conn !== undefined) closeConn(conn);
      // (After close(); a cluster worker's default server has no listener
      // of its own and is not closing when its connections drain.)
      if (server._connections <= 0 && !server._listenerOpen && server._closing) {
        emitCloseIfDrained(server);
      }
    },
    onConnectionError(conn, errno, syscall) {
      // Node's socket 'error' (then 'clientError', which has no default
      // here: the engine closes the connection next).
      const s = conn.socket;
      const wants = server.listenerCount('clientError') > 0;
      if ((s === undefined || s.listenerCount('error') === 0) && !wants) return;
      const err = syscall === undefined ? clientError('HPE_INVALID_EOF_STATE', 0)
        : errnoException(errno, syscall);
      if (s !== undefined) {
        s._hadError = true;
        if (s.listenerCount('error') > 0) s.emit('error', err);
      }
      if (wants) {
        const socket = socketFor(server, conn);
        socket._engineClosing = true;
        server.emit('clientError', err, socket);
      }
    },
    onClientError(conn, code, status, reason, bytesParsed, rawPacket) {
      // As Node: a 'clientError' listener answers (or not) through the
      // socket; without one the engine writes Node's answer and closes,
      // and the socket's 'error' listeners hear of it.
      const err = clientError(code, status, reason, bytesParsed, rawPacket);
      if (server.listenerCount('clientError') > 0) {
        const socket = socketFor(server, conn);
        getBinding().answerClientError(conn);
        server.emit('clientError', err, socket);
        return;
      }
      const s = conn.socket;
      if (s !== undefined && s.listenerCount('error') > 0) {
        s._engineClosing = true;
        s.destroy(err);
      }
    },
    // A TLS handshake the engine refused (https): Node's 'tlsClientError';
    // the engine closes the connection next.
    onTlsClientError(conn, info) {
      if (server.listenerCount('tlsClientError') === 0) return;
      const socket = socketFor(server, conn);
      socket._engineClosing = true;
      server.emit('tlsClientError', require('_tls_common').tlsError(info), socket);
    },
    onTlsServername(conn, servername) {
      askSNICallback(server, conn, servername);
    },
    onClose() {
      workerHandles.delete(callbacks.handle);
      // (a listener closed before the server listened again)
      if (server._handle !== callbacks.handle) return;
      server._listenerOpen = false;
      emitCloseIfDrained(server);
    },
    onUpgrade(handle, conn, head) {
      onUpgrade(server, handle, conn, head);
    },
    onTunnelRead: tunnel.onTunnelRead,
    onTunnelShutdown: tunnel.onTunnelShutdown,
  };
  return callbacks;
}

// A TLS handshake the application failed: 'tlsClientError' with its error,
// then the connection goes (as Node's TLSSocket destroyed with it).
function failTls(server, conn, err) {
  if (connClosed(conn)) return;
  const socket = socketFor(server, conn);
  socket._engineClosing = true;
  server.emit('tlsClientError', err, socket);
  getBinding().destroy(conn);
}

// The engine's own context for SNICallback's answer (a SecureContext or
// its options), made once per context with the server's TLS settings.
function sniContextFor(server, context) {
  const { SecureContext, createSecureContext } = require('_tls_common');
  const ctx = context instanceof SecureContext ? context : createSecureContext(context);
  if (server._sniContexts === undefined) server._sniContexts = new WeakMap();
  let handle = server._sniContexts.get(ctx);
  if (handle === undefined) {
    handle = getBinding().sniContext(server._handle, ctx._pem);
    server._sniContexts.set(ctx, handle);
  }
  return handle;
}

// A ClientHello named a server and the application picks the certificate
// (the SNICallback of https and http2 secure servers, as Node's
// tls.Server; https.js puts it in _tlsOptions): the handshake waits for
// cb(err, context); an error fails it, no context keeps the default one.
function askSNICallback(server, conn, servername) {
  let called = false;
  const SNICallback = server._tlsOptions.sniCallback;
  SNICallback(servername, (err, context) => {
    if (called) {
      failTls(server, conn, new (require('internal/errors').codes.ERR_MULTIPLE_CALLBACK)());
      return;
    }
    called = true;
    if (connClosed(conn) || server._handle === null) return;
    let handle;
    if (!err && context) {
      try {
        handle = sniContextFor(server, context);
      } catch (e) {
        err = e;
      }
    }
    if (err) failTls(server, conn, err);
    else getBinding().tlsResume(conn, handle);
  });
}

const kParseReasons = {
  HPE_INVALID_METHOD: 'Invalid method encountered',
  HPE_INVALID_URL: 'Invalid URL',
  HPE_INVALID_VERSION: 'Invalid HTTP version',
  HPE_INVALID_CONSTANT: 'Expected HTTP/',
  HPE_INVALID_HEADER_TOKEN: 'Invalid header value char',
  HPE_INVALID_CONTENT_LENGTH: 'Invalid character in Content-Length',
  HPE_UNEXPECTED_CONTENT_LENGTH: 'Content-Length can\'t be present with Transfer-Encoding',
  // (the engine's own check, as llhttp's: a request's last coding not chunked)
  HPE_INVALID_TRANSFER_ENCODING: 'Request has invalid `Transfer-Encoding`',
  HPE_INVALID_CHUNK_SIZE: 'Invalid character in chunk size',
  HPE_HEADER_OVERFLOW: 'Header overflow',
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 'Chunk extensions overflow',
  HPE_LF_EXPECTED: 'Missing expected LF after header value',
  HPE_CR_EXPECTED: 'Missing expected CR after header value',
  HPE_STRICT: 'Strict mode assertion failed',
};

function clientError(code, status, parserReason, bytesParsed, rawPacket) {
  if (status === 408 || code === 'ERR_HTTP_REQUEST_TIMEOUT') return new ERR_HTTP_REQUEST_TIMEOUT();
  // (An EOF inside a message is parser.finish()'s error in Node: no reason.)
  const reason = code === 'HPE_INVALID_EOF_STATE' ? undefined
    : parserReason || kParseReasons[code] || (status === 413 ? 'Payload too large' : code);
  const err = new Error(reason === undefined ? 'Parse Error' : `Parse Error: ${reason}`);
  err.code = code;
  err.reason = reason;
  err.bytesParsed = bytesParsed || 0;
  err.rawPacket = rawPacket === undefined ? undefined
    : new FastBuffer(rawPacket.buffer, rawPacket.byteOffset, rawPacket.byteLength);
  return err;
}

// body: the whole request body when it arrived with the head (an ArrayBuffer;
// then no onBody/onBodyEnd follow), else undefined.
function onRequest(server, handle, conn, method, url, headers, major, minor, flags, body) {
  const req = new server._IncomingMessage(null);
  req._conn = conn;
  req._server = server;
  req.method = method;
  req.url = url;
  // (A string: the fields as "name\0value\0...", split on first use.)
  if (typeof headers === 'string') req._rawHeaderBlock = headers;
  else req.rawHeaders = headers;
  req.httpVersionMajor = major;
  req.httpVersionMinor = minor;
  req.httpVersion = major === 1 ? (minor === 1 ? '1.1' : minor === 0 ? '1.0' : `1.${minor}`)
    : `${major}.${minor}`;
  if ((flags & RQ_HAS_BODY) !== 0) req._expectBody = true;
  if (server.joinDuplicateHeaders) req.joinDuplicateHeaders = true;
  const maxHeaders = server._limits.maxHeadersCount;
  if (typeof maxHeaders === 'number' && maxHeaders > 0) req._headerPairs = maxHeaders * 2;
  if ((flags & RQ_UPGRADE) !== 0) {
    // As Node: CONNECT always, other upgrades when someone listens to
    // 'upgrade'; the engine then hands the connection over after the head
    // (onUpgrade). Otherwise it is an ordinary request.
    req.upgrade = (method === 'CONNECT' || server.listenerCount('upgrade') > 0) &&
      getBinding().takeOver(handle);
    if (req.upgrade) {
      handle.msg = req;
      return;
    }
  } else {
    req.upgrade = false;
  }

  const res = new server._ServerResponse(req);
  if (server.rejectNonStandardBodyWrites) res._rejectNonStandardBodyWrites = true;
  res._handle = handle;
  res._conn = conn;
  res._server = server;
  res.shouldKeepAlive = (flags & RQ_KEEP_ALIVE) !== 0;
  res._keepAliveTimeout = server._limits.keepAliveTimeout;
  res._maxRequestsPerSocket = server.maxRequestsPerSocket;
  if (isWorker()) {
    const cookie = stickyCookieFor(req.headers.cookie);
    if (cookie !== null) res.setHeader('Set-Cookie', cookie);
  }
  handle.msg = req;
  handle.res = res;
  req._handle = handle;
  // An 'http' PerformanceObserver gets an HttpRequest entry at 'finish'.
  if (perf.hasObserver('http')) {
    res._perf = { start: perf.now(), req: { method, url, headers: req.headers } };
  }

  const socket = conn.socket;
  if (socket !== undefined) {
    socket._incoming = req;
    socket._httpMessage = res;
    req._socket = socket;
    res._socket = socket;
    if (socket._timeoutMs) socket._active();
  }

  let handled = false;
  if (major === 1 && minor === 1) {
    // Host is required (Node 20's requireHostHeader); Expect other than
    // 100-continue gets 417 unless someone handles 'checkExpectation'.
    const expect = (flags & (RQ_EXPECT_CONTINUE | RQ_HAS_EXPECT)) !== 0;
    if ((flags & RQ_HAS_HOST) === 0 && server.requireHostHeader) {
      res.writeHead(400, ['Connection', 'close']);
      res.end();
      afterRequest(req, flags, body);
      return;
    }
    // maxRequestsPerSocket: the last one allowed closes the connection,
    // the ones after it (pipelined) get 503 and 'dropRequest'.
    const limit = server.maxRequestsPerSocket;
    const limited = typeof limit === 'number' && limit > 0;
    if (limited) {
      conn.requestsCount = (conn.requestsCount || 0) + 1;
      res.maxRequestsOnConnectionReached = limit <= conn.requestsCount;
    }
    if (limited && limit < conn.requestsCount) {
      handled = true;
      server.emit('dropRequest', req, socketFor(server, conn));
      res.writeHead(503);
      res.end();
    } else if (expect) {
      handled = true;
      if ((flags & RQ_EXPECT_CONTINUE) !== 0 || continueExpression.test(req.headers.expect)) {
        res._expect_continue = true;
        emitExpecting(server, req, res, true);
      } else {
        emitExpecting(server, req, res, false);
      }
    }
  }
  let threw = true;
  try {
    if (!handled) server.emit('request', req, res);
    threw = false;
  } finally {
    // (The exception goes on untouched: its report shows where it was thrown.)
    if (threw && isWorker()) failResponse(res);
    afterRequest(req, flags, body);
  }
}

// The engine hands a finished request's handle to a later request (its
// pointer cleared meanwhile, so calls on it did nothing): the finished
// request's objects now get the dead handle, whose calls do nothing either,
// and so never reach the new request.
function retireHandle(handle) {
  const res = handle.res;
  if (res !== undefined && res._handle === handle) res._handle = getBinding().deadHandle;
  const req = handle.msg;
  if (req !== undefined && req._handle === handle) req._handle = getBinding().deadHandle;
}

// The engine turned the connection of an upgrade (or CONNECT) request into a
// tunnel: 'upgrade'/'connect' with a net.Socket over it and the bytes that
// followed the head. CONNECT without a 'connect' listener is dropped, as in Node.
function onUpgrade(server, handle, conn, head) {
  const req = handle.msg;
  handle.msg = undefined;
  const eventName = req.method === 'CONNECT' ? 'connect' : 'upgrade';
  const socket = tunnel.tunnelSocket(server, conn);
  socket.parser = null; // (Node's server frees the connection's parser before it)
  req._socket = socket;
  req.complete = true;
  pushEnd(req);
  if (server.listenerCount(eventName) === 0) {
    socket.destroy();
    return;
  }
  server.emit(eventName, req, socket, new FastBuffer(head.buffer, head.byteOffset, head.byteLength));
}

// What follows 'request' in the same call: a body that came with the head
// (C calls neither onBody nor onBodyEnd for it), or the end of a request
// without a body (C calls onBodyEnd only for requests with one). The body
// is pushed now and ended once the ticks and microtasks queued meanwhile
// have run, the order Node's parser gives it: a nextTick after 'request'
// finds it buffered, its 'data' sees complete false, 'end' follows.
function afterRequest(req, flags, body) {
  if (body === undefined) {
    markComplete(req, flags);
    return;
  }
  pushBody(req, body);
  queueMicrotask(() => bodyEnded(req));
}

function markComplete(req, flags) {
  // A request without a body is complete once its handler has run (as in
  // Node, where the parser's message-complete follows 'request').
  if ((flags & RQ_HAS_BODY) === 0 && !req.complete) {
    req.complete = true;
    pushEnd(req);
  }
}

// The end of the body. Until someone reads, the EOF is left for _read to
// push: ending a Readable costs a few ticks of stream machinery, which an
// unread GET request does not need.
function pushEnd(req) {
  if (req._consuming && !req._eofPushed && !req.destroyed) {
    req._eofPushed = true;
    req.push(null);
  }
}

function onBody(handle, chunk) {
  if (handle === undefined) return;
  const req = handle.msg;
  if (req !== undefined) pushBody(req, chunk);
}

function pushBody(req, chunk) {
  if (req._dumped || req.destroyed) return;
  const s = req._socket;
  if (s !== null && s._timeoutMs) s._active();
  // (chunk: an ArrayBuffer of its own, so the Buffer has byteOffset 0, as Node's)
  if (!req.push(new FastBuffer(chunk)) &&
      !req._paused && !req._dumped) {
    req._paused = true;
    getBinding().pause(req._conn);
  }
}

function onBodyEnd(handle) {
  if (handle === undefined) return;
  const req = handle.msg;
  if (req !== undefined) bodyEnded(req);
}

function bodyEnded(req) {
  if (req.complete) return;
  req.complete = true;
  pushEnd(req);
}

function onDrain(handle) {
  if (handle === undefined) return;
  const res = handle.res;
  if (res === undefined) return;
  const s = res._socket;
  if (s !== null && s._timeoutMs) s._active();
  res._flushCallbacks();
  if (res._needDrain) {
    res._needDrain = false;
    res.emit('drain');
  }
}

// Responses whose bytes all went out inside end() (the engine's
// http_req_claim_finish): their 'finish' comes without a call from the
// engine. Node's comes from a nextTick queued by the write inside end().
//
// Ended inside the 'request' handler with no nextTick queued, that tick
// would be the first to run after the handler (ticks before microtasks), so
// 'finish' runs right after the handler returns, in the same call from C
// (syncFinishes: nothing to queue and run); if the handler throws, from a
// tick put ahead of the ones it queued. Ended there behind other ticks, from
// a tick of its own, as Node's. Ended elsewhere (a timer, a promise), from a
// microtask after the code that ended it: one serves every response ended
// meanwhile.
let finishQueue = null;

// While onRequest runs: [res, req, ...] ended in it, or kNoFinishes; null
// outside it.
const kNoFinishes = [];
let syncFinishes = null;

// (The response and its request are queued, not the handle: the engine may
// hand the handle to another request once this one is done.)
function queueFinish(res, req) {
  if (syncFinishes !== null) {
    if (ticksQueued()) process.nextTick(finishResponse, res, req);
    else if (syncFinishes === kNoFinishes) syncFinishes = [res, req];
    else syncFinishes.push(res, req);
    return;
  }
  if (finishQueue !== null) {
    finishQueue.push(res, req);
    return;
  }
  finishQueue = [res, req];
  Promise.resolve().then(runFinishQueue);
}

// After the handler (and the request's completion): its responses' 'finish'.
// After a handler that threw, once C reported the exception, as in Node.
function finishAfterHandler(finishes, threw) {
  if (!threw) {
    finishAll(finishes);
    return;
  }
  for (let i = finishes.length - 2; i >= 0; i -= 2) {
    nextTickFirst(finishResponse, finishes[i], finishes[i + 1]);
  }
}

function runFinishQueue() {
  const queue = finishQueue;
  finishQueue = null;
  finishAll(queue);
}

function finishAll(queue) {
  for (let i = 0; i + 1 < queue.length; i += 2) {
    try {
      finishResponse(queue[i], queue[i + 1]);
    } catch (err) {
      require('internal/fatal').onUncaught(err);
    }
  }
}

function onFinish(handle) {
  if (handle === undefined) return;
  const res = handle.res;
  if (res === undefined) return;
  finishResponse(res, handle.msg);
}

function finishResponse(res, req) {
  res._writableFinished = true;
  res._flushCallbacks();
  if (res._perf !== undefined) enqueuePerf(res);
  // Node's resOnFinish (registered first, so it runs before user 'finish'
  // listeners): drain an unread body, detach the socket, 'close' next tick.
  if (!req._consuming && !req._readableState.resumeScheduled) {
    if (req._eventsCount === 0 && req.complete && req._readableState.length === 0) {
      // Nothing to drain and nobody listening: 'end' and 'close' are emitted
      // only if someone subscribes later (IncomingMessage#on), which saves
      // the stream machinery on the common GET.
      req._lazyDump = true;
    } else {
      req._dump();
    }
  }
  const s = res._socket;
  if (s !== null) {
    if (s._httpMessage === res) s._httpMessage = null;
    if (s._incoming === req) s._incoming = null;
    if (s._timeoutMs) s._active();
  }
  res._socket = null;
  res._detached = true;
  if (res._eventsCount > 0) {
    process.nextTick(emitResCloseNT, res);
    res.emit('finish');
  } else {
    // Nobody listens (so nobody can subscribe to 'close' from 'finish').
    res.destroyed = true;
    res._closed = true;
  }
}

function enqueuePerf(res) {
  const { start, req } = res._perf;
  res._perf = undefined;
  perf.enqueueTimed('HttpRequest', 'http', start, {
    req, res: { statusCode: res.statusCode, statusMessage: res.statusMessage, headers: res.getHeaders() },
  });
}

function emitResCloseNT(res) {
  if (!res._closed) {
    res.destroyed = true;
    res._closed = true;
    res.emit('close');
  }
}

function onAborted(handle) {
  if (handle === undefined) return;
  const req = handle.msg;
  const res = handle.res;
  if (req !== undefined) {
    req._connClosed = true;
    if (!req.destroyed) req.destroy(connResetException('aborted'));
  }
  if (res !== undefined && !res._closed) {
    res._flushCallbacks(new errors.ERR_STREAM_DESTROYED('write'));
    res.destroyed = true;
    res._closed = true;
    res.emit('close');
  }
}

// A request with an Expect header (HTTP/1 and HTTP/2's compatibility API):
// 100-continue goes to 'checkContinue', or is answered and goes to
// 'request'; another expectation to 'checkExpectation', else 417.
function emitExpecting(server, req, res, continues) {
  if (continues) {
    if (server.listenerCount('checkContinue') > 0) {
      server.emit('checkContinue', req, res);
    } else {
      res.writeContinue();
      server.emit('request', req, res);
    }
  } else if (server.listenerCount('checkExpectation') > 0) {
    server.emit('checkExpectation', req, res);
  } else {
    res.statusCode = 417;
    res.end();
  }
}

module.exports = {
  STATUS_CODES,
  Server,
  ServerResponse,
  emitExpecting,
  kConnectionsCheckingInterval,
  kConnectionCount(server) { return server._connections; },
};
