// tls.createServer + tls.connect in one process: the server's TLSSocket
// (encrypted, authorized, servername, alpnProtocol, protocol, cipher),
// echo both ways, mutual TLS (requestCert), ALPN selection, SNICallback,
// addContext and 'tlsClientError'.
const tls = require('tls');
const fs = require('fs');
const path = require('path');

const fx = (n) => fs.readFileSync(path.join(__dirname, 'fixtures', 'tls', n));
const ca = fx('ca-cert.pem');
const serverOpts = { key: fx('server-key.pem'), cert: fx('server-cert.pem') };

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

function peerSummary(cert) {
  if (!cert || !cert.subject) return cert && Object.keys(cert).length;
  return `${cert.subject.CN} by ${cert.issuer.CN} ${typeof cert.fingerprint256} ${Buffer.isBuffer(cert.raw)}`;
}

async function basic() {
  const server = tls.createServer(serverOpts, (s) => {
    console.log('server: secureConnection', s.encrypted, s.authorized, s.authorizationError,
      s.servername, s.alpnProtocol, typeof s.getProtocol(), typeof s.getCipher().name);
    console.log('server: peer cert', peerSummary(s.getPeerCertificate()));
    s.setEncoding('utf8');
    s.on('data', (d) => s.write(`echo:${d}`));
    s.on('end', () => { console.log('server: end'); s.end(); });
  });
  console.log('instanceof net.Server', server instanceof require('net').Server);
  const port = await listen(server);
  await new Promise((resolve) => {
    const c = tls.connect({ port, host: '127.0.0.1', servername: 'localhost', ca }, () => {
      console.log('client: secureConnect', c.authorized, c.authorizationError, c.encrypted);
      console.log('client: peer', peerSummary(c.getPeerCertificate()));
      c.write('hello');
    });
    c.setEncoding('utf8');
    c.on('data', (d) => { console.log('client: got', d); c.end(); });
    c.on('close', resolve);
  });
  await new Promise((r) => server.close(r));
  console.log('server closed');
}

async function mutual() {
  const server = tls.createServer({ ...serverOpts, ca, requestCert: true, rejectUnauthorized: false }, (s) => {
    console.log('mtls server:', s.authorized, s.authorizationError, peerSummary(s.getPeerCertificate()));
    s.end('bye');
  });
  const port = await listen(server);
  const run = (extra) => new Promise((resolve) => {
    const c = tls.connect({ port, host: '127.0.0.1', servername: 'localhost', ca, ...extra });
    c.on('data', (d) => console.log('mtls client got', String(d)));
    c.on('error', (e) => console.log('mtls client error', e.code));
    c.on('close', resolve);
  });
  await run({ key: fx('client-key.pem'), cert: fx('client-cert.pem') });
  await run({});
  await new Promise((r) => server.close(r));

  // rejectUnauthorized (the default): a client without a certificate is refused.
  const strict = tls.createServer({ ...serverOpts, ca, requestCert: true }, (s) => {
    console.log('strict server:', s.authorized, peerSummary(s.getPeerCertificate()));
    s.end('ok');
  });
  const failures = [];
  strict.on('tlsClientError', (err, sock) => failures.push(`${typeof err.code} ${sock instanceof tls.TLSSocket}`));
  const sport = await listen(strict);
  await new Promise((resolve) => {
    const c = tls.connect({ port: sport, host: '127.0.0.1', servername: 'localhost', ca,
      key: fx('client-key.pem'), cert: fx('client-cert.pem') });
    c.on('data', (d) => console.log('strict client got', String(d)));
    c.on('close', resolve);
  });
  await new Promise((resolve) => {
    const c = tls.connect({ port: sport, host: '127.0.0.1', servername: 'localhost', ca });
    c.on('error', () => {});
    c.on('data', () => {});
    c.on('close', resolve);
  });
  await new Promise((r) => strict.close(r));
  console.log('strict tlsClientError', failures);
}

async function alpn() {
  const server = tls.createServer({ ...serverOpts, ALPNProtocols: ['h2', 'http/1.1'] }, (s) => {
    console.log('alpn server:', s.alpnProtocol);
    s.end();
  });
  const port = await listen(server);
  for (const offer of [['http/1.1'], ['h2', 'http/1.1'], ['spdy/3', 'http/1.1']]) {
    await new Promise((resolve) => {
      const c = tls.connect({ port, host: '127.0.0.1', servername: 'localhost', ca, ALPNProtocols: offer }, () => {
        console.log('alpn client:', offer.join(','), '->', c.alpnProtocol);
      });
      c.on('data', () => {});
      c.on('close', resolve);
    });
  }
  await new Promise((r) => server.close(r));
}

async function sni() {
  const other = tls.createSecureContext({ key: fx('other-key.pem'), cert: fx('other-cert.pem') });
  const asked = [];
  const server = tls.createServer({
    ...serverOpts,
    SNICallback(name, cb) {
      asked.push(name);
      setImmediate(() => cb(null, name === 'other.test' ? other : undefined));
    },
  }, (s) => {
    console.log('sni server:', s.servername);
    s.end();
  });
  const port = await listen(server);
  for (const name of ['other.test', 'localhost']) {
    await new Promise((resolve) => {
      const c = tls.connect({ port, host: '127.0.0.1', servername: name, ca }, () => {
        console.log('sni client:', name, c.getPeerCertificate().subject.CN, c.authorized);
      });
      c.on('data', () => {});
      c.on('close', resolve);
    });
  }
  console.log('SNICallback asked', asked);
  await new Promise((r) => server.close(r));

  const server2 = tls.createServer(serverOpts, (s) => s.end());
  server2.addContext('*.test', { key: fx('other-key.pem'), cert: fx('other-cert.pem') });
  const port2 = await listen(server2);
  await new Promise((resolve) => {
    const c = tls.connect({ port: port2, host: '127.0.0.1', servername: 'other.test', ca }, () => {
      console.log('addContext client:', c.getPeerCertificate().subject.CN);
    });
    c.on('data', () => {});
    c.on('close', resolve);
  });
  await new Promise((r) => server2.close(r));
}

async function clientErrors() {
  const server = tls.createServer(serverOpts, () => console.log('unexpected secureConnection'));
  const seen = new Promise((resolve) => server.on('tlsClientError', (err, s) => {
    console.log('tlsClientError', err instanceof Error, typeof err.code, s instanceof tls.TLSSocket);
    resolve();
  }));
  const port = await listen(server);
  const raw = require('net').connect(port, '127.0.0.1', () => raw.end('GET / HTTP/1.1\r\n\r\n'));
  raw.on('data', () => {});
  raw.on('error', () => {});
  await seen;
  await new Promise((r) => server.close(r));

  try {
    tls.createSecureContext({ key: 'not a key', cert: fx('server-cert.pem') });
  } catch (e) {
    console.log('bad key:', e instanceof Error, typeof e.code);
  }
  try {
    tls.createServer({ key: fx('other-key.pem'), cert: fx('server-cert.pem') });
  } catch (e) {
    console.log('mismatch:', e.code);
  }
}

(async () => {
  await basic();
  await mutual();
  await alpn();
  await sni();
  await clientErrors();
  console.log('done');
})();
