'use strict';
// Node's HTTP/2 core API: the client (http2.connect: ClientHttp2Session,
// ClientHttp2Stream) and the server side of http2.createServer's core path
// (ServerHttp2Session, ServerHttp2Stream; the servers are in http2.js) on the
// http2_session binding (bindings/mod_http2_session.c, an nghttp2 session on
// memory buffers). The session owns a JS socket (net, tls or the one
// options.createConnection returns): what the socket reads is fed to
// nghttp2, what nghttp2 wants to send is pulled and written to the socket,
// and the frames nghttp2 reports come back as a list of events handled here.
//
// Differences from Node: a stream's write callback runs a turn after
// nghttp2 has queued the chunk, not once the socket has written it.
// Statistics for perf_hooks are kept by internal/http2/perf.js.

const EventEmitter = require('events');
const { Duplex } = require('stream');
const { Buffer } = require('buffer');
const { codes, invalidArgType, AbortError } = require('internal/errors');
const {
  validateBoolean, validateInt32, validateInteger, validateNumber, validateFunction, validateObject,
  validateString,
} = require('internal/validators');

const {
  checkIsHttpToken, errors: { ERR_INVALID_HTTP_TOKEN, ERR_INVALID_CHAR },
} = require('_http_common');

const binding = internalBinding('http2_session');
const stats = require('internal/http2/perf');

const {
  ERR_HTTP2_ALTSVC_INVALID_ORIGIN, ERR_HTTP2_ALTSVC_LENGTH, ERR_HTTP2_HEADERS_AFTER_RESPOND,
  ERR_HTTP2_HEADERS_SENT, ERR_HTTP2_INVALID_INFO_STATUS, ERR_HTTP2_INVALID_ORIGIN,
  ERR_HTTP2_NESTED_PUSH, ERR_HTTP2_ORIGIN_LENGTH, ERR_HTTP2_PAYLOAD_FORBIDDEN,
  ERR_HTTP2_PUSH_DISABLED, ERR_HTTP2_SEND_FILE, ERR_HTTP2_SEND_FILE_NOSEEK, ERR_HTTP2_STATUS_101,
  ERR_HTTP2_STATUS_INVALID, ERR_INVALID_ARG_VALUE,
  ERR_HTTP2_CONNECT_AUTHORITY, ERR_HTTP2_CONNECT_PATH, ERR_HTTP2_CONNECT_SCHEME,
  ERR_HTTP2_GOAWAY_SESSION, ERR_HTTP2_HEADER_SINGLE_VALUE, ERR_HTTP2_INVALID_CONNECTION_HEADERS,
  ERR_HTTP2_INVALID_PSEUDOHEADER, ERR_HTTP2_INVALID_SESSION, ERR_HTTP2_INVALID_SETTING_VALUE,
  ERR_HTTP2_INVALID_STREAM, ERR_HTTP2_OUT_OF_STREAMS, ERR_HTTP2_PING_CANCEL,
  ERR_HTTP2_PING_LENGTH, ERR_HTTP2_SESSION_ERROR,
  ERR_HTTP2_SOCKET_BOUND, ERR_HTTP2_STREAM_CANCEL, ERR_HTTP2_STREAM_ERROR,
  ERR_HTTP2_STREAM_SELF_DEPENDENCY, ERR_HTTP2_TRAILERS_ALREADY_SENT,
  ERR_HTTP2_TRAILERS_NOT_READY, ERR_HTTP2_UNSUPPORTED_PROTOCOL,
  ERR_OUT_OF_RANGE, ERR_SOCKET_CLOSED, ERR_HTTP2_NO_SOCKET_MANIPULATION,
  ERR_HTTP2_SOCKET_UNBOUND, ERR_HTTP2_MAX_PENDING_SETTINGS_ACK,
} = codes;

const NO_ERROR = 0;
const INTERNAL_ERROR = 2;
const CANCEL = 8;
const FLAG_END_STREAM = 1;
const HCAT_REQUEST = 0;
const HCAT_RESPONSE = 1;
const HCAT_PUSH_RESPONSE = 2;
const NGHTTP2_ERR_PROTO = -505;
const NGHTTP2_ERR_CALLBACK_FAILURE = -902;
const DEFAULT_WEIGHT = 16;
const kMaxInt = 2 ** 32 - 1;
const kMaxFrameSize = 2 ** 24 - 1;
// request body bytes queued in the binding before a write waits
const kMaxQueued = 64 * 1024;

const kErrorNames = [
  'NGHTTP2_NO_ERROR', 'NGHTTP2_PROTOCOL_ERROR', 'NGHTTP2_INTERNAL_ERROR',
  'NGHTTP2_FLOW_CONTROL_ERROR', 'NGHTTP2_SETTINGS_TIMEOUT', 'NGHTTP2_STREAM_CLOSED',
  'NGHTTP2_FRAME_SIZE_ERROR', 'NGHTTP2_REFUSED_STREAM', 'NGHTTP2_CANCEL',
  'NGHTTP2_COMPRESSION_ERROR', 'NGHTTP2_CONNECT_ERROR', 'NGHTTP2_ENHANCE_YOUR_CALM',
  'NGHTTP2_INADEQUATE_SECURITY', 'NGHTTP2_HTTP_1_1_REQUIRED',
];
const nameForErrorCode = (code) => kErrorNames[code] || code;

const kSingleValueHeaders = new Set([
  ':status', ':method', ':authority', ':scheme', ':path', ':protocol',
  'access-control-allow-credentials', 'access-control-max-age',
  'access-control-request-method', 'age', 'authorization', 'content-encoding',
  'content-language', 'content-length', 'content-location', 'content-md5',
  'content-range', 'content-type', 'date', 'dnt', 'etag', 'expires', 'from', 'host',
  'if-match', 'if-modified-since', 'if-none-match', 'if-range', 'if-unmodified-since',
  'last-modified', 'location', 'max-forwards', 'proxy-authorization', 'range',
  'referer', 'retry-after', 'tk', 'upgrade-insecure-requests', 'user-agent',
  'x-content-type-options',
]);
const kPseudoHeaders = new Set([':status', ':method', ':authority', ':scheme', ':path', ':protocol']);
const kConnectionHeaders = new Set([
  'connection', 'upgrade', 'http2-settings', 'te', 'transfer-encoding', 'keep-alive',
  'proxy-connection',
]);
const kNoPayloadMethods = new Set(['DELETE', 'GET', 'HEAD']);

// Settings: name -> SETTINGS id (maxHeaderSize is Node's alias).
const kSettingIds = [
  ['headerTableSize', 1], ['enablePush', 2], ['maxConcurrentStreams', 3],
  ['initialWindowSize', 4], ['maxFrameSize', 5], ['maxHeaderListSize', 6],
  ['maxHeaderSize', 6], ['enableConnectProtocol', 8],
];

const kSession = Symbol('session');
const kState = Symbol('state');
const kHandle = Symbol('handle');
const kTimeout = Symbol('timeout');
const kUpdateTimer = Symbol('updateTimer');
const kStats = Symbol('stats');
const kMaybeDestroy = Symbol('maybeDestroy');
const kSocket = Symbol('socket');
const kBoundSession = Symbol('boundSession');

// -----------------------------------------------------------------------------
// Errors and headers

// Node's NghttpError: an nghttp2 error code, or one of Node's own codes
// (a string: feed's ERR_HTTP2_TOO_MANY_INVALID_FRAMES).
function nghttpError(rc) {
  if (typeof rc === 'string') {
    const err = new codes[rc]();
    err.errno = NGHTTP2_ERR_CALLBACK_FAILURE;
    return err;
  }
  const err = new Error(binding.strerror(rc));
  err.code = 'ERR_HTTP2_ERROR';
  err.errno = rc;
  return err;
}

function sensitiveHeadersSymbol() {
  return require('http2').sensitiveHeaders;
}

// Node's header object: a null-prototype object, :status a number, repeated
// fields joined (cookie with '; ', set-cookie an array, single-value fields
// keep the first).
function toHeaderObject(list, sensitive = []) {
  const obj = { __proto__: null, [sensitiveHeadersSymbol()]: sensitive };
  for (let i = 0; i < list.length; i += 2) {
    const name = list[i];
    let value = list[i + 1];
    if (name === ':status') value |= 0;
    const existing = obj[name];
    if (existing === undefined) {
      obj[name] = name === 'set-cookie' ? [value] : value;
    } else if (!kSingleValueHeaders.has(name)) {
      if (name === 'cookie') obj[name] = `${existing}; ${value}`;
      else if (name === 'set-cookie') existing.push(value);
      else obj[name] = `${existing}, ${value}`;
    }
  }
  return obj;
}

