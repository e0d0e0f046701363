'use strict';
// net: TCP sockets and servers over libuv (internalBinding('tcp')).
// Socket is a stream.Duplex over a handle; Server accepts connections.
// Host names resolve with dns.lookup. Unix-domain sockets: listen(path),
// connect(path) / connect({ path }) (libuv pipes). Not supported: Windows
// named pipes, autoSelectFamily racing (addresses are tried one after the
// other instead).

const EventEmitter = require('events');
const stream = require('stream');
const { Buffer } = require('buffer');
const { codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_OUT_OF_RANGE,
  ERR_METHOD_NOT_IMPLEMENTED }, validatePort, makeError } = require('internal/errors');
const {
  validateNumber, validateAbortSignal, validateBoolean, validateInt32, validateFunction,
} = require('internal/validators');
const ac = require('internal/async_context');
const perf = require('internal/perf/observe');

const binding = internalBinding('tcp');
const UV_EOF = binding.UV_EOF;

// --- errors --------------------------------------------------------------

function nodeError(Base, code, message) {
  const e = new Base(message);
  Object.defineProperty(e, 'code', { value: code, enumerable: true, writable: true, configurable: true });
  if (typeof e.stack === 'string' && e.stack.startsWith(`${e.name}: `)) {
    Object.defineProperty(e, 'stack', {
      value: `${e.name} [${code}]: ${e.stack.slice(e.name.length + 2)}`,
      writable: true, configurable: true,
    });
  }
  return e;
}

function errnoException(err, syscall, original) {
  const code = binding.errname(err);
  const e = new Error(original ? `${syscall} ${code} ${original}` : `${syscall} ${code}`);
  e.errno = err;
  e.code = code;
  e.syscall = syscall;
  return e;
}

function exceptionWithHostPort(err, syscall, address, port) {
  const code = binding.errname(err);
  let details = address || '';
  if (port && port > 0) details += `:${port}`;
  const e = new Error(`${syscall} ${code}${details ? ` ${details}` : ''}`);
  e.errno = err;
  e.code = code;
  e.syscall = syscall;
  e.address = address;
  if (port) e.port = port;
  return e;
}

function uvExceptionWithHostPort(err, syscall, address, port) {
  const code = binding.errname(err);
  let details = address || '';
  if (port && port > 0) details += `:${port}`;
  const e = new Error(`${syscall} ${code}: ${binding.strerror(err)}${details ? ` ${details}` : ''}`);
  e.errno = err;
  e.code = code;
  e.syscall = syscall;
  e.address = address;
  if (port) e.port = port;
  return e;
}

// --- addresses ------------------------------------------------------------

const v4Seg = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]\\d|\\d)';
const v4Str = `(?:${v4Seg}\\.){3}${v4Seg}`;
const IPv4Re = new RegExp(`^${v4Str}$`);
const v6Seg = '(?:[0-9a-fA-F]{1,4})';
const IPv6Re = new RegExp('^(?:' +
  `(?:${v6Seg}:){7}(?:${v6Seg}|:)|` +
  `(?:${v6Seg}:){6}(?:${v4Str}|:${v6Seg}|:)|` +
  `(?:${v6Seg}:){5}(?::${v4Str}|(?::${v6Seg}){1,2}|:)|` +
  `(?:${v6Seg}:){4}(?:(?::${v6Seg}){0,1}:${v4Str}|(?::${v6Seg}){1,3}|:)|` +
  `(?:${v6Seg}:){3}(?:(?::${v6Seg}){0,2}:${v4Str}|(?::${v6Seg}){1,4}|:)|` +
  `(?:${v6Seg}:){2}(?:(?::${v6Seg}){0,3}:${v4Str}|(?::${v6Seg}){1,5}|:)|` +
  `(?:${v6Seg}:){1}(?:(?::${v6Seg}){0,4}:${v4Str}|(?::${v6Seg}){1,6}|:)|` +
  `(?::(?:(?::${v6Seg}){0,5}:${v4Str}|(?::${v6Seg}){1,7}|:))` +
  ')(?:%[0-9a-zA-Z-.:]{1,})?$');

function isIPv4(s) {
  return IPv4Re.test(`${s}`);
}
function isIPv6(s) {
  return IPv6Re.test(`${s}`);
}
function isIP(s) {
  if (isIPv4(s)) return 4;
  if (isIPv6(s)) return 6;
  return 0;
}

// As Node: once the peer ended and the socket is not half-open, a write
// fails with EPIPE (its callback in the next tick) and destroys the socket.
function onReadableStreamEnd() {
  if (!this.allowHalfOpen) this.write = writeAfterFIN;
}

function writeAfterFIN(chunk, encoding, cb) {
  if (!this.writableEnded) return stream.Duplex.prototype.write.call(this, chunk, encoding, cb);
  if (typeof encoding === 'function') cb = encoding;
  const er = new Error('This socket has been ended by the other party');
  er.code = 'EPIPE';
  if (typeof cb === 'function') process.nextTick(cb, er);
  this.destroy(er);
  return false;
}

function runCtx(ctx, fn, thisArg, ...args) {
  if (ctx === undefined) return Reflect.apply(fn, thisArg, args);
  return ac.runWith(ctx, fn, thisArg, ...args);
}

// --- Socket -----------------------------------------------------------------

function normalizeArgs(args) {
  if (args.length === 0) return [{}, null];
  const arg0 = args[0];
  let options = {};
  if (typeof arg0 === 'object' && arg0 !== null) {
    options = arg0;
  } else if (typeof arg0 === 'string' && Number.isNaN(+arg0) && arg0 !== '') {
    options.path = arg0;
  } else {
    options.port = arg0;
    if (args.length > 1 && typeof args[1] === 'string') options.host = args[1];
  }
  const cb = args[args.length - 1];
  return [options, typeof cb === 'function' ? cb : null];
}

