'use strict';
// _tls_wrap: TLSSocket (client and server side), tls.Server and tls.connect.
// A TLSSocket is a Duplex over a net.Socket: ciphertext from the socket goes
// through OpenSSL on memory BIOs (internalBinding('tls_wrap'),
// bindings/mod_tls_wrap.c) and the plaintext comes out of this stream; what
// is written is encrypted and written to the socket.
// Client: SNI from `servername` (default: the host when it is a name), ALPN
// only when ALPNProtocols asks (as Node), the peer verified against
// the system CA store (or `ca`), `rejectUnauthorized: false` to go on anyway.
// Server (tls.createServer): a SecureContext shared by the connections,
// requestCert / rejectUnauthorized, ALPN selection, SNICallback and
// addContext. https.createServer serves on the C HTTP engine instead
// (js-lib/https.js) and is a tls.Server only by its prototype.

const { Duplex } = require('stream');
const { Buffer } = require('buffer');
const net = require('net');
const { makeError, validateFunction } = require('internal/errors');
const {
  SecureContext, createSecureContext, convertALPNProtocols, pemText, protocolList, binding,
  cipherOf, x509Of, legacyCertOf, tlsError, withPfx,
} = require('_tls_common');

function connResetBeforeSecure() {
  const err = new Error('Client network socket disconnected before secure TLS connection was established');
  err.code = 'ECONNRESET';
  return err;
}

let warnedAllowUnauthorized = false;
function getAllowUnauthorized() {
  const allow = process.env.NODE_TLS_REJECT_UNAUTHORIZED === '0';
  if (allow && !warnedAllowUnauthorized) {
    warnedAllowUnauthorized = true;
    process.emitWarning('Setting the NODE_TLS_REJECT_UNAUTHORIZED environment variable to \'0\' ' +
      'makes TLS connections and HTTPS requests insecure by disabling certificate verification.');
  }
  return allow;
}

class TLSSocket extends Duplex {
  constructor(socket, options = {}) {
    // (as Node: a server's connection is half-open as its raw socket, so
    // as the server's allowHalfOpen option)
    const allowHalfOpen = !!options.isServer && !!socket && socket.allowHalfOpen === true;
    super({ allowHalfOpen, highWaterMark: options.highWaterMark });
    if (!socket) socket = new net.Socket();
    this.encrypted = true;
    this.authorized = false;
    this.authorizationError = null;
    this.alpnProtocol = false;
    this.servername = options.isServer ? false : (options.servername || null);
    this.connecting = !options.isServer;
    this.server = options.server || null;
    this._isServer = !!options.isServer;
    this._secureEstablished = false;
    this._tlsInfo = null;
    this._pendingWrites = [];
    this._sniPending = false;
    this._requestCert = !!options.requestCert;
    // As Node: NODE_TLS_REJECT_UNAUTHORIZED=0 turns a client's default off.
    this._rejectUnauthorized = options.rejectUnauthorized === undefined
      ? (this._isServer || !getAllowUnauthorized())
      : options.rejectUnauthorized !== false;
    this._SNICallback = options.SNICallback || null;
    // An application's own host name check replaces the engine's.
    this._checkIdentity = !this._isServer && typeof options.checkServerIdentity === 'function'
      ? options.checkServerIdentity : null;
    this._checkName = options.servername || options.host;
    this._socket = socket;
    this._handle = this._isServer ? this._serverHandle(options) : this._clientHandle(options);
    this._wireSocket(socket);
  }

  _clientHandle(options) {
    options = withPfx(options);
    // As Node, a secureContext replaces the ca, cert and key options.
    const ctx = options.secureContext instanceof SecureContext ? options.secureContext._pem : null;
    return binding().create({
      servername: options.servername || undefined,
      host: options.host || undefined,
      ca: ctx ? ctx.ca : pemText(options.ca),
      cert: ctx ? ctx.cert : pemText(options.cert),
      key: ctx ? ctx.key : pemText(Array.isArray(options.key) ? options.key[0] : options.key),
      passphrase: options.passphrase === undefined ? undefined : String(options.passphrase),
      rejectUnauthorized: this._rejectUnauthorized,
      checkHost: this._checkIdentity === null,
      alpn: protocolList(options.ALPNProtocols),
      session: options.session || undefined, // (a session to resume, DER)
    });
  }

  _serverHandle(options) {
    let ctx = options.secureContext;
    if (!(ctx instanceof SecureContext)) ctx = createSecureContext(options);
    return binding().create({ context: ctx.context, sniCallback: typeof this._SNICallback === 'function' });
  }

