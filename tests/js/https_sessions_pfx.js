// stderr: ignore (the engine may log refused handshakes)
// TLS client sessions against the HTTP engine's https server: the
// 'session' event, getSession(), resuming with the `session` option
// (isSessionReused), https.Agent's session cache (the second request of a
// key resumes; maxCachedSessions 0 never does); the pfx option (server and
// client); Agent.getName's key; a request's highWaterMark on its response;
// the host name message naming the CN of a certificate without altnames.
const https = require('https');
const tls = require('tls');
const fs = require('fs');
const path = require('path');

const fx = (n) => fs.readFileSync(path.join(__dirname, 'fixtures', 'tls', n));
const ca = fx('ca-cert.pem');

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

function handshake(port, options) {
  return new Promise((resolve, reject) => {
    const sessions = [];
    const s = tls.connect({ port, host: '127.0.0.1', servername: 'localhost', ca, ...options }, () => {
      s.write('GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    });
    s.on('session', (sess) => sessions.push(sess));
    s.on('error', reject);
    s.resume();
    s.on('end', () => resolve({ s, sessions }));
  });
}

function get(port, options) {
  return new Promise((resolve, reject) => {
    https.get({ port, host: '127.0.0.1', servername: 'localhost', ca, ...options }, (res) => {
      const reused = res.socket.isSessionReused();
      const hwm = res.readableHighWaterMark;
      res.resume();
      res.on('end', () => resolve({ reused, hwm }));
    }).on('error', reject);
  });
}

(async () => {
  const server = https.createServer({ pfx: fx('server.pfx'), passphrase: 'sample' }, (req, res) => res.end('ok'));
  const port = await listen(server);

  const first = await handshake(port, {});
  console.log('sessions issued:', first.sessions.length > 0, Buffer.isBuffer(first.sessions[0]));
  console.log('first reused:', first.s.isSessionReused());
  const again = await handshake(port, { session: first.sessions[0] });
  console.log('resumed with session option:', again.s.isSessionReused());
  const fresh = await handshake(port, {});
  console.log('without it:', fresh.s.isSessionReused());

  const agent = new https.Agent({ keepAlive: false });
  const a1 = await get(port, { agent });
  const a2 = await get(port, { agent });
  console.log('agent cache:', a1.reused, a2.reused, agent._sessionCache.list.length);
  const none = new https.Agent({ maxCachedSessions: 0 });
  const n1 = await get(port, { agent: none });
  const n2 = await get(port, { agent: none });
  console.log('maxCachedSessions 0:', n1.reused, n2.reused);

  console.log('highWaterMark:', (await get(port, { agent: false, highWaterMark: 1000 })).hwm,
    (await get(port, { agent: false })).hwm);

  // A client certificate from a pfx, as the server sees it.
  const mtls = https.createServer({ pfx: fx('server.pfx'), passphrase: 'sample', requestCert: true,
    rejectUnauthorized: false, ca }, (req, res) => {
    res.end(`${req.socket.authorized} ${req.socket.getPeerCertificate().subject.CN}`);
  });
  const mport = await listen(mtls);
  await new Promise((resolve) => {
    https.get({ port: mport, host: '127.0.0.1', servername: 'localhost', ca, agent: false,
      pfx: fx('server.pfx'), passphrase: 'sample' }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => {
        console.log('client pfx seen by the server:', body);
        resolve();
      });
    });
  });
  try {
    tls.createSecureContext({ pfx: fx('server.pfx'), passphrase: 'wrong' });
  } catch (e) {
    console.log('wrong passphrase throws:', e instanceof Error);
  }
  mtls.close();

  const name = new https.Agent().getName({ host: 'h', port: 1, ciphers: 'c', servername: 'h', sigalgs: 's' });
  console.log('getName:', name);

  const nosan = https.createServer({ key: fx('nosan-key.pem'), cert: fx('nosan-cert.pem') }, (req, res) => res.end());
  const nport = await listen(nosan);
  await new Promise((resolve) => {
    https.get({ port: nport, host: '127.0.0.1', servername: 'other.test', ca: fx('nosan-cert.pem'), agent: false },
      () => console.log('unexpected response')).on('error', (e) => {
      console.log('no altnames:', e.code, e.message);
      resolve();
    });
  });
  nosan.close();
  server.close();
})();