// Node's stream handles carry their operations as methods, which tests
// and libraries call or patch (handle.setNoDelay, setKeepAlive, close...):
// here a prototype per handle binding (tcp, or an HTTP tunnel's) whose
// methods call it; the socket goes through them where Node does.
// The tcp binding's handles get tcp's from their creation
// (setHandlePrototype), others (an HTTP tunnel's) when a socket takes them.
const handleProtos = new WeakMap();
function handleProto(hb) {
  let proto = handleProtos.get(hb);
  if (proto === undefined) {
    proto = {
      setNoDelay(enable) { return hb.setNoDelay(this, enable); },
      setKeepAlive(enable, delaySecs) { return hb.setKeepAlive(this, enable, delaySecs); },
      readStart() { return hb.readStart(this); },
      readStop() { return hb.readStop(this); },
      close(cb) { return hb.close(this, cb); },
      ref() { return hb.ref(this); },
      unref() { return hb.unref(this); },
    };
    handleProtos.set(hb, proto);
  }
  return proto;
}
binding.setHandlePrototype(handleProto(binding));
function withMethods(handle, hb) {
  if (typeof handle.setNoDelay !== 'function') Object.setPrototypeOf(handle, handleProto(hb));
}

const kSetNoDelay = Symbol('kSetNoDelay');
const kSetKeepAlive = Symbol('kSetKeepAlive');
const kSetKeepAliveInitialDelay = Symbol('kSetKeepAliveInitialDelay');

// An HTTP server connection's socket (internal/http/socket.js: the C
// engine owns its bytes, so it is no stream) is a net.Socket to
// `instanceof`, as Node's server sockets are.
const kNetSocketLike = Symbol.for('shoal.netSocketLike');
const kPipe = Symbol('kPipe'); // a socket over a pipe (Node's PipeWrap)

// process._getActiveHandles(): sockets and servers while their handle is
// open and ref'd, with Node's handle type names.
const activeHandles = require('internal/active_handles');
const socketHandleInfo = {
  refed: (socket) => socket._refed,
  type: (socket) => (socket[kPipe] || (socket._server && socket._server._pipeName) ? 'PipeWrap' : 'TCPSocketWrap'),
};
const serverHandleInfo = {
  refed: (server) => !server._unref,
  type: (server) => (server._pipeName ? 'PipeServerWrap' : 'TCPServerWrap'),
};

class Socket extends stream.Duplex {
  static [Symbol.hasInstance](value) {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    return this.prototype === Socket.prototype && value != null && value[kNetSocketLike] === true;
  }

  constructor(options) {
    if (typeof options === 'number') options = { fd: options };
    else options = { ...options };
    for (const mode of ['objectMode', 'readableObjectMode', 'writableObjectMode']) {
      if (options[mode]) throw new ERR_INVALID_ARG_VALUE(`options.${mode}`, options[mode], 'is not supported');
    }
    options.allowHalfOpen = Boolean(options.allowHalfOpen);
    options.emitClose = false;
    options.autoDestroy = true;
    options.decodeStrings = false;
    // (the signal is the socket's own below: the stream's would listen twice)
    super({ ...options, signal: undefined });
    this.on('end', onReadableStreamEnd);
    this.connecting = false;
    this._hadError = false;
    this._handle = null;
    this._hb = binding; // the handle's operations: tcp, or an HTTP tunnel's
    // applied once connected (Node's kSetNoDelay...: options of net.connect)
    this[kSetNoDelay] = Boolean(options.noDelay);
    this[kSetKeepAlive] = Boolean(options.keepAlive);
    if (options.keepAliveInitialDelay !== undefined) {
      validateNumber(options.keepAliveInitialDelay, 'options.keepAliveInitialDelay');
      if (options.keepAliveInitialDelay < 0) options.keepAliveInitialDelay = 0;
    }
    this[kSetKeepAliveInitialDelay] = ~~(options.keepAliveInitialDelay / 1000);
    this._host = null;
    this._peername = null;
    this._sockname = null;
    this._reading = false;
    this._refed = true;
    this._timeoutMs = 0;
    this._timer = null;
    this._bytesRead = 0;
    this._bytesWritten = 0;
    this._pendingData = null;
    this._asyncCtx = ac.current();
    this.server = null;
    this._server = null;
    this._onreadBuf = null; // onread: { buffer, callback } (see _deliverOnread)
    const { onread } = options;
    if (onread !== null && typeof onread === 'object' && typeof onread.callback === 'function' &&
        (typeof onread.buffer === 'function' || onread.buffer instanceof Uint8Array)) {
      this._initOnread(onread); // (as Node: other values are ignored)
    }
    if (options.handle) {
      this._attach(options.handle);
      if (options.readable === false) this._readableState.ended = true;
      if (options.writable === false) this._writableState.ended = this._writableState.finished = true;
    } else if (options.fd !== undefined) {
      // An inherited pipe or socket (a child's extra stdio, fd 3+).
      const handle = binding.pipeNew(options.fd);
      this[kPipe] = true;
      if (typeof handle === 'number') throw new ERR_METHOD_NOT_IMPLEMENTED('net.Socket({ fd }) on this fd');
      this._attach(handle);
      options = { ...options, handle };
    }
    if (options.handle && options.pauseOnConnect) {
      // (as Node's pauseOnCreate: a 'data' listener alone does not start it)
      this._readableState.flowing = false;
    } else if (options.handle && options.readable !== false) {
      this.read(0);
    }
    if (options.signal) stream.addAbortSignal(options.signal, this);
  }

  _attach(handle) {
    this._handle = handle;
    activeHandles.track(this, socketHandleInfo);
    // An upgraded HTTP connection's handle brings its own operations
    // (internal/http/tunnel): the bytes stay in the HTTP engine.
    this._hb = handle._hb || binding;
    withMethods(handle, this._hb);
    handle.onread = (nread, chunk) => runCtx(this._asyncCtx, this._onread, this, nread, chunk);
    if (!this._refed) this._hb.unref(handle);
  }