  _wireSocket(socket) {
    socket.on('data', (d) => this._onCipher(d));
    socket.on('end', () => {
      if (!this._secureEstablished) this._failHandshake(connResetBeforeSecure());
      else this._pushEOF();
    });
    socket.on('close', () => {
      if (!this._secureEstablished && !this.destroyed) this._failHandshake(connResetBeforeSecure());
      if (!this.destroyed) this.destroy();
    });
    socket.on('error', (err) => {
      if (!this._secureEstablished) this._failHandshake(err);
      else this.destroy(err);
    });
    socket.on('timeout', () => this.emit('timeout'));
    socket.on('drain', () => this.emit('drain'));
    if (this._isServer) return;
    const start = () => {
      this.emit('connect');
      this._apply(binding().start(this._handle));
    };
    if (socket.connecting) socket.once('connect', start);
    else process.nextTick(start);
  }

  // A handshake that did not finish: a server reports it as 'tlsClientError'
  // (the socket closes quietly), a client as the socket's 'error'.
  _failHandshake(err) {
    if (this.destroyed) return;
    if (this._isServer) {
      if (this.server) this.server.emit('tlsClientError', err, this);
      this.destroy();
    } else {
      this.destroy(err);
    }
  }

  _apply(r) {
    if (this.destroyed || !r) return;
    if (r.out) this._sendCipher(r.out);
    if (r.sni !== undefined && !this._secureEstablished) {
      this._askSNI(r.sni);
      return;
    }
    if (r.secure) this._readInfo();
    if (r.error) {
      if (!this._secureEstablished && !r.secure) this._failHandshake(tlsError(r));
      else this.destroy(tlsError(r));
      return;
    }
    if (r.secure && !this._onSecure()) return;
    // Sessions the server issued (to resume with the `session` option).
    if (r.sessions) {
      for (const s of r.sessions) this.emit('session', Buffer.from(s));
      if (this.destroyed) return;
    }
    if (r.data) {
      if (!this.push(Buffer.from(r.data))) this._socket.pause();
    }
    if (r.eof) this._pushEOF();
  }

  // The peer is done sending: 'end' follows even when nobody reads (as net).
  _pushEOF() {
    this.push(null);
    this.read(0);
  }

  _readInfo() {
    const info = binding().info(this._handle);
    this._tlsInfo = info;
    this.alpnProtocol = info.alpnProtocol;
    if (this._isServer) {
      this.servername = info.servername || false;
      // As Node: a server judges the client only when it asked for a certificate.
      if (this._requestCert) {
        this.authorized = info.authorized;
        this.authorizationError = info.authorizationError || null;
      }
    } else {
      this.authorized = info.authorized;
      this.authorizationError = info.authorizationError || null;
    }
  }

  // The application's checkServerIdentity, once the chain is trusted: an
  // error it returns makes the peer unauthorized (false: refused).
  _checkServerIdentity() {
    if (this._checkIdentity === null || this.authorizationError !== null) return true;
    const err = this._checkIdentity(this._checkName, this.getPeerCertificate(true));
    if (!err) return true;
    this.authorized = false;
    this.authorizationError = err.code || err.message;
    if (this._rejectUnauthorized) {
      this.destroy(err);
      return false;
    }
    return true;
  }

  // Returns false when the connection was refused.
  _onSecure() {
    if (this._isServer && this._requestCert && this._rejectUnauthorized && !this.authorized) {
      this.destroy();
      return false;
    }
    if (!this._isServer && !this._checkServerIdentity()) return false;
    this._secureEstablished = true;
    this.connecting = false;
    const pending = this._pendingWrites;
    this._pendingWrites = [];
    for (const [chunk, cb] of pending) this._write(chunk, null, cb);
    if (this._isServer) {
      this.emit('secure');
      if (this.server) this.server.emit('secureConnection', this);
    } else {
      this.emit('secureConnect');
      this.emit('secure');
    }
    return true;
  }

  // The ClientHello is held until SNICallback(servername, cb) answers;
  // as Node, a hello without a server name does not ask it.
  _askSNI(servername) {
    if (this._sniPending) return;
    if (!servername) {
      this._apply(binding().feed(this._handle));
      return;
    }
    this._sniPending = true;
    this._SNICallback(servername, (err, ctx) => {
      this._sniPending = false;
      if (this.destroyed || this._handle === null) return;
      if (err) {
        this._failHandshake(err);
        return;
      }
      if (ctx) {
        if (!(ctx instanceof SecureContext) && !(ctx && ctx.context)) ctx = createSecureContext(ctx);
        binding().setContext(this._handle, ctx.context);
      }
      this._apply(binding().feed(this._handle));
    });
  }