// A headers object as [name, value, ...], pseudo-headers first; throws
// Node's errors for the fields HTTP/2 forbids.
function mapToHeaders(headers, pseudoAllowed) {
  const pseudo = [];
  const regular = [];
  const singles = new Set();
  for (const rawKey of Object.keys(headers)) {
    let value = headers[rawKey];
    if (value === undefined || rawKey === '') continue;
    const key = rawKey.toLowerCase();
    const single = kSingleValueHeaders.has(key);
    let isArray = Array.isArray(value);
    if (isArray) {
      if (value.length === 0) continue;
      if (value.length === 1) {
        value = String(value[0]);
        isArray = false;
      } else if (single) {
        throw new ERR_HTTP2_HEADER_SINGLE_VALUE(key);
      }
    }
    if (single) {
      if (singles.has(key)) throw new ERR_HTTP2_HEADER_SINGLE_VALUE(key);
      singles.add(key);
    }
    if (key[0] === ':') {
      if (!pseudoAllowed(key)) throw new ERR_HTTP2_INVALID_PSEUDOHEADER(key);
      pseudo.push(key, String(value));
      continue;
    }
    if (key.includes(' ')) throw new ERR_INVALID_HTTP_TOKEN('Header name', key);
    if (kConnectionHeaders.has(key) && !(key === 'te' && String(value) === 'trailers')) {
      throw new ERR_HTTP2_INVALID_CONNECTION_HEADERS(key);
    }
    if (isArray) for (const v of value) regular.push(key, String(v));
    else regular.push(key, String(value));
  }
  return pseudo.concat(regular);
}

// The names a headers object sends never-indexed (lower case, as Node).
function neverIndexed(headers) {
  const list = headers[sensitiveHeadersSymbol()];
  return Array.isArray(list) ? list.map((name) => String(name).toLowerCase()) : undefined;
}

function checkSettingRange(settings, name, min, max) {
  const value = settings[name];
  if (value !== undefined && (typeof value !== 'number' || value < min || value > max)) {
    const err = new ERR_HTTP2_INVALID_SETTING_VALUE.RangeError(name, value, min, max);
    throw err;
  }
}

function validateSettings(settings) {
  checkSettingRange(settings, 'headerTableSize', 0, kMaxInt);
  checkSettingRange(settings, 'initialWindowSize', 0, kMaxInt);
  checkSettingRange(settings, 'maxFrameSize', 16384, kMaxFrameSize);
  checkSettingRange(settings, 'maxConcurrentStreams', 0, kMaxInt);
  checkSettingRange(settings, 'maxHeaderListSize', 0, kMaxInt);
  checkSettingRange(settings, 'maxHeaderSize', 0, kMaxInt);
  for (const name of ['enablePush', 'enableConnectProtocol']) {
    const v = settings[name];
    if (v !== undefined && typeof v !== 'boolean') {
      throw new ERR_HTTP2_INVALID_SETTING_VALUE(name, v);
    }
  }
}

function settingsList(settings) {
  const list = [];
  for (const [name, id] of kSettingIds) {
    const v = settings[name];
    if (v !== undefined) list.push(id, typeof v === 'boolean' ? +v : v);
  }
  return list;
}

function settingsObject(v) {
  return {
    headerTableSize: v[0],
    enablePush: !!v[1],
    initialWindowSize: v[2],
    maxFrameSize: v[3],
    maxConcurrentStreams: v[4],
    maxHeaderListSize: v[5],
    maxHeaderSize: v[5],
    enableConnectProtocol: !!v[6],
  };
}

function assertIsObject(value, name, types = 'Object') {
  if (value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) {
    throw invalidArgType(name, types, value);
  }
}

// -----------------------------------------------------------------------------
// Timeouts shared by sessions and streams: an unref'd timer refreshed on
// activity; 'timeout' is emitted when it fires.

function setTimeoutOn(self, msecs, callback) {
  if (self.destroyed) return self;
  validateNumber(msecs, 'msecs', 0);
  if (self[kTimeout]) clearTimeout(self[kTimeout]);
  self[kTimeout] = null;
  // (as Node: the timer is set before the callback is checked)
  if (msecs === 0) {
    if (callback !== undefined) {
      validateFunction(callback, 'callback');
      self.removeListener('timeout', callback);
    }
    return self;
  }
  self[kTimeout] = setTimeout(() => {
    self[kTimeout] = null;
    if (!self.destroyed) self.emit('timeout');
  }, msecs);
  self[kTimeout].unref();
  if (callback !== undefined) {
    validateFunction(callback, 'callback');
    self.once('timeout', callback);
  }
  return self;
}

function refreshTimer(self) {
  if (self[kTimeout]) self[kTimeout].refresh();
}

// -----------------------------------------------------------------------------
// Streams

// What client and server streams share; a stream made with an id (a server's)
// is ready at once, a client's gets its id when the request is submitted.
class Http2Stream extends Duplex {
  constructor(session, id) {
    super({ allowHalfOpen: true });
    this[kSession] = session;
    this[kTimeout] = null;
    this[kState] = {
      id: undefined, closed: false, aborted: false, rstCode: NO_ERROR, endAfterHeaders: false,
      trailersReady: false, waitForTrailers: false, sentHeaders: undefined,
      sentTrailers: undefined, queue: null, writeCb: null, unconsumed: 0,
      headersSent: false, infoHeaders: undefined, headRequest: false, filePipe: false,
      filePump: null, pendingFinal: null, finalCb: null,
    };
    this[kStats] = stats.streamStats(session[kStats]);
    if (id === undefined) {
      session[kState].pendingStreams.add(this);
      this.cork(); // until the stream has its id (as Node)
    } else {
      this[kState].id = id;
      session[kState].streams.set(id, this);
      stats.noteOpen(session[kStats], session[kState].streams.size);
    }
  }

  get id() { return this[kState].id; }
  get pending() { return this[kState].id === undefined; }
  get session() { return this[kSession]; }
  get closed() { return this[kState].closed; }
  get aborted() { return this[kState].aborted; }
  get rstCode() { return this[kState].rstCode; }
  get headersSent() { return true; }
  get headRequest() {
    return this[kState].headRequest || this[kState].sentHeaders?.[':method'] === 'HEAD';
  }
  get endAfterHeaders() { return this[kState].endAfterHeaders; }
  get sentHeaders() { return this[kState].sentHeaders; }
  get sentTrailers() { return this[kState].sentTrailers; }
  get sentInfoHeaders() { return this[kState].infoHeaders; }
  get bufferSize() { return this.writableLength; }

  get state() {
    const session = this[kSession];
    if (this.destroyed || this.pending || !session || !session[kHandle]) return {};
    const v = binding.streamState(session[kHandle], this.id);
    if (v === undefined) return {};
    return {
      localWindowSize: v[0], state: v[1], localClose: v[2], remoteClose: v[3],
      sumDependencyWeight: v[4], weight: v[5],
    };
  }

  [kUpdateTimer]() {
    if (this.destroyed) return;
    refreshTimer(this);
    if (this[kSession]) this[kSession][kUpdateTimer]();
  }

  setTimeout(msecs, callback) {
    return setTimeoutOn(this, msecs, callback);
  }

  [Symbol.for('nodejs.util.inspect.custom')](depth) {
    if (typeof depth === 'number' && depth < 0) return this;
    const obj = {
      id: this.id || '<pending>', closed: this.closed, destroyed: this.destroyed,
      state: this.state, readableState: this._readableState, writableState: this._writableState,
    };
    return `Http2Stream ${require('util').format(obj)}`;
  }

  // The stream got its id: writes and queued operations go on.
  _ready(id) {
    const session = this[kSession];
    this[kState].id = id;
    session[kState].pendingStreams.delete(this);
    session[kState].streams.set(id, this);
    stats.noteOpen(session[kStats], session[kState].streams.size);
    this.emit('ready');
    this.uncork();
  }

  // What was written while corked (before the stream had its id) goes as one.
  _writev(chunks, cb) {
    this._write(Buffer.concat(chunks.map(({ chunk, encoding }) =>
      (typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk))), 'buffer', cb);
  }

  _write(chunk, encoding, cb) {
    if (this.pending) {
      this.once('ready', () => this._write(chunk, encoding, cb));
      return;
    }
    const session = this[kSession];
    if (this.destroyed || !session || !session[kHandle]) return;
    this[kUpdateTimer]();
    stats.noteWrite(this[kStats], chunk.length);
    const rc = binding.write(session[kHandle], this.id, chunk);
    session._flush();
    // a stream the peer already closed drops what is written to it
    // (as Node's, the callback comes later, not inside write(): until then
    // the chunk counts in writableLength)
    if (rc < 0 && rc !== binding.ERR_STREAM_CLOSED) process.nextTick(cb, nghttpError(rc));
    else if (rc < 0 || binding.queued(session[kHandle], this.id) <= kMaxQueued) process.nextTick(cb);
    else this[kState].writeCb = cb; // called when the peer's window lets the queue go
  }

  // After the session sent what it could: a held write callback goes on
  // once the queue is short again.
  _afterSend(handle) {
    const state = this[kState];
    const cb = state.writeCb;
    if (cb !== null && binding.queued(handle, this.id) <= kMaxQueued) {
      state.writeCb = null;
      cb();
    }
    if (state.finalCb !== null && binding.queued(handle, this.id) === 0) {
      const final = state.finalCb;
      state.finalCb = null;
      final();
    }
  }

