'use strict';
// http.IncomingMessage: a request as the C engine delivered it. A Readable
// whose body chunks are pushed by the server (onBody); when its buffer is
// full the connection stops reading (binding.pause) until _read asks for
// more. `rawHeaders`, `headers`, `headersDistinct` and `socket` are built on
// first use: rawHeaders from the server's "name\0value\0..." string (one
// string from C instead of one per field), the others from rawHeaders and
// the connection handle.

const { Readable } = require('stream');
const { getBinding } = require('_http_common');

const EventEmitter = require('events');
const { ReadableState } = Readable;

function IncomingMessage(socket) {
  // What Readable.call(this) does for a plain Readable without options,
  // minus its per-construction `this instanceof require('./duplex')` (a
  // module lookup in the bundled readable-stream, the most expensive part
  // of a request with the current loader).
  // (the socket's highWaterMark, as Node: a client's highWaterMark option)
  const hwm = socket ? socket.readableHighWaterMark : undefined;
  this._readableState = new ReadableState(typeof hwm === 'number' ? { highWaterMark: hwm } : undefined, this, false);
  EventEmitter.call(this);
  this._readableState.readingMore = true;
  this._socket = socket === undefined ? undefined : socket || null; // (as given, as in Node)
  this._conn = null;        // C connection handle (server side)
  this._server = null;
  this.httpVersionMajor = null;
  this.httpVersionMinor = null;
  this.httpVersion = null;
  this.complete = false;
  this._rawHeaders = null;     // rawHeaders, once made or set
  this._rawHeaderBlock = '';   // what they are made of (server side)
  this._headerPairs = 0;       // maxHeadersCount * 2: entries of rawHeaders in headers (0: all)
  this.rawTrailers = [];
  this.joinDuplicateHeaders = false;
  this.aborted = false;
  this.upgrade = null;
  this.url = '';
  this.method = null;
  this.statusCode = null;
  this.statusMessage = null;
  this._consuming = false;
  this._dumped = false;
  this._lazyDump = false;
  this._eofPushed = false;
  this._expectBody = false;  // the request announced a body (Content-Length > 0 or chunked)
  this._paused = false;     // we paused the connection (upload back-pressure)
  this._connClosed = false;
  this._handle = null;      // the C request handle (server side)
  this._headers = null;
  this._headersDistinct = null;
  this._trailers = null;
  this._trailersDistinct = null;
}
Object.setPrototypeOf(IncomingMessage.prototype, Readable.prototype);
Object.setPrototypeOf(IncomingMessage, Readable);

// maxHeadersCount: headers and headersDistinct hold the first ones only,
// rawHeaders all of them (Node's parser does the same).
function headerEntries(msg, raw) {
  const max = msg._headerPairs;
  return max > 0 && max < raw.length ? max : raw.length;
}

function socketOf(msg) {
  let s = msg._socket;
  if (s === null && msg._conn !== null) {
    s = msg._socket = require('internal/http/socket').socketFor(msg._server, msg._conn);
  }
  return s;
}

Object.defineProperties(IncomingMessage.prototype, {
  socket: {
    configurable: true,
    enumerable: true,
    get() { return socketOf(this); },
    set(v) { this._socket = v; },
  },
  connection: {
    configurable: true,
    get() { return socketOf(this); },
    set(v) { this._socket = v; },
  },
  client: {
    configurable: true,
    get() { return socketOf(this); },
    set(v) { this._socket = v; },
  },
  rawHeaders: {
    configurable: true,
    enumerable: true,
    get() {
      if (this._rawHeaders === null) {
        const block = this._rawHeaderBlock;
        this._rawHeaders = block === '' ? [] : block.split('\0');
      }
      return this._rawHeaders;
    },
    set(v) { this._rawHeaders = v; },
  },
  headers: {
    configurable: true,
    enumerable: true,
    get() {
      if (this._headers === null) {
        const dest = {};
        const raw = this.rawHeaders;
        const join = this.joinDuplicateHeaders;
        const n = headerEntries(this, raw);
        for (let i = 0; i < n; i += 2) addHeaderLine(raw[i], raw[i + 1], dest, join);
        this._headers = dest;
      }
      return this._headers;
    },
    set(v) { this._headers = v; },
  },
  headersDistinct: {
    configurable: true,
    enumerable: true,
    get() {
      if (this._headersDistinct === null) {
        const raw = this.rawHeaders;
        this._headersDistinct = distinct(raw, headerEntries(this, raw));
      }
      return this._headersDistinct;
    },
    set(v) { this._headersDistinct = v; },
  },
  trailers: {
    configurable: true,
    enumerable: true,
    get() {
      if (this._trailers === null) {
        const dest = {};
        const raw = this.rawTrailers;
        for (let i = 0; i < raw.length; i += 2) {
          addHeaderLine(raw[i], raw[i + 1], dest, this.joinDuplicateHeaders);
        }
        this._trailers = dest;
      }
      return this._trailers;
    },
    set(v) { this._trailers = v; },
  },
  trailersDistinct: {
    configurable: true,
    enumerable: true,
    get() {
      if (this._trailersDistinct === null) this._trailersDistinct = distinct(this.rawTrailers);
      return this._trailersDistinct;
    },
    set(v) { this._trailersDistinct = v; },
  },
});

