// http2.connect, Node's HTTP/2 client: against http2.createServer (GET, POST
// with a body, multi-valued headers, settings), against
// http2.createSecureServer over TLS (ALPN h2), through options.createConnection,
// against a hand-written HTTP/2 server speaking raw frames (trailers, a
// 1xx response, a stream reset by the server, a refused stream, GOAWAY),
// and the errors: ECONNREFUSED, bad arguments, requests on a closed session.
const http2 = require('http2');
const net = require('net');
const fs = require('fs');
const path = require('path');

const fx = (n) => fs.readFileSync(path.join(__dirname, 'fixtures', 'tls', n));

function show(h) {
  const out = {};
  for (const k of Object.keys(h).sort()) if (k !== 'date') out[k] = h[k];
  return JSON.stringify(out);
}

// One request: its events in order, resolved on 'close'.
function run(client, label, headers, body, options) {
  return new Promise((resolve) => {
    const req = client.request(headers, options);
    let data = '';
    req.setEncoding('utf8');
    req.on('headers', (h) => console.log(label, 'headers', h[':status']));
    req.on('response', (h, flags) => console.log(label, 'response', show(h), 'flags', flags));
    req.on('data', (d) => { data += d; });
    req.on('trailers', (h) => console.log(label, 'trailers', show(h)));
    req.on('end', () => console.log(label, 'end', JSON.stringify(data)));
    req.on('aborted', () => console.log(label, 'aborted'));
    req.on('error', (e) => console.log(label, 'error', e.code, e.message));
    req.on('close', () => {
      console.log(label, 'close rstCode', req.rstCode, 'closed', req.closed, 'destroyed', req.destroyed);
      resolve();
    });
    if (body !== undefined) req.end(body);
  });
}

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

function closeClient(client) {
  return new Promise((resolve) => client.close(resolve));
}

async function plain() {
  const server = http2.createServer();
  server.on('stream', (stream, headers) => {
    if (headers[':method'] === 'POST') {
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        stream.respond({ ':status': 201, 'content-type': 'text/plain', 'x-length': String(text.length) });
        stream.end(`echo ${text}`);
      });
      return;
    }
    stream.respond({
      ':status': 200, 'content-type': 'text/plain', 'set-cookie': ['a=1', 'b=2'],
      'x-path': headers[':path'], 'x-method': headers[':method'], 'x-scheme': headers[':scheme'],
      'x-custom': headers['x-custom'] || '-',
    });
    stream.end(headers[':method'] === 'HEAD' ? undefined : `hello ${headers[':path']}`);
  });
  const port = await listen(server);
  const client = http2.connect(`http://127.0.0.1:${port}`);
  console.log('connecting', client.connecting, 'encrypted', client.encrypted, 'alpn', client.alpnProtocol);
  client.on('remoteSettings', (s) => console.log('remoteSettings', typeof s.initialWindowSize, typeof s.maxFrameSize));
  client.on('localSettings', (s) => console.log('localSettings', s.enablePush, s.initialWindowSize));
  await new Promise((resolve) => client.once('connect', (session, socket) => {
    console.log('connect', session === client, typeof socket.remotePort, 'alpn', client.alpnProtocol,
      'encrypted', client.encrypted, 'connecting', client.connecting);
    resolve();
  }));
  console.log('type', client.type, 'socket port', client.socket.remotePort === port);
  await run(client, 'GET', { ':path': '/a?x=1', 'x-custom': 'yes' });
  await run(client, 'HEAD', { ':path': '/h', ':method': 'HEAD' });
  await run(client, 'POST', { ':path': '/echo', ':method': 'POST' }, 'some body');
  const req = client.request({ ':path': '/stream', ':method': 'POST' });
  console.log('pending', req.pending, 'id', req.id, 'sentHeaders', Object.keys(req.sentHeaders),
    req.sentHeaders[':authority'] === `127.0.0.1:${port}`, req.sentHeaders[':method']);
  req.write('part1,');
  req.write(Buffer.from('part2'));
  req.end();
  await new Promise((resolve) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => console.log('stream body', body, 'id', req.id));
    req.on('close', resolve);
  });
  const pinged = await new Promise((resolve) => client.ping((err, duration, payload) =>
    resolve([err, typeof duration, payload.length])));
  console.log('ping', pinged);
  console.log('state', typeof client.state.nextStreamID, 'settings', client.remoteSettings.enablePush !== undefined);
  client.on('close', () => console.log('client close'));
  await closeClient(client);
  console.log('closed', client.closed, 'destroyed', client.destroyed);
  try {
    client.request({ ':path': '/' });
  } catch (e) {
    console.log('request after close:', e.code, e.message);
  }
  server.close();
}

