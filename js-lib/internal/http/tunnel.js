'use strict';
// Upgraded HTTP connections: the socket of 'upgrade' and 'connect' on
// http/https servers. The bytes stay in the C engine (worker/http_tunnel.c),
// which keeps the socket and, on TLS listeners, the encryption; the socket
// is a real net.Socket whose handle is the connection handle, driven through
// `ops`, which mirror internalBinding('tcp')'s functions. Reading is started
// and stopped by net.Socket as its buffer fills (the engine keeps nothing);
// a write's callback runs once its bytes left for the socket.

const { getBinding } = require('_http_common');
const { watchClose, connClosed } = require('internal/http/socket');

function info(conn) {
  if (conn._info === undefined) conn._info = getBinding().socketInfo(conn) || null;
  return conn._info;
}

function address(conn, side) {
  const i = info(conn);
  if (i === null || i[`${side}Address`] === undefined) return -9; // UV_EBADF
  return { address: i[`${side}Address`], family: i[`${side}Family`], port: i[`${side}Port`] };
}

const ops = {
  readStart(conn) {
    getBinding().resume(conn);
    return 0;
  },
  readStop(conn) {
    getBinding().pause(conn);
    return 0;
  },
  write(conn, data, cb) {
    return getBinding().tunnelWrite(conn, data, cb);
  },
  shutdown(conn, cb) {
    conn._shutdownCb = cb;
    return getBinding().tunnelShutdown(conn);
  },
  close(conn, cb) {
    if (connClosed(conn)) {
      if (typeof cb === 'function') process.nextTick(cb);
      return;
    }
    conn._closeCb = cb;
    getBinding().destroy(conn);
  },
  setNoDelay(conn, on) {
    getBinding().setNoDelay(conn, on);
  },
  setKeepAlive(conn, on, delaySeconds) {
    getBinding().setKeepAlive(conn, on, delaySeconds * 1000);
  },
  getpeername(conn) {
    return address(conn, 'remote');
  },
  getsockname(conn) {
    return address(conn, 'local');
  },
  writeQueueSize(conn) {
    return getBinding().tunnelQueued(conn);
  },
  ref(conn) {
    getBinding().tunnelRef(conn, true);
  },
  unref(conn) {
    getBinding().tunnelRef(conn, false);
  },
};

// The net.Socket of a connection the engine just turned into a tunnel.
function tunnelSocket(server, conn) {
  conn._hb = ops;
  const net = require('net');
  // As Node's http.Server sockets: half-open allowed (ws and others end
  // their side themselves).
  const socket = new net.Socket({ handle: conn, allowHalfOpen: true });
  socket.server = server;
  conn.tunnelSocket = socket;
  watchClose(conn);
  const i = info(conn);
  if (i !== null && i.encrypted) {
    socket.encrypted = true;
    socket.authorized = false;
    socket.alpnProtocol = false;
  }
  return socket;
}

// Engine events for tunnels (makeCallbacks in _http_server).
function onTunnelRead(conn, nread, chunk) {
  if (typeof conn.onread === 'function') conn.onread(nread, chunk);
}

function onTunnelShutdown(conn, status) {
  const cb = conn._shutdownCb;
  conn._shutdownCb = undefined;
  if (typeof cb === 'function') cb(status);
}

// The connection closed: the socket's close() completes, or, when the
// engine closed it (the peer reset it, a worker's drain deadline), the
// socket is destroyed.
function onTunnelClosed(conn) {
  const cb = conn._closeCb;
  conn._closeCb = undefined;
  if (typeof cb === 'function') {
    cb();
    return;
  }
  const s = conn.tunnelSocket;
  if (s !== undefined && !s.destroyed) s.destroy();
}

module.exports = { tunnelSocket, onTunnelRead, onTunnelShutdown, onTunnelClosed };
