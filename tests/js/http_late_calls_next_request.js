'use strict';
// Calls on a finished response and its request, made while the next
// request of the same keep-alive connection is served (the engine hands a
// finished request's handle to a later request): they do what Node's do
// and never touch the request being served.
const http = require('http');

let first = null;
const server = http.createServer((req, res) => {
  if (req.url === '/1') {
    first = { req, res };
    res.end('one');
    return;
  }
  if (req.url === '/2') {
    const { res: old } = first;
    const out = [];
    out.push(`write ${old.write('late', (err) => console.log('write cb', err && err.code))}`);
    old.end('late end', () => console.log('end cb'));
    for (const [name, fn] of [
      ['writeHead', () => old.writeHead(500)],
      ['setHeader', () => old.setHeader('X-Late', '1')],
      ['flushHeaders', () => old.flushHeaders()],
      ['writeContinue', () => old.writeContinue()],
    ]) {
      try { fn(); out.push(`${name} ok`); } catch (e) { out.push(`${name} ${e.code}`); }
    }
    console.log(out.join(', '), old.finished, old.writableEnded);
  }
  res.setHeader('X-Url', req.url);
  res.end(`body of ${req.url}`);
});

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function get(path) {
  return new Promise((resolve) => {
    http.get({ port: server.address().port, path, agent }, (r) => {
      let body = '';
      r.setEncoding('utf8');
      r.on('data', (c) => { body += c; });
      r.on('end', () => {
        console.log(path, r.statusCode, r.headers['x-url'], r.headers['x-late'], body);
        resolve();
      });
    });
  });
}

server.listen(0, async () => {
  for (const path of ['/1', '/2', '/3']) await get(path);
  agent.destroy();
  server.close();
});