  _final(cb) {
    if (this.pending) {
      this.once('ready', () => this._final(cb));
      return;
    }
    const session = this[kSession];
    if (!session || !session[kHandle]) {
      cb();
      return;
    }
    if (this[kState].waitForTrailers) {
      this[kState].trailersReady = true;
      this._finalCb = cb;
      if (!this.emit('wantTrailers')) this.sendTrailers({});
      return;
    }
    binding.end(session[kHandle], this.id);
    session._flush();
    // finished once the body is out: a stream destroyed at 'finish' (the
    // response is in) must not reset what is still queued
    const done = () => {
      cb();
      process.nextTick(() => this[kMaybeDestroy]());
    };
    if (session[kHandle] && binding.queued(session[kHandle], this.id) > 0) this[kState].finalCb = done;
    else done();
  }

  // Received data: acknowledged to the peer (its window reopened) when
  // read, so a paused stream holds the peer back.
  _pushData(chunk) {
    const session = this[kSession];
    if (this.destroyed || !session || !session[kHandle]) {
      if (session && session[kHandle]) binding.consume(session[kHandle], 0, chunk.length);
      return;
    }
    this[kUpdateTimer]();
    if (this.push(chunk)) {
      binding.consume(session[kHandle], this.id, chunk.length);
      session._flush();
    } else {
      this[kState].unconsumed += chunk.length;
    }
  }

  _read() {
    this[kState].didRead = true;
    this._consumeHeld();
  }

  _consumeHeld() {
    const state = this[kState];
    const session = this[kSession];
    if (state.unconsumed === 0 || !session || !session[kHandle]) return;
    binding.consume(session[kHandle], this.pending ? 0 : this.id, state.unconsumed);
    state.unconsumed = 0;
    session._flush();
  }

  sendTrailers(headers) {
    if (this.destroyed || this.closed) throw new ERR_HTTP2_INVALID_STREAM();
    if (this[kState].sentTrailers) throw new ERR_HTTP2_TRAILERS_ALREADY_SENT();
    if (!this[kState].trailersReady) throw new ERR_HTTP2_TRAILERS_NOT_READY();
    assertIsObject(headers, 'headers');
    headers = Object.assign({ __proto__: null }, headers);
    const list = mapToHeaders(headers, () => false);
    this[kState].sentTrailers = headers;
    setImmediate(() => {
      const session = this[kSession];
      if (this.destroyed || !session || !session[kHandle]) return;
      binding.end(session[kHandle], this.id, list, neverIndexed(headers));
      session._flush();
      // (trailers sent: an unread request body may now close the stream)
      this[kState].waitForTrailers = false;
      const cb = this._finalCb;
      this._finalCb = null;
      if (cb) cb();
      this[kMaybeDestroy]();
    });
  }

  priority(options) {
    if (this.destroyed) throw new ERR_HTTP2_INVALID_STREAM();
    assertIsObject(options, 'options');
    options = { ...options };
    setPriorityDefaults(options);
    const submit = () => {
      const session = this[kSession];
      if (this.destroyed || !session || !session[kHandle]) return;
      this[kUpdateTimer]();
      if (!options.silent) {
        binding.priority(session[kHandle], this.id, [options.weight, options.parent, options.exclusive]);
        session._flush();
      }
    };
    if (this.pending) this.once('ready', submit);
    else submit();
  }

  close(code = NO_ERROR, callback) {
    validateInteger(code, 'code', 0, kMaxInt);
    if (callback !== undefined) validateFunction(callback, 'callback');
    if (this.closed) return;
    if (callback !== undefined) this.once('close', callback);
    closeStream(this, code);
  }

  _destroy(err, callback) {
    const session = this[kSession];
    const state = this[kState];
    // as Node: a session's GOAWAY or destroy code is its streams' code
    const sessionCode = session ? session[kState].goawayCode || session[kState].destroyCode : 0;
    let code = this.closed ? state.rstCode : sessionCode || NO_ERROR;
    if (err != null) {
      if (sessionCode) code = sessionCode;
      else if (err instanceof AbortError) code = CANCEL;
      else code = INTERNAL_ERROR;
    }
    state.writeCb = null;
    state.finalCb = null;
    this._consumeHeld();
    if (!this.closed) closeStream(this, code, this.pending ? kNoRst : kForceRst);
    this.push(null);
    if (session) {
      if (this.pending) session[kState].pendingStreams.delete(this);
      else session[kState].streams.delete(state.id);
    }
    if (err == null && code !== NO_ERROR && code !== CANCEL) {
      err = new ERR_HTTP2_STREAM_ERROR(nameForErrorCode(code));
    }
    this[kSession] = undefined;
    stats.streamDone(this[kStats], session && session[kStats], state.id);
    if (session) session[kMaybeDestroy]();
    callback(err);
  }

  // Destroyed once closed by the peer or by us and fully read.
  [kMaybeDestroy](code = NO_ERROR) {
    if (this.destroyed) return;
    if (code !== NO_ERROR) {
      this.destroy();
      return;
    }
    if (!this.writableFinished) return;
    if (!this.readable && this.closed) {
      this.destroy();
      return;
    }
    // As Node: a server that answered (no trailers) and never read the
    // request's body closes the stream (RST_STREAM NO_ERROR), next turn.
    if (this[kSession]?.type === 0 && this._unread()) {
      setImmediate(() => {
        if (!this.destroyed && !this.closed && this._unread()) this.close(NO_ERROR);
      });
    }
  }

  _unread() {
    const state = this[kState];
    return state.headersSent && !state.waitForTrailers && !state.filePipe && !state.didRead &&
      this.readableFlowing === null;
  }
}

class ClientHttp2Stream extends Http2Stream {
  constructor(session, id) {
    super(session, id);
    this.on('headers', (headers) => {
      if (headers[':status'] === 100) this.emit('continue');
    });
  }
}

// -----------------------------------------------------------------------------
// Server streams

const kNoPayloadStatus = new Set([204, 205, 304]);
const isStatusPseudo = (key) => key === ':status';

// respond()'s headers: a copy with :status (200 by default) and date, as
// Node's processHeaders.
function processResponseHeaders(oldHeaders, options) {
  assertIsObject(oldHeaders, 'headers');
  const sensitive = sensitiveHeadersSymbol();
  const headers = { __proto__: null };
  if (oldHeaders !== null && oldHeaders !== undefined) {
    for (const key of Object.keys(oldHeaders)) headers[key] = oldHeaders[key];
    headers[sensitive] = oldHeaders[sensitive];
  }
  const status = headers[':status'] = (headers[':status'] | 0) || 200;
  if ((options.sendDate === undefined || options.sendDate === null || options.sendDate) &&
      (headers.date === null || headers.date === undefined)) {
    headers.date = new Date().toUTCString();
  }
  if (status < 200 || status > 599) throw new ERR_HTTP2_STATUS_INVALID(headers[':status']);
  const neverIndex = headers[sensitive];
  if (neverIndex !== undefined && !Array.isArray(neverIndex)) {
    throw new ERR_INVALID_ARG_VALUE('headers[http2.neverIndex]', neverIndex);
  }
  return headers;
}

class ServerHttp2Stream extends Http2Stream {
  constructor(session, id, headers) {
    super(session, id);
    this._authority = headers[':authority'];
    this._protocol = headers[':scheme'];
    this.once('finish', () => this[kMaybeDestroy]());
  }

  get headersSent() { return this[kState].headersSent; }

  get pushAllowed() {
    const session = this[kSession];
    return !this.destroyed && !this.closed && !!session && !session.closed &&
      !session.destroyed && session.remoteSettings.enablePush !== false;
  }

  _write(chunk, encoding, cb) {
    if (!this.destroyed && !this.headersSent) this.respond();
    super._write(chunk, encoding, cb);
  }

  // end() before respond(): the body ends once the response is given; a
  // file response ends its DATA itself (pipeFd).
  _final(cb) {
    if (this[kState].filePipe) {
      cb();
      return;
    }
    if (!this.headersSent) {
      // (a stream already closed will never answer)
      if (this.closed) cb();
      else this[kState].pendingFinal = cb;
      return;
    }
    super._final(cb);
  }

  respond(headers, options) {
    if (this.destroyed || this.closed) throw new ERR_HTTP2_INVALID_STREAM();
    if (this.headersSent) throw new ERR_HTTP2_HEADERS_SENT();
    assertIsObject(options, 'options');
    options = { ...options };
    this[kUpdateTimer]();
    headers = processResponseHeaders(headers, options);
    const list = mapToHeaders(headers, isStatusPseudo);
    this._respond(headers, list, options);
  }

  _respond(headers, list, options) {
    const state = this[kState];
    state.sentHeaders = headers;
    state.headersSent = true;
    const status = headers[':status'] | 0;
    const endStream = !!options.endStream || kNoPayloadStatus.has(status) || this.headRequest;
    // (as Node: a response without payload ends with its HEADERS, trailers
    // or not)
    state.waitForTrailers = !!options.waitForTrailers && !endStream;
    const session = this[kSession];
    const rc = binding.respond(session[kHandle], this.id, list, endStream, neverIndexed(headers));
    if (rc < 0) {
      this.destroy(nghttpError(rc));
      return;
    }
    session._flush();
    if (endStream) this.end();
    const cb = state.pendingFinal;
    if (cb) {
      state.pendingFinal = null;
      super._final(cb);
    }
  }