  // onread: the bytes go to callback(n, buffer) through the application's
  // buffer (or the buffer its function returns, asked again after each
  // call), never as 'data'. Node reads into that buffer; here the chunk read
  // is copied into it piece by piece, the rest kept while the socket is
  // paused (pause(), or the callback returned false), the end after it.
  _initOnread({ buffer, callback }) {
    this._onreadGen = typeof buffer === 'function' ? buffer : null;
    this._onreadBuf = this._onreadGen ? this._onreadGen() : buffer;
    this._onreadCb = callback;
    this._onreadQueue = [];
    this._onreadStopped = false;
    this._onreadEOF = false;
  }

  _deliverOnread() {
    const q = this._onreadQueue;
    while (q.length > 0 && !this._onreadStopped && !this.destroyed) {
      const buf = this._onreadBuf;
      const n = Math.min(buf.length, q[0].length);
      buf.set(q[0].subarray(0, n));
      q[0] = q[0].subarray(n);
      if (q[0].length === 0) q.shift();
      if (this._onreadCb.call(this, n, buf) === false) this._onreadStopped = true;
      if (this._onreadGen) {
        const next = this._onreadGen();
        if (next instanceof Uint8Array) this._onreadBuf = next;
      }
    }
    if (this._onreadStopped && this._handle && this._reading) {
      this._reading = false;
      this._handle.readStop();
    }
    if (q.length === 0 && this._onreadEOF && !this._onreadStopped) {
      this._onreadEOF = false;
      this.push(null);
      this.read(0);
    }
  }

  pause() {
    if (this._onreadBuf !== null) this._onreadStopped = true;
    return super.pause();
  }

  resume() {
    if (this._onreadBuf !== null && this._onreadStopped) {
      this._onreadStopped = false;
      if (this._handle && !this._reading && !this.connecting) {
        this._reading = true;
        this._handle.readStart();
      }
      this._deliverOnread();
    }
    return super.resume();
  }

  _onread(nread, chunk) {
    if (this.destroyed) return;
    this._touch();
    if (this._onreadBuf !== null && (nread > 0 || nread === UV_EOF)) {
      if (nread > 0) {
        this._bytesRead += nread;
        this._onreadQueue.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      } else {
        this._reading = false;
        this._onreadEOF = true;
      }
      this._deliverOnread();
      return;
    }
    if (nread > 0) {
      this._bytesRead += nread;
      const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      if (!this.push(buf) && this._handle) {
        this._reading = false;
        if (this._handle.readStop) this._handle.readStop();
      }
      return;
    }
    if (nread === UV_EOF) {
      this._reading = false;
      this.push(null);
      this.read(0);
      return;
    }
    this.destroy(errnoException(nread, 'read'));
  }

  _read() {
    if (this.connecting || !this._handle) {
      this.once('connect', () => this._read());
      return;
    }
    if (!this._reading) {
      this._reading = true;
      const err = this._handle.readStart(); // (a method: Node's handles, patched by some)
      if (err) this.destroy(errnoException(err, 'read'));
    }
  }

  _write(chunk, encoding, cb) {
    this._writeGeneric([{ chunk, encoding }], cb);
  }

  _writev(chunks, cb) {
    this._writeGeneric(chunks, cb);
  }

  _writeGeneric(chunks, cb) {
    if (this.connecting) {
      this._pendingData = chunks;
      const onClose = () => cb(nodeError(Error, 'ERR_SOCKET_CLOSED_BEFORE_CONNECTION',
        'Socket closed before the connection was established'));
      this.once('connect', () => {
        this.off('close', onClose);
        this._pendingData = null;
        this._writeGeneric(chunks, cb);
      });
      this.once('close', onClose);
      return;
    }
    this._pendingData = null;
    if (!this._handle) {
      cb(nodeError(Error, 'ERR_SOCKET_CLOSED', 'Socket is closed'));
      return;
    }
    const bufs = chunks.map(({ chunk, encoding }) => {
      if (typeof chunk !== 'string') return chunk;
      // As Node's stream base: 'buffer' promises a Buffer, not a string.
      if (encoding === 'buffer') {
        throw makeError(TypeError, 'ERR_INVALID_ARG_TYPE', 'Second argument must be a buffer');
      }
      return Buffer.from(chunk, encoding);
    });
    const data = bufs.length === 1 ? bufs[0] : Buffer.concat(bufs);
    this._touch();
    const err = this._hb.write(this._handle, data, (status) => {
      runCtx(this._asyncCtx, () => {
        if (this.destroyed) {
          cb();
          return;
        }
        if (status < 0) {
          const e = errnoException(status, 'write');
          this.destroy(e);
          cb(e);
          return;
        }
        this._touch();
        cb();
      });
    });
    if (err < 0) {
      const e = errnoException(err, 'write');
      this.destroy(e);
      cb(e);
      return;
    }
    this._bytesWritten += data.length;
    if (err === 1) cb(); // written at once
  }

  _final(cb) {
    if (this.connecting) {
      this.once('connect', () => this._final(cb));
      return;
    }
    if (!this._handle) {
      cb();
      return;
    }
    const err = this._hb.shutdown(this._handle, (status) => {
      runCtx(this._asyncCtx, () => {
        if (this.destroyed) {
          cb();
          return;
        }
        if (status < 0 && status !== -107 /* ENOTCONN */) {
          cb(errnoException(status, 'shutdown'));
          return;
        }
        cb();
      });
    });
    if (err && err !== -107) cb(errnoException(err, 'shutdown'));
    else if (err) cb();
  }

  _destroy(err, cb) {
    this._clearTimer();
    this.connecting = false;
    if (this._handle) {
      const handle = this._handle;
      this._handle = null;
      this._reading = false;
      const hadError = !!err;
      // Listed until the handle is closed, as Node's handle wraps.
      const onClose = () => {
        if (this._handle === null) activeHandles.untrack(this);
        runCtx(this._asyncCtx, () => this.emit('close', hadError));
      };
      if (this._resetAndClosing && this._hb.reset) {
        this._resetAndClosing = false;
        const rerr = this._hb.reset(handle, onClose);
        if (rerr) process.nextTick(() => this.emit('error', errnoException(rerr, 'reset')));
      } else {
        this._hb.close(handle, onClose);
      }
      cb(err);
    } else {
      cb(err);
      process.nextTick(() => this.emit('close'));
    }
    if (this._server) {
      this._server._connections--;
      this._server._emitCloseIfDrained();
    }
  }

