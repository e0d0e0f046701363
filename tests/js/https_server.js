// https.createServer on the HTTP engine and https.get: a tls.Server by its
// prototype (supertest tests `app instanceof tls.Server`), req.socket.encrypted
// (assignable, as proxies do), http.Server's methods, an HTTPS round trip.
const https = require('https');
const http = require('http');
const tls = require('tls');
const net = require('net');
const fs = require('fs');
const path = require('path');

const fx = (n) => fs.readFileSync(path.join(__dirname, 'fixtures', 'tls', n));
const ca = fx('ca-cert.pem');

const server = https.createServer({ key: fx('server-key.pem'), cert: fx('server-cert.pem') }, (req, res) => {
  const s = req.socket;
  console.log('server: request', req.method, req.url, s.encrypted, req.connection === s, s.servername, s.alpnProtocol);
  res.setHeader('content-type', 'text/plain');
  res.end(`hello ${req.url}`);
});
console.log('instanceof', server instanceof https.Server, server instanceof tls.Server,
  server instanceof net.Server, server instanceof http.Server);
console.log('methods', typeof server.setTimeout, typeof server.closeAllConnections,
  typeof server.setSecureContext, server.listening);

const plain = http.createServer((req, res) => {
  const before = req.socket.encrypted;
  req.socket.encrypted = true;
  console.log('plain: encrypted', before, '->', req.socket.encrypted);
  res.end('plain');
});

function get(mod, options) {
  return new Promise((resolve, reject) => {
    mod.get(options, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve(`${res.statusCode} ${res.headers['content-type']} ${body}`));
    }).on('error', reject);
  });
}

// `ca` asks for client certificates only with requestCert (as Node).
async function clientCerts() {
  const tlsOpts = { key: fx('server-key.pem'), cert: fx('server-cert.pem'), ca };
  const handler = (req, res) => res.end('ok');
  const open = https.createServer(tlsOpts, handler);
  await new Promise((resolve) => open.listen(0, '127.0.0.1', resolve));
  console.log('ca only, no client cert:', await get(https, { port: open.address().port, host: '127.0.0.1', servername: 'localhost', ca, agent: false }));
  await new Promise((resolve) => open.close(resolve));

  const strict = https.createServer({ ...tlsOpts, requestCert: true }, handler);
  await new Promise((resolve) => strict.listen(0, '127.0.0.1', resolve));
  const port = strict.address().port;
  console.log('requestCert, client cert:', await get(https, { port, host: '127.0.0.1', servername: 'localhost', ca,
    key: fx('client-key.pem'), cert: fx('client-cert.pem'), agent: false }));
  // (A client without a certificate is refused too; the engine logs that
  // on stderr where Node emits 'tlsClientError', so it is not compared here.)
  await new Promise((resolve) => strict.close(resolve));
}

server.listen(0, '127.0.0.1', async () => {
  const { port } = server.address();
  console.log('listening', server.listening, typeof port);
  console.log('client:', await get(https, { port, host: '127.0.0.1', servername: 'localhost', ca, path: '/a', agent: false }));
  console.log('client:', await get(https, { port, hostname: 'localhost', ca, path: '/b?x=1', agent: false }));
  try {
    await get(https, { port, host: '127.0.0.1', path: '/untrusted', agent: false });
  } catch (e) {
    console.log('untrusted:', e.code);
  }
  await new Promise((resolve) => server.close(resolve));
  await clientCerts();
  plain.listen(0, '127.0.0.1', async () => {
    console.log('plain client:', await get(http, { port: plain.address().port, host: '127.0.0.1', agent: false }));
    plain.close(() => console.log('done'));
  });
});
