'use strict';
// 1xx informational responses from an HTTP/1.1 server ahead of the final
// one: writeProcessing (102), writeEarlyHints (103, Link validated) and raw
// bytes through res._writeRaw, as a raw client sees them.
const http = require('http');
const net = require('net');

const server = http.createServer((req, res) => {
  for (const bad of ['nope', { link: 'rel=preload; </a.js>' }]) {
    try {
      res.writeEarlyHints(bad);
    } catch (e) {
      console.log('writeEarlyHints threw', e.code);
    }
  }
  res.writeProcessing();
  res.writeEarlyHints({ link: ['</a.css>; rel=preload; as=style', '</b.js>; rel=preload'],
                        'x-trace': 'abc' }, () => console.log('hints callback'));
  res.writeEarlyHints({});
  res._writeRaw('HTTP/1.1 102 Processing\r\nFoo: Bar\r\n\r\n');
  setTimeout(() => {
    res.setHeader('Date', 'now');
    res.end('done');
  }, 20);
});

server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port);
  let got = '';
  c.setEncoding('latin1');
  c.on('data', (d) => { got += d; });
  c.on('end', () => {
    console.log(JSON.stringify(got));
    server.close();
  });
  c.write('GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
});