  // --- connecting ---

  connect(...args) {
    const [options, cb] = Array.isArray(args[0]) ? args[0] : normalizeArgs(args);
    if (this.write !== Socket.prototype.write) this.write = Socket.prototype.write;
    if (this.destroyed) {
      // Reconnecting a closed socket: a fresh stream, its counts per connection.
      this._handle = null;
      this._peername = null;
      this._sockname = null;
      this._bytesRead = 0;
      this._bytesWritten = 0;
      this._reading = false;
      this._undestroy();
    }
    if (cb) this.once('connect', cb);
    if (options.timeout) this.setTimeout(options.timeout);
    if (options.port === undefined && options.path == null) throw missingConnectTarget();
    if (options.path) return this._connectPipe(options.path);
    const host = options.host || 'localhost';
    let { port } = options;
    if (typeof host !== 'string') throw new ERR_INVALID_ARG_TYPE('options.host', 'string', host);
    if (typeof port !== 'number' && typeof port !== 'string') {
      throw new ERR_INVALID_ARG_TYPE('options.port', ['number', 'string'], port);
    }
    port = validatePort(port);
    if (options.localAddress && !isIP(options.localAddress)) {
      throw makeError(TypeError, 'ERR_INVALID_IP_ADDRESS', `Invalid IP address: ${options.localAddress}`);
    }
    if (options.localPort) validateNumber(options.localPort, 'options.localPort');
    if (options.lookup !== undefined) validateFunction(options.lookup, 'options.lookup');
    if (options.autoSelectFamily != null) validateBoolean(options.autoSelectFamily, 'options.autoSelectFamily');
    if (options.autoSelectFamilyAttemptTimeout != null) {
      validateInt32(options.autoSelectFamilyAttemptTimeout, 'options.autoSelectFamilyAttemptTimeout', 1);
    }
    this.connecting = true;
    this._host = host;
    if (!this._handle) this._attach(binding.tcpNew());
    const family = isIP(host);
    if (family) {
      process.nextTick(() => {
        if (this.connecting) this._connectList([{ address: host, family }], port, options);
      });
      return this;
    }
    const dns = require('dns');
    const lookup = options.lookup || dns.lookup;
    const lookupOpts = { family: options.family || 0, hints: options.hints || 0, all: true };
    this._host = host;
    lookup(host, lookupOpts, (err, addresses, fam) => {
      if (!this.connecting) return;
      if (err) {
        this.emit('lookup', err, undefined, undefined, host);
        process.nextTick(() => this.destroy(err));
        return;
      }
      if (!Array.isArray(addresses)) addresses = [{ address: addresses, family: fam }];
      const bad = badLookupResult(addresses, host, port);
      if (bad) {
        this.destroy(bad);
        return;
      }
      this.emit('lookup', null, addresses[0].address, addresses[0].family, host);
      this._connectList(addresses, port, options);
    });
    return this;
  }

  // Node's legacy name.
  get _connecting() {
    return this.connecting;
  }

  _connectPipe(path) {
    if (typeof path !== 'string') throw new ERR_INVALID_ARG_TYPE('options.path', 'string', path);
    this.connecting = true;
    this[kPipe] = true;
    if (!this._handle) this._attach(binding.pipeNew());
    binding.pipeConnect(this._handle, path, (status) => {
      runCtx(this._asyncCtx, () => {
        if (!this.connecting || this.destroyed) return;
        if (status < 0) {
          this.destroy(exceptionWithHostPort(status, 'connect', path));
          return;
        }
        this._connected();
      });
    });
    return this;
  }

  _connected() {
    this.connecting = false;
    this._sockname = null;
    this._peername = null;
    if (!this.readable || this._readableState.ended) this._readableState.ended = true;
    const h = this._handle;
    if (this[kSetNoDelay] && h && h.setNoDelay) h.setNoDelay(true);
    if (this[kSetKeepAlive] && h && h.setKeepAlive) h.setKeepAlive(true, this[kSetKeepAliveInitialDelay]);
    this.emit('connect');
    this.emit('ready');
    // Start reading (or get an immediate EOF) unless paused.
    if (this.readable && !this.isPaused()) this.read(0);
  }

  _connectList(addresses, port, options, errors = []) {
    if (!this._handle || !this.connecting) return;
    const [first, ...rest] = addresses;
    const { address } = first;
    if (options.localAddress || options.localPort) {
      const bindErr = binding.bind(this._handle, options.localAddress ||
        (isIP(address) === 6 ? '::' : '0.0.0.0'), options.localPort || 0, false);
      if (bindErr) {
        this.destroy(exceptionWithHostPort(bindErr, 'bind', options.localAddress, options.localPort));
        return;
      }
    }
    const fail = (status) => {
      const e = exceptionWithHostPort(status, 'connect', address, port);
      errors.push(e);
      if (rest.length > 0 && this._handle) {
        // Try the next address on a fresh handle.
        const old = this._handle;
        this._handle = null;
        this._hb.close(old);
        this._attach(binding.tcpNew());
        this._connectList(rest, port, options, errors);
        return;
      }
      let err = e;
      if (errors.length > 1) {
        err = new AggregateError(errors, '');
        err.code = e.code;
      }
      this.destroy(err);
    };
    // A 'net' performance entry per TCP connection, for its observers.
    const start = perf.hasObserver('net') ? perf.now() : -1;
    const err = binding.connect(this._handle, address, port, (status) => {
      runCtx(this._asyncCtx, () => {
        if (!this.connecting || this.destroyed) return;
        if (status < 0) {
          fail(status);
          return;
        }
        if (start >= 0) perf.enqueueTimed('connect', 'net', start, { host: address, port });
        this._connected();
      });
    });
    if (err) process.nextTick(fail, err);
  }

