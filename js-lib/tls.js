'use strict';
// tls: the client side (tls.connect, TLSSocket). A TLSSocket is a Duplex over
// a net.Socket: ciphertext from the socket goes through an OpenSSL client
// (internalBinding('tls_client'), bindings/mod_tls_client.c, memory BIOs) and
// the plaintext comes out of this stream; what is written is encrypted and
// written to the socket. SNI from `servername` (default: the host when it is
// a name), ALPN `http/1.1` unless ALPNProtocols says otherwise, the peer
// verified against the system CA store (or `ca`), `rejectUnauthorized: false`
// to go on anyway. TLS servers are https.createServer / the `listen[].tls`
// config (worker/http/tls.c), not tls.createServer.

const { Duplex } = require('stream');
const { Buffer } = require('buffer');
const net = require('net');

let bindingCache = null;
function binding() {
  if (bindingCache === null) bindingCache = internalBinding('tls_client');
  return bindingCache;
}

const DEFAULT_MIN_VERSION = 'TLSv1.2';
const DEFAULT_MAX_VERSION = 'TLSv1.3';

function pemText(value) {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(pemText).join('\n');
  if (typeof value === 'string') return value;
  return Buffer.from(value).toString('latin1');
}

function alpnList(protocols) {
  if (!Array.isArray(protocols)) return undefined;
  return protocols.map((p) => (typeof p === 'string' ? p : Buffer.from(p).toString('latin1')));
}

class TLSSocket extends Duplex {
  constructor(socket, options = {}) {
    super({ allowHalfOpen: false });
    this.encrypted = true;
    this.authorized = false;
    this.authorizationError = null;
    this.alpnProtocol = false;
    this.servername = options.servername || null;
    this.connecting = true;
    this._secureEstablished = false;
    this._tlsInfo = null;
    this._pendingWrites = [];
    // As Node: NODE_TLS_REJECT_UNAUTHORIZED=0 turns the default off.
    this._rejectUnauthorized = options.rejectUnauthorized === undefined
      ? process.env.NODE_TLS_REJECT_UNAUTHORIZED !== '0'
      : options.rejectUnauthorized !== false;
    this._socket = socket;
    this._handle = binding().create({
      servername: options.servername || undefined,
      host: options.host || undefined,
      ca: pemText(options.ca),
      rejectUnauthorized: this._rejectUnauthorized,
      alpn: alpnList(options.ALPNProtocols) || ['http/1.1'],
    });

    socket.on('data', (d) => this._onCipher(d));
    socket.on('end', () => this.push(null));
    socket.on('close', () => {
      if (!this.destroyed) this.destroy();
    });
    socket.on('error', (err) => this.destroy(err));
    socket.on('timeout', () => this.emit('timeout'));
    socket.on('drain', () => this._flushWaiters());
    const start = () => {
      this.emit('connect');
      this._apply(binding().start(this._handle));
    };
    if (socket.connecting) socket.once('connect', start);
    else process.nextTick(start);
  }

  _apply(r) {
    if (this.destroyed || !r) return;
    if (r.out) this._socket.write(Buffer.from(r.out));
    if (r.secure) {
      const info = binding().info(this._handle);
      this._tlsInfo = info;
      this.alpnProtocol = info.alpnProtocol;
      this.authorized = info.authorized;
      this.authorizationError = info.authorizationError || null;
    }
    if (r.error) {
      const err = new Error(r.error);
      if (r.code) err.code = r.code;
      this.destroy(err);
      return;
    }
    if (r.secure) {
      this._secureEstablished = true;
      this.connecting = false;
      const pending = this._pendingWrites;
      this._pendingWrites = [];
      for (const [chunk, cb] of pending) this._write(chunk, null, cb);
      this.emit('secureConnect');
      this.emit('secure');
    }
    if (r.data) {
      if (!this.push(Buffer.from(r.data))) this._socket.pause();
    }
    if (r.eof) this.push(null);
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
      cb(new Error(r.error));
      return;
    }
    if (r.out) this._socket.write(Buffer.from(r.out), (err) => cb(err || null));
    else cb();
  }

  _flushWaiters() {
    this.emit('drain');
  }

  _final(cb) {
    if (this._handle !== null && this._secureEstablished) {
      const r = binding().shutdown(this._handle);
      if (r.out) this._socket.write(Buffer.from(r.out));
    }
    this._socket.end();
    cb();
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
  getCipher() {
    if (!this._tlsInfo) return null;
    const { cipher, protocol } = this._tlsInfo;
    return { name: cipher, standardName: cipher, version: protocol };
  }
  getPeerCertificate() {
    if (!this._tlsInfo || this._tlsInfo.peerCN === undefined) return {};
    return { subject: { CN: this._tlsInfo.peerCN } };
  }
  isSessionReused() { return false; }

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
  get bytesWritten() { return this._socket.bytesWritten; }
  get bytesRead() { return this._socket.bytesRead; }
  get readyState() {
    if (this.connecting) return 'opening';
    if (this.readable && this.writable) return 'open';
    if (this.readable) return 'readOnly';
    if (this.writable) return 'writeOnly';
    return 'closed';
  }
}

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
  const host = options.host || options.hostname || 'localhost';
  let servername = options.servername;
  if (servername === undefined && !net.isIP(host)) servername = host;
  let raw = options.socket;
  if (!raw) {
    const netOpts = { ...options, host };
    delete netOpts.servername;
    delete netOpts.ca;
    if (options.path && !options.socketPath) delete netOpts.path;
    raw = net.createConnection(netOpts);
  }
  const s = new TLSSocket(raw, { ...options, host, servername });
  if (typeof cb === 'function') s.once('secureConnect', cb);
  if (options.timeout) s.setTimeout(options.timeout);
  return s;
}

function checkServerIdentity() {
  return undefined;
}

module.exports = {
  TLSSocket,
  connect,
  checkServerIdentity,
  DEFAULT_MIN_VERSION,
  DEFAULT_MAX_VERSION,
  DEFAULT_ECDH_CURVE: 'auto',
  rootCertificates: [],
};