  additionalHeaders(headers) {
    if (this.destroyed || this.closed) throw new ERR_HTTP2_INVALID_STREAM();
    if (this.headersSent) throw new ERR_HTTP2_HEADERS_AFTER_RESPOND();
    assertIsObject(headers, 'headers');
    headers = Object.assign({ __proto__: null }, headers);
    if (headers[':status'] !== null && headers[':status'] !== undefined) {
      const status = headers[':status'] |= 0;
      if (status === 101) throw new ERR_HTTP2_STATUS_101();
      if (status < 100 || status >= 200) throw new ERR_HTTP2_INVALID_INFO_STATUS(headers[':status']);
    }
    this[kUpdateTimer]();
    const list = mapToHeaders(headers, isStatusPseudo);
    const state = this[kState];
    if (state.infoHeaders === undefined) state.infoHeaders = [headers];
    else state.infoHeaders.push(headers);
    const session = this[kSession];
    const rc = binding.headers(session[kHandle], this.id, list, neverIndexed(headers));
    if (rc < 0) this.destroy(nghttpError(rc));
    else session._flush();
  }

  pushStream(headers, options, callback) {
    if (!this.pushAllowed) throw new ERR_HTTP2_PUSH_DISABLED();
    if (this.id % 2 === 0) throw new ERR_HTTP2_NESTED_PUSH();
    const session = this[kSession];
    this[kUpdateTimer]();
    if (typeof options === 'function') {
      callback = options;
      options = undefined;
    }
    validateFunction(callback, 'callback');
    assertIsObject(options, 'options');
    options = { ...options };
    validatePriorityOptions(options);
    assertIsObject(headers, 'headers');
    headers = Object.assign({ __proto__: null }, headers);
    if (headers[':method'] === undefined) headers[':method'] = 'GET';
    if (headers[':authority'] === undefined) headers[':authority'] = this._authority;
    if (headers[':scheme'] === undefined) headers[':scheme'] = this._protocol;
    if (headers[':path'] === undefined) headers[':path'] = '/';
    const headRequest = headers[':method'] === 'HEAD';
    if (headRequest) options.endStream = true;
    const list = mapToHeaders(headers, (key) => kPseudoHeaders.has(key) && key !== ':status');
    const id = binding.push(session[kHandle], this.id, list, neverIndexed(headers));
    if (id < 0) {
      let err;
      if (id === binding.ERR_STREAM_ID_NOT_AVAILABLE) {
        err = new ERR_HTTP2_OUT_OF_STREAMS();
        session.destroy(err);
      } else if (id === binding.ERR_STREAM_CLOSED) {
        err = new ERR_HTTP2_INVALID_STREAM();
        this.destroy(err);
      } else {
        err = nghttpError(id);
        this.destroy(err);
      }
      process.nextTick(callback, err);
      return;
    }
    session._flush();
    const stream = new ServerHttp2Stream(session, id, headers);
    stream[kState].sentHeaders = headers;
    stream[kState].headRequest = headRequest;
    stream.push(null);
    if (options.endStream) stream.end();
    process.nextTick(callback, null, stream, headers, 0);
  }

  respondWithFD(fd, headers, options) {
    options = this._checkFileResponse(options);
    if (fd !== null && typeof fd === 'object' && typeof fd.fd === 'number') fd = fd.fd;
    else if (typeof fd !== 'number') throw invalidArgType('fd', ['number', 'FileHandle'], fd);
    this[kUpdateTimer]();
    headers = this._fileHeaders(headers, options);
    if (options.statCheck === undefined) {
      this._respondWithFD(fd, false, headers, options.offset, options.length, options);
      return;
    }
    require('fs').fstat(fd, (err, stat) => {
      if (err) {
        this.destroy(err);
        return;
      }
      if (this.destroyed || this.closed) return;
      const statOptions = {
        offset: options.offset !== undefined ? options.offset : 0,
        length: options.length !== undefined ? options.length : -1,
      };
      if (options.statCheck.call(this, stat, headers, statOptions) === false) return;
      if (this.headersSent) return;
      this._respondWithFD(fd, false, headers, options.offset | 0, options.length | 0, options);
    });
  }

  respondWithFile(path, headers, options) {
    options = this._checkFileResponse(options);
    this[kUpdateTimer]();
    headers = this._fileHeaders(headers, options);
    const fs = require('fs');
    fs.open(path, 'r', (err, fd) => {
      if (err) {
        onFileError(this, options, err);
        return;
      }
      fs.fstat(fd, (err2, stat) => this._sendFile(fd, err2, stat, headers, options));
    });
  }

  _checkFileResponse(options) {
    if (this.destroyed || this.closed) throw new ERR_HTTP2_INVALID_STREAM();
    if (this.headersSent) throw new ERR_HTTP2_HEADERS_SENT();
    assertIsObject(options, 'options');
    options = { ...options };
    for (const [name, type] of [['offset', 'number'], ['length', 'number'], ['statCheck', 'function']]) {
      if (options[name] !== undefined && typeof options[name] !== type) {
        throw new ERR_INVALID_ARG_VALUE(`options.${name}`, options[name]);
      }
    }
    return options;
  }

  _fileHeaders(headers, options) {
    headers = processResponseHeaders(headers, options);
    const status = headers[':status'] |= 0;
    if (kNoPayloadStatus.has(status) || this.headRequest) throw new ERR_HTTP2_PAYLOAD_FORBIDDEN(status);
    return headers;
  }

  // respondWithFile once the file is open: Node's checks, statCheck, the
  // content-length of a regular file, then the response.
  _sendFile(fd, err, stat, headers, options) {
    const closeFd = () => require('fs').close(fd, () => {});
    if (err) {
      closeFd();
      onFileError(this, options, err);
      return;
    }
    if (!stat.isFile()) {
      const isDirectory = stat.isDirectory();
      if (options.offset !== undefined || options.length !== undefined || isDirectory) {
        closeFd();
        onFileError(this, options, isDirectory ? new ERR_HTTP2_SEND_FILE() : new ERR_HTTP2_SEND_FILE_NOSEEK());
        return;
      }
      options.offset = -1;
      options.length = -1;
    }
    if (this.destroyed || this.closed) {
      closeFd();
      return;
    }
    const statOptions = {
      offset: options.offset !== undefined ? options.offset : 0,
      length: options.length !== undefined ? options.length : -1,
    };
    if (typeof options.statCheck === 'function' &&
        options.statCheck.call(this, stat, headers, statOptions) === false) {
      closeFd();
      return;
    }
    if (this.headersSent) {
      closeFd();
      return;
    }
    if (stat.isFile()) {
      statOptions.length = statOptions.length < 0 ? stat.size - (+statOptions.offset)
        : Math.min(stat.size - (+statOptions.offset), statOptions.length);
      headers['content-length'] = statOptions.length;
    }
    this._respondWithFD(fd, true, headers, options.offset | 0, statOptions.length | 0, options);
  }

  // As Node's processRespondWithFD: the writable side ends at once and the
  // file's bytes (length < 0: to its end; offset < 0: where the fd is) go
  // out as DATA, read as the window lets the queue go.
  _respondWithFD(fd, ownFd, headers, offset = 0, length = -1, options = {}) {
    const state = this[kState];
    let list;
    try {
      list = mapToHeaders(headers, isStatusPseudo);
    } catch (err) {
      this.destroy(err);
      return;
    }
    state.headersSent = true;
    state.sentHeaders = headers;
    state.filePipe = true;
    state.waitForTrailers = !!options.waitForTrailers;
    this.end();
    const session = this[kSession];
    const rc = binding.respond(session[kHandle], this.id, list, false, neverIndexed(headers));
    if (rc < 0) {
      this.destroy(nghttpError(rc));
      return;
    }
    session._flush();
    pipeFd(this, fd, ownFd, offset, length);
  }
}

// The bytes of fd into the stream's DATA: read 64 KiB at a time while the
// binding's queue is short, again after the session sent some.
function pipeFd(stream, fd, ownFd, offset, length) {
  const fs = require('fs');
  let position = offset >= 0 ? offset : null;
  let left = length;
  const done = (err) => {
    stream[kState].filePump = null;
    if (ownFd) fs.close(fd, () => {});
    if (err) {
      // as Node: a file that cannot be read resets the stream
      if (!stream.destroyed && !stream.closed) stream.close(INTERNAL_ERROR);
      return;
    }
    const session = stream[kSession];
    if (stream.destroyed || !session || !session[kHandle]) return;
    if (stream[kState].waitForTrailers) {
      stream[kState].trailersReady = true;
      stream._finalCb = null;
      if (!stream.emit('wantTrailers')) stream.sendTrailers({});
      return;
    }
    binding.end(session[kHandle], stream.id);
    session._flush();
  };
  let reading = false;
  const pump = () => {
    const session = stream[kSession];
    if (reading) return;
    if (stream.destroyed || !session || !session[kHandle]) {
      stream[kState].filePump = null;
      if (ownFd) fs.close(fd, () => {});
      return;
    }
    if (binding.queued(session[kHandle], stream.id) > kMaxQueued) return;
    if (left === 0) {
      done();
      return;
    }
    const size = left < 0 ? 65536 : Math.min(65536, left);
    reading = true;
    fs.read(fd, Buffer.allocUnsafe(size), 0, size, position, (err, n, buf) => {
      reading = false;
      if (err) {
        done(err);
        return;
      }
      if (n === 0) {
        done();
        return;
      }
      if (position !== null) position += n;
      if (left > 0) left -= n;
      const s = stream[kSession];
      if (stream.destroyed || !s || !s[kHandle]) {
        pump();
        return;
      }
      stream[kUpdateTimer]();
      binding.write(s[kHandle], stream.id, buf.subarray(0, n));
      s._flush();
      pump();
    });
  };
  stream[kState].filePump = pump;
  pump();
}