  // --- options and info ---

  // As Node: remembered until there is a handle, applied when it changes.
  setNoDelay(enable) {
    enable = Boolean(enable === undefined ? true : enable);
    if (!this._handle) {
      this[kSetNoDelay] = enable;
      return this;
    }
    if (this._handle.setNoDelay && enable !== this[kSetNoDelay]) {
      this[kSetNoDelay] = enable;
      this._handle.setNoDelay(enable);
    }
    return this;
  }

  setKeepAlive(enable, initialDelayMsecs) {
    enable = Boolean(enable);
    const initialDelay = ~~(initialDelayMsecs / 1000);
    if (!this._handle) {
      this[kSetKeepAlive] = enable;
      this[kSetKeepAliveInitialDelay] = initialDelay;
      return this;
    }
    if (!this._handle.setKeepAlive) return this;
    if (enable !== this[kSetKeepAlive] || (enable && this[kSetKeepAliveInitialDelay] !== initialDelay)) {
      this[kSetKeepAlive] = enable;
      this[kSetKeepAliveInitialDelay] = initialDelay;
      this._handle.setKeepAlive(enable, initialDelay);
    }
    return this;
  }

  setTimeout(ms, cb) {
    if (typeof ms !== 'number') throw new ERR_INVALID_ARG_TYPE('msecs', 'number', ms);
    if (!(ms >= 0) || !Number.isFinite(ms)) {
      throw new ERR_OUT_OF_RANGE('msecs', 'a non-negative finite number', ms);
    }
    if (cb !== undefined && typeof cb !== 'function') {
      throw new ERR_INVALID_ARG_TYPE('callback', 'Function', cb);
    }
    this._timeoutMs = ms;
    this._timeoutProp = ms;
    this._clearTimer();
    if (ms === 0) {
      if (cb) this.removeListener('timeout', cb);
    } else {
      if (cb) this.once('timeout', cb);
      this._armTimer();
    }
    return this;
  }

  // A plain property in Node (setTimeout's last msecs; assigning it does
  // not touch the timer).
  get timeout() {
    return this._timeoutProp;
  }

  set timeout(value) {
    this._timeoutProp = value;
  }

  _armTimer() {
    const { setTimeout } = require('timers');
    this._timer = setTimeout(() => {
      this._timer = null;
      this.emit('timeout');
    }, this._timeoutMs);
    this._timer.unref();
  }

  _clearTimer() {
    if (this._timer) {
      require('timers').clearTimeout(this._timer);
      this._timer = null;
    }
  }

  _touch() {
    if (this._timer) this._timer.refresh();
  }

  address() {
    if (!this._handle) return {};
    const a = this._hb.getsockname(this._handle);
    return typeof a === 'object' ? a : {};
  }

  _getpeername() {
    if (!this._peername && this._handle) {
      const a = this._hb.getpeername(this._handle);
      if (typeof a === 'object') this._peername = a;
    }
    return this._peername || {};
  }

  _getsockname() {
    if (!this._sockname && this._handle) {
      const a = this._hb.getsockname(this._handle);
      if (typeof a === 'object') this._sockname = a;
    }
    return this._sockname || {};
  }

  get remoteAddress() { return this._getpeername().address; }
  get remotePort() { return this._getpeername().port; }
  get remoteFamily() { return this._getpeername().family; }
  get localAddress() { return this._getsockname().address; }
  get localPort() { return this._getsockname().port; }
  get localFamily() { return this._getsockname().family; }

  get bytesRead() {
    return this._bytesRead;
  }

  get bytesWritten() {
    let n = this._bytesWritten;
    const state = this._writableState;
    if (state) {
      for (const b of state.buffered || []) {
        n += typeof b.chunk === 'string' ? Buffer.byteLength(b.chunk, b.encoding) : b.chunk.length;
      }
    }
    if (Array.isArray(this._pendingData)) {
      for (const { chunk, encoding } of this._pendingData) {
        n += typeof chunk === 'string' ? Buffer.byteLength(chunk, encoding) : chunk.length;
      }
    }
    return n;
  }

  get bufferSize() {
    return this._handle ? this.writableLength + this._hb.writeQueueSize(this._handle) : undefined;
  }

  get pending() {
    return !this._handle || this.connecting;
  }

  get readyState() {
    if (this.connecting) return 'opening';
    if (this.readable && this.writable) return 'open';
    if (this.readable && !this.writable) return 'readOnly';
    if (!this.readable && this.writable) return 'writeOnly';
    return 'closed';
  }

  ref() {
    this._refed = true;
    if (this._handle) this._hb.ref(this._handle);
    return this;
  }

  unref() {
    this._refed = false;
    if (this._handle) this._hb.unref(this._handle);
    return this;
  }

  destroySoon() {
    if (this.writable) this.end();
    if (this.writableFinished) this.destroy();
    else this.once('finish', this.destroy);
  }

  // Closes with an RST rather than a FIN (the peer reads ECONNRESET); once
  // connected if still connecting; without a handle, ERR_SOCKET_CLOSED.
  resetAndDestroy() {
    if (!this._handle) {
      this.destroy(nodeError(Error, 'ERR_SOCKET_CLOSED', 'Socket is closed'));
    } else if (this.connecting) {
      this.once('connect', () => this._reset());
    } else {
      this._reset();
    }
    return this;
  }

  _reset() {
    this._resetAndClosing = true;
    return this.destroy();
  }
}

// listen({ signal }): the server closes when the signal aborts.
function closeOnAbort(server, signal) {
  validateAbortSignal(signal, 'options.signal');
  if (signal.aborted) {
    process.nextTick(() => server.close());
    return;
  }
  const onAbort = () => server.close();
  signal.addEventListener('abort', onAbort, { once: true });
  server.once('close', () => signal.removeEventListener('abort', onAbort));
}

