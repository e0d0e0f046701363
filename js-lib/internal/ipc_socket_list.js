'use strict';
// Sockets a server passed to other processes (child.send('x', socket)), as
// Node's internal/socket_list: the sending server keeps one SocketListSend
// per channel and key (server._workers) to ask the receiver how many of
// them are still open (getConnections) and to wait for them all to close
// (close); the receiving process keeps one SocketListReceive per key that
// counts the sockets it got and answers. Messages: NODE_SOCKET_GET_COUNT ->
// NODE_SOCKET_COUNT {count}, NODE_SOCKET_NOTIFY_CLOSE -> NODE_SOCKET_ALL_CLOSED.

const EventEmitter = require('events');

function childClosedError() {
  const e = new Error('Child closed before reply received');
  e.code = 'ERR_CHILD_CLOSED_BEFORE_REPLY';
  return e;
}

class SocketListSend extends EventEmitter {
  constructor(child, key) {
    super();
    this.key = key;
    this.child = child;
    child.once('exit', () => this.emit('exit', this));
  }

  _request(msg, cmd, callback) {
    const child = this.child;
    const onclose = () => {
      child.removeListener('internalMessage', onreply);
      callback(childClosedError());
    };
    const onreply = (reply) => {
      if (!(reply.cmd === cmd && reply.key === this.key)) return;
      child.removeListener('disconnect', onclose);
      child.removeListener('internalMessage', onreply);
      callback(null, reply);
    };
    if (!child.connected) return onclose();
    child._sendInternal(msg);
    child.once('disconnect', onclose);
    child.on('internalMessage', onreply);
  }

  close(callback) {
    this._request({ cmd: 'NODE_SOCKET_NOTIFY_CLOSE', key: this.key }, 'NODE_SOCKET_ALL_CLOSED', callback);
  }

  getConnections(callback) {
    this._request({ cmd: 'NODE_SOCKET_GET_COUNT', key: this.key }, 'NODE_SOCKET_COUNT',
                  (err, reply) => (err ? callback(err) : callback(null, reply.count)));
  }
}

class SocketListReceive extends EventEmitter {
  constructor(child, key) {
    super();
    this.connections = 0;
    this.key = key;
    this.child = child;
    const onempty = () => {
      if (child.connected) child._sendInternal({ cmd: 'NODE_SOCKET_ALL_CLOSED', key: this.key });
    };
    child.on('internalMessage', (msg) => {
      if (msg.key !== this.key) return;
      if (msg.cmd === 'NODE_SOCKET_NOTIFY_CLOSE') {
        if (this.connections === 0) onempty();
        else this.once('empty', onempty);
      } else if (msg.cmd === 'NODE_SOCKET_GET_COUNT' && child.connected) {
        child._sendInternal({ cmd: 'NODE_SOCKET_COUNT', key: this.key, count: this.connections });
      }
    });
  }

  add(socket) {
    this.connections++;
    socket.once('close', () => {
      if (--this.connections === 0) this.emit('empty', this);
    });
  }
}

// The list of `channelOwner` (a ChildProcess or process) for key, made once.
function getSocketList(type, channelOwner, key) {
  if (!channelOwner._socketLists) channelOwner._socketLists = { send: new Map(), got: new Map() };
  const lists = channelOwner._socketLists[type];
  let list = lists.get(key);
  if (!list) {
    list = type === 'send' ? new SocketListSend(channelOwner, key) : new SocketListReceive(channelOwner, key);
    lists.set(key, list);
  }
  return list;
}

module.exports = { getSocketList };
