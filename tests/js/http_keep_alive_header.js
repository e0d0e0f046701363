'use strict';
// A response's Keep-Alive header: the server's (from keepAliveTimeout) by
// default, the user's alone when the handler sets one (Node's _defaultKeepAlive).
const http = require('http');
const net = require('net');

const server = http.createServer((req, res) => {
  const body = 'hello\n';
  const headers = { 'Content-Length': body.length };
  if (req.url === '/custom') headers['Keep-Alive'] = 'timeout=50';
  res.writeHead(200, headers);
  res.end(body);
});
server.keepAliveTimeout = 7000;

// The raw head, without Date, so the output does not change.
function head(path) {
  return new Promise((resolve) => {
    const sock = net.connect(server.address().port, '127.0.0.1', () => {
      sock.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`);
    });
    let got = '';
    sock.setEncoding('latin1');
    sock.on('data', (d) => {
      got += d;
      if (got.includes('hello\n')) {
        sock.destroy();
        resolve(got.split('\r\n\r\n')[0].split('\r\n').filter((l) => !l.startsWith('Date:')));
      }
    });
  });
}

server.listen(0, async () => {
  console.log('default', await head('/'));
  console.log('custom', await head('/custom'));
  server.close();
});
