'use strict';
// 'upgrade' and 'connect' on http.Server and the client, as Node 20:
// (req, socket, head) with the bytes after the head, a net.Socket that
// reads and writes; an upgrade request without an 'upgrade' listener is an
// ordinary request (req.upgrade false) on a connection that stays usable;
// CONNECT without a 'connect' listener is dropped.
const http = require('http');
const net = require('net');

function raw(port, text, waitMs) {
  return new Promise((resolve) => {
    const c = net.connect(port, '127.0.0.1', () => c.write(text));
    let got = '';
    c.on('data', (d) => { got += d.toString('latin1'); });
    c.on('error', (e) => { got += `<error ${e.code}>`; });
    c.on('close', () => resolve(got.replace(/Date: [^\r]*\r\n/, '')));
    setTimeout(() => c.end(), waitMs);
  });
}

async function main() {
  const events = [];
  const server = http.createServer((req, res) => {
    events.push(`request ${req.method} ${req.url} upgrade=${req.upgrade}`);
    res.end(`plain ${req.url}`);
  });
  server.on('upgrade', (req, socket, head) => {
    events.push(`upgrade ${req.url} head=${JSON.stringify(head.toString())} ` +
      `net.Socket=${socket instanceof net.Socket} upgrade=${req.upgrade} ` +
      `same=${req.socket === socket} remote=${typeof socket.remotePort}`);
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: shout\r\nConnection: Upgrade\r\n\r\n');
    if (head.length) socket.write(head.toString().toUpperCase());
    socket.on('data', (d) => socket.write(d.toString().toUpperCase()));
    socket.on('end', () => { events.push('server socket end'); socket.end(); });
    socket.on('close', () => events.push('server socket close'));
  });
  server.on('connect', (req, socket, head) => {
    events.push(`connect ${req.url} head=${JSON.stringify(head.toString())}`);
    socket.end('HTTP/1.1 200 Connection Established\r\n\r\ntunnel');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const port = server.address().port;

  console.log(JSON.stringify(await raw(port,
    'GET /a HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: shout\r\n\r\nearly', 200)));
  console.log(JSON.stringify(await raw(port,
    'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\nhi', 200)));

  // The client: 'upgrade' with (res, socket, head).
  await new Promise((resolve) => {
    const req = http.request({ port, host: '127.0.0.1', path: '/c',
      headers: { Connection: 'Upgrade', Upgrade: 'shout' } });
    req.on('upgrade', (res, socket, head) => {
      console.log('client upgrade', res.statusCode, res.headers.upgrade, JSON.stringify(head.toString()));
      socket.on('data', (d) => {
        console.log('client got', d.toString());
        socket.end();
      });
      socket.on('close', resolve);
      socket.write('quiet');
    });
    req.end();
  });
  await new Promise((r) => setTimeout(r, 50));
  console.log(events.join('\n'));
  events.length = 0;

  // No listeners: an ordinary request, the connection stays open for the next.
  server.removeAllListeners('upgrade');
  server.removeAllListeners('connect');
  let second = '';
  await new Promise((resolve) => {
    const c = net.connect(port, '127.0.0.1', () => {
      c.write('GET /b HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: shout\r\n\r\n');
      setTimeout(() => c.write('GET /c HTTP/1.1\r\nHost: x\r\n\r\n'), 100);
      setTimeout(() => c.end(), 300);
    });
    c.on('data', (d) => { second += d.toString(); });
    c.on('close', resolve);
  });
  console.log(JSON.stringify(second.replace(/Date: [^\r]*\r\n/g, '')));
  console.log(JSON.stringify(await raw(port,
    'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n', 200)));
  console.log(events.join('\n'));
  server.close();
}

main();
