'use strict';
// HTTP details where the engine follows Node 20: body framing after an
// explicit writeHead(), the status line writeHead() fixed, strictContentLength,
// a request whose Transfer-Encoding does not end in chunked, an unheard
// socket 'error', re-listening after close(), closeAllConnections() after
// close(), socket.bytesWritten, 'http' performance entries, and on the
// client: a 304's Content-Length, a 101 nobody upgrades, the Host header
// without an agent. Also process.stdin over a pipe ('close' after 'end').

const http = require('http');
const net = require('net');
const { PerformanceObserver } = require('perf_hooks');
const { spawn } = require('child_process');

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

function close(server) {
  return new Promise((resolve) => server.close(() => resolve()));
}

// Raw bytes of one exchange; the Date header masked.
function raw(port, text) {
  return new Promise((resolve) => {
    const c = net.connect(port, '127.0.0.1', () => c.write(text));
    let data = '';
    c.setEncoding('latin1');
    c.on('data', (d) => { data += d; });
    c.on('close', () => resolve(data.replace(/Date: [^\r]*\r\n/, '')));
    c.on('error', () => {});
    setTimeout(() => c.destroy(), 300);
  });
}

function get(port, options = {}) {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, agent: false, ...options }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ res, body }));
    });
    req.on('error', (err) => resolve({ err }));
    req.end();
  });
}

async function framing() {
  const server = http.createServer((req, res) => {
    if (req.url === '/late-status') {
      res.writeHead(200, { 'x-a': 'b' });
      res.statusCode = 201;
      res.end('late');
    } else if (req.url === '/implicit') {
      res.end('implicit');
    } else {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end(req.url === '/empty' ? undefined : 'hello');
    }
  });
  const port = await listen(server);
  for (const [path, version] of [['/', '1.1'], ['/empty', '1.1'], ['/', '1.0'], ['/implicit', '1.1'],
    ['/late-status', '1.1']]) {
    const data = await raw(port, `GET ${path} HTTP/${version}\r\nHost: x\r\nConnection: close\r\n\r\n`);
    console.log(`${path} HTTP/${version}:`, JSON.stringify(data));
  }
  await close(server);
}

async function strictLength() {
  const server = http.createServer((req, res) => {
    res.strictContentLength = true;
    res.setHeader('Content-Length', 5);
    res.write('hel');
    try {
      res.write('lo!');
    } catch (err) {
      console.log('strict write:', err.code, err.message);
    }
    try {
      res.end('l');
    } catch (err) {
      console.log('strict end:', err.code);
    }
    res.end('lo');
  });
  const port = await listen(server);
  const { body } = await get(port);
  console.log('strict body:', body);
  await close(server);
}

async function badTransferEncoding() {
  const server = http.createServer((req) => {
    console.log('request before the refusal:', req.method, req.url);
    req.on('data', () => console.log('data (unexpected)'));
  });
  server.on('clientError', (err, socket) => {
    console.log('clientError:', err.code, err.message);
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });
  const port = await listen(server);
  const data = await raw(port, 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunkedchunked\r\n\r\n1\r\nA\r\n0\r\n\r\n');
  console.log('bad TE answer:', JSON.stringify(data));
  await close(server);
}

async function unheardSocketError() {
  const server = http.createServer((req, res) => {
    res.write('asd', () => res.socket.emit('error', new Error('kaboom')));
  });
  const port = await listen(server);
  const data = await raw(port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  console.log('unheard socket error, the connection ends after:', JSON.stringify(data.slice(-10)));
  await close(server);
}

async function relistenAndCloseAll() {
  const server = http.createServer(() => {});
  const port = await listen(server);
  const c = net.connect(port, '127.0.0.1');
  await new Promise((resolve) => c.on('connect', resolve));
  c.write('GET / HTTP/1.1');   // a head never finished
  await new Promise((resolve) => setTimeout(resolve, 50));
  server.close();
  await listen(server);
  console.log('listening again after close():', server.listening);
  server.close();
  const closed = new Promise((resolve) => c.on('close', resolve));
  server.closeAllConnections();
  await closed;
  console.log('closeAllConnections() after close() closed the pending connection');
}

async function bytesWrittenAndPerf() {
  const names = [];
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      names.push(`${e.name} ${e.detail.req.method} ${e.detail.res.statusCode} ${typeof e.duration}`);
    }
  });
  obs.observe({ type: 'http' });
  const server = http.createServer((req, res) => {
    res.write('x'.repeat(1000));
    console.log('bytesWritten while writing > 1000:', res.socket.bytesWritten > 1000);
    res.end();
  });
  const port = await listen(server);
  await get(port);
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  obs.disconnect();
  console.log('http entries:', names.sort());
  await close(server);
}

async function client() {
  const server = http.createServer((req, res) => {
    if (req.url === '/304') {
      res.setHeader('Content-Length', 11);
      res.statusCode = 304;
      res.end();
    } else if (req.url === '/host') {
      res.end(req.headers.host);
    } else {
      res.writeHead(200, { Connection: 'upgrade, keep-alive', Upgrade: 'h2c' });
      res.end('regular');
    }
  });
  server.on('upgrade', (req, socket) => {
    socket.end('HTTP/1.1 101 Switching protocols\r\nConnection: upgrade\r\nUpgrade: h2c\r\n\r\nohai');
  });
  const port = await listen(server);
  const r304 = await get(port, { path: '/304' });
  console.log('304:', r304.res.statusCode, r304.res.headers['content-length'], JSON.stringify(r304.body));
  const host = await new Promise((resolve) => {
    http.get({
      path: '/host',
      host: 'foo:1234',
      createConnection: () => net.createConnection(port, '127.0.0.1'),
    }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ body }));
    });
  });
  console.log('Host without an agent:', host.body);
  await new Promise((resolve) => {
    const req = http.request({
      port, host: '127.0.0.1', agent: false, headers: { Connection: 'upgrade', Upgrade: 'h2c' },
    }, () => console.log('response (unexpected)'));
    req.on('socket', (s) => s.on('close', () => {
      console.log('101 without an upgrade listener: socket closed');
      resolve();
    }));
    req.on('error', () => {});
    req.end();
  });
  await close(server);
}

function stdinClose() {
  if (process.argv[2] === 'child') {
    let n = 0;
    process.stdin.on('data', (d) => { n += d.length; });
    process.stdin.on('end', () => console.log(`stdin end ${n}`));
    process.stdin.on('close', () => console.log(`stdin close ${n}`));
    return null;
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [__filename, 'child'], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('close', () => {
      process.stdout.write(out);
      resolve();
    });
    child.stdin.end('hello');
  });
}

async function main() {
  if (process.argv[2] === 'child') {
    stdinClose();
    return;
  }
  await framing();
  await strictLength();
  await badTransferEncoding();
  await unheardSocketError();
  await relistenAndCloseAll();
  await bytesWrittenAndPerf();
  await client();
  await stdinClose();
}

main();