// A custom lookup's answer Node refuses: no IP, or a family not 4 or 6.
function badLookupResult(addresses, host, port) {
  for (const { address, family } of addresses) {
    if (!isIP(address)) {
      return makeError(TypeError, 'ERR_INVALID_IP_ADDRESS', `Invalid IP address: ${address}`);
    }
    if (family !== 4 && family !== 6) {
      const e = makeError(RangeError, 'ERR_INVALID_ADDRESS_FAMILY', `Invalid address family: ${family} ${host}:${port}`);
      e.host = host;
      e.port = port;
      return e;
    }
  }
  return null;
}

function missingConnectTarget() {
  const { codes } = require('internal/errors');
  return new codes.ERR_MISSING_ARGS(['options', 'port', 'path']);
}

// --- Server ---------------------------------------------------------------

class ServerImpl extends EventEmitter {
  constructor(options, connectionListener) {
    super();
    if (typeof options === 'function') {
      connectionListener = options;
      options = {};
    } else if (options == null || typeof options === 'object') {
      options = { ...options };
    } else {
      throw new ERR_INVALID_ARG_TYPE('options', 'Object', options);
    }
    if (typeof connectionListener === 'function') this.on('connection', connectionListener);
    this._connections = 0;
    this._handle = null;
    this._usingWorkers = false;
    this._workers = [];
    this._unref = false;
    this.allowHalfOpen = options.allowHalfOpen || false;
    this.pauseOnConnect = !!options.pauseOnConnect;
    this.noDelay = Boolean(options.noDelay);
    this.keepAlive = Boolean(options.keepAlive);
    if (options.keepAliveInitialDelay !== undefined) {
      validateNumber(options.keepAliveInitialDelay, 'options.keepAliveInitialDelay');
      if (options.keepAliveInitialDelay < 0) options.keepAliveInitialDelay = 0;
    }
    this.keepAliveInitialDelay = ~~(options.keepAliveInitialDelay / 1000);
    this.maxConnections = undefined;
    this._asyncCtx = ac.current();
  }

  get listening() {
    return !!this._handle;
  }

  listen(...args) {
    // listen(handle) or listen(server): a listening handle made elsewhere
    // (one received over an IPC channel).
    const first = args[0];
    const given = first && (handleProto(binding).isPrototypeOf(first) ? first : first._handle);
    if (given && handleProto(binding).isPrototypeOf(given) && !(first instanceof Socket)) {
      if (typeof args[args.length - 1] === 'function') this.once('listening', args[args.length - 1]);
      if (this._handle) {
        throw nodeError(Error, 'ERR_SERVER_ALREADY_LISTEN',
          'Listen method has been called more than once without closing.');
      }
      this._asyncCtx = ac.current();
      this._listenHandle(given, typeof args[1] === 'number' ? args[1] : undefined);
      return this;
    }
    const [options, cb] = normalizeArgs(args);
    if (typeof cb === 'function') this.once('listening', cb);
    if (this._handle) {
      throw nodeError(Error, 'ERR_SERVER_ALREADY_LISTEN',
        'Listen method has been called more than once without closing.');
    }
    if (options.signal) closeOnAbort(this, options.signal);
    let backlog = options.backlog;
    if (args.length >= 3 && typeof args[2] === 'number') backlog = args[2];
    else if (args.length >= 2 && typeof args[1] === 'number' && typeof args[0] !== 'object') backlog = args[1];
    if (options.path !== undefined && options.port === undefined) {
      this._asyncCtx = ac.current();
      this._listenPipe(options.path, backlog, options);
      return this;
    }
    // (as Node: an fd that is no number >= 0 is as good as none)
    if (typeof options.fd === 'number' && options.fd >= 0 && options.port === undefined) {
      this._asyncCtx = ac.current();
      this._listenFd(options.fd, backlog);
      return this;
    }
    let port = options.port;
    // listen(), listen(cb), listen(null[, cb]), { port: undefined | null }:
    // an arbitrary free port
    if (args.length === 0 || typeof args[0] === 'function' || port === null ||
        (port === undefined && 'port' in options)) port = 0;
    if (typeof port !== 'number' && typeof port !== 'string') {
      if (!('port' in options) && !('path' in options)) {
        throw new ERR_INVALID_ARG_VALUE('options', options, 'must have the property "port" or "path"');
      }
      throw new ERR_INVALID_ARG_VALUE('options', options);
    }
    port = validatePort(port, 'options.port');
    this._asyncCtx = ac.current();
    const host = options.host;
    if (host && !isIP(host)) {
      require('dns').lookup(host, (err, ip) => {
        if (err) {
          this.emit('error', err);
          return;
        }
        this._listen(ip, port, backlog, options);
      });
    } else {
      this._listen(host || null, port, backlog, options);
    }
    return this;
  }

  _listen(host, port, backlog, options) {
    let handle = binding.tcpNew();
    let address = host;
    let err;
    if (host === null) {
      address = '::';
      err = binding.bind(handle, '::', port, false);
      if (err) {
        binding.close(handle);
        handle = binding.tcpNew();
        address = '0.0.0.0';
        err = binding.bind(handle, '0.0.0.0', port, false);
      }
    } else {
      err = binding.bind(handle, host, port, !!options.ipv6Only);
    }
    if (!err) err = binding.listen(handle, typeof backlog === 'number' ? backlog : 511);
    if (err) {
      binding.close(handle);
      const e = uvExceptionWithHostPort(err, 'listen', address, port);
      process.nextTick(() => this.emit('error', e));
      return;
    }
    this._pipeName = null;
    this._connectionKey = `${isIP(address) === 6 ? 6 : 4}:${address}:${port}`;
    this._startListening(handle);
  }

  // An inherited listening TCP socket (listen({ fd })).
  _listenFd(fd, backlog) {
    const handle = binding.tcpNew(fd);
    if (typeof handle === 'number') {
      const e = uvExceptionWithHostPort(handle, 'listen', null, -1);
      process.nextTick(() => this.emit('error', e));
      return;
    }
    this._listenHandle(handle, backlog);
  }