  _onCipher(d) {
    if (this.destroyed || this._handle === null) return;
    this._apply(binding().feed(this._handle, d));
  }

  _read() {
    if (this._socket.isPaused && this._socket.isPaused()) this._socket.resume();
  }

  _write(chunk, encoding, cb) {
    if (!this._secureEstablished) {
      this._pendingWrites.push([chunk, cb]);
      return;
    }
    if (this._handle === null) {
      cb(new Error('This socket has been ended by the other party'));
      return;
    }
    const r = binding().write(this._handle, chunk);
    if (r.error) {
      cb(tlsError(r));
      return;
    }
    if (r.out) this._sendCipher(r.out, cb);
    else cb();
  }

  _final(cb) {
    // end() during the handshake: close_notify and FIN come after it, as Node.
    if (!this._secureEstablished && this._handle !== null) {
      this.once('secure', () => this._final(cb));
      return;
    }
    if (this._handle !== null && this._secureEstablished) {
      const r = binding().shutdown(this._handle);
      if (r.out) this._sendCipher(r.out);
    }
    if (!this._socket.writableEnded) this._socket.end();
    cb();
  }

  // Ciphertext to the peer; dropped once the socket can no longer send
  // (the peer went away: its 'close' ends this stream).
  _sendCipher(bytes, cb) {
    const raw = this._socket;
    if (raw.destroyed || raw.writableEnded) {
      if (cb) cb(null);
      return;
    }
    if (cb) raw.write(Buffer.from(bytes), (err) => cb(err || null));
    else raw.write(Buffer.from(bytes));
  }

  _destroy(err, cb) {
    if (this._handle !== null) {
      binding().destroy(this._handle);
      this._handle = null;
    }
    for (const [, wcb] of this._pendingWrites) wcb(err || new Error('socket destroyed'));
    this._pendingWrites = [];
    this.connecting = false;
    this._socket.destroy();
    cb(err);
  }

  getProtocol() { return this._tlsInfo ? this._tlsInfo.protocol : null; }
  getCipher() { return cipherOf(this._tlsInfo); }
  getPeerCertificate(detailed) {
    return this._handle === null ? null : legacyCertOf(this._tlsInfo, 'peerCert', detailed);
  }
  getCertificate() {
    return this._handle === null ? null : legacyCertOf(this._tlsInfo, 'ownCert', false);
  }
  // The certificates as X509Certificate objects (undefined when there is
  // none, before the handshake and once destroyed), from the DER the binding
  // reported at the handshake.
  getPeerX509Certificate() { return this._x509('peerCert'); }
  getX509Certificate() { return this._x509('ownCert'); }
  _x509(which) {
    return this._handle === null ? undefined : x509Of(this._tlsInfo, which);
  }
  getSession() {
    const der = this._handle === null ? undefined : binding().session(this._handle);
    return der ? Buffer.from(der) : undefined;
  }
  getTLSTicket() { return undefined; }
  isSessionReused() { return !!(this._tlsInfo && this._tlsInfo.sessionReused); }
  getEphemeralKeyInfo() { return this._isServer ? null : {}; }
  setServername(name) {
    if (this._isServer) throw makeError(Error, 'ERR_TLS_SNI_FROM_SERVER', 'Cannot issue SNI from a TLS server-side socket');
    this.servername = name;
  }
  setMaxSendFragment() { return true; }
  enableTrace() {}
  disableRenegotiation() {}

  setTimeout(msecs, cb) {
    this._socket.setTimeout(msecs);
    if (typeof cb === 'function') {
      if (msecs === 0) this.removeListener('timeout', cb);
      else this.once('timeout', cb);
    }
    return this;
  }
  setNoDelay(v) { this._socket.setNoDelay(v); return this; }
  setKeepAlive(e, d) { this._socket.setKeepAlive(e, d); return this; }
  ref() { this._socket.ref(); return this; }
  unref() { this._socket.unref(); return this; }
  address() { return this._socket.address(); }
  get remoteAddress() { return this._socket.remoteAddress; }
  get remotePort() { return this._socket.remotePort; }
  get remoteFamily() { return this._socket.remoteFamily; }
  get localAddress() { return this._socket.localAddress; }
  get localPort() { return this._socket.localPort; }
  get bytesWritten() { return this._socket ? this._socket.bytesWritten : undefined; }
  get bytesRead() { return this._socket ? this._socket.bytesRead : undefined; }
  get readyState() {
    if (this.connecting) return 'opening';
    if (this.readable && this.writable) return 'open';
    if (this.readable) return 'readOnly';
    if (this.writable) return 'writeOnly';
    return 'closed';
  }
}

