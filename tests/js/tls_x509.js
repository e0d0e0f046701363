// TLSSocket.getPeerX509Certificate() / getX509Certificate() (and the legacy
// getCertificate()) on both ends of a connection: X509Certificate objects
// for the server's and the client's certificates, undefined where a side
// has none, before the handshake and after destroy. (Each is asked once per
// socket: Node 20's client forgets the peer certificate after the first call.)
const tls = require('tls');
const fs = require('fs');
const path = require('path');
const { X509Certificate } = require('crypto');

const fx = (n) => fs.readFileSync(path.join(__dirname, 'fixtures', 'tls', n));
const ca = fx('ca-cert.pem');
const serverCert = new X509Certificate(fx('server-cert.pem'));
const clientCert = new X509Certificate(fx('client-cert.pem'));

function describe(label, x) {
  if (x === undefined) return console.log(label, 'undefined');
  console.log(label, x instanceof X509Certificate, JSON.stringify(x.subject), JSON.stringify(x.issuer),
    x.fingerprint256 === serverCert.fingerprint256 ? 'server-cert' :
      x.fingerprint256 === clientCert.fingerprint256 ? 'client-cert' : 'other',
    x.checkIssued(new X509Certificate(ca)), x.ca);
}

function run(clientOpts) {
  return new Promise((resolve) => {
    const server = tls.createServer({ key: fx('server-key.pem'), cert: fx('server-cert.pem'), ca,
      requestCert: true, rejectUnauthorized: false }, (s) => {
      describe('server peer:', s.getPeerX509Certificate());
      describe('server own:', s.getX509Certificate());
      const legacy = s.getCertificate();
      console.log('server getCertificate:', legacy.subject && legacy.subject.CN, typeof legacy.fingerprint256);
      s.end('bye');
    });
    server.listen(0, '127.0.0.1', () => {
      const c = tls.connect({ port: server.address().port, host: '127.0.0.1', servername: 'localhost', ca,
        ...clientOpts });
      describe('client peer before handshake:', c.getPeerX509Certificate());
      c.on('secureConnect', () => {
        describe('client peer:', c.getPeerX509Certificate());
        describe('client own:', c.getX509Certificate());
        const legacy = c.getCertificate();
        console.log('client getCertificate keys:', legacy.subject ? legacy.subject.CN : Object.keys(legacy).length);
      });
      c.resume();
      c.on('close', () => {
        describe('client peer after close:', c.getPeerX509Certificate());
        console.log('legacy after close:', c.getPeerCertificate(), c.getCertificate());
        server.close(resolve);
      });
    });
  });
}

(async () => {
  console.log('-- mutual TLS');
  await run({ key: fx('client-key.pem'), cert: fx('client-cert.pem') });
  console.log('-- client without a certificate');
  await run({});
})();