  _listenHandle(handle, backlog) {
    const err = binding.listen(handle, typeof backlog === 'number' ? backlog : 511);
    if (err) {
      binding.close(handle);
      const e = uvExceptionWithHostPort(err, 'listen', null, -1);
      process.nextTick(() => this.emit('error', e));
      return;
    }
    this._pipeName = null;
    this._connectionKey = `-1:null:-1`;
    this._startListening(handle);
  }

  // A Unix-domain socket; address() is then the path.
  _listenPipe(path, backlog, options) {
    if (typeof path !== 'string') throw new ERR_INVALID_ARG_VALUE('options', options);
    const handle = binding.pipeNew();
    let err = binding.pipeBind(handle, path);
    if (!err) err = binding.listen(handle, typeof backlog === 'number' ? backlog : 511);
    if (!err && (options.readableAll || options.writableAll)) {
      err = binding.pipeChmod(handle, !!options.readableAll, !!options.writableAll);
    }
    if (err) {
      binding.close(handle);
      const e = uvExceptionWithHostPort(err, 'listen', path, -1);
      process.nextTick(() => this.emit('error', e));
      return;
    }
    this._pipeName = path;
    this._startListening(handle);
  }

  _startListening(handle) {
    this._handle = handle;
    activeHandles.track(this, serverHandleInfo);
    handle.onconnection = (status, client) => runCtx(this._asyncCtx, this._onconnection, this, status, client);
    if (this._unref) binding.unref(handle);
    process.nextTick(() => {
      if (this._handle === handle) this.emit('listening');
    });
  }

  _onconnection(status, clientHandle) {
    if (status < 0) {
      this.emit('error', errnoException(status, 'accept'));
      return;
    }
    if (this.maxConnections !== undefined && this._connections >= this.maxConnections) {
      // 'drop' tells both ends of the connection refused.
      const local = binding.getsockname(clientHandle);
      const remote = binding.getpeername(clientHandle);
      binding.close(clientHandle);
      this.emit('drop', {
        localAddress: local.address, localPort: local.port, localFamily: local.family,
        remoteAddress: remote.address, remotePort: remote.port, remoteFamily: remote.family,
      });
      return;
    }
    const socket = new Socket({
      handle: clientHandle,
      allowHalfOpen: this.allowHalfOpen,
      pauseOnConnect: this.pauseOnConnect,
    });
    if (this.noDelay && clientHandle.setNoDelay) {
      socket[kSetNoDelay] = true;
      clientHandle.setNoDelay(true);
    }
    if (this.keepAlive && clientHandle.setKeepAlive) {
      socket[kSetKeepAlive] = true;
      socket[kSetKeepAliveInitialDelay] = this.keepAliveInitialDelay;
      clientHandle.setKeepAlive(true, this.keepAliveInitialDelay);
    }
    socket.server = this;
    socket._server = this;
    this._connections++;
    this.emit('connection', socket);
  }

  address() {
    if (!this._handle) return null;
    if (this._pipeName) return this._pipeName;
    const a = binding.getsockname(this._handle);
    return typeof a === 'object' ? a : null;
  }

  close(cb) {
    if (typeof cb === 'function') {
      if (!this._handle) {
        this.once('close', () => cb(nodeError(Error, 'ERR_SERVER_NOT_RUNNING', 'Server is not running.')));
      } else {
        this.once('close', cb);
      }
    }
    if (this._handle) {
      binding.close(this._handle, () => {
        if (this._handle === null) activeHandles.untrack(this);
      });
      this._handle = null;
    }
    if (this._usingWorkers) {
      // Closed once the processes its sockets went to have closed them (one
      // extra count so that 'close' comes once, after all of them answered).
      let left = this._workers.length;
      const onWorkerClose = () => {
        if (--left !== 0) return;
        this._connections = 0;
        this._emitCloseIfDrained();
      };
      this._connections++;
      for (const worker of this._workers) worker.close(onWorkerClose);
    } else {
      this._emitCloseIfDrained();
    }
    return this;
  }

  // socketList: the sockets of this server sent over one IPC channel.
  _setupWorker(socketList) {
    this._usingWorkers = true;
    this._workers.push(socketList);
    socketList.once('exit', (list) => {
      const i = this._workers.indexOf(list);
      if (i !== -1) this._workers.splice(i, 1);
    });
  }

  _emitCloseIfDrained() {
    if (this._handle || this._connections > 0) return;
    process.nextTick(() => this.emit('close'));
  }

  // With sockets sent to other processes: theirs still open counted too.
  getConnections(cb) {
    if (!this._usingWorkers) {
      process.nextTick(cb, null, this._connections);
      return this;
    }
    let left = this._workers.length;
    let total = this._connections;
    const oncount = (err, count) => {
      if (left < 0) return;
      if (err) {
        left = -1;
        process.nextTick(cb, err);
        return;
      }
      total += count;
      if (--left === 0) process.nextTick(cb, null, total);
    };
    for (const worker of this._workers) worker.getConnections(oncount);
    return this;
  }

  ref() {
    this._unref = false;
    if (this._handle) binding.ref(this._handle);
    return this;
  }

  unref() {
    this._unref = true;
    if (this._handle) binding.unref(this._handle);
    return this;
  }

  // events.captureRejections: a connection listener's rejection destroys
  // that connection's socket with it.
  [EventEmitter.captureRejectionSymbol](err, event, sock) {
    if (event === 'connection') sock.destroy(err);
    else this.emit('error', err);
  }

  [Symbol.asyncDispose]() {
    if (!this._handle) return Promise.resolve();
    return new Promise((resolve, reject) => this.close((err) => (err ? reject(err) : resolve())));
  }
}

// A function, as Node's: net.Server(options) works without `new`, and
// classes extending it construct through it.
function Server(options, connectionListener) {
  if (new.target === undefined) return new Server(options, connectionListener);
  return Reflect.construct(ServerImpl, [options, connectionListener], new.target);
}
Server.prototype = ServerImpl.prototype;
Object.defineProperty(Server.prototype, 'constructor', {
  value: Server, writable: true, configurable: true, enumerable: false,
});
Object.setPrototypeOf(Server, EventEmitter);

