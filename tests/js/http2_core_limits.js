// http2's core API, the session limits and header semantics Node applies:
// sensitive headers (sent never-indexed, reported in
// headers[http2.sensitiveHeaders]), a header field without a name dropped,
// maxHeaderListPairs and maxHeaderListSize (the stream reset with
// ENHANCE_YOUR_CALM), maxSettings, maxOutstandingSettings
// (ERR_HTTP2_MAX_PENDING_SETTINGS_ACK), an unsolicited PING ACK (a protocol
// error), a request's weight seen in the server's stream.state, the
// session's destroy code on its streams, events.captureRejections on
// 'stream' (answered 500). Each case is its own server and client, one after
// the other.
const http2 = require('http2');
const net = require('net');
const events = require('events');

const steps = [];
const step = (name, fn) => steps.push([name, fn]);
function next() {
  const s = steps.shift();
  if (!s) return;
  console.log(`-- ${s[0]}`);
  s[1](next);
}

// A server with `options` and `onStream`; `run(port, done)` is the client.
function withServer(options, onStream, run, done) {
  const server = http2.createServer(options);
  if (onStream) server.on('stream', onStream);
  server.listen(0, () => run(server.address().port, () => {
    server.close();
    done();
  }));
  return server;
}

step('sensitive headers, empty name', (done) => {
  withServer({}, (stream, headers) => {
    console.log('server got', headers.bar === '', Object.keys(headers).includes(''),
                headers[http2.sensitiveHeaders]);
    stream.respond({ ':status': 200, 'cookie': 'short', 'secret': 'x', 'plain': 'y',
                     [http2.sensitiveHeaders]: ['Secret'] });
    stream.end();
  }, (port, end) => {
    const client = http2.connect(`http://localhost:${port}`);
    const req = client.request({ ':path': '/', '': 'dropped', 'bar': '', 'token': 't',
                                 [http2.sensitiveHeaders]: ['token'] });
    req.on('response', (headers) => {
      console.log('client got', headers[http2.sensitiveHeaders]);
    });
    req.resume();
    req.on('close', () => client.close(end));
  }, done);
});

for (const [label, options, headers] of [
  ['maxHeaderListPairs', { maxHeaderListPairs: 0 }, { a: '1' }],
  ['maxHeaderListSize', { settings: { maxHeaderListSize: 100 } }, { a: 'x'.repeat(200) }],
]) {
  step(label, (done) => {
    withServer(options, () => console.log('stream: unexpected'), (port, end) => {
      const client = http2.connect(`http://localhost:${port}`);
      client.once('remoteSettings', () => {
        const req = client.request(headers);
        req.on('error', (err) => console.log('request error', err.code, err.message));
        req.on('close', () => {
          console.log('rstCode', req.rstCode);
          client.close(end);
        });
      });
    }, done);
  });
}

step('maxSettings', (done) => {
  withServer({ maxSettings: 1 }, null, (port, end) => {
    const client = http2.connect(`http://localhost:${port}`,
                                 { settings: { headerTableSize: 1000, enablePush: false } });
    client.on('error', (err) => console.log('client error', err.code, err.message));
    client.on('close', end);
  }, done);
});

step('maxOutstandingSettings', (done) => {
  const server = withServer({ maxOutstandingSettings: 2 }, null, (port, end) => {
    const client = http2.connect(`http://localhost:${port}`);
    client.on('error', (err) => console.log('client error', err.code, err.message));
    client.on('close', end);
  }, done);
  server.once('session', (session) => {
    session.on('error', (err) => console.log('session error', err.code, err.message));
    session.settings({ enablePush: false });
    session.settings({ enablePush: false });
  });
});

step('unsolicited PING ACK', (done) => {
  const server = withServer({}, null, (port, end) => {
    const socket = net.connect(port, () => {
      const settings = Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0]);
      const pingAck = Buffer.from([0, 0, 8, 6, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
      socket.write(Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), settings, pingAck]));
    });
    socket.on('error', () => {});
    socket.resume();
    socket.on('close', end);
  }, done);
  server.once('session', (session) => {
    session.on('error', (err) => console.log('session error', err.code, err.message));
  });
});

step('priority weight', (done) => {
  withServer({}, (stream) => {
    console.log('server stream weight', stream.state.weight);
    stream.respond();
    stream.end();
  }, (port, end) => {
    const client = http2.connect(`http://localhost:${port}`);
    const req = client.request({}, { weight: 300 });
    req.resume();
    req.on('close', () => client.close(end));
  }, done);
});

step('session destroy code', (done) => {
  withServer({}, (stream) => {
    stream.on('error', (err) => console.log('server stream error', err.message, stream.rstCode));
    stream.session.on('error', (err) => console.log('server session error', err.message));
    stream.session.destroy(http2.constants.NGHTTP2_REFUSED_STREAM);
  }, (port, end) => {
    const client = http2.connect(`http://localhost:${port}`);
    client.on('error', (err) => console.log('client error', err.message));
    const req = client.request();
    req.on('error', (err) => console.log('request error', err.message, req.rstCode));
    client.on('close', end);
  }, done);
});

step('captureRejections', (done) => {
  events.captureRejections = true;
  withServer({}, async () => {
    throw new Error('kaboom');
  }, (port, end) => {
    events.captureRejections = false;
    const client = http2.connect(`http://localhost:${port}`);
    const req = client.request();
    req.on('response', (headers) => console.log('status', headers[':status']));
    req.resume();
    req.on('close', () => client.close(end));
  }, done);
});

next();
