// Unix-domain sockets: net.Server.listen(path) (address() is the path),
// net.connect(path) / connect({ path }), EADDRINUSE on a live path, ENOENT
// for a missing one, the socket file removed on close, http.Server on a
// path with http.request({ socketPath }).
const net = require('net');
const http = require('http');
const fs = require('fs');
const os = require('os');
const path = require('path');

const dir = path.join(os.tmpdir(), 'shoal-test-net_unix_socket');
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir);
const sock = path.join(dir, 'echo.sock');
const rel = (s) => String(s).split(dir).join('<DIR>');

function errLine(e) {
  return `${e.code} ${e.syscall} ${rel(e.address)} ${e.port} ${rel(e.message)}`;
}

async function netEcho() {
  const server = net.createServer((c) => {
    console.log('server: connection', typeof c.remoteAddress, JSON.stringify(c.address()));
    c.on('data', (d) => c.write(`echo:${d}`));
    c.on('end', () => c.end());
  });
  await new Promise((resolve) => server.listen(sock, resolve));
  console.log('listening', rel(server.address()), fs.statSync(sock).isSocket());

  await new Promise((resolve) => {
    const c = net.connect(sock, () => {
      console.log('client: connect', c.remoteAddress, typeof c.remotePort);
      c.end('one');
    });
    c.on('data', (d) => console.log('client got', String(d)));
    c.on('close', resolve);
  });
  await new Promise((resolve) => {
    const c = net.createConnection({ path: sock });
    c.setEncoding('utf8');
    c.on('connect', () => c.end('two'));
    c.on('data', (d) => console.log('client2 got', d));
    c.on('close', resolve);
  });

  const second = net.createServer();
  await new Promise((resolve) => {
    second.on('error', (e) => { console.log('second listen:', errLine(e)); resolve(); });
    second.listen(sock);
  });
  await new Promise((r) => server.close(r));
  console.log('socket file after close', fs.existsSync(sock));

  await new Promise((resolve) => {
    const c = net.connect(path.join(dir, 'missing.sock'));
    c.on('error', (e) => { console.log('connect missing:', errLine(e)); resolve(); });
  });
}

async function httpOnPath() {
  const hsock = path.join(dir, 'http.sock');
  const server = http.createServer((req, res) => {
    console.log('http server:', req.method, req.url, req.headers.host);
    res.end(`hello ${req.url}`);
  });
  await new Promise((resolve) => server.listen(hsock, resolve));
  console.log('http listening', rel(server.address()), server.listening);
  for (const p of ['/a', '/b']) {
    await new Promise((resolve, reject) => {
      http.get({ socketPath: hsock, path: p }, (res) => {
        let body = '';
        res.on('data', (d) => { body += d; });
        res.on('end', () => { console.log('http client:', res.statusCode, body); resolve(); });
      }).on('error', reject);
    });
  }
  const busy = http.createServer();
  await new Promise((resolve) => {
    busy.on('error', (e) => { console.log('http second listen:', errLine(e)); resolve(); });
    busy.listen(hsock);
  });
  await new Promise((r) => server.close(r));
  console.log('http socket file after close', fs.existsSync(hsock));
}

(async () => {
  await netEcho();
  await httpOnPath();
  fs.rmSync(dir, { recursive: true, force: true });
  console.log('done');
})();
