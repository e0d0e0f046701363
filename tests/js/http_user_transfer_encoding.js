// A response whose Transfer-Encoding: chunked header the app set itself:
// the body is still framed in chunks (writeHead, setHeader, HTTP/1.0 client,
// empty body, chunked + another coding); raw bytes as a client sees them.
'use strict';
const http = require('http');
const net = require('net');

const server = http.createServer((req, res) => {
  switch (req.url) {
    case '/set':
      res.setHeader('Transfer-Encoding', 'chunked');
      res.write('hello');
      res.end('world');
      break;
    case '/writehead':
      res.writeHead(200, { 'Transfer-Encoding': 'chunked' });
      res.end('one');
      break;
    case '/empty':
      res.setHeader('Transfer-Encoding', 'chunked');
      res.end();
      break;
    case '/gzip-chunked':
      res.setHeader('Transfer-Encoding', 'gzip, chunked');
      res.end('xyz');
      break;
    default:
      res.end('plain');
  }
});

function get(path, version) {
  return new Promise((resolve) => {
    const c = net.connect(server.address().port, '127.0.0.1', () => {
      c.end(`GET ${path} HTTP/${version}\r\nHost: x\r\nConnection: close\r\n\r\n`);
    });
    let data = '';
    c.setEncoding('latin1');
    c.on('data', (d) => { data += d; });
    c.on('close', () => resolve(data.replace(/Date: [^\r]*\r\n/, '')));
  });
}

server.listen(0, '127.0.0.1', async () => {
  for (const path of ['/set', '/writehead', '/empty', '/gzip-chunked']) {
    for (const version of ['1.1', '1.0']) {
      console.log(path, version, JSON.stringify(await get(path, version)));
    }
  }
  server.close();
});
