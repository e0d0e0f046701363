'use strict';
// The IPC channel between a parent and a child started with stdio 'ipc'
// (child_process.fork): Node's protocol, one JSON document per line on a
// socketpair whose fd number the child finds in NODE_CHANNEL_FD. The same
// code serves both ends: `target` is the ChildProcess in the parent and
// `process` in the child. Messages whose `cmd` starts with NODE_ are
// Node-internal ('internalMessage'). Handles cannot be sent (only JSON).

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

function setupChannel(target, socket) {
  let buffered = '';
  target.connected = true;
  target.channel = {
    ref() { socket.ref(); },
    unref() { socket.unref(); },
    get fd() { return socket._handle ? socket.fd : undefined; },
  };
  target._channel = target.channel;

  socket.setEncoding('utf8');
  socket.on('data', (chunk) => {
    buffered += chunk;
    let nl;
    while ((nl = buffered.indexOf('\n')) !== -1) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (line === '') continue;
      let message;
      try {
        message = JSON.parse(line);
      } catch (err) {
        target.emit('error', err);
        continue;
      }
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
    const ok = socket.write(`${JSON.stringify(message)}\n`, (err) => {
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
  delete process.env.NODE_CHANNEL_FD;
  delete process.env.NODE_CHANNEL_SERIALIZATION_MODE;
  if (!(fd >= 0)) return;
  const handle = internalBinding('tcp').pipeNew(fd);
  if (typeof handle === 'number') return;
  const { Socket } = require('net');
  const socket = new Socket({ handle, readable: true, writable: true });
  setupChannel(process, socket);
}

module.exports = { setupChannel, setupChildChannel };
