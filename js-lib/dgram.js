'use strict';
// dgram: UDP sockets over libuv (internalBinding('udp'), bindings/mod_udp.c),
// with Node's life cycle: bind (explicit, or implicit on the first send or
// connect) resolves the address with dns.lookup, then 'listening'; sends
// made before that wait for it; 'message' carries (Buffer, rinfo).

const EventEmitter = require('events');
const { Buffer } = require('buffer');
const dns = require('dns');
const { codes, validatePort } = require('internal/errors');
const net = require('net');

const binding = internalBinding('udp');
const errnoException = net._errnoException;
const exceptionWithHostPort = net._exceptionWithHostPort;

const BIND_STATE_UNBOUND = 0;
const BIND_STATE_BINDING = 1;
const BIND_STATE_BOUND = 2;
const CONNECT_STATE_DISCONNECTED = 0;
const CONNECT_STATE_CONNECTING = 1;
const CONNECT_STATE_CONNECTED = 2;

const kState = Symbol('kState');

function nodeError(Base, code, message) {
  const err = new Base(message);
  err.code = code;
  return err;
}

function notRunning() {
  return nodeError(Error, 'ERR_SOCKET_DGRAM_NOT_RUNNING', 'Not running');
}

function toBuffer(msg, name = 'buffer') {
  if (typeof msg === 'string') return Buffer.from(msg);
  if (Buffer.isBuffer(msg)) return msg;
  if (ArrayBuffer.isView(msg)) return Buffer.from(msg.buffer, msg.byteOffset, msg.byteLength);
  throw new codes.ERR_INVALID_ARG_TYPE(name, ['Buffer', 'TypedArray', 'DataView', 'string'], msg);
}

class Socket extends EventEmitter {
  constructor(type, listener) {
    super();
    let options;
    if (type !== null && typeof type === 'object') {
      options = type;
      type = options.type;
    } else {
      options = {};
    }
    if (type !== 'udp4' && type !== 'udp6') {
      throw nodeError(TypeError, 'ERR_SOCKET_BAD_TYPE',
        'Bad socket type specified. Valid types are: udp4, udp6');
    }
    if (options.lookup !== undefined && typeof options.lookup !== 'function') {
      throw new codes.ERR_INVALID_ARG_TYPE('options.lookup', 'Function', options.lookup);
    }
    this.type = type;
    if (typeof listener === 'function') this.on('message', listener);
    this[kState] = {
      handle: null,
      bindState: BIND_STATE_UNBOUND,
      connectState: CONNECT_STATE_DISCONNECTED,
      queue: undefined,
      reuseAddr: !!options.reuseAddr,
      ipv6Only: !!options.ipv6Only,
      recvBufferSize: options.recvBufferSize,
      sendBufferSize: options.sendBufferSize,
      lookup: options.lookup || dns.lookup,
      refed: true,
    };
    this.#openHandle();
    if (options.signal !== undefined) {
      const signal = options.signal;
      if (signal.aborted) process.nextTick(() => this.close());
      else signal.addEventListener('abort', () => { if (this[kState].handle) this.close(); }, { once: true });
    }
  }

