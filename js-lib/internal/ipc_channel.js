'use strict';
// The IPC channel between a parent and a child started with stdio 'ipc'
// (child_process.fork): Node's protocol on a socketpair whose fd number the
// child finds in NODE_CHANNEL_FD, in the serialization named by
// NODE_CHANNEL_SERIALIZATION_MODE: 'json', one JSON document per line, or
// 'advanced', each message a 4-byte big-endian length then the V8
// serializer's bytes (v8.serialize: Maps, typed arrays, BigInts, cycles,
// errors). The same code serves both ends: `target` is the ChildProcess in
// the parent and `process` in the child. Messages whose `cmd` starts with
// NODE_ are Node-internal ('internalMessage'). send(message, handle) passes
// a net.Socket, net.Server or native TCP/pipe handle as Node does: the
// descriptor goes with a {cmd: 'NODE_HANDLE', type, msg} message (SCM_RIGHTS,
// libuv's IPC pipes), the receiver answers NODE_HANDLE_ACK, and until then
// later messages wait in a queue (send returns false once it holds two).
// A socket sent without keepOpen is closed here once acknowledged. dgram
// sockets cannot be sent.

const { codes } = require('internal/errors');
const { getSocketList } = require('internal/ipc_socket_list');
const { validateObject } = require('internal/validators');

// send() returns false once this much waits to be written, as in Node.
const kMaxBacklog = 65536 * 2;

function channelError(code, message) {
  const e = new Error(message);
  e.code = code;
  return e;
}

// The channel keeps the loop alive only while someone listens for
// 'message' or 'disconnect', as in Node.
function updateRef(target, socket) {
  if (!target.connected) return;
  const listening = target.listenerCount('message') > 0 || target.listenerCount('disconnect') > 0;
  if (listening) socket.ref();
  else socket.unref();
}

function emitMessage(target, message, handle) {
  target.emit('message', message, handle);
}

function isInternal(message) {
  return message !== null && typeof message === 'object' && typeof message.cmd === 'string' &&
    message.cmd.startsWith('NODE_');
}

// A native handle of internalBinding('tcp') (server._handle, socket._handle).
function isNativeHandle(h) {
  return h !== null && typeof h === 'object' && typeof h.readStart === 'function' &&
    typeof h.close === 'function' && typeof h.on !== 'function';
}

function handleType(handle) {
  const net = require('net');
  if (handle instanceof net.Socket) return 'net.Socket';
  if (handle instanceof net.Server) return 'net.Server';
  if (isNativeHandle(handle)) return 'net.Native';
  const e = new TypeError('This handle type cannot be sent');
  e.code = 'ERR_INVALID_HANDLE_TYPE';
  throw e;
}

// Per type: send gives the native handle to pass (or null: send the message
// alone), got makes the receiver's object of it.
const conversions = {
  'net.Socket': {
    // A socket of a server is counted by the server through the receiver
    // (message.key: internal/ipc_socket_list).
    send(socket, options, message, target) {
      const handle = socket._handle;
      if (!handle) return null;
      const server = socket._server;
      if (server) {
        message.key = server._connectionKey;
        const list = getSocketList('send', target, message.key);
        if (!server._workers.includes(list)) server._setupWorker(list);
      }
      if (options.keepOpen) return handle;
      // The socket lets go of its handle (closed once the other end has it).
      handle.onread = () => {};
      handle.readStop();
      socket._handle = null;
      socket.setTimeout(0);
      if (server) {
        socket._server = null;
        server._connections--;
      }
      return handle;
    },
    got(handle, emit, message, target) {
      const net = require('net');
      const socket = new net.Socket({ handle, readable: true, writable: true });
      if (message.key) getSocketList('got', target, message.key).add(socket);
      emit(socket);
    },
  },
  'net.Server': {
    send: (server) => server._handle || null,
    got(handle, emit) {
      const net = require('net');
      const server = new net.Server();
      server.listen(handle, () => emit(server));
    },
  },
  'net.Native': {
    send: (handle) => handle,
    got: (handle, emit) => emit(handle),
  },
};