function onFileError(stream, options, err) {
  if (typeof options.onError === 'function') options.onError(err);
  else stream.destroy(err);
}

const kNoRst = 0;
const kSubmitRst = 1;
const kForceRst = 2;

function closeStream(stream, code, rstStatus = kSubmitRst) {
  const state = stream[kState];
  state.closed = true;
  state.rstCode = code;
  stream.setTimeout(0);
  stream.removeAllListeners('timeout');
  // closed while waiting for trailers: the writable side is done
  const finalCb = stream._finalCb;
  if (finalCb) {
    stream._finalCb = null;
    finalCb();
  }
  const { ending, finished } = stream._writableState;
  if (!ending) {
    if (!state.aborted) {
      state.aborted = true;
      stream.emit('aborted');
    }
    stream.end();
  }
  if (rstStatus === kNoRst) return;
  const submit = () => {
    const session = stream[kSession];
    // (a session being destroyed sends its GOAWAY instead, as Node's does)
    if (session && session[kHandle] && !session.destroyed && stream.id !== undefined) {
      binding.rst(session[kHandle], stream.id, code);
      session._flush();
    }
  };
  const finish = () => {
    if (stream.pending) {
      stream.push(null);
      stream.once('ready', submit);
    } else {
      submit();
    }
  };
  if (!ending || finished || code !== NO_ERROR || rstStatus === kForceRst) finish();
  else stream.once('finish', finish);
}

// A stream's headers events are emitted on the next tick (as Node's); what
// arrives after them (data, end, close) waits for them, in order.
function afterHeaders(stream, fn) {
  const queue = stream[kState].queue;
  if (queue === null) fn();
  else queue.push(fn);
}

function drainQueue(stream) {
  const state = stream[kState];
  const queue = state.queue;
  // (still the queue while it runs: what a handler's write or end makes
  // nghttp2 report, a close, goes after what was already queued)
  try {
    for (let i = 0; i < queue.length; i++) queue[i]();
  } finally {
    state.queue = null;
  }
}

// A write held for the window: the stream is gone, its data with it.
function releaseWrite(stream) {
  const state = stream[kState];
  const cb = state.writeCb;
  if (cb !== null) {
    state.writeCb = null;
    cb();
  }
  for (const key of ['finalCb', 'pendingFinal']) {
    const final = state[key];
    if (final !== null) {
      state[key] = null;
      final();
    }
  }
}

// The peer (or nghttp2) closed the stream.
function onStreamClose(stream, code) {
  releaseWrite(stream);
  if (stream.destroyed) return;
  if (!stream.closed) closeStream(stream, code, kNoRst);
  if (!stream.readable || code !== NO_ERROR) {
    stream.destroy();
  } else {
    stream.on('end', () => stream[kMaybeDestroy]());
    stream.push(null);
    // a server stream nobody reads: its data is dropped so that it can end
    if (stream[kSession]?.type === 0 && !stream[kState].didRead && stream.readableFlowing === null) {
      stream.resume();
    } else {
      stream.read(0);
    }
  }
}

// -----------------------------------------------------------------------------
// Sessions

// session.socket: the socket's properties, but not what would read or write
// behind the session's back.
const kNoSocketManipulation = new Set([
  'destroy', 'emit', 'end', 'pause', 'read', 'resume', 'write', 'setEncoding', 'setKeepAlive',
  'setNoDelay',
]);
const kSocketProxyHandler = {
  get(session, prop) {
    switch (prop) {
      case 'setTimeout':
      case 'ref':
      case 'unref':
        return session[prop].bind(session);
      default: {
        if (kNoSocketManipulation.has(prop)) throw new ERR_HTTP2_NO_SOCKET_MANIPULATION();
        const socket = session[kSocket];
        if (socket === undefined) throw new ERR_HTTP2_SOCKET_UNBOUND();
        const value = socket[prop];
        return typeof value === 'function' ? value.bind(socket) : value;
      }
    }
  },
  getPrototypeOf(session) {
    const socket = session[kSocket];
    if (socket === undefined) throw new ERR_HTTP2_SOCKET_UNBOUND();
    return Reflect.getPrototypeOf(socket);
  },
  set(session, prop, value) {
    if (prop === 'setTimeout' || prop === 'ref' || prop === 'unref') {
      session[prop] = value;
      return true;
    }
    if (kNoSocketManipulation.has(prop)) throw new ERR_HTTP2_NO_SOCKET_MANIPULATION();
    const socket = session[kSocket];
    if (socket === undefined) throw new ERR_HTTP2_SOCKET_UNBOUND();
    socket[prop] = value;
    return true;
  },
};

// What client and server sessions share.
class Http2Session extends EventEmitter {
  constructor(options, socket, protocol, authority, type) {
    super();
    this._type = type;
    if (socket[kBoundSession] !== undefined) throw new ERR_HTTP2_SOCKET_BOUND();
    socket[kBoundSession] = this;
    this[kSocket] = socket;
    this[kHandle] = undefined;
    this[kTimeout] = null;
    this._protocol = protocol;
    this._authority = authority;
    this._options = options;
    this._proxySocket = null;
    this._pendingRequests = null;
    this._encrypted = undefined;
    this._alpnProtocol = undefined;
    this._localSettings = undefined;
    this._remoteSettings = undefined;
    this[kState] = {
      connecting: true, closed: false, destroyed: false, goawayCode: null,
      goawayLastStreamID: null, streams: new Map(), pendingStreams: new Set(),
      pendingAck: 0, settingsCallbacks: [], pings: [],
    };
    this[kStats] = stats.sessionStats();
    if (typeof socket.setNoDelay === 'function') socket.setNoDelay();
    socket.on('error', socketOnError);
    socket.on('close', socketOnClose);
    const setup = () => this._setup(socket, options);
    if (socket.connecting) {
      const tls = require('tls');
      socket.once(socket instanceof tls.TLSSocket ? 'secureConnect' : 'connect', setup);
    } else {
      setup();
    }
  }

  get type() { return this._type; }
  get connecting() { return this[kState].connecting; }
  get closed() { return this[kState].closed; }
  get destroyed() { return this[kState].destroyed; }
  get encrypted() { return this._encrypted; }
  get alpnProtocol() { return this._alpnProtocol; }
  get goawayCode() { return this[kState].goawayCode || NO_ERROR; }
  get goawayLastStreamID() { return this[kState].goawayLastStreamID || 0; }
  get pendingSettingsAck() { return this[kState].pendingAck > 0; }

  get socket() {
    if (this._proxySocket === null) this._proxySocket = new Proxy(this, kSocketProxyHandler);
    return this._proxySocket;
  }

  get state() {
    if (this.connecting || this.destroyed || !this[kHandle]) return {};
    const v = binding.state(this[kHandle]);
    return {
      effectiveLocalWindowSize: v[0], effectiveRecvDataLength: v[1], nextStreamID: v[2],
      localWindowSize: v[3], lastProcStreamID: v[4], remoteWindowSize: v[5],
      outboundQueueSize: v[6], deflateDynamicTableSize: v[7], inflateDynamicTableSize: v[8],
    };
  }

  get localSettings() {
    if (this._localSettings !== undefined) return this._localSettings;
    if (this.destroyed || this.connecting || !this[kHandle]) return {};
    return (this._localSettings = settingsObject(binding.getSettings(this[kHandle], false)));
  }

  get remoteSettings() {
    if (this._remoteSettings !== undefined) return this._remoteSettings;
    if (this.destroyed || this.connecting || !this[kHandle]) return {};
    return (this._remoteSettings = settingsObject(binding.getSettings(this[kHandle], true)));
  }

  [kUpdateTimer]() {
    if (!this.destroyed) refreshTimer(this);
  }

  [Symbol.for('nodejs.util.inspect.custom')](depth) {
    if (typeof depth === 'number' && depth < 0) return this;
    const obj = {
      type: this.type, closed: this.closed, destroyed: this.destroyed, state: this.state,
      localSettings: this.localSettings, remoteSettings: this.remoteSettings,
    };
    return `Http2Session ${require('util').format(obj)}`;
  }

  setTimeout(msecs, callback) {
    return setTimeoutOn(this, msecs, callback);
  }

  ref() {
    if (typeof this[kSocket]?.ref === 'function') this[kSocket].ref();
  }