  #openHandle() {
    const state = this[kState];
    const handle = binding.udpNew();
    handle.onmessage = (nread, bytes, rinfo) => {
      if (nread < 0) {
        this.emit('error', errnoException(nread, 'recvmsg'));
        return;
      }
      this.emit('message', Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), rinfo);
    };
    state.handle = handle;
  }

  #family() {
    return this.type === 'udp6' ? 6 : 4;
  }

  #lookup(address, callback) {
    const family = this.#family();
    if (!address) {
      process.nextTick(callback, null, family === 6 ? '::1' : '127.0.0.1');
      return;
    }
    this[kState].lookup(address, { family }, (err, ip) => callback(err, ip));
  }

  #healthCheck() {
    if (!this[kState].handle) throw notRunning();
  }

  bind(port_, address_, callback) {
    this.#healthCheck();
    const state = this[kState];
    if (state.bindState !== BIND_STATE_UNBOUND) {
      throw nodeError(Error, 'ERR_SOCKET_ALREADY_BOUND', 'Socket is already bound');
    }
    let port = port_;
    let address = address_;
    let exclusive = false;
    if (port !== null && typeof port === 'object') {
      callback = address_;
      address = port.address;
      exclusive = !!port.exclusive;
      if (port.fd !== undefined) {
        throw new codes.ERR_METHOD_NOT_IMPLEMENTED('bind({ fd })');
      }
      port = port.port;
    }
    void exclusive; // one process binds: exclusive or not is the same here
    if (typeof address === 'function') {
      callback = address;
      address = undefined;
    }
    if (typeof port === 'function') {
      callback = port;
      port = 0;
    }
    if (port === undefined || port === null) port = 0;
    else port = validatePort(port);
    if (typeof callback === 'function') this.once('listening', callback);
    state.bindState = BIND_STATE_BINDING;
    if (!address) address = this.type === 'udp6' ? '::' : '0.0.0.0';
    this[kState].lookup(address, { family: this.#family() }, (err, ip) => {
      if (!state.handle) return; // closed meanwhile
      if (err) {
        state.bindState = BIND_STATE_UNBOUND;
        this.emit('error', err);
        return;
      }
      const flags = (state.reuseAddr ? 1 : 0) | (state.ipv6Only ? 2 : 0);
      const bindErr = binding.bind(state.handle, ip, port, flags);
      if (bindErr) {
        state.bindState = BIND_STATE_UNBOUND;
        this.emit('error', exceptionWithHostPort(bindErr, 'bind', ip, port));
        return;
      }
      this.#startListening();
    });
    return this;
  }

  #startListening() {
    const state = this[kState];
    binding.recvStart(state.handle);
    state.bindState = BIND_STATE_BOUND;
    if (state.recvBufferSize) binding.bufferSize(state.handle, state.recvBufferSize, true);
    if (state.sendBufferSize) binding.bufferSize(state.handle, state.sendBufferSize, false);
    this.emit('listening');
  }

  // Runs fn once bound, binding to an ephemeral port first when needed.
  #whenBound(fn) {
    const state = this[kState];
    if (state.bindState === BIND_STATE_BOUND) {
      fn();
      return;
    }
    if (state.queue === undefined) {
      state.queue = [];
      const onListening = () => {
        this.removeListener('error', onError);
        const queue = state.queue;
        state.queue = undefined;
        for (const queued of queue) queued();
      };
      const onError = () => {
        this.removeListener('listening', onListening);
        state.queue = undefined;
      };
      this.once('listening', onListening);
      this.once('error', onError);
    }
    state.queue.push(fn);
    if (state.bindState === BIND_STATE_UNBOUND) this.bind({ port: 0, exclusive: true });
  }

  connect(port, address, callback) {
    port = validatePort(port, 'Port', false);
    if (typeof address === 'function') {
      callback = address;
      address = '';
    } else if (address === undefined) {
      address = '';
    } else if (typeof address !== 'string') {
      throw new codes.ERR_INVALID_ARG_TYPE('address', 'string', address);
    }
    const state = this[kState];
    if (state.connectState !== CONNECT_STATE_DISCONNECTED) {
      throw nodeError(Error, 'ERR_SOCKET_DGRAM_IS_CONNECTED', 'Already connected');
    }
    state.connectState = CONNECT_STATE_CONNECTING;
    if (typeof callback === 'function') this.once('connect', callback);
    this.#whenBound(() => {
      this.#lookup(address, (err, ip) => {
        if (!state.handle) return;
        if (!err) {
          const code = binding.connect(state.handle, ip, port);
          if (code) err = exceptionWithHostPort(code, 'connect', ip, port);
        }
        if (err) {
          state.connectState = CONNECT_STATE_DISCONNECTED;
          this.emit('error', err);
          return;
        }
        state.connectState = CONNECT_STATE_CONNECTED;
        this.emit('connect');
      });
    });
  }

  disconnect() {
    this.#healthCheck();
    const state = this[kState];
    if (state.connectState !== CONNECT_STATE_CONNECTED) {
      throw nodeError(Error, 'ERR_SOCKET_DGRAM_NOT_CONNECTED', 'Not connected');
    }
    const err = binding.disconnect(state.handle);
    if (err) throw errnoException(err, 'connect');
    state.connectState = CONNECT_STATE_DISCONNECTED;
  }

  send(buffer, offset, length, port, address, callback) {
    let list;
    const state = this[kState];
    const connected = state.connectState === CONNECT_STATE_CONNECTED;
    if (!connected) {
      if (address || (port && typeof port !== 'function')) {
        buffer = sliceBuffer(buffer, offset, length);
      } else {
        callback = port;
        port = offset;
        address = length;
      }
    } else if (typeof length === 'number') {
      buffer = sliceBuffer(buffer, offset, length);
      if (typeof port === 'function') {
        callback = port;
        port = null;
      } else if (port !== undefined && port !== null) {
        throw nodeError(Error, 'ERR_SOCKET_DGRAM_IS_CONNECTED', 'Already connected');
      }
    } else {
      callback = offset;
      if (port !== undefined || address !== undefined) {
        throw nodeError(Error, 'ERR_SOCKET_DGRAM_IS_CONNECTED', 'Already connected');
      }
    }
    if (!Array.isArray(buffer)) {
      list = [toBuffer(buffer)];
    } else {
      list = buffer.map((b, i) => toBuffer(b, `buffer list arguments[${i}]`));
    }
    if (!connected) port = validatePort(port, 'Port', false);
    if (typeof address === 'function') {
      callback = address;
      address = undefined;
    } else if (address !== undefined && address !== null && typeof address !== 'string') {
      throw new codes.ERR_INVALID_ARG_TYPE('address', 'string', address);
    }
    this.#healthCheck();
    const data = list.length === 1 ? list[0] : Buffer.concat(list);
    const done = (err, bytes) => {
      if (typeof callback === 'function') callback(err, bytes);
      else if (err) this.emit('error', err);
    };
    this.#whenBound(() => {
      if (connected || state.connectState === CONNECT_STATE_CONNECTED) {
        this.#sendNow(data, undefined, 0, done);
        return;
      }
      this.#lookup(address, (err, ip) => {
        if (err) {
          done(err);
          return;
        }
        this.#sendNow(data, ip, port, done);
      });
    });
  }

  #sendNow(data, ip, port, done) {
    const state = this[kState];
    if (!state.handle) return;
    const r = binding.send(state.handle, data, ip, port, (status, bytes) => {
      done(status ? exceptionWithHostPort(status, 'send', ip, port) : null, bytes);
    });
    if (r === 1) process.nextTick(done, null, data.length);
    else if (r < 0) process.nextTick(done, exceptionWithHostPort(r, 'send', ip, port));
  }

  close(callback) {
    const state = this[kState];
    if (typeof callback === 'function') this.on('close', callback);
    if (state.queue !== undefined) {
      state.queue.push(() => this.close());
      return this;
    }
    this.#healthCheck();
    binding.close(state.handle);
    state.handle = null;
    state.bindState = BIND_STATE_UNBOUND;
    process.nextTick(() => this.emit('close'));
    return this;
  }

  address() {
    this.#healthCheck();
    const r = binding.getsockname(this[kState].handle);
    if (typeof r === 'number') throw errnoException(r, 'getsockname');
    return r;
  }

  remoteAddress() {
    this.#healthCheck();
    if (this[kState].connectState !== CONNECT_STATE_CONNECTED) {
      throw nodeError(Error, 'ERR_SOCKET_DGRAM_NOT_CONNECTED', 'Not connected');
    }
    const r = binding.getpeername(this[kState].handle);
    if (typeof r === 'number') throw errnoException(r, 'getpeername');
    return r;
  }

  #option(which, value, syscall) {
    this.#healthCheck();
    const err = binding.setOption(this[kState].handle, which, value);
    if (err) throw errnoException(err, syscall);
  }

  setBroadcast(arg) {
    this.#option(0, arg ? 1 : 0, 'setBroadcast');
  }

  setTTL(ttl) {
    if (typeof ttl !== 'number') throw new codes.ERR_INVALID_ARG_TYPE('ttl', 'number', ttl);
    this.#option(1, ttl, 'setTTL');
    return ttl;
  }

  setMulticastTTL(ttl) {
    if (typeof ttl !== 'number') throw new codes.ERR_INVALID_ARG_TYPE('ttl', 'number', ttl);
    this.#option(2, ttl, 'setMulticastTTL');
    return ttl;
  }

  setMulticastLoopback(arg) {
    this.#option(3, arg ? 1 : 0, 'setMulticastLoopback');
    return arg;
  }

  setMulticastInterface(interfaceAddress) {
    this.#healthCheck();
    if (typeof interfaceAddress !== 'string') {
      throw new codes.ERR_INVALID_ARG_TYPE('interfaceAddress', 'string', interfaceAddress);
    }
    const err = binding.setMulticastInterface(this[kState].handle, interfaceAddress);
    if (err) throw errnoException(err, 'setMulticastInterface');
  }

  #membership(join, multicastAddress, multicastInterface) {
    this.#healthCheck();
    if (!multicastAddress) {
      throw new codes.ERR_MISSING_ARGS('multicastAddress');
    }
    const err = binding.membership(this[kState].handle, multicastAddress, multicastInterface, join);
    if (err) throw errnoException(err, join ? 'addMembership' : 'dropMembership');
  }

  addMembership(multicastAddress, interfaceAddress) {
    this.#membership(true, multicastAddress, interfaceAddress);
  }

  dropMembership(multicastAddress, interfaceAddress) {
    this.#membership(false, multicastAddress, interfaceAddress);
  }

  #sourceMembership(join, sourceAddress, groupAddress, interfaceAddress) {
    this.#healthCheck();
    if (typeof sourceAddress !== 'string') {
      throw new codes.ERR_INVALID_ARG_TYPE('sourceAddress', 'string', sourceAddress);
    }
    if (typeof groupAddress !== 'string') {
      throw new codes.ERR_INVALID_ARG_TYPE('groupAddress', 'string', groupAddress);
    }
    const err = binding.sourceMembership(this[kState].handle, sourceAddress, groupAddress,
      interfaceAddress, join);
    if (err) {
      throw errnoException(err, join ? 'addSourceSpecificMembership' : 'dropSourceSpecificMembership');
    }
  }

  addSourceSpecificMembership(sourceAddress, groupAddress, interfaceAddress) {
    this.#sourceMembership(true, sourceAddress, groupAddress, interfaceAddress);
  }

  dropSourceSpecificMembership(sourceAddress, groupAddress, interfaceAddress) {
    this.#sourceMembership(false, sourceAddress, groupAddress, interfaceAddress);
  }

  #bufferSize(size, recv) {
    const state = this[kState];
    if (!state.handle || state.bindState !== BIND_STATE_BOUND) {
      const err = new Error(`Could not get or set buffer size: uv_${recv ? 'recv' : 'send'}_buffer_size returned EBADF (bad file descriptor)`);
      err.code = 'ERR_SOCKET_BUFFER_SIZE';
      throw err;
    }
    const r = binding.bufferSize(state.handle, size, recv);
    if (r < 0) {
      const err = new Error(`Could not get or set buffer size: ${errnoException(r, 'uv').code}`);
      err.code = 'ERR_SOCKET_BUFFER_SIZE';
      throw err;
    }
    return r;
  }

  setRecvBufferSize(size) {
    this.#bufferSize(validateSize(size), true);
  }

  setSendBufferSize(size) {
    this.#bufferSize(validateSize(size), false);
  }

  getRecvBufferSize() {
    return this.#bufferSize(0, true);
  }

  getSendBufferSize() {
    return this.#bufferSize(0, false);
  }

  getSendQueueSize() {
    return binding.queue(this[kState].handle)[0];
  }

  getSendQueueCount() {
    return binding.queue(this[kState].handle)[1];
  }

  ref() {
    const state = this[kState];
    if (state.handle) binding.ref(state.handle);
    return this;
  }

  unref() {
    const state = this[kState];
    if (state.handle) binding.unref(state.handle);
    return this;
  }

  [Symbol.asyncDispose]() {
    if (!this[kState].handle) return Promise.resolve();
    return new Promise((resolve) => this.close(resolve));
  }
}

function validateSize(size) {
  if (typeof size !== 'number' || !Number.isInteger(size) || size <= 0) {
    throw new codes.ERR_INVALID_ARG_TYPE('size', 'number', size);
  }
  return size;
}

function sliceBuffer(buffer, offset, length) {
  if (typeof buffer === 'string') buffer = Buffer.from(buffer);
  else if (!ArrayBuffer.isView(buffer)) {
    throw new codes.ERR_INVALID_ARG_TYPE('buffer', ['Buffer', 'TypedArray', 'DataView', 'string'], buffer);
  }
  offset >>>= 0;
  length >>>= 0;
  if (offset > buffer.byteLength) {
    throw new codes.ERR_BUFFER_OUT_OF_BOUNDS('offset');
  }
  if (offset + length > buffer.byteLength) {
    throw new codes.ERR_BUFFER_OUT_OF_BOUNDS('length');
  }
  return Buffer.from(buffer.buffer, buffer.byteOffset + offset, length);
}

function createSocket(type, listener) {
  return new Socket(type, listener);
}

module.exports = { createSocket, Socket };