function createServer(options, connectionListener) {
  return new Server(options, connectionListener);
}

function connect(...args) {
  const [options, cb] = normalizeArgs(args);
  const socket = new Socket(options);
  if (options.timeout) socket.setTimeout(options.timeout);
  return socket.connect([options, cb]); // (Node's normalized arguments, as patched by tests)
}

// --- BlockList / SocketAddress -------------------------------------------------

function ipToBigInt(address, family) {
  if (family === 'ipv4') {
    return address.split('.').reduce((n, p) => (n << 8n) + BigInt(+p), 0n);
  }
  let addr = address.split('%')[0];
  const v4 = addr.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (v4) {
    const n = ipToBigInt(v4[1], 'ipv4');
    addr = `${addr.slice(0, -v4[1].length)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  let [head, tail] = addr.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.reduce((n, g) => (n << 16n) + BigInt(parseInt(g, 16)), 0n);
}

class SocketAddress {
  constructor(options = {}) {
    const { family = 'ipv4', port = 0, flowlabel = 0 } = options;
    const fam = `${family}`.toLowerCase();
    if (fam !== 'ipv4' && fam !== 'ipv6') throw new ERR_INVALID_ARG_VALUE('options.family', family);
    this._address = options.address || (fam === 'ipv4' ? '127.0.0.1' : '::');
    this._family = fam;
    this._port = validatePort(port, 'options.port');
    this._flowlabel = flowlabel;
  }
  get address() { return this._address; }
  get family() { return this._family; }
  get port() { return this._port; }
  get flowlabel() { return this._flowlabel; }
  toJSON() {
    return { address: this.address, port: this.port, family: this.family, flowlabel: this.flowlabel };
  }
  static isSocketAddress(v) {
    return v instanceof SocketAddress;
  }
}

class BlockList {
  constructor() {
    this._rules = [];
  }
  _norm(address, family) {
    if (address instanceof SocketAddress) return [address.address, address.family];
    return [address, `${family || 'ipv4'}`.toLowerCase()];
  }
  addAddress(address, family) {
    const [a, f] = this._norm(address, family);
    this._rules.unshift({ type: 'address', a: ipToBigInt(a, f), f, text: `Address: ${f === 'ipv4' ? 'IPv4' : 'IPv6'} ${a}` });
  }
  addRange(start, end, family) {
    const [s, f] = this._norm(start, family);
    const [e] = this._norm(end, family);
    const lo = ipToBigInt(s, f);
    const hi = ipToBigInt(e, f);
    if (lo > hi) throw new ERR_INVALID_ARG_VALUE('start', start, 'must come before end');
    this._rules.unshift({ type: 'range', lo, hi, f, text: `Range: ${f === 'ipv4' ? 'IPv4' : 'IPv6'} ${s}-${e}` });
  }
  addSubnet(network, prefix, family) {
    const [n, f] = this._norm(network, family);
    const bits = f === 'ipv4' ? 32n : 128n;
    const p = BigInt(prefix);
    const mask = ((1n << bits) - 1n) ^ ((1n << (bits - p)) - 1n);
    this._rules.unshift({ type: 'subnet', net: ipToBigInt(n, f) & mask, mask, f, text: `Subnet: ${f === 'ipv4' ? 'IPv4' : 'IPv6'} ${n}/${prefix}` });
  }
  check(address, family) {
    const [a, f] = this._norm(address, family);
    let v;
    try {
      v = ipToBigInt(a, f);
    } catch {
      return false;
    }
    return this._rules.some((r) => {
      if (r.f !== f) return false;
      if (r.type === 'address') return r.a === v;
      if (r.type === 'range') return v >= r.lo && v <= r.hi;
      return (v & r.mask) === r.net;
    });
  }
  get rules() {
    return this._rules.map((r) => r.text);
  }
  static isBlockList(v) {
    return v instanceof BlockList;
  }
}

let defaultAutoSelectFamily = true;
let defaultAutoSelectFamilyAttemptTimeout = 250;

// Windows-only in Node (and a no-op elsewhere), deprecated. util is required
// on first use, not when net loads.
let simultaneousAccepts = null;
function _setSimultaneousAccepts() {
  simultaneousAccepts ??= require('util').deprecate(function _setSimultaneousAccepts() {},
    'net._setSimultaneousAccepts() is deprecated and will be removed.', 'DEP0121');
  simultaneousAccepts();
}

// Node's Socket is a function: net.Socket() and net.Stream() work without
// `new` too.
const SocketExport = new Proxy(Socket, {
  apply(target, thisArg, args) { return new target(...args); },
});
// So that `socket.constructor === net.Socket` holds, as in Node.
Object.defineProperty(Socket.prototype, 'constructor', {
  __proto__: null, value: SocketExport, writable: true, configurable: true, enumerable: false,
});

module.exports = {
  _setSimultaneousAccepts,
  Socket: SocketExport,
  Stream: SocketExport,
  Server,
  BlockList,
  SocketAddress,
  createServer,
  connect,
  createConnection: connect,
  isIP,
  isIPv4,
  isIPv6,
  getDefaultAutoSelectFamily: () => defaultAutoSelectFamily,
  setDefaultAutoSelectFamily: (v) => {
    validateBoolean(v, 'value');
    defaultAutoSelectFamily = v;
  },
  getDefaultAutoSelectFamilyAttemptTimeout: () => defaultAutoSelectFamilyAttemptTimeout,
  setDefaultAutoSelectFamilyAttemptTimeout: (v) => {
    validateInt32(v, 'value', 1);
    defaultAutoSelectFamilyAttemptTimeout = v < 10 ? 10 : v; // (as Node: at least 10 ms)
  },
  _normalizeArgs: normalizeArgs,
  _errnoException: errnoException,
  _exceptionWithHostPort: exceptionWithHostPort,
};