// --- Server -------------------------------------------------------------

// addContext's names: '*.example.com' matches one label.
function hostnameRegExp(servername) {
  const escaped = servername.replace(/([.^$+?\-\\[\]{}])/g, '\\$1').replace(/\*/g, '[^.]*');
  return new RegExp(`^${escaped}$`, 'i');
}

// A connection of a tls.Server: its TLSSocket emits 'secureConnection' on
// the server once the handshake is done, 'tlsClientError' when it fails.
function tlsConnectionListener(rawSocket) {
  const server = this;
  new TLSSocket(rawSocket, { // eslint-disable-line no-new
    isServer: true,
    server,
    secureContext: server._sharedCreds,
    requestCert: server.requestCert,
    rejectUnauthorized: server.rejectUnauthorized,
    SNICallback: server._contexts.length > 0 || server._userSNICallback
      ? server.SNICallback : undefined,
  });
}

// A function, as Node's: tls.Server(options) works without `new`.
function Server(options, listener) {
  if (new.target === undefined) return new Server(options, listener);
  if (typeof options === 'function') {
    listener = options;
    options = {};
  } else if (options == null) {
    options = {};
  }
  const self = Reflect.construct(net.Server, [options, tlsConnectionListener], new.target);
  self._contexts = [];
  self.requestCert = options.requestCert === true;
  self.rejectUnauthorized = options.rejectUnauthorized !== false;
  convertALPNProtocols(options.ALPNProtocols, self); // (a Buffer, as Node)
  self._userSNICallback = options.SNICallback !== undefined;
  if (options.SNICallback !== undefined) validateFunction(options.SNICallback, 'options.SNICallback');
  self.SNICallback = options.SNICallback || defaultSNICallback.bind(self);
  self._options = { ...options };
  self.setSecureContext(options);
  if (typeof listener === 'function') self.on('secureConnection', listener);
  return self;
}
Object.setPrototypeOf(Server.prototype, net.Server.prototype);
Object.setPrototypeOf(Server, net.Server);

Server.prototype.setSecureContext = function setSecureContext(options) {
  this._options = { ...this._options, ...options };
  this._sharedCreds = createSecureContext({
    ...this._options,
    requestCert: this.requestCert,
    rejectUnauthorized: this.rejectUnauthorized,
    ALPNProtocols: this.ALPNProtocols,
  });
};

Server.prototype.addContext = function addContext(servername, context) {
  if (!servername) throw makeError(Error, 'ERR_TLS_REQUIRED_SERVER_NAME', '"servername" is required parameter for Server.addContext');
  const ctx = context instanceof SecureContext ? context : createSecureContext(context);
  this._contexts.push([hostnameRegExp(servername), ctx]);
};

Server.prototype.getTicketKeys = function getTicketKeys() { return Buffer.alloc(48); };
Server.prototype.setTicketKeys = function setTicketKeys() {};

function defaultSNICallback(servername, cb) {
  let ctx;
  for (const [re, c] of this._contexts) {
    if (re.test(servername)) ctx = c;
  }
  cb(null, ctx);
}

function createServer(options, listener) {
  return new Server(options, listener);
}

// --- connect ----------------------------------------------------------------

function normalizeConnectArgs(args) {
  let options = {};
  let i = 0;
  if (args[i] !== null && typeof args[i] === 'object') {
    options = { ...args[i++] };
  } else {
    if (typeof args[i] === 'number' || typeof args[i] === 'string') options.port = args[i++];
    if (typeof args[i] === 'string') options.host = args[i++];
    if (args[i] !== null && typeof args[i] === 'object') options = { ...args[i++], ...options };
  }
  const cb = typeof args[i] === 'function' ? args[i] : undefined;
  return [options, cb];
}

function connect(...args) {
  const [options, cb] = normalizeConnectArgs(args);
  getAllowUnauthorized(); // (Node warns on every connect while it is set)
  const host = options.host || options.hostname || 'localhost';
  let servername = options.servername;
  if (servername === undefined && !net.isIP(host)) servername = host;
  let raw = options.socket;
  if (!raw) {
    const netOpts = { ...options, host };
    delete netOpts.servername;
    delete netOpts.ca;
    if (options.path && !options.socketPath) delete netOpts.path;
    if (options.socketPath) netOpts.path = options.socketPath;
    raw = net.createConnection(netOpts);
  }
  const s = new TLSSocket(raw, { ...options, host, servername });
  if (typeof cb === 'function') s.once('secureConnect', cb);
  if (options.timeout) s.setTimeout(options.timeout);
  return s;
}

module.exports = { TLSSocket, Server, createServer, connect };