// Parsers: each takes a chunk read and returns the messages it completes.
function jsonParser() {
  let buffered = '';
  return (chunk) => {
    buffered += chunk;
    const messages = [];
    let nl;
    while ((nl = buffered.indexOf('\n')) !== -1) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (line !== '') messages.push(JSON.parse(line));
    }
    return messages;
  };
}

function advancedParser() {
  const { Buffer } = require('buffer');
  const v8 = require('v8');
  let chunks = [];
  let size = 0;
  return (chunk) => {
    chunks.push(chunk);
    size += chunk.length;
    const messages = [];
    while (size >= 4) {
      if (chunks[0].length < 4) chunks = [Buffer.concat(chunks, size)];
      const full = chunks[0].readUInt32BE(0) + 4;
      if (size < full) break;
      const all = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
      messages.push(v8.deserialize(all.subarray(4, full)));
      const rest = all.subarray(full);
      size = rest.length;
      chunks = size ? [rest] : [];
    }
    return messages;
  };
}

function serialize(mode, message) {
  if (mode !== 'advanced') return `${JSON.stringify(message)}\n`;
  const { Buffer } = require('buffer');
  const body = require('v8').serialize(message);
  const frame = Buffer.allocUnsafe(body.length + 4);
  frame.writeUInt32BE(body.length, 0);
  body.copy(frame, 4);
  return frame;
}

