// http.Server's view of its connections when JavaScript hears of them only
// lazily (the engine calls JavaScript for a new connection only with a
// 'connection' listener or server.timeout): server._connections,
// getConnections(), the 'connection' and 'timeout' events, req.socket on a
// connection never announced, and close() waiting for every connection.
'use strict';
const http = require('http');
const net = require('net');

const log = (...a) => console.log(...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const count = (server) => new Promise((r) => server.getConnections((e, n) => r(n)));

// The server counts a connection once it accepted it: wait for that.
async function waitCount(server, n) {
  for (let i = 0; i < 400 && (await count(server)) !== n; i++) await sleep(5);
  return count(server);
}

function connect(port) {
  const s = net.connect(port, '127.0.0.1');
  return new Promise((r) => s.on('connect', () => r(s)));
}

function closed(s) {
  return new Promise((r) => s.on('close', r));
}

function get(s, path) {
  return new Promise((resolve) => {
    let data = '';
    const onData = (d) => {
      data += d;
      if (data.endsWith('\r\n\r\nok')) {
        s.off('data', onData);
        resolve(data.split('\r\n')[0]);
      }
    };
    s.on('data', onData);
    s.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`);
  });
}

async function main() {
  const sockets = [];
  const server = http.createServer((req, res) => {
    if (!sockets.includes(req.socket)) req.socket.on('close', () => log('request socket closed'));
    sockets.push(req.socket);
    res.setHeader('Content-Length', 2);
    res.end('ok');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const port = server.address().port;
  log('own property', Object.keys(server).includes('_connections'),
      Object.keys(server).includes('timeout'), server.timeout);
  log('start', server._connections, await count(server));

  // No listener: a connection with no request, then closed.
  const a = await connect(port);
  log('connected', await waitCount(server, 1), server._connections);
  a.end();
  await closed(a);
  log('closed', await waitCount(server, 0), server._connections);

  // Two requests on one connection: one socket object, its 'close' event.
  const b = await connect(port);
  log(await get(b, '/1'), await get(b, '/2'), sockets.length, sockets[0] === sockets[1]);
  log('socket', typeof sockets[0].remotePort, sockets[0].remoteAddress, server._connections);
  b.end();
  await closed(b);
  log('after request connection', await waitCount(server, 0));

  // A 'connection' listener (once): the next connection only.
  server.once('connection', (s) => log('connection event', typeof s.remotePort,
                                       server._connections));
  const c = await connect(port);
  const d = await connect(port);
  log('two open', await waitCount(server, 2));

  // server._connections assigned (as Node's data property, it then counts
  // from the value given).
  server._connections = 7;
  c.end();
  await closed(c);
  log('assigned, one closed', await waitCount(server, 6), server._connections);
  server._connections = 1;

  // server.timeout: 'timeout' for a connection that never sends.
  server.setTimeout(50, (s) => {
    log('timeout event', server._connections);
    s.destroy();
  });
  const e = await connect(port);
  await closed(e);
  server.setTimeout(0);
  server.removeAllListeners('timeout');
  log('after timeout', await waitCount(server, 1));

  // close(): 'close' once the connections left are gone, the last one
  // never seen by JavaScript.
  const f = await connect(port);
  log('before close', await waitCount(server, 2));
  server.close(() => log('server closed', server._connections, server.listening));
  await sleep(50);
  log('closing', server._connections);
  d.end();
  await closed(d);
  log('one left', await waitCount(server, 1));
  f.end();
  await closed(f);
}

main();