  unref() {
    if (typeof this[kSocket]?.unref === 'function') this[kSocket].unref();
  }

  _setup(socket, options) {
    if (this.destroyed) {
      process.nextTick(() => this.emit('connect', this, socket));
      return;
    }
    const settings = typeof options.settings === 'object' && options.settings !== null
      ? options.settings : {};
    this[kHandle] = binding.create(this._type === 0, options);
    this[kState].connecting = false;
    if (socket.encrypted) {
      this._encrypted = true;
      this._alpnProtocol = socket.alpnProtocol;
    } else {
      this._encrypted = false;
      this._alpnProtocol = 'h2c';
    }
    socket.on('data', (chunk) => this._feed(chunk));
    this.settings(settings);
    // a server's options.origins: an ORIGIN frame first thing (as Node)
    if (this._type === 0 && Array.isArray(options.origins)) this.origin(...options.origins);
    process.nextTick(() => this.emit('connect', this, socket));
  }

  _feed(chunk) {
    if (this.destroyed || !this[kHandle]) return;
    this[kUpdateTimer]();
    const events = [];
    const rc = binding.feed(this[kHandle], chunk, events);
    this._dispatch(events);
    if (typeof rc === 'string' || rc < 0) {
      this.destroy(nghttpError(rc));
      return;
    }
    this._flush();
  }

  // Writes what nghttp2 has to send, then handles what that reported.
  _flush() {
    const handle = this[kHandle];
    const socket = this[kSocket];
    if (!handle || !socket) return;
    const events = [];
    const out = binding.pull(handle, events);
    if (typeof out === 'number') {
      this._dispatch(events);
      this.destroy(nghttpError(out));
      return;
    }
    if (out !== undefined && !socket.destroyed && socket.writable) {
      socket.write(Buffer.from(out));
    }
    this._dispatch(events);
    if (out !== undefined) {
      for (const stream of this[kState].streams.values()) {
        if (stream[kState].writeCb !== null || stream[kState].finalCb !== null) {
          stream._afterSend(handle);
        }
        if (stream[kState].filePump) stream[kState].filePump();
      }
    }
  }

  _dispatch(events) {
    for (const ev of events) {
      if (this.destroyed) return;
      switch (ev[0]) {
        case binding.EV_HEADERS: this._onHeaders(ev[1], ev[2], ev[3], ev[4], ev[5]); break;
        case binding.EV_DATA: {
          const stream = this[kState].streams.get(ev[1]);
          const chunk = Buffer.from(ev[2]);
          if (stream) stats.noteRead(stream[kStats], chunk.length);
          if (stream) afterHeaders(stream, () => stream._pushData(chunk));
          else binding.consume(this[kHandle], 0, chunk.length);
          break;
        }
        case binding.EV_END: {
          const stream = this[kState].streams.get(ev[1]);
          if (stream) afterHeaders(stream, () => stream.destroyed || stream.push(null));
          break;
        }
        case binding.EV_CLOSE: {
          const stream = this[kState].streams.get(ev[1]);
          if (stream) afterHeaders(stream, () => onStreamClose(stream, ev[2]));
          break;
        }
        case binding.EV_SETTINGS: this._onSettings(ev[1], ev[2]); break;
        case binding.EV_PING: this._onPing(ev[1], Buffer.from(ev[2])); break;
        case binding.EV_GOAWAY: this._onGoaway(ev[1], ev[2], Buffer.from(ev[3])); break;
        case binding.EV_ALTSVC: this._onAltsvc(ev[1], ev[2], ev[3]); break;
        case binding.EV_ORIGIN: this._onOrigin(ev[1]); break;
        case binding.EV_FRAME_ERROR: this._onFrameError(ev[1], ev[2], ev[3]); break;
        case binding.EV_PRIORITY: {
          const emitter = this[kState].streams.get(ev[1]) || this;
          if (!emitter.destroyed) {
            emitter[kUpdateTimer]();
            emitter.emit('priority', ev[1], ev[2], ev[3], ev[4]);
          }
          break;
        }
        case binding.EV_SESSION_ERROR: this.destroy(nghttpError(ev[1])); break;
        default: break;
      }
    }
  }

  _onHeaders(id, cat, flags, list, sensitive) {
    const stream = this[kState].streams.get(id);
    if (stream === undefined && cat === HCAT_REQUEST) {
      this._onNewStream(id, flags, list, sensitive);
      return;
    }
    if (stream === undefined || stream.destroyed) return;
    this[kUpdateTimer]();
    stats.noteHeaders(stream[kStats]);
    const endOfStream = !!(flags & FLAG_END_STREAM);
    const obj = toHeaderObject(list, sensitive);
    const status = obj[':status'];
    let event;
    if (cat === HCAT_RESPONSE) {
      event = !endOfStream && status !== undefined && status >= 100 && status < 200
        ? 'headers' : 'response';
      // 421 Misdirected Request: the request's origin leaves the origin set
      if (status === 421 && this.originSet !== undefined) {
        const sent = stream[kState].sentHeaders;
        this._originSet.delete(`${sent[':scheme']}://${sent[':authority']}`);
      }
      if (event === 'response' && endOfStream) stream[kState].endAfterHeaders = true;
    } else if (cat === HCAT_PUSH_RESPONSE) {
      event = 'push';
    } else if (status !== undefined && status >= 200) {
      // (the final response after a 1xx, END_STREAM or not, as Node 20)
      event = 'response';
    } else {
      event = endOfStream ? 'trailers' : 'headers';
    }
    const state = stream[kState];
    if (state.queue === null) {
      state.queue = [];
      process.nextTick(drainQueue, stream);
    }
    state.queue.push(() => stream.emit(event, obj, flags, list));
    if (endOfStream) state.queue.push(() => stream.destroyed || stream.push(null));
  }

  // values: the settings in force when this frame was processed (a later
  // SETTINGS frame in the same read must not show through).
  _onSettings(ack, values) {
    this[kUpdateTimer]();
    if (ack) {
      this[kState].pendingAck--;
      const settings = this._localSettings = settingsObject(values);
      const cb = this[kState].settingsCallbacks.shift();
      if (typeof cb === 'function') cb(null, settings, 0);
      this.emit('localSettings', settings);
    } else {
      this._remoteSettings = settingsObject(values);
      this.emit('remoteSettings', this._remoteSettings);
    }
  }

  _onPing(ack, payload) {
    this[kUpdateTimer]();
    if (!ack) {
      this.emit('ping', payload);
      return;
    }
    const ping = this[kState].pings.shift();
    // as Node: an ACK for no PING of ours is a connection error
    if (ping === undefined) this.destroy(nghttpError(NGHTTP2_ERR_PROTO));
    else {
      const rtt = Number(process.hrtime.bigint() - ping.start) / 1e6;
      this[kStats].pingRTT = rtt;
      ping.cb(null, rtt, payload);
    }
  }

  // A frame nghttp2 could not send (code: the HTTP/2 error code): reported,
  // then, as Node, its stream and the session close a turn later (a GOAWAY
  // with the real code may be on its way).
  _onFrameError(id, type, code) {
    const stream = this[kState].streams.get(id);
    const emitter = stream || this;
    emitter[kUpdateTimer]();
    emitter.emit('frameError', type, code, id);
    setImmediate(() => {
      if (stream !== undefined && !stream.destroyed) stream.close(code);
      this.close();
    });
  }

  _onGoaway(code, lastStreamID, opaque) {
    const state = this[kState];
    state.goawayCode = code;
    state.goawayLastStreamID = lastStreamID;
    this.emit('goaway', code, lastStreamID, opaque);
    if (code === NO_ERROR) this.close();
    else this.destroy(new ERR_HTTP2_SESSION_ERROR(code), NO_ERROR);
  }

  settings(settings, callback) {
    if (this.destroyed) throw new ERR_HTTP2_INVALID_SESSION();
    assertIsObject(settings, 'settings');
    settings = { ...settings };
    validateSettings(settings);
    if (callback !== undefined) validateFunction(callback, 'callback');
    this[kState].pendingAck++;
    const submit = () => {
      if (this.destroyed) return;
      this[kUpdateTimer]();
      // as Node: at most maxOutstandingSettings (10) frames await their ACK
      const max = this._options.maxOutstandingSettings;
      if (this[kState].settingsCallbacks.length >= (typeof max === 'number' ? Math.max(max, 1) : 10)) {
        this.destroy(new ERR_HTTP2_MAX_PENDING_SETTINGS_ACK());
        return;
      }
      this[kState].settingsCallbacks.push(callback);
      const rc = binding.settings(this[kHandle], settingsList(settings));
      if (rc < 0) this.destroy(nghttpError(rc));
      else this._flush();
    };
    if (this.connecting) this.once('connect', submit);
    else submit();
  }

