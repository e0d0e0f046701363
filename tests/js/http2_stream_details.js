'use strict';
// HTTP/2 and TLS details as Node 20 has them: a client's secureContext
// (its ca) verifies the server; a stream's write completes later (the chunk
// counts in writableLength until then); a pushed stream cannot push
// (ERR_HTTP2_NESTED_PUSH while it is still open); a secure server's
// connections are half-open as its allowHalfOpen option; perf_hooks 'http2'
// entries for sessions and streams; an https server without a certificate
// listens.
const fs = require('fs');
const path = require('path');
const http2 = require('http2');
const https = require('https');
const tls = require('tls');
const { PerformanceObserver } = require('perf_hooks');

const fx = (n) => fs.readFileSync(path.join(__dirname, 'fixtures', 'tls', n));
const options = { key: fx('server-key.pem'), cert: fx('server-cert.pem') };

function secureContextClient() {
  return new Promise((resolve) => {
    const server = http2.createSecureServer(options, (req, res) => res.end('ok'));
    server.listen(0, '127.0.0.1', () => {
      const secureContext = tls.createSecureContext({ ca: fx('ca-cert.pem') });
      const client = http2.connect(`https://127.0.0.1:${server.address().port}`,
                                   { secureContext, servername: 'localhost' });
      client.on('error', (err) => console.log('client error', err.code));
      const req = client.request();
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (d) => { body += d; });
      req.on('end', () => {
        console.log('secureContext: body', body);
        client.close();
        server.close(resolve);
      });
    });
  });
}

function writableLengthAndPush() {
  return new Promise((resolve) => {
    const server = http2.createServer();
    server.on('stream', (stream) => {
      stream.respond({ ':status': 200 });
      stream.write('abc');
      console.log('writableLength after write', stream.writableLength);
      stream.pushStream({ ':path': '/pushed' }, (err, push) => {
        push.respond({ ':status': 200 });
        push.end('pushed');
        try {
          push.pushStream({}, () => {});
        } catch (e) {
          console.log('nested push', e.code);
        }
        stream.end('def');
      });
    });
    server.listen(0, () => {
      const client = http2.connect(`http://localhost:${server.address().port}`);
      client.on('stream', (push) => push.resume());
      const req = client.request();
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (d) => { body += d; });
      req.on('end', () => {
        console.log('body', body);
        client.close();
        server.close(resolve);
      });
    });
  });
}

function halfOpen() {
  return new Promise((resolve) => {
    const server = http2.createSecureServer({ allowHalfOpen: true, ...options });
    console.log('server allowHalfOpen', server.allowHalfOpen);
    server.on('secureConnection', (socket) => {
      console.log('connection allowHalfOpen', socket.allowHalfOpen);
      socket.end();
      server.close(resolve);
    });
    server.listen(0, () => {
      const socket = tls.connect({ port: server.address().port, rejectUnauthorized: false, ALPNProtocols: ['h2'] });
      socket.on('error', () => {});
      socket.resume();
    });
  });
}

function perfEntries() {
  return new Promise((resolve) => {
    const seen = [];
    const obs = new PerformanceObserver((items) => {
      for (const e of items.getEntries()) {
        const d = e.detail;
        if (e.name === 'Http2Session' && d.type === 'server') {
          seen.push(`${e.entryType} ${e.name} server`);
        } else if (e.name === 'Http2Session') {
          seen.push(`${e.entryType} ${e.name} ${d.type} streams=${d.streamCount} ` +
                    `frames>0=${d.framesReceived > 0 && d.framesSent > 0} ` +
                    `pingRTT=${typeof e.pingRTT} maxConcurrent=${d.maxConcurrentStreams}`);
        } else {
          seen.push(`${e.entryType} ${e.name} id=${d.id} read=${d.bytesRead} written=${d.bytesWritten} ` +
                    `ttfb=${typeof d.timeToFirstByte}`);
        }
      }
      if (seen.length === 4) {
        obs.disconnect();
        console.log(seen.sort().join('\n'));
        resolve();
      }
    });
    obs.observe({ type: 'http2' });
    const server = http2.createServer((req, res) => res.end('hello'));
    server.listen(0, () => {
      const client = http2.connect(`http://localhost:${server.address().port}`);
      const req = client.request();
      req.resume();
      req.on('end', () => {
        client.close();
        server.close();
      });
    });
  });
}

function httpsWithoutCertificate() {
  return new Promise((resolve) => {
    const server = https.createServer();
    server.listen(0, () => {
      console.log('https without certificate listens', typeof server.address().port);
      server.close(resolve);
    });
  });
}

(async () => {
  await secureContextClient();
  await writableLengthAndPush();
  await halfOpen();
  await perfEntries();
  await httpsWithoutCertificate();
})();
