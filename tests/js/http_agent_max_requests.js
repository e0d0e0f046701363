'use strict';
// The http Agent's queue and a server's per-connection limits, as Node 20:
// with maxSockets 1 and responses that close, every queued request gets a
// new socket in turn; server.maxRequestsPerSocket announces the limit
// (Keep-Alive: timeout=N, max=M), says Connection: close on the last
// request allowed and answers 503 with 'dropRequest' beyond it (pipelined);
// keepAliveTimeout 0 announces no timeout.
const http = require('http');
const net = require('net');

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
}

async function queuedAgent() {
  const server = http.createServer((req, res) => {
    setTimeout(() => {
      res.writeHead(200, { connection: 'close', 'content-length': 2 });
      res.end(req.url.slice(1, 3));
    }, 1);
  });
  await listen(server);
  const agent = new http.Agent({ maxSockets: 1 });
  const got = await Promise.all([0, 1, 2, 3, 4].map((i) => new Promise((resolve) => {
    http.get({ port: server.address().port, host: '127.0.0.1', path: `/r${i}`, agent,
      headers: { connection: 'close' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve(body));
    }).on('error', (e) => resolve(e.code));
  })));
  console.log('maxSockets 1, Connection: close:', got.join(' '));
  server.close();
}

// A head's status line, Connection and Keep-Alive (the body's framing and
// the order of the lines are the engine's).
function connectionLines(head) {
  const [status, ...lines] = head.trim().split('\r\n');
  return [status, ...lines.filter((l) => /^(connection|keep-alive):/i.test(l)).sort()].join(' | ');
}

// The heads of `count` pipelined GETs.
function pipelined(port, count) {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1', () => {
      sock.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(count));
    });
    let got = '';
    sock.setEncoding('latin1');
    sock.on('data', (d) => {
      got += d;
      const heads = got.match(/HTTP\/1\.1 [^]*?\r\n\r\n/g) || [];
      if (heads.length === count && !sock.timer) {
        // (the last body is empty or 'ok': a moment for the rest)
        sock.timer = setTimeout(() => {
          sock.destroy();
          resolve(got.match(/HTTP\/1\.1 [^]*?\r\n\r\n/g)
            .map(connectionLines));
        }, 100);
      }
    });
  });
}

async function maxRequests() {
  const server = http.createServer((req, res) => res.end('ok'));
  server.maxRequestsPerSocket = 2;
  server.on('dropRequest', (req, socket) => {
    console.log('dropRequest', req.url, socket instanceof net.Socket);
  });
  await listen(server);
  for (const head of await pipelined(server.address().port, 3)) console.log(' ', head);
  server.close();
}

async function noKeepAliveTimeout() {
  const server = http.createServer((req, res) => res.end('ok'));
  server.keepAliveTimeout = 0;
  await listen(server);
  for (const head of await pipelined(server.address().port, 1)) console.log(' ', head);
  server.close();
}

(async () => {
  await queuedAgent();
  console.log('maxRequestsPerSocket 2, 3 pipelined requests:');
  await maxRequests();
  console.log('keepAliveTimeout 0:');
  await noKeepAliveTimeout();
})();
