// http2.createServer's core API (a server with 'session'/'stream' listeners):
// the 'session' and 'stream' events, respond() with 1xx additionalHeaders and
// trailers (waitForTrailers), respondWithFile and respondWithFD (offset and
// length, statCheck, errors), request trailers, server ping/settings/altsvc
// seen by the client, session.close() and the errors of the API
// (ERR_HTTP2_HEADERS_SENT, ERR_HTTP2_STATUS_INVALID, ...), server push (the
// client's 'stream' and 'push' events); also getPackedSettings/
// getUnpackedSettings.
const http2 = require('http2');
const fs = require('fs');
const os = require('os');
const path = require('path');

// (a directory of its own: runs side by side must not share the file)
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoal-test-http2_server_core-'));
const file = path.join(dir, 'f.txt');
fs.writeFileSync(file, '0123456789abcdefghij');

const tryCode = (label, fn) => {
  try {
    fn();
    console.log(label, 'no error');
  } catch (e) {
    console.log(label, e.name, e.code, e.message);
  }
};

const server = http2.createServer();
server.on('session', (session) => {
  console.log('session type', session.type, 'server', session.server === server);
  session.altsvc('h2=":8000"', 'https://example.org:8111/this');
  session.settings({ maxConcurrentStreams: 50 }, (err, settings) => {
    console.log('server settings acked', err, settings.maxConcurrentStreams);
  });
});

server.on('stream', (stream, headers, flags, raw) => {
  const p = headers[':path'];
  console.log('stream', p, headers[':method'], 'flags', flags, 'raw', raw.length % 2,
              'id odd', stream.id % 2 === 1, 'headersSent', stream.headersSent);
  if (p === '/info') {
    tryCode('additional 101', () => stream.additionalHeaders({ ':status': 101 }));
    tryCode('additional 200', () => stream.additionalHeaders({ ':status': 200 }));
    stream.additionalHeaders({ ':status': 103, link: '</style.css>' });
    tryCode('respond 99', () => stream.respond({ ':status': 99 }));
    tryCode('respond :path', () => stream.respond({ ':path': '/x' }));
    stream.respond({ 'content-type': 'text/plain' }, { waitForTrailers: true });
    console.log('sentInfoHeaders', stream.sentInfoHeaders.length,
                'sentHeaders', stream.sentHeaders[':status']);
    tryCode('respond again', () => stream.respond());
    tryCode('additional after', () => stream.additionalHeaders({ ':status': 103 }));
    stream.on('wantTrailers', () => {
      tryCode('sendTrailers', () => stream.sendTrailers({ 'x-checksum': 'abc' }));
      tryCode('sendTrailers again', () => stream.sendTrailers({}));
    });
    stream.write('hello ');
    stream.end('world');
  } else if (p === '/post') {
    let body = '';
    stream.setEncoding('utf8');
    stream.on('data', (d) => { body += d; });
    stream.on('trailers', (t) => console.log('request trailers', t['x-end']));
    stream.on('end', () => {
      stream.respond({ ':status': 201 });
      stream.end(`got ${body}`);
    });
  } else if (p === '/file') {
    stream.respondWithFile(file, { 'content-type': 'text/plain' }, {
      offset: 5, length: 10,
      statCheck(stat, h) { console.log('statCheck size', stat.size, typeof h); },
    });
  } else if (p === '/fd') {
    const fd = fs.openSync(file, 'r');
    stream.respondWithFD(fd, {}, { offset: 15 });
    stream.on('close', () => fs.closeSync(fd));
  } else if (p === '/dir') {
    stream.respondWithFile(dir, {}, {
      onError(err) {
        console.log('onError', err.code, err.message);
        stream.respond({ ':status': 404 });
        stream.end();
      },
    });
  } else if (p === '/missing') {
    stream.respondWithFile(path.join(dir, 'nope'), {}, {
      onError(err) {
        console.log('onError', err.code);
        stream.respond({ ':status': 404 }, { endStream: true });
      },
    });
  } else if (p === '/rst') {
    stream.on('error', (e) => console.log('server rst error', e.code, e.message));
    stream.on('close', () => console.log('server rst close', stream.rstCode));
    stream.close(http2.constants.NGHTTP2_ENHANCE_YOUR_CALM);
  } else if (p === '/push') {
    console.log('pushAllowed', stream.pushAllowed);
    stream.pushStream({ ':path': '/pushed' }, (err, push, pushHeaders) => {
      console.log('pushStream', err, push.id % 2 === 0, pushHeaders[':path'], pushHeaders[':scheme']);
      push.respond({ 'x-pushed': 'yes' });
      push.end('pushed body');
      stream.respond();
      stream.end('main body');
    });
  } else if (p === '/204') {
    tryCode('file 204', () => stream.respondWithFile(file, { ':status': 204 }));
    stream.respond({ ':status': 204 });
    console.log('204 ended', stream.writableEnded);
  }
});