function setupChannel(target, socket, mode = 'json') {
  const parse = mode === 'advanced' ? advancedParser() : jsonParser();
  target.connected = true;
  target.channel = {
    ref() { socket.ref(); },
    unref() { socket.unref(); },
    get fd() { return socket._handle ? socket.fd : undefined; },
  };
  target._channel = target.channel;

  const pendingHandles = [];
  socket._handle.onpendinghandle = (h) => pendingHandles.push(h);
  const handleMessage = (message, handle) => {
    if (isInternal(message)) target.emit('internalMessage', message, handle);
    // One tick per message, as in Node: a throwing listener does not
    // stop the messages behind it.
    else process.nextTick(emitMessage, target, message, handle);
  };

  if (mode !== 'advanced') socket.setEncoding('utf8');
  socket.on('data', (chunk) => {
    let messages;
    try {
      messages = parse(chunk);
    } catch (err) {
      target.emit('error', err);
      return;
    }
    for (const message of messages) {
      const handle = isInternal(message) && message.cmd === 'NODE_HANDLE' ? pendingHandles.shift() : undefined;
      handleMessage(message, handle);
    }
  });
  const onGone = () => disconnected(target, socket);
  socket.on('end', onGone);
  socket.on('close', onGone);
  socket.on('error', () => {});

  target._handleQueue = null;
  target._pendingMessage = null;
  target.on('internalMessage', (message, handle) => {
    if (message.cmd === 'NODE_HANDLE_ACK' || message.cmd === 'NODE_HANDLE_NACK') {
      if (target._pendingMessage) {
        target._pendingMessage.close();
        target._pendingMessage = null;
      }
      const queue = target._handleQueue || [];
      target._handleQueue = null;
      for (const q of queue) sendNow(q.message, q.handle, q.options, q.callback);
      // A disconnect() waiting for the queue.
      if (!target.connected && !target._handleQueue) closeChannel();
      return;
    }
    if (message.cmd !== 'NODE_HANDLE') return;
    if (!handle) {
      target._sendInternal({ cmd: 'NODE_HANDLE_NACK' });
      return;
    }
    target._sendInternal({ cmd: 'NODE_HANDLE_ACK' });
    const conversion = conversions[message.type];
    if (!conversion) {
      handle.close();
      return;
    }
    conversion.got(handle, (obj) => handleMessage(message.msg, obj), message, target);
  });

  target.on('newListener', (name) => {
    if (name === 'message' || name === 'disconnect') process.nextTick(updateRef, target, socket);
  });
  target.on('removeListener', (name) => {
    if (name === 'message' || name === 'disconnect') process.nextTick(updateRef, target, socket);
  });
  updateRef(target, socket);

  target.send = function send(message, handle, options, callback) {
    if (typeof handle === 'function') {
      callback = handle;
      handle = undefined;
      options = undefined;
    } else if (typeof options === 'function') {
      callback = options;
      options = undefined;
    } else if (options !== undefined) {
      validateObject(options, 'options');
    }
    if (message === undefined) throw new codes.ERR_MISSING_ARGS('message');
    if (typeof message !== 'string' && typeof message !== 'object' && typeof message !== 'number' &&
        typeof message !== 'boolean') {
      throw new codes.ERR_INVALID_ARG_TYPE('message', ['string', 'object', 'number', 'boolean'], message);
    }
    if (!target.connected) {
      const err = channelError('ERR_IPC_CHANNEL_CLOSED', 'Channel closed');
      if (typeof callback === 'function') process.nextTick(callback, err);
      else process.nextTick(() => target.emit('error', err));
      return false;
    }
    return sendNow(message, handle, options || {}, callback);
  };
  // Node-internal messages (socket lists, cluster): errors are not emitted.
  target._sendInternal = (message, handle) => sendNow(message, handle, {}, () => {});

  function sendNow(message, handle, options, callback) {
    const done = (err) => {
      if (typeof callback === 'function') callback(err || null);
      else if (err) target.emit('error', err);
    };
    let native = null;
    if (handle) {
      const type = handleType(handle);
      if (target._handleQueue) {
        target._handleQueue.push({ message, handle, options, callback });
        return target._handleQueue.length === 1;
      }
      const wrapped = { cmd: 'NODE_HANDLE', type, msg: message };
      native = conversions[type].send(handle, options, wrapped, target);
      if (native) {
        message = wrapped;
        if (type === 'net.Socket' && !options.keepOpen) target._pendingMessage = native;
      }
    } else if (target._handleQueue && !(isInternal(message) &&
               (message.cmd === 'NODE_HANDLE_ACK' || message.cmd === 'NODE_HANDLE_NACK'))) {
      target._handleQueue.push({ message, handle: null, options, callback });
      return target._handleQueue.length === 1;
    }
    const bytes = serialize(mode, message);
    if (!native) {
      socket.write(bytes, done);
      return socket.writableLength < kMaxBacklog;
    }
    // The bytes carry the descriptor: straight to the pipe (libuv's write2).
    const { Buffer } = require('buffer');
    const tcp = internalBinding('tcp');
    const err = tcp.write(socket._handle, typeof bytes === 'string' ? Buffer.from(bytes) : bytes,
                          (status) => done(status < 0 ? require('net')._errnoException(status, 'write') : null),
                          native);
    if (err < 0) {
      target._pendingMessage = null;
      process.nextTick(done, require('net')._errnoException(err, 'write'));
      return false;
    }
    target._handleQueue = [];
    return true;
  }

  // As in Node: no new messages from now on, the channel closed once the
  // messages queued behind a handle have gone.
  target.disconnect = function disconnect() {
    if (!target.connected) {
      target.emit('error', channelError('ERR_IPC_DISCONNECTED', 'IPC channel is already disconnected'));
      return;
    }
    target.connected = false;
    if (!target._handleQueue) closeChannel();
  };
  function closeChannel() {
    if (closedChannels.has(target)) return;
    socket.end();
    disconnected(target, socket);
  }
}

// The targets whose channel has closed ('disconnect' emitted).
const closedChannels = new WeakSet();

function disconnected(target, socket) {
  if (closedChannels.has(target)) return;
  closedChannels.add(target);
  target.connected = false;
  socket.unref();
  if (!socket.destroyed) socket.destroy();
  process.nextTick(() => target.emit('disconnect'));
}

// The child's end: NODE_CHANNEL_FD from the parent (removed from the env).
function setupChildChannel() {
  const fd = Number.parseInt(process.env.NODE_CHANNEL_FD, 10);
  const mode = process.env.NODE_CHANNEL_SERIALIZATION_MODE || 'json';
  delete process.env.NODE_CHANNEL_FD;
  delete process.env.NODE_CHANNEL_SERIALIZATION_MODE;
  if (!(fd >= 0)) return;
  const handle = internalBinding('tcp').pipeNew(fd, true);
  if (typeof handle === 'number') return;
  const { Socket } = require('net');
  const socket = new Socket({ handle, readable: true, writable: true });
  setupChannel(process, socket, mode);
}

module.exports = { setupChannel, setupChildChannel };
