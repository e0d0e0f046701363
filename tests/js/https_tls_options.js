// stderr: ignore (the engine also logs the refused handshakes to stderr)
// https.createServer's TLS server options on the HTTP engine: addContext
// (certificates chosen by SNI), requestCert with rejectUnauthorized false
// (the client is served; req.socket.authorized / authorizationError tell)
// and true (refused, with the server's 'tlsClientError': without a
// certificate in the handshake, with an untrusted one after it), and the TLSSocket reports of req.socket:
// getPeerCertificate, getPeerX509Certificate, getCertificate, getCipher,
// getProtocol, alpnProtocol.
const https = require('https');
const fs = require('fs');
const path = require('path');

const fx = (n) => fs.readFileSync(path.join(__dirname, 'fixtures', 'tls', n));
const ca = fx('ca-cert.pem');
const serverOpts = { key: fx('server-key.pem'), cert: fx('server-cert.pem') };
const client = { key: fx('client-key.pem'), cert: fx('client-cert.pem') };

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}
function close(server) {
  return new Promise((resolve) => server.close(resolve));
}

// Resolves with 'status body peerCN' or 'refused'.
function get(port, options) {
  return new Promise((resolve) => {
    const req = https.get({ port, host: '127.0.0.1', servername: 'localhost', ca, agent: false, ...options }, (res) => {
      const cn = res.socket.getPeerCertificate().subject.CN;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve(`${res.statusCode} ${body} (server cert ${cn})`));
    });
    req.on('error', () => resolve('refused'));
  });
}

async function sni() {
  const server = https.createServer(serverOpts, (req, res) => {
    res.end(`servername ${req.socket.servername}`);
  });
  server.addContext('other.test', { key: fx('other-key.pem'), cert: fx('other-cert.pem') });
  server.addContext('*.wild.test', { key: fx('other-key.pem'), cert: fx('other-cert.pem') });
  try {
    server.addContext('', {});
  } catch (e) {
    console.log('addContext(""):', e.code, e.message);
  }
  const port = await listen(server);
  console.log('sni localhost:', await get(port, {}));
  console.log('sni other.test:', await get(port, { servername: 'other.test' }));
  console.log('sni unknown:', await get(port, { servername: 'unknown.test', rejectUnauthorized: false }));
  console.log('sni a.wild.test:', await get(port, { servername: 'a.wild.test', rejectUnauthorized: false }));
  await close(server);
}

function report(req) {
  const s = req.socket;
  const peer = s.getPeerCertificate();
  const detailed = s.getPeerCertificate(true);
  const x = s.getPeerX509Certificate();
  const cipher = s.getCipher();
  return [
    `authorized=${s.authorized}`,
    `authorizationError=${s.authorizationError}`,
    `peer=${peer.subject ? peer.subject.CN : JSON.stringify(peer)}`,
    `detailedIssuer=${detailed.issuerCertificate ? detailed.issuerCertificate.subject.CN : 'no'}`,
    `rootSelf=${detailed.issuerCertificate ? detailed.issuerCertificate.issuerCertificate === detailed.issuerCertificate : '-'}`,
    `x509=${x ? x.subject.replace(/\n/g, ',') : x}`,
    `own=${s.getCertificate().subject.CN}`,
    `cipher=${cipher.name}/${cipher.standardName}/${cipher.version}`,
    `protocol=${s.getProtocol()}`,
    `alpn=${s.alpnProtocol}`,
  ].join(' ');
}

async function clientCerts(label, options) {
  const server = https.createServer({ ...serverOpts, requestCert: true, ...options }, (req, res) => {
    console.log(`  ${label} server:`, report(req));
    res.end('ok');
  });
  server.on('tlsClientError', (err, socket) => {
    // (OpenSSL's message holds a thread id and a source line: not printed)
    const message = err.library ? `(${err.library}: ${err.reason})` : err.message;
    console.log(`  ${label} tlsClientError: ${err.code} ${message} encrypted=${socket.encrypted}`);
  });
  const port = await listen(server);
  console.log(`${label} no client cert:`, await get(port, {}));
  console.log(`${label} trusted client cert:`, await get(port, client));
  await close(server);
}

(async () => {
  await sni();
  await clientCerts('request', { ca, rejectUnauthorized: false });
  await clientCerts('untrusted-ca', { ca: fx('other-cert.pem'), rejectUnauthorized: false });
  await clientCerts('require', { ca });
  await clientCerts('require-untrusted', { ca: fx('other-cert.pem') });
})();
