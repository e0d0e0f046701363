'use strict';
// Header names and values are checked on every writeHead(), whether or not
// the same name or value passed before (js-lib keeps the names and values
// it already checked): an invalid name or value throws each time, the
// deprecated _headers setter's unchecked names are still refused when
// passed again, and the head keeps the order and case given.
const http = require('http');

function attempt(out, fn) {
  try { fn(); out.push('ok'); } catch (e) { out.push(e.code); }
}

const server = http.createServer((req, res) => {
  const out = [];
  for (let i = 0; i < 2; i++) {
    attempt(out, () => res.writeHead(200, { 'Bad Name': 'x' }));
    attempt(out, () => res.writeHead(200, { 'X-Same': 'bad\nvalue' }));
  }
  attempt(out, () => res.writeHead(200, ['X-A', 'a', 'Content-Length']));
  attempt(out, () => res.writeHead(200, [['X-B', 'b\n']]));
  attempt(out, () => res.writeHead(200, { 'X-Multi': ['ok', 'b\r'] }));
  attempt(out, () => res.writeHead(200, { 'X-Undef': undefined }));
  if (req.url === '/legacy') {
    // (a response of its own: its head is made, never sent)
    process.noDeprecation = true;
    const other = new http.ServerResponse(req);
    other._headers = { 'Legacy Name': 'v' };
    attempt(out, () => other.writeHead(200));
    out.push(other._header.replace(/Date: .*\r\n/, ''));
    attempt(out, () => res.writeHead(200, { 'Legacy Name': 'v' }));
  }
  res.setHeader('X-Set', '1');
  res.writeHead(200, {
    'Content-Type': 'text/plain', 'content-length': 2, 'X-Same': 'good',
    'X-Multi': ['a', 'b'], 'Connection': 'keep-alive', 'Set-Cookie': ['c=1', 'd=2'],
  });
  out.push(res._header.replace(/Date: .*\r\n/, ''));
  res.end('ok');
  console.log(req.url, JSON.stringify(out));
});

server.listen(0, async () => {
  for (const path of ['/', '/again', '/legacy', '/legacy']) {
    await new Promise((resolve) => {
      http.get({ port: server.address().port, path }, (r) => {
        r.resume();
        r.on('end', resolve);
      });
    });
  }
  server.close();
});