async function secure() {
  const server = http2.createSecureServer({ key: fx('server-key.pem'), cert: fx('server-cert.pem') });
  server.on('stream', (stream, headers) => {
    stream.respond({ ':status': 200, 'x-scheme': headers[':scheme'] });
    stream.end('secure hello');
  });
  const port = await listen(server);
  const client = http2.connect(`https://127.0.0.1:${port}`, { ca: fx('ca-cert.pem'), servername: 'localhost' });
  client.on('connect', () => console.log('tls connect', client.encrypted, client.alpnProtocol));
  await run(client, 'TLS GET', { ':path': '/tls' });
  await closeClient(client);
  server.close();
}

// options.createConnection: the caller's socket carries the session.
async function viaCreateConnection() {
  const server = http2.createServer();
  server.on('stream', (stream, headers) => {
    stream.respond({ ':status': 200 });
    stream.end(`via ${headers[':path']}`);
  });
  const port = await listen(server);
  let called = 0;
  const client = http2.connect('http://example.invalid', {
    createConnection(authority, options) {
      called++;
      console.log('createConnection', authority.hostname, typeof options);
      return net.connect(port, '127.0.0.1');
    },
  });
  await run(client, 'CC GET', { ':path': '/cc' });
  console.log('createConnection calls', called);
  await closeClient(client);
  server.close();
}

// --- a raw HTTP/2 server: what http2.createServer cannot be made to send ---

function frame(type, flags, id, payload = Buffer.alloc(0)) {
  const head = Buffer.alloc(9);
  head.writeUIntBE(payload.length, 0, 3);
  head[3] = type;
  head[4] = flags;
  head.writeUInt32BE(id, 5);
  return Buffer.concat([head, payload]);
}
// HPACK: a literal field without indexing, new name, no Huffman coding.
const lit = (name, value) => Buffer.concat([Buffer.from([0, name.length]), Buffer.from(name),
  Buffer.from([value.length]), Buffer.from(value)]);
const status200 = Buffer.from([0x88]);
const status = (code) => Buffer.concat([Buffer.from([0x08, 3]), Buffer.from(String(code))]);
const u32 = (n) => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };
const END_STREAM = 1;
const END_HEADERS = 4;

// Answers the Nth request (HEADERS frame) with scenarios[N](id, write).
function rawServer(scenarios) {
  let n = 0;
  return net.createServer((socket) => {
    let buf = Buffer.alloc(0);
    let prefaceSeen = false;
    socket.write(frame(4, 0, 0));
    socket.on('error', () => {});
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (!prefaceSeen) {
        if (buf.length < 24) return;
        buf = buf.subarray(24);
        prefaceSeen = true;
      }
      while (buf.length >= 9) {
        const len = buf.readUIntBE(0, 3);
        if (buf.length < 9 + len) return;
        const type = buf[3];
        const flags = buf[4];
        const id = buf.readUInt32BE(5) & 0x7fffffff;
        buf = buf.subarray(9 + len);
        if (type === 4 && !(flags & 1)) socket.write(frame(4, 1, 0));
        if (type === 1) scenarios[n++](id, (b) => socket.write(b));
      }
    });
  });
}

