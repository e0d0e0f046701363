'use strict';
// A response whose Content-Length and/or Transfer-Encoding the handler set
// and then removed (koa does for 204/205/304): Node adds no Content-Length
// after removeHeader('content-length') (chunked instead), and neither
// header when both were removed (the body then ends with the connection).
// Printed: the status line, the framing headers and the body (Node still
// writes "Connection: keep-alive" before it decides to close; shoal writes
// "Connection: close").
const http = require('http');
const net = require('net');
const cases = {
  '/plain': (res) => res.end(),
  '/removed-length': (res) => { res.setHeader('Content-Length', '5'); res.removeHeader('Content-Length'); res.end('hello'); },
  '/removed-both': (res) => {
    res.setHeader('Content-Length', '5');
    res.setHeader('Transfer-Encoding', 'chunked');
    res.removeHeader('Content-Length');
    res.removeHeader('Transfer-Encoding');
    res.end('hello');
  },
  '/205-removed-both': (res) => {
    res.statusCode = 205;
    res.setHeader('Content-Length', '15');
    res.removeHeader('Content-Length');
    res.removeHeader('Transfer-Encoding');
    res.end();
  },
};
const server = http.createServer((req, res) => cases[req.url](res));
server.listen(0, '127.0.0.1', async () => {
  for (const path of Object.keys(cases)) {
    const raw = await new Promise((resolve) => {
      const c = net.connect(server.address().port, '127.0.0.1', () => {
        c.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`);
      });
      let data = '';
      c.setEncoding('latin1');
      c.on('data', (d) => {
        data += d;
        // the client ends once the whole answer is in (a keep-alive server would wait)
        if (/\r\n\r\n(hello|0\r\n\r\n|5\r\nhello\r\n0\r\n\r\n)?$/.test(data)) c.end();
      });
      c.on('close', () => resolve(data));
    });
    const head = raw.split('\r\n\r\n')[0];
    const lines = head.split('\r\n').filter((l, i) => i === 0 || /^(content-length|transfer-encoding):/i.test(l));
    console.log(path, JSON.stringify(lines), JSON.stringify(raw.slice(head.length + 4)));
  }
  server.close();
});