function request(client, headers, body, trailers) {
  return new Promise((resolve) => {
    const req = client.request(headers, trailers ? { waitForTrailers: true } : undefined);
    if (trailers) req.on('wantTrailers', () => req.sendTrailers(trailers));
    let data = '';
    req.setEncoding('utf8');
    req.on('headers', (h) => console.log(headers[':path'], 'info', h[':status'], h.link));
    req.on('response', (h) => console.log(headers[':path'], 'response', h[':status'],
                                          h['content-length'], typeof h.date));
    req.on('trailers', (t) => console.log(headers[':path'], 'trailers', t['x-checksum']));
    req.on('data', (d) => { data += d; });
    req.on('error', (e) => console.log(headers[':path'], 'error', e.code));
    req.on('close', () => {
      console.log(headers[':path'], 'body', JSON.stringify(data), 'rstCode', req.rstCode);
      resolve();
    });
    if (body !== undefined) req.end(body);
  });
}

server.listen(0, async () => {
  const client = http2.connect(`http://localhost:${server.address().port}`);
  client.on('altsvc', (alt, origin, id) => console.log('altsvc', alt, origin, id));
  await new Promise((resolve) => client.once('remoteSettings', (s) => {
    console.log('client remote maxConcurrentStreams', s.maxConcurrentStreams);
    resolve();
  }));
  await request(client, { ':path': '/info' });
  await request(client, { ':path': '/post', ':method': 'POST' }, 'data', { 'x-end': 'yes' });
  await request(client, { ':path': '/file' });
  await request(client, { ':path': '/fd' });
  await request(client, { ':path': '/dir' });
  await request(client, { ':path': '/missing' });
  await request(client, { ':path': '/rst' });
  // (the pushed stream's events, printed once both streams are done: their
  // frames may interleave either way)
  const seen = [];
  const pushed = new Promise((resolve) => {
    client.once('stream', (push, headers) => {
      seen.push(`client stream ${headers[':path']} ${headers[':method']}`);
      let body = '';
      push.setEncoding('utf8');
      push.on('push', (h) => seen.push(`push response ${h[':status']} ${h['x-pushed']}`));
      push.on('data', (d) => { body += d; });
      push.on('end', () => {
        seen.push(`pushed body ${body}`);
        resolve();
      });
    });
  });
  await request(client, { ':path': '/push' });
  await pushed;
  console.log(seen.join('\n'));
  await request(client, { ':path': '/204' });
  client.close(() => {
    console.log('client closed');
    server.close(() => {
      console.log('server closed');
      fs.rmSync(dir, { recursive: true, force: true });
    });
  });
});

const packed = http2.getPackedSettings({ enablePush: false, maxFrameSize: 20000, maxHeaderListSize: 100 });
console.log('packed', packed.toString('hex'));
console.log('unpacked', JSON.stringify(http2.getUnpackedSettings(packed)));
tryCode('unpack odd', () => http2.getUnpackedSettings(Buffer.alloc(5)));
tryCode('pack bad', () => http2.getPackedSettings({ maxFrameSize: 1 }));