function distinct(raw, n = raw.length) {
  const dest = {};
  for (let i = 0; i < n; i += 2) {
    const key = raw[i].toLowerCase();
    const list = dest[key];
    if (list === undefined) dest[key] = [raw[i + 1]];
    else list.push(raw[i + 1]);
  }
  return dest;
}

IncomingMessage.prototype.setTimeout = function setTimeout(msecs, callback) {
  if (callback) this.on('timeout', callback);
  const s = socketOf(this);
  if (s) s.setTimeout(msecs);
  return this;
};

// A request whose response finished while nobody listened to it is drained
// lazily (see onFinish in _http_server): the first listener triggers it.
const readableOn = Readable.prototype.on;
IncomingMessage.prototype.on = function on(ev, fn) {
  const ret = readableOn.call(this, ev, fn);
  if (this._lazyDump) {
    this._lazyDump = false;
    this._dump();
  }
  return ret;
};
IncomingMessage.prototype.addListener = IncomingMessage.prototype.on;
IncomingMessage.prototype.prependListener = function prependListener(ev, fn) {
  const ret = Readable.prototype.prependListener.call(this, ev, fn);
  if (this._lazyDump) {
    this._lazyDump = false;
    this._dump();
  }
  return ret;
};

IncomingMessage.prototype._read = function _read(n) {
  if (!this._consuming) {
    this._readableState.readingMore = false;
    this._consuming = true;
    // (HTTP/2: the engine then takes the whole body even if the response
    // ends first, as Node does for a body that is read.)
    if (this._handle !== null && this.httpVersionMajor === 2) getBinding().wantBody(this._handle);
  }
  if (this.complete && !this._eofPushed) {
    // The body ended before anyone read (see pushEnd in _http_server).
    this._eofPushed = true;
    this.push(null);
    return;
  }
  if (this._paused) {
    this._paused = false;
    if (this._conn !== null) getBinding().resume(this._conn);
  }
};

// Like Node: a request aborted before it completed emits 'aborted', and
// takes its connection down with it.
IncomingMessage.prototype._destroy = function _destroy(err, cb) {
  if (!this.readableEnded || !this.complete) {
    this.aborted = true;
    this.emit('aborted');
  }
  const conn = this._conn;
  // (_connClosed: the engine dropped the request, its connection, or its
  // HTTP/2 stream, is going already; an HTTP/2 connection carries others.)
  if (this.aborted && !this._connClosed && this.httpVersionMajor === 2) {
    // (An HTTP/2 stream is reset alone: the connection carries others.)
    if (this._handle !== null) getBinding().destroyRequest(this._handle);
  } else if (this.aborted && !this._connClosed) {
    const s = this._socket;
    if (s != null && !s.destroyed && typeof s.destroy === 'function') {
      s.destroy(err);
    } else if (conn !== null) {
      getBinding().destroy(conn);
    }
  }
  if (this.aborted && conn !== null && this.httpVersionMajor === 1 &&
      !require('internal/http/socket').connClosed(conn)) {
    // As in Node, 'error' and 'close' follow the socket's 'close'
    // (onConnectionClose in _http_server runs conn.afterClose).
    if (conn.afterClose === undefined) {
      conn.afterClose = [];
      require('internal/http/socket').watchClose(conn);
    }
    conn.afterClose.push(() => process.nextTick(onError, this, err, cb));
    return;
  }
  process.nextTick(onError, this, err, cb);
};

function onError(self, error, cb) {
  // An 'error' nobody listens to must not crash the process (the request
  // was aborted by the client, nothing the application did).
  if (self.listenerCount('error') === 0) cb();
  else cb(error);
}

IncomingMessage.prototype._addHeaderLines = function _addHeaderLines(headers, n) {
  if (headers && headers.length) {
    const dest = this.complete ? this.trailers : this.headers;
    for (let i = 0; i < n; i += 2) {
      addHeaderLine(headers[i], headers[i + 1], dest, this.joinDuplicateHeaders);
    }
  }
};

IncomingMessage.prototype._addHeaderLine = function _addHeaderLine(field, value, dest) {
  addHeaderLine(field, value, dest, this.joinDuplicateHeaders);
};

// Read the rest of the body into nowhere, so that the connection can carry
// on with the next request.
IncomingMessage.prototype._dump = function _dump() {
  if (!this._dumped) {
    this._dumped = true;
    this.removeAllListeners('data');
    this.resume();
    if (this._paused) {
      this._paused = false;
      if (this._conn !== null && !this._connClosed) getBinding().resume(this._conn);
    }
  }
};