async function raw() {
  const server = rawServer([
    (id, write) => { // response, body, trailers
      write(frame(1, END_HEADERS, id, Buffer.concat([status200, lit('x-kind', 'trailers')])));
      write(frame(0, 0, id, Buffer.from('body with trailers')));
      write(frame(1, END_HEADERS | END_STREAM, id, Buffer.concat([lit('x-checksum', 'abc'), lit('x-more', '1')])));
    },
    (id, write) => { // 103 Early Hints, then the response
      write(frame(1, END_HEADERS, id, Buffer.concat([status(103), lit('link', '</a.css>')])));
      write(frame(1, END_HEADERS, id, Buffer.concat([status200, lit('content-type', 'text/plain')])));
      write(frame(0, END_STREAM, id, Buffer.from('after hints')));
    },
    (id, write) => { // the response starts, then the server resets the stream
      write(frame(1, END_HEADERS, id, status200));
      write(frame(0, 0, id, Buffer.from('partial')));
      write(frame(3, 0, id, u32(2)));
    },
    (id, write) => { // refused before any response
      write(frame(3, 0, id, u32(7)));
    },
    (id, write) => { // a response, then GOAWAY (no error)
      write(frame(1, END_HEADERS | END_STREAM, id, status(204)));
      write(frame(7, 0, 0, Buffer.concat([u32(id), u32(0), Buffer.from('bye')])));
    },
  ]);
  const port = await listen(server);
  const client = http2.connect(`http://127.0.0.1:${port}`);
  client.on('error', (e) => console.log('raw client error', e.code));
  await run(client, 'TRAILERS', { ':path': '/1' });
  await run(client, 'HINTS', { ':path': '/2' });
  await run(client, 'RESET', { ':path': '/3' });
  await run(client, 'REFUSED', { ':path': '/4' });
  const gone = new Promise((resolve) => client.on('close', resolve));
  client.on('goaway', (code, last, opaque) => console.log('goaway', code, last, String(opaque)));
  await run(client, 'GOAWAY', { ':path': '/5' });
  await gone;
  console.log('after goaway closed', client.closed, 'destroyed', client.destroyed);
  server.close();
}

async function refused() {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  const client = http2.connect(`http://127.0.0.1:${port}`);
  const req = client.request({ ':path': '/' });
  req.on('error', (e) => console.log('refused: req error', e.code, e.message.replace(`:${port}`, ':PORT'),
    'cause', e.cause && e.cause.code));
  req.on('close', () => console.log('refused: req close'));
  await new Promise((resolve) => {
    client.on('error', (e) => console.log('refused: client error', e.code, e.syscall));
    client.on('close', () => {
      console.log('refused: client close destroyed', client.destroyed);
      resolve();
    });
  });
}

function argumentErrors() {
  const tryIt = (label, fn) => {
    try {
      fn();
      console.log(label, 'no error');
    } catch (e) {
      console.log(label, e.name, e.code, e.message);
    }
  };
  tryIt('ftp', () => http2.connect('ftp://127.0.0.1:1'));
  tryIt('options', () => http2.connect('http://127.0.0.1:1', 'x'));
  const client = http2.connect('http://127.0.0.1:1', {
    createConnection: () => new net.Socket(),
  });
  client.on('error', () => {});
  tryIt('pseudo', () => client.request({ ':foo': 'x' }));
  tryIt('connection header', () => client.request({ connection: 'keep-alive' }));
  tryIt('single value', () => client.request({ 'content-type': ['a', 'b'] }));
  tryIt('connect without authority', () => client.request({ ':method': 'CONNECT' }));
  tryIt('ping length', () => client.ping(Buffer.alloc(3), () => {}));
  tryIt('bad setting', () => client.settings({ maxFrameSize: 1 }));
  tryIt('bad enablePush', () => client.settings({ enablePush: 1 }));
  tryIt('endStream', () => client.request({}, { endStream: 'yes' }));
  tryIt('stream close code', () => client.request({}).close(-1));
  client.destroy();
  tryIt('after destroy', () => client.request({}));
  tryIt('settings after destroy', () => client.settings({}));
  tryIt('http2.getPackedSettings', () => console.log(http2.getPackedSettings({ enablePush: false }).toString('hex')));
}

(async () => {
  argumentErrors();
  await plain();
  await secure();
  await viaCreateConnection();
  await raw();
  await refused();
  console.log('constants', http2.constants.NGHTTP2_CANCEL, http2.constants.HTTP2_HEADER_PATH);
  console.log('done');
})();
