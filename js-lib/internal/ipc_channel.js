'use strict';
// The IPC channel between a parent and a child started with stdio 'ipc'
// (child_process.fork): Node's protocol on a socketpair whose fd number the
// child finds in NODE_CHANNEL_FD, in the serialization named by
// NODE_CHANNEL_SERIALIZATION_MODE: 'json', one JSON document per line, or
// 'advanced', each message a 4-byte big-endian length then the V8
// serializer's bytes (v8.serialize: Maps, typed arrays, BigInts, cycles,
// errors). The same code serves both ends: `target` is the ChildProcess in
// the parent and `process` in the child. Messages whose `cmd` starts with
// NODE_ are Node-internal ('internalMessage'). Handles cannot be sent.

const { codes } = require('internal/errors');
const { validateObject } = require('internal/validators');

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

function emitMessage(target, message) {
  target.emit('message', message, undefined);
}

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
      if (message !== null && typeof message === 'object' && typeof message.cmd === 'string' &&
          message.cmd.startsWith('NODE_')) {
        target.emit('internalMessage', message);
      } else {
        // One tick per message, as in Node: a throwing listener does not
        // stop the messages behind it.
        process.nextTick(emitMessage, target, message);
      }
    }
  });
  const onGone = () => disconnected(target, socket);
  socket.on('end', onGone);
  socket.on('close', onGone);
  socket.on('error', () => {});

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
    const ok = socket.write(serialize(mode, message), (err) => {
      if (typeof callback === 'function') callback(err || null);
    });
    return ok;
  };

  target.disconnect = function disconnect() {
    if (!target.connected) {
      target.emit('error', channelError('ERR_IPC_DISCONNECTED', 'IPC channel is already disconnected'));
      return;
    }
    socket.end();
    disconnected(target, socket);
  };
}

function disconnected(target, socket) {
  if (!target.connected) return;
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
  const handle = internalBinding('tcp').pipeNew(fd);
  if (typeof handle === 'number') return;
  const { Socket } = require('net');
  const socket = new Socket({ handle, readable: true, writable: true });
  setupChannel(process, socket, mode);
}

module.exports = { setupChannel, setupChildChannel };