// Node's rules for merging repeated header lines: a few fields keep their
// first value, set-cookie becomes an array, cookie joins with '; ' and the
// rest with ', '. Returns the lower-cased name, prefixed with '\0' (join
// with ', '), '\u0002' (join with '; ') or '\u0001' (array).
function matchKnownFields(field, lowercased) {
  switch (field.length) {
    case 3:
      if (field === 'Age' || field === 'age') return 'age';
      break;
    case 4:
      if (field === 'Host' || field === 'host') return 'host';
      if (field === 'From' || field === 'from') return 'from';
      if (field === 'ETag' || field === 'etag') return 'etag';
      if (field === 'Date' || field === 'date') return '\u0000date';
      if (field === 'Vary' || field === 'vary') return '\u0000vary';
      break;
    case 6:
      if (field === 'Server' || field === 'server') return 'server';
      if (field === 'Cookie' || field === 'cookie') return '\u0002cookie';
      if (field === 'Origin' || field === 'origin') return '\u0000origin';
      if (field === 'Expect' || field === 'expect') return '\u0000expect';
      if (field === 'Accept' || field === 'accept') return '\u0000accept';
      break;
    case 7:
      if (field === 'Referer' || field === 'referer') return 'referer';
      if (field === 'Expires' || field === 'expires') return 'expires';
      if (field === 'Upgrade' || field === 'upgrade') return '\u0000upgrade';
      break;
    case 8:
      if (field === 'Location' || field === 'location') return 'location';
      if (field === 'If-Match' || field === 'if-match') return '\u0000if-match';
      break;
    case 10:
      if (field === 'User-Agent' || field === 'user-agent') return 'user-agent';
      if (field === 'Set-Cookie' || field === 'set-cookie') return '\u0001';
      if (field === 'Connection' || field === 'connection') return '\u0000connection';
      break;
    case 11:
      if (field === 'Retry-After' || field === 'retry-after') return 'retry-after';
      break;
    case 12:
      if (field === 'Content-Type' || field === 'content-type') return 'content-type';
      if (field === 'Max-Forwards' || field === 'max-forwards') return 'max-forwards';
      break;
    case 13:
      if (field === 'Authorization' || field === 'authorization') return 'authorization';
      if (field === 'Last-Modified' || field === 'last-modified') return 'last-modified';
      if (field === 'Cache-Control' || field === 'cache-control') return '\u0000cache-control';
      if (field === 'If-None-Match' || field === 'if-none-match') return '\u0000if-none-match';
      break;
    case 14:
      if (field === 'Content-Length' || field === 'content-length') return 'content-length';
      break;
    case 15:
      if (field === 'Accept-Encoding' || field === 'accept-encoding') return '\u0000accept-encoding';
      if (field === 'Accept-Language' || field === 'accept-language') return '\u0000accept-language';
      if (field === 'X-Forwarded-For' || field === 'x-forwarded-for') return '\u0000x-forwarded-for';
      break;
    case 16:
      if (field === 'X-Forwarded-Host' || field === 'x-forwarded-host') return '\u0000x-forwarded-host';
      break;
    case 17:
      if (field === 'If-Modified-Since' || field === 'if-modified-since') return 'if-modified-since';
      if (field === 'Transfer-Encoding' || field === 'transfer-encoding') return '\u0000transfer-encoding';
      if (field === 'X-Forwarded-Proto' || field === 'x-forwarded-proto') return '\u0000x-forwarded-proto';
      break;
    case 19:
      if (field === 'Proxy-Authorization' || field === 'proxy-authorization') return 'proxy-authorization';
      if (field === 'If-Unmodified-Since' || field === 'if-unmodified-since') return 'if-unmodified-since';
      break;
  }
  if (lowercased) return `\u0000${field}`;
  return matchKnownFields(field.toLowerCase(), true);
}

function addHeaderLine(field, value, dest, joinDuplicates) {
  field = matchKnownFields(field, false);
  const flag = field.charCodeAt(0);
  if (flag === 0 || flag === 2) {
    field = field.slice(1);
    if (typeof dest[field] === 'string') {
      dest[field] += (flag === 0 ? ', ' : '; ') + value;
    } else {
      dest[field] = value;
    }
  } else if (flag === 1) {
    if (dest['set-cookie'] !== undefined) dest['set-cookie'].push(value);
    else dest['set-cookie'] = [value];
  } else if (joinDuplicates) {
    if (dest[field] === undefined) dest[field] = value;
    else dest[field] += `, ${value}`;
  } else if (dest[field] === undefined) {
    dest[field] = value;
  }
}

module.exports = {
  IncomingMessage,
  readStart(socket) { if (socket && typeof socket.resume === 'function') socket.resume(); },
  readStop(socket) { if (socket && typeof socket.pause === 'function') socket.pause(); },
};
