'use strict';
// The `socket` of an HTTP server connection (req.socket, res.socket, the
// 'connection' and 'clientError' events). The bytes belong to the C engine,
// so this is not a net.Socket stream: it is an EventEmitter with net.Socket's
// informational properties and controls, created on first use and cached on
// the connection handle (one object per connection). 'close' is emitted when
// the connection closes; 'timeout' after setTimeout's idle time.

const EventEmitter = require('events');
const { Buffer } = require('buffer');
const { getBinding, errors } = require('_http_common');
// _tls_common only when a TLS socket is asked for its cipher or certificates.
const tls = () => require('_tls_common');

function Socket(server, conn) {
  EventEmitter.call(this);
  this._conn = conn;
  this.server = server;
  this._server = server;
  this._info = null;
  this.destroyed = false;
  this._closed = false;
  this._httpMessage = null;   // the response in progress
  this._incoming = null;      // the request in progress
  this._timeoutMs = 0;
  this._timer = null;
  this._lastActive = 0;
  this.bytesRead = 0;
  this._bytesWritten = 0; // the engine's count, kept once the connection closed
  this.connecting = false;
  this.allowHalfOpen = true;
  this._engineClosing = false;
}
Object.setPrototypeOf(Socket.prototype, EventEmitter.prototype);
Object.setPrototypeOf(Socket, EventEmitter);
// (`socket instanceof net.Socket` holds, as in Node: js-lib/net.js)
Socket.prototype[Symbol.for('shoal.netSocketLike')] = true;

function info(s) {
  if (s._info === null) {
    try {
      s._info = getBinding().socketInfo(s._conn);
    } catch {
      s._info = {};
    }
    if (!s._info) s._info = {};
  }
  return s._info;
}

Object.defineProperties(Socket.prototype, {
  remoteAddress: { configurable: true, get() { return info(this).remoteAddress; } },
  remotePort: { configurable: true, get() { return info(this).remotePort; } },
  remoteFamily: { configurable: true, get() { return info(this).remoteFamily; } },
  localAddress: { configurable: true, get() { return info(this).localAddress; } },
  localPort: { configurable: true, get() { return info(this).localPort; } },
  localFamily: { configurable: true, get() { return info(this).localFamily; } },
  // true on a TLS connection (Node's TLSSocket), undefined on plain TCP;
  // assignable, as Node's own property is (proxies set it: issue 15 item 9)
  encrypted: {
    configurable: true,
    get() { return info(this).encrypted ? true : undefined; },
    set(v) { Object.defineProperty(this, 'encrypted', { value: v, writable: true, configurable: true, enumerable: true }); },
  },
  // (TLS connections: a TLSSocket's SNI name and ALPN choice)
  servername: { configurable: true, get() { return info(this).encrypted ? info(this).servername : undefined; } },
  alpnProtocol: { configurable: true, get() { return info(this).encrypted ? info(this).alpnProtocol : undefined; } },
  // (a TLSSocket's: the engine hands over requests only after the handshake)
  _secureEstablished: { configurable: true, get() { return info(this).encrypted ? true : undefined; } },
  readable: { configurable: true, get() { return !this.destroyed; } },
  writable: { configurable: true, get() { return !this.destroyed; } },
  readyState: { configurable: true, get() { return this.destroyed ? 'closed' : 'open'; } },
  pending: { configurable: true, get() { return false; } },
  timeout: { configurable: true, get() { return this._timeoutMs || undefined; } },
  // the bytes of this connection's responses the client has not taken
  // (res.writableFinished is false while there are some, as in Node)
  writableLength: {
    configurable: true,
    get() { return this._closed ? 0 : getBinding().unsent(this._conn); },
  },
  bytesWritten: {
    configurable: true,
    get() {
      if (!this._closed) {
        const n = getBinding().bytesWritten(this._conn);
        if (n !== undefined) this._bytesWritten = n;
      }
      return this._bytesWritten;
    },
  },
  readableLength: { configurable: true, get() { return 0; } },
  writableHighWaterMark: { configurable: true, get() { return 16384; } },
  readableHighWaterMark: { configurable: true, get() { return 16384; } },
  writableEnded: { configurable: true, get() { return this.destroyed; } },
  writableFinished: { configurable: true, get() { return this._closed; } },
  readableEnded: { configurable: true, get() { return this._closed; } },
  writableCorked: { configurable: true, get() { return 0; } },
});

Socket.prototype.address = function address() {
  const i = info(this);
  if (i.localAddress === undefined) return {};
  return { address: i.localAddress, family: i.localFamily, port: i.localPort };
};

Socket.prototype.setNoDelay = function setNoDelay(noDelay) {
  if (!this.destroyed) getBinding().setNoDelay(this._conn, noDelay === undefined ? true : !!noDelay);
  return this;
};

