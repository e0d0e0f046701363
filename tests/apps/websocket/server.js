'use strict';
// One app for tests/apps/websocket/test_websocket.py, unmodified libraries:
//   /ws        ws (WebSocketServer, noServer): echo, permessage-deflate;
//              text commands: "pid", "flood:N" (N KiB sent while the client
//              does not read: back-pressure), "stall" (the server stops
//              reading this socket for 2 s)
//   /raw       a raw 'upgrade' handler: 101, then echoes bytes upper-cased
//   /socket.io Socket.IO 4 (websocket and polling): rooms, acknowledgements;
//              IO_ADAPTER=broadcast: rooms across workers (broadcast-adapter.js)
//   /page      a page whose script talks WebSocket to /ws (the browser test);
//              its result comes back as "result:..." and is appended to
//              $RESULT_FILE (any worker may get it)
// process.on('shoal:drain'): WebSockets closed with 1001 (docs/websocket.md).
// HTTP on PORT (0: any; the port is printed), HTTPS when TLS_CERT/TLS_KEY.
const fs = require('fs');
const http = require('http');
const https = require('https');
const { WebSocketServer } = require('ws');
const { Server } = require('socket.io');

const page = `<!doctype html><html><body><p id="r">waiting</p><script>
const out = document.getElementById('r');
const ws = new WebSocket('wss://' + location.host + '/ws');
ws.binaryType = 'arraybuffer';
const got = [];
ws.onopen = () => { ws.send('hello from chromium'); ws.send(new Uint8Array([1, 2, 3, 250]).buffer); };
ws.onmessage = (e) => {
  got.push(typeof e.data === 'string' ? e.data : 'bin:' + Array.from(new Uint8Array(e.data)).join(','));
  if (got.length === 2) ws.send('result:' + got.join('|') + '|ext=' + ws.extensions);
  if (got.length === 3) { out.setAttribute('data-result', e.data); ws.close(1000); }
};
ws.onerror = () => out.setAttribute('data-result', 'error');
</script></body></html>`;

function handler(req, res) {
  if (req.url === '/pid') return res.end(String(process.pid));
  if (req.url === '/page') {
    res.setHeader('Content-Type', 'text/html');
    return res.end(page);
  }
  if (req.url === '/stats') return res.end(JSON.stringify(stats));
  res.statusCode = 404;
  res.end('not found');
}

const tls = process.env.TLS_CERT
  ? { cert: fs.readFileSync(process.env.TLS_CERT), key: fs.readFileSync(process.env.TLS_KEY) } : null;
const server = tls ? https.createServer(tls, handler) : http.createServer(handler);
const stats = { wsOpen: 0, wsMessages: 0, floodSentKiB: 0, floodMaxBuffered: 0 };

const wss = new WebSocketServer({ noServer: true, perMessageDeflate: { threshold: 64 } });
wss.on('connection', (ws) => {
  stats.wsOpen++;
  ws.on('close', () => stats.wsOpen--);
  ws.on('message', (data, isBinary) => {
    stats.wsMessages++;
    const text = isBinary ? null : data.toString();
    if (text === 'pid') return ws.send(`pid:${process.pid}`);
    if (text !== null && text.startsWith('result:') && process.env.RESULT_FILE) {
      fs.appendFileSync(process.env.RESULT_FILE, `${text.slice(7)}\n`); // the browser's
    }
    if (text !== null && text.startsWith('flood:')) return flood(ws, +text.slice(6));
    if (text === 'stall') {
      ws._socket.pause();
      setTimeout(() => ws._socket.resume(), 2000);
      return ws.send('stalled');
    }
    ws.send(data, { binary: isBinary });
  });
});

// Sends n KiB in 1 KiB messages, never more than 256 KiB ahead of what the
// socket took: a client that does not read makes bufferedAmount (the net.Socket's
// write queue) hold still instead of the server buffering everything.
function flood(ws, n) {
  const chunk = Buffer.alloc(1024, 0x61);
  let sent = 0;
  const pump = () => {
    while (sent < n && ws.readyState === 1) {
      if (ws.bufferedAmount > 256 * 1024) {
        stats.floodMaxBuffered = Math.max(stats.floodMaxBuffered, ws.bufferedAmount);
        return setTimeout(pump, 20);
      }
      ws.send(chunk, { compress: false, binary: true });
      sent++;
      stats.floodSentKiB = sent;
    }
    if (sent >= n) ws.send('flood-done', { compress: false });
  };
  pump();
}

// IO_ADAPTER=broadcast: rooms across the workers of a cluster (broadcast-adapter.js).
const adapter = process.env.IO_ADAPTER === 'broadcast'
  ? require('./broadcast-adapter').createBroadcastAdapter() : undefined;
const io = new Server(server, { destroyUpgrade: false, cors: { origin: '*' }, adapter });
io.on('connection', (socket) => {
  socket.emit('hello', { pid: process.pid, transport: socket.conn.transport.name });
  socket.on('join', (room, ack) => {
    socket.join(room);
    ack({ room, pid: process.pid });
  });
  socket.on('say', (room, text) => io.to(room).emit('said', { room, text }));
  socket.on('say-all', (text, ack) => { io.emit('said', { text, at: new Date(0), bin: Buffer.from('b') }); ack(); });
  socket.on('echo', (value, ack) => ack(value));
});

// A cluster worker is retired (reload, scale-down): close the WebSockets
// with 1001 (going away) so clients reconnect, to the new generation.
process.on('shoal:drain', () => {
  for (const ws of wss.clients) ws.close(1001, 'server draining');
  for (const client of Object.values(io.engine.clients)) client.close();
});

server.on('upgrade', (req, socket, head) => {
  const path = req.url.split('?')[0];
  if (path === '/ws') {
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  } else if (path === '/raw') {
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: shout\r\nConnection: Upgrade\r\n\r\n');
    if (head.length) socket.write(head.toString('latin1').toUpperCase());
    socket.on('data', (d) => socket.write(d.toString('latin1').toUpperCase()));
    socket.on('end', () => socket.end());
  } else if (!path.startsWith('/socket.io/')) {
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  }
});

server.listen(+(process.env.PORT || 0), process.env.HOST || '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