  ping(payload, callback) {
    if (this.destroyed) throw new ERR_HTTP2_INVALID_SESSION();
    if (typeof payload === 'function') {
      callback = payload;
      payload = undefined;
    }
    if (payload !== undefined && !ArrayBuffer.isView(payload)) {
      throw invalidArgType('payload', ['Buffer', 'TypedArray', 'DataView'], payload);
    }
    if (payload && payload.byteLength !== 8) throw new ERR_HTTP2_PING_LENGTH();
    validateFunction(callback, 'callback');
    if (this.connecting || this.closed) {
      process.nextTick(callback, new ERR_HTTP2_PING_CANCEL());
      return false;
    }
    const max = this._options.maxOutstandingPings === undefined ? 10 : this._options.maxOutstandingPings;
    if (this[kState].pings.length >= max) {
      process.nextTick(callback, new ERR_HTTP2_PING_CANCEL());
      return false;
    }
    const bytes = payload ? Buffer.from(payload.buffer, payload.byteOffset, 8) : Buffer.alloc(8);
    this[kState].pings.push({ cb: callback, start: process.hrtime.bigint() });
    const rc = binding.ping(this[kHandle], bytes);
    if (rc < 0) {
      this[kState].pings.pop();
      return false;
    }
    this._flush();
    return true;
  }

  goaway(code = NO_ERROR, lastStreamID = 0, opaqueData) {
    if (this.destroyed) throw new ERR_HTTP2_INVALID_SESSION();
    if (opaqueData !== undefined && !ArrayBuffer.isView(opaqueData)) {
      throw invalidArgType('opaqueData', ['Buffer', 'TypedArray', 'DataView'], opaqueData);
    }
    validateNumber(code, 'code');
    validateNumber(lastStreamID, 'lastStreamID');
    const submit = () => {
      if (this.destroyed || !this[kHandle]) return;
      this[kUpdateTimer]();
      binding.goaway(this[kHandle], code, lastStreamID, opaqueData);
      this._flush();
    };
    if (this.connecting) this.once('connect', submit);
    else submit();
  }

  setLocalWindowSize(windowSize) {
    if (this.destroyed) throw new ERR_HTTP2_INVALID_SESSION();
    validateInt32(windowSize, 'windowSize', 0);
    const submit = () => {
      if (this.destroyed || !this[kHandle]) return;
      const rc = binding.setLocalWindowSize(this[kHandle], windowSize);
      if (rc < 0) this.destroy(nghttpError(rc));
      else this._flush();
    };
    if (this.connecting) this.once('connect', submit);
    else submit();
  }

  close(callback) {
    if (this.closed || this.destroyed) return;
    this[kState].closed = true;
    if (typeof callback === 'function') this.once('close', callback);
    this.goaway();
    this[kMaybeDestroy]();
  }

  [kMaybeDestroy](error) {
    if (error == null) {
      const state = this[kState];
      if (!this.closed || state.streams.size > 0 || state.pendingStreams.size > 0) return;
    }
    this.destroy(error);
  }

  destroy(error = NO_ERROR, code) {
    if (this.destroyed) return;
    if (typeof error === 'number') {
      code = error;
      error = code !== NO_ERROR ? new ERR_HTTP2_SESSION_ERROR(code) : undefined;
    }
    if (code === undefined && error != null) code = INTERNAL_ERROR;
    const state = this[kState];
    state.destroyed = true;
    state.destroyCode = code;
    this.setTimeout(0);
    this.removeAllListeners('timeout');

    const cancel = new ERR_HTTP2_STREAM_CANCEL(error);
    state.pendingStreams.forEach((stream) => stream.destroy(cancel));
    state.streams.forEach((stream) => stream.destroy(error));
    for (const ping of state.pings.splice(0)) process.nextTick(ping.cb, new ERR_HTTP2_PING_CANCEL());
    // (as Node 20: a SETTINGS frame's callback is not called once the
    // session is destroyed; only pings are cancelled)
    state.settingsCallbacks.length = 0;

    const socket = this[kSocket];
    const handle = this[kHandle];
    if (handle !== undefined) {
      if (!socket.destroyed) {
        binding.goaway(handle, code || NO_ERROR, 0);
        this._flush();
      }
      stats.sessionDone(this[kStats], this.type, binding.state(handle).slice(9), socket);
      binding.destroy(handle);
    }
    this[kHandle] = undefined;
    socket[kBoundSession] = undefined;
    this[kSocket] = undefined;
    finishSessionClose(this, socket, error);
  }
}

class ClientHttp2Session extends Http2Session {
  constructor(options, socket, protocol, authority) {
    super(options, socket, protocol, authority, 1);
    this._originSet = undefined;
  }

  get originSet() {
    if (!this._encrypted || this.destroyed) return undefined;
    if (this._originSet === undefined) this._originSet = new Set([`https://${this._authority}`]);
    return Array.from(this._originSet);
  }

  _onAltsvc(streamId, origin, alt) {
    this[kUpdateTimer]();
    this.emit('altsvc', alt, origin, streamId);
  }

  // events.captureRejections: as Node, a 'stream' handler's rejection
  // destroys that (pushed) stream, any other the session.
  [EventEmitter.captureRejectionSymbol](err, event, ...args) {
    if (event === 'stream') args[0].destroy(err);
    else this.destroy(err);
  }

  // A PUSH_PROMISE: the pushed stream (read-only) in a 'stream' event; its
  // response comes as the stream's 'push' event.
  _onNewStream(id, flags, list, sensitive) {
    this[kUpdateTimer]();
    const headers = toHeaderObject(list, sensitive);
    const stream = new ClientHttp2Stream(this, id);
    stream.end();
    stream[kState].queue = [];
    process.nextTick(() => {
      this.emit('stream', stream, headers, flags, list);
      drainQueue(stream);
    });
  }

  _onOrigin(origins) {
    this[kUpdateTimer]();
    if (!this._encrypted) return;
    if (this._originSet === undefined) this._originSet = new Set([`https://${this._authority}`]);
    for (const origin of origins) this._originSet.add(origin);
    this.emit('origin', origins);
  }

  request(headers, options) {
    if (this.destroyed) throw new ERR_HTTP2_INVALID_SESSION();
    if (this.closed) throw new ERR_HTTP2_GOAWAY_SESSION();
    this[kUpdateTimer]();
    // As Node: a header name that is not a token destroys the session too.
    if (headers !== null && headers !== undefined) {
      for (const name of Object.keys(headers)) {
        if (name[0] === ':') {
          if (!kPseudoHeaders.has(name)) throw new ERR_HTTP2_INVALID_PSEUDOHEADER(name);
        } else if (name && !checkIsHttpToken(name)) {
          this.destroy(new ERR_INVALID_HTTP_TOKEN('Header name', name));
        }
      }
    }
    if (headers !== null && headers !== undefined) validateObject(headers, 'headers');
    if (options !== null && options !== undefined) validateObject(options, 'options');
    headers = Object.assign({ __proto__: null }, headers);
    options = { ...options };
    if (headers[':method'] === undefined) headers[':method'] = 'GET';
    const connect = headers[':method'] === 'CONNECT';
    if (!connect || headers[':protocol'] !== undefined) {
      if (headers[':authority'] === undefined && headers.host === undefined) {
        headers[':authority'] = this._authority;
      }
      if (headers[':scheme'] === undefined) headers[':scheme'] = this._protocol.slice(0, -1);
      if (headers[':path'] === undefined) headers[':path'] = '/';
    } else {
      if (headers[':authority'] === undefined) throw new ERR_HTTP2_CONNECT_AUTHORITY();
      if (headers[':scheme'] !== undefined) throw new ERR_HTTP2_CONNECT_SCHEME();
      if (headers[':path'] !== undefined) throw new ERR_HTTP2_CONNECT_PATH();
    }
    setPriorityDefaults(options);
    if (options.endStream === undefined) {
      options.endStream = kNoPayloadMethods.has(headers[':method']);
    } else {
      validateBoolean(options.endStream, 'options.endStream');
    }
    const list = mapToHeaders(headers, (key) => kPseudoHeaders.has(key) && key !== ':status');
    const stream = new ClientHttp2Stream(this);
    stream[kState].sentHeaders = headers;
    stream[kState].waitForTrailers = !!options.waitForTrailers;
    if (options.endStream) stream.end();
    const { signal } = options;
    if (signal) {
      const abort = () => stream.destroy(new AbortError(undefined, { cause: signal.reason }));
      if (signal.aborted) {
        abort();
      } else {
        signal.addEventListener('abort', abort, { once: true });
        stream.once('close', () => signal.removeEventListener('abort', abort));
      }
    }
    const onConnect = () => this._submitRequest(stream, list, options);
    if (!this.connecting) {
      onConnect();
    } else if (this._pendingRequests !== null) {
      this._pendingRequests.push(onConnect);
    } else {
      // one 'connect' listener for all the requests made before it
      this._pendingRequests = [onConnect];
      this.once('connect', () => {
        const calls = this._pendingRequests;
        this._pendingRequests = null;
        for (const call of calls) call();
      });
    }
    return stream;
  }