Socket.prototype.setKeepAlive = function setKeepAlive(enable, initialDelay) {
  if (!this.destroyed) {
    getBinding().setKeepAlive(this._conn, !!enable, ~~(initialDelay / 1000) * 1000);
  }
  return this;
};

Socket.prototype.pause = function pause() {
  if (!this.destroyed) getBinding().pause(this._conn);
  return this;
};

Socket.prototype.resume = function resume() {
  if (!this.destroyed) getBinding().resume(this._conn);
  return this;
};

Socket.prototype.destroy = function destroy(err) {
  if (this.destroyed) return this;
  this.destroyed = true;
  if (this._timer !== null) {
    clearTimeout(this._timer);
    this._timer = null;
  }
  if (err && this.listenerCount('error') > 0) process.nextTick(emitError, this, err);
  // After a client error C has answered and closes the connection itself:
  // destroying now would cut that answer off.
  if (!this._closed && !this._engineClosing) getBinding().destroy(this._conn);
  return this;
};

function emitError(s, err) {
  s.emit('error', err);
}

// An 'error' nobody listens to (user code emitted it: the engine's own
// errors are told only to listeners) is Node's socketOnError: the server's
// 'clientError', else a 400 unless a response already started, and the
// connection goes.
Socket.prototype.emit = function emit(name) {
  if (name === 'error' && this.server && this.listenerCount('error') === 0) {
    onUnheardError(this, arguments[1]);
    return true;
  }
  return EventEmitter.prototype.emit.apply(this, arguments);
};

function onUnheardError(s, err) {
  if (s.server.listenerCount('clientError') > 0) {
    s.server.emit('clientError', err, s);
    return;
  }
  const res = s._httpMessage;
  if (!s.destroyed && !s._engineClosing && (res === null || !res._headerSent)) {
    writeRaw(s, 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  }
  s.destroy();
}

// Raw bytes on the connection, as a net.Socket's (a 'clientError'
// listener's answer, say); end() closes the connection once they are out.
// After bad input the engine answers itself unless someone listens to
// 'clientError' (then this socket is the answer's only writer).
Socket.prototype.end = function end(data, encoding, cb) {
  if (typeof data === 'function') {
    cb = data;
    data = undefined;
  } else if (typeof encoding === 'function') {
    cb = encoding;
    encoding = undefined;
  }
  if (typeof cb === 'function') this.once('close', cb);
  if (this.destroyed) return this;
  if (data !== undefined && data !== null) writeRaw(this, data, encoding);
  if (this._engineClosing) {
    this.destroy();
  } else if (!this._closed) {
    getBinding().endConnection(this._conn);
  }
  return this;
};
Socket.prototype.destroySoon = function destroySoon() {
  this.end();
};

Socket.prototype.write = function write(data, encoding, cb) {
  if (typeof encoding === 'function') {
    cb = encoding;
    encoding = undefined;
  }
  if (!this.destroyed && !this._engineClosing) writeRaw(this, data, encoding);
  if (typeof cb === 'function') process.nextTick(cb);
  return true;
};

function writeRaw(s, data, encoding) {
  const bytes = typeof data === 'string' ? Buffer.from(data, encoding || 'utf8') : data;
  if (bytes.byteLength === 0 || s._closed) return;
  getBinding().rawWrite(s._conn, bytes);
}

Socket.prototype.setEncoding = function setEncoding() {
  throw new errors.ERR_HTTP_SOCKET_ENCODING();
};

Socket.prototype.ref = function ref() { return this; };
Socket.prototype.unref = function unref() { return this; };
Socket.prototype.cork = function cork() {};
Socket.prototype.uncork = function uncork() {};

// Idle timeout, as net.Socket#setTimeout: 'timeout' after `msecs` without
// activity (requests, body chunks, response progress).
Socket.prototype.setTimeout = function setTimeout(msecs, callback) {
  msecs = +msecs || 0;
  this._timeoutMs = msecs;
  if (this._timer !== null) {
    clearTimeout(this._timer);
    this._timer = null;
  }
  if (callback) {
    if (msecs === 0) this.removeListener('timeout', callback);
    else this.once('timeout', callback);
  }
  if (msecs > 0 && !this.destroyed) {
    this._lastActive = Date.now();
    this._timer = globalThis.setTimeout(onTimer, msecs, this);
    if (this._timer && typeof this._timer.unref === 'function') this._timer.unref();
  }
  return this;
};

Socket.prototype._active = function _active() {
  this._lastActive = Date.now();
};

function onTimer(s) {
  s._timer = null;
  if (s.destroyed || s._timeoutMs === 0) return;
  const idle = Date.now() - s._lastActive;
  if (idle < s._timeoutMs) {
    s._timer = globalThis.setTimeout(onTimer, s._timeoutMs - idle, s);
    if (s._timer && typeof s._timer.unref === 'function') s._timer.unref();
    return;
  }
  s.emit('timeout');
  // Node's server-side handling: the timeout goes to the request, the
  // response and the server; when nobody listens the connection is dropped.
  const req = s._incoming;
  const reqTimeout = req !== null && !req.complete && req.emit('timeout', s);
  const res = s._httpMessage;
  const resTimeout = res !== null && res.emit('timeout', s);
  const serverTimeout = s.server !== null && s.server.emit('timeout', s);
  if (!reqTimeout && !resTimeout && !serverTimeout) s.destroy();
  else if (!s.destroyed && s._timeoutMs > 0) {
    s._lastActive = Date.now();
    s._timer = globalThis.setTimeout(onTimer, s._timeoutMs, s);
    if (s._timer && typeof s._timer.unref === 'function') s._timer.unref();
  }
}

// Called by the server when the connection closed.
Socket.prototype._onClose = function _onClose() {
  if (this._closed) return;
  void this.bytesWritten; // (the count, while the connection is there)
  this._closed = true;
  this.destroyed = true;
  if (this._timer !== null) {
    clearTimeout(this._timer);
    this._timer = null;
  }
  this.emit('close', this._hadError === true);
};

// The socket of an https (or secure HTTP/2) server's connection: a
// TLSSocket's reports, from the engine's OpenSSL connection (tlsInfo, read
// once the handshake is done; the request comes after it). authorized and
// authorizationError judge the client only when the server asked for a
// certificate (requestCert), as in Node.
function TLSSocket(server, conn) {
  Socket.call(this, server, conn);
  this._tlsInfo = null;
}
Object.setPrototypeOf(TLSSocket.prototype, Socket.prototype);
Object.setPrototypeOf(TLSSocket, Socket);

function tlsInfo(s) {
  if (s._tlsInfo === null && !s._closed) s._tlsInfo = getBinding().tlsInfo(s._conn) || null;
  return s._tlsInfo;
}

function judged(s) {
  const o = s.server && s.server._tlsOptions;
  return o && o.requestCert ? tlsInfo(s) : null;
}

Object.defineProperties(TLSSocket.prototype, {
  authorized: {
    configurable: true,
    get() { const i = judged(this); return i ? i.authorized : false; },
    set(v) { Object.defineProperty(this, 'authorized', { value: v, writable: true, configurable: true, enumerable: true }); },
  },
  authorizationError: {
    configurable: true,
    get() { const i = judged(this); return (i && i.authorizationError) || null; },
    set(v) { Object.defineProperty(this, 'authorizationError', { value: v, writable: true, configurable: true, enumerable: true }); },
  },
});

TLSSocket.prototype.getProtocol = function getProtocol() {
  const i = tlsInfo(this);
  return i ? i.protocol : null;
};
TLSSocket.prototype.getCipher = function getCipher() { return tls().cipherOf(tlsInfo(this)); };
TLSSocket.prototype.getPeerCertificate = function getPeerCertificate(detailed) {
  const i = tlsInfo(this);
  return i ? tls().legacyCertOf(i, 'peerCert', detailed) : null;
};
TLSSocket.prototype.getCertificate = function getCertificate() {
  const i = tlsInfo(this);
  return i ? tls().legacyCertOf(i, 'ownCert', false) : null;
};
TLSSocket.prototype.getPeerX509Certificate = function getPeerX509Certificate() {
  return tls().x509Of(tlsInfo(this), 'peerCert');
};
TLSSocket.prototype.getX509Certificate = function getX509Certificate() {
  return tls().x509Of(tlsInfo(this), 'ownCert');
};

// The engine tells JavaScript of a connection's close (onConnectionClose,
// which marks conn.closed) only once JavaScript has work to do then: a
// socket, callbacks in conn.afterClose, a tunnel. watchClose asks for it.
function watchClose(conn) {
  getBinding().watchClose(conn);
}

// Whether conn is closed: marked, or its pointer cleared by the engine.
function connClosed(conn) {
  return conn.closed === true || getBinding().isClosed(conn);
}

function socketFor(server, conn) {
  let s = conn.socket;
  if (s === undefined) {
    s = server && server._tlsOptions ? new TLSSocket(server, conn) : new Socket(server, conn);
    conn.socket = s;
    if (connClosed(conn)) {
      s._closed = true;
      s.destroyed = true;
    } else {
      watchClose(conn);
    }
  }
  return s;
}

module.exports = { Socket, TLSSocket, socketFor, watchClose, connClosed };