  _submitRequest(stream, list, options) {
    if (this.destroyed || stream.destroyed) return;
    if (this.closed) {
      stream.destroy(new ERR_HTTP2_GOAWAY_SESSION());
      return;
    }
    const id = binding.request(this[kHandle], list, !!options.endStream && !options.waitForTrailers,
                               neverIndexed(stream[kState].sentHeaders), prioritySpec(options));
    if (id < 0) {
      if (id === binding.ERR_STREAM_ID_NOT_AVAILABLE) stream.destroy(new ERR_HTTP2_OUT_OF_STREAMS());
      else if (id === binding.ERR_INVALID_ARGUMENT) stream.destroy(new ERR_HTTP2_STREAM_SELF_DEPENDENCY());
      else this.destroy(nghttpError(id));
      return;
    }
    // the HEADERS go out first: at 'ready' nghttp2 has the stream (its state)
    this._flush();
    stream._ready(id);
  }

  setNextStreamID(id) {
    if (this.destroyed) throw new ERR_HTTP2_INVALID_SESSION();
    validateNumber(id, 'id');
    if (id <= 0 || id > kMaxInt) throw new ERR_OUT_OF_RANGE('id', `> 0 and <= ${kMaxInt}`, id);
    const submit = () => {
      if (!this.destroyed && this[kHandle]) binding.setNextStreamID(this[kHandle], id);
    };
    if (this.connecting) this.once('connect', submit);
    else submit();
  }
}

// The longest ALTSVC/ORIGIN payload (a frame's 16384 bytes less the lengths).
const kMaxALTSVC = 16382;
const kQuotedString = /^[\x09\x20-\x5b\x5d-\x7e\x80-\xff]*$/;

function urlOrigin(url) {
  return new URL(url).origin;
}

class ServerHttp2Session extends Http2Session {
  constructor(options, socket, server) {
    super(options, socket, undefined, undefined, 0);
    this._server = server;
  }

  get server() { return this._server; }
  get originSet() { return undefined; }

  _onAltsvc() {}
  _onOrigin() {}

  // A request's HEADERS: a new ServerHttp2Stream, announced on the next tick
  // (what arrives meanwhile waits for the 'stream' event).
  _onNewStream(id, flags, list, sensitive) {
    if (this.closed) {
      binding.rst(this[kHandle], id, 7 /* REFUSED_STREAM */);
      this._flush();
      return;
    }
    this[kUpdateTimer]();
    const headers = toHeaderObject(list, sensitive);
    const endOfStream = !!(flags & FLAG_END_STREAM);
    const stream = new ServerHttp2Stream(this, id, headers);
    if (endOfStream) {
      stream.push(null);
      stream[kState].endAfterHeaders = true;
    }
    if (headers[':method'] === 'HEAD') {
      stream[kState].headRequest = true;
      stream.end();
    }
    stream[kState].queue = [];
    process.nextTick(() => {
      this.emit('stream', stream, headers, flags, list);
      drainQueue(stream);
    });
  }

  altsvc(alt, originOrStream) {
    if (this.destroyed) throw new ERR_HTTP2_INVALID_SESSION();
    let stream = 0;
    let origin;
    if (typeof originOrStream === 'string') {
      origin = urlOrigin(originOrStream);
      if (origin === 'null') throw new ERR_HTTP2_ALTSVC_INVALID_ORIGIN();
    } else if (typeof originOrStream === 'number') {
      if (originOrStream >>> 0 !== originOrStream || originOrStream === 0) {
        throw new ERR_OUT_OF_RANGE('originOrStream', `> 0 && < ${2 ** 32}`, originOrStream);
      }
      stream = originOrStream;
    } else if (originOrStream !== undefined) {
      if (originOrStream !== null && typeof originOrStream === 'object') origin = originOrStream.origin;
      if (typeof origin !== 'string') {
        throw invalidArgType('originOrStream', ['string', 'number', 'URL', 'object'], originOrStream);
      } else if (origin === 'null' || origin.length === 0) {
        throw new ERR_HTTP2_ALTSVC_INVALID_ORIGIN();
      }
    }
    validateString(alt, 'alt');
    if (!kQuotedString.test(alt)) throw new ERR_INVALID_CHAR('alt');
    if (alt.length + (origin !== undefined ? origin.length : 0) > kMaxALTSVC) {
      throw new ERR_HTTP2_ALTSVC_LENGTH();
    }
    binding.altsvc(this[kHandle], stream, origin || '', alt);
    this._flush();
  }

  origin(...origins) {
    if (this.destroyed) throw new ERR_HTTP2_INVALID_SESSION();
    if (origins.length === 0) return;
    const list = [];
    let len = 0;
    for (let origin of origins) {
      if (typeof origin === 'string') origin = urlOrigin(origin);
      else if (origin !== null && typeof origin === 'object') origin = origin.origin;
      validateString(origin, 'origin');
      if (origin === 'null') throw new ERR_HTTP2_INVALID_ORIGIN();
      list.push(origin);
      len += origin.length;
    }
    if (len > kMaxALTSVC) throw new ERR_HTTP2_ORIGIN_LENGTH();
    binding.origin(this[kHandle], list);
    this._flush();
  }
}

function validatePriorityOptions(options) {
  if (options.weight !== undefined) validateNumber(options.weight, 'options.weight');
  if (options.parent !== undefined) validateNumber(options.parent, 'options.parent', 0);
  if (options.exclusive !== undefined) validateBoolean(options.exclusive, 'options.exclusive');
  if (options.silent !== undefined) validateBoolean(options.silent, 'options.silent');
}

// A request's priority for the binding: none when it is the default (weight
// 16, no parent; nghttp2 then leaves the stream's state as it was).
function prioritySpec(options) {
  if (options.weight === DEFAULT_WEIGHT && options.parent === 0 && !options.exclusive) return undefined;
  return [options.weight, options.parent, options.exclusive];
}

// As Node: weight 16, no parent, not exclusive unless given.
function setPriorityDefaults(options) {
  validatePriorityOptions(options);
  if (options.weight === undefined) options.weight = DEFAULT_WEIGHT;
  if (options.parent === undefined) options.parent = 0;
  if (options.exclusive === undefined) options.exclusive = false;
}

function emitClose(session, error) {
  if (error) session.emit('error', error);
  session.emit('close');
}

// As Node 20: the session's 'close' follows the socket's; a destroyed (not
// gracefully closed) session destroys its socket once the writes are out.
function finishSessionClose(session, socket, error) {
  if (socket && !socket.destroyed) {
    socket.on('close', () => emitClose(session, error));
    if (session.closed) socket.resume();
    socket.end(() => {
      if (!session.closed) setImmediate(() => socket.destroy(error));
    });
  } else {
    process.nextTick(emitClose, session, error);
  }
}

function socketOnError(error) {
  const session = this[kBoundSession];
  if (session === undefined) return;
  // (as Node: the peer may go once it sent its GOAWAY; our writes are not
  // deferred as Node's, so a write to it can also meet EPIPE)
  if ((error.code === 'ECONNRESET' || error.code === 'EPIPE') && session[kState].goawayCode !== null) {
    session.destroy();
    return;
  }
  session.destroy(error);
}

function socketOnClose() {
  const session = this[kBoundSession];
  if (session === undefined) return;
  const err = session.connecting ? new ERR_SOCKET_CLOSED() : null;
  const state = session[kState];
  state.streams.forEach((stream) => stream.close(CANCEL));
  state.pendingStreams.forEach((stream) => stream.close(CANCEL));
  session.close();
  session[kMaybeDestroy](err);
}

// -----------------------------------------------------------------------------
// connect

function connect(authority, options, listener) {
  if (typeof options === 'function') {
    listener = options;
    options = undefined;
  }
  assertIsObject(options, 'options');
  options = { ...options };
  assertIsObject(options.settings, 'options.settings');
  if (typeof authority === 'string') authority = new URL(authority);
  assertIsObject(authority, 'authority', ['string', 'Object', 'URL']);

  const protocol = authority.protocol || options.protocol || 'https:';
  const port = `${authority.port !== '' && authority.port !== undefined
    ? authority.port : (authority.protocol === 'http:' ? 80 : 443)}`;
  let host = 'localhost';
  if (authority.hostname) {
    host = authority.hostname;
    if (host[0] === '[') host = host.slice(1, -1);
  } else if (authority.host) {
    host = authority.host;
  }

  let socket;
  if (typeof options.createConnection === 'function') {
    socket = options.createConnection(authority, options);
  } else if (protocol === 'http:') {
    socket = require('net').connect({ port, host, ...options });
  } else if (protocol === 'https:') {
    const tlsOptions = { ...options, ALPNProtocols: ['h2'] };
    if (tlsOptions.servername === undefined && !require('net').isIP(host)) {
      tlsOptions.servername = host;
    }
    socket = require('tls').connect(port, host, tlsOptions);
  } else {
    throw new ERR_HTTP2_UNSUPPORTED_PROTOCOL(protocol);
  }

  const session = new ClientHttp2Session(options, socket, protocol,
                                         `${options.servername || host}:${port}`);
  if (typeof listener === 'function') session.once('connect', listener);
  return session;
}

module.exports = {
  connect, ClientHttp2Session, ClientHttp2Stream, Http2Session, Http2Stream, ServerHttp2Session,
  ServerHttp2Stream, validateSettings,
};
// (the session's own socket, for the compatibility API's req.socket)
module.exports.kSocket = kSocket;
