'use strict';
// fs.createReadStream(path).pipe(res): what the app and the client see, as
// in Node 20, whether the server sends the file with sendfile(2) (shoal's
// engine, HTTP/1.1) or reads it through the stream: the read stream's
// events and bytesRead, the response's events, the order between the two
// that does not race ('end' before 'finish'), the framing and the body. Also
// the cases that keep the stream path: a 'data' listener, setEncoding, a
// directory (EISDIR), an empty file, HEAD, a response whose write was
// replaced; trailers after a file's chunk; the AsyncLocalStorage store at
// 'end'. (The stream's 'close' follows its fd's close on the thread pool
// and races with the response's 'close': each object's events are printed
// in their own order.)
const http = require('http');
const fs = require('fs');
const os = require('os');
const path = require('path');
const crypto = require('crypto');
const { AsyncLocalStorage } = require('async_hooks');
const als = new AsyncLocalStorage();

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-pipe-'));
const data = Buffer.alloc(300000);
for (let i = 0; i < data.length; i++) data[i] = (i * 7 + (i >> 8)) & 255;
fs.writeFileSync(path.join(dir, 'f.bin'), data);
fs.writeFileSync(path.join(dir, 'empty.bin'), '');

const logs = [];
const server = http.createServer((req, res) => als.run({ req: logs.length }, handle, req, res));
function handle(req, res) {
  const c = JSON.parse(decodeURIComponent(req.url.slice(1)));
  const file = path.join(dir, c.file || 'f.bin');
  if (c.cl) res.setHeader('Content-Length', c.cl);
  if (c.trailers) {
    res.setHeader('Trailer', 'X-Sum');
    res.addTrailers({ 'X-Sum': 'abc' });
  }
  const s = fs.createReadStream(file, c.opts);
  const log = { stream: [], res: [], order: [] };
  logs.push(log);
  const note = (who, what) => {
    log[who].push(what);
    if (what.startsWith('end') || what === 'finish') log.order.push(who + ' ' + what.split(' ')[0]);
  };
  for (const ev of ['open', 'ready', 'end', 'close']) {
    s.on(ev, (arg) => note('stream', ev + ' ' + s.bytesRead + (ev === 'open' ? ' ' + typeof arg : '')));
  }
  s.on('error', (e) => note('stream', 'error ' + e.code + ' ' + e.syscall));
  // (express's res.sendFile reads the request's store after 'end')
  s.on('end', () => note('stream', 'store at end: ' + JSON.stringify(als.getStore())));
  for (const ev of ['pipe', 'unpipe', 'finish', 'close']) {
    res.on(ev, (src) => note('res', ev + (ev === 'pipe' || ev === 'unpipe' ? ' ' + (src === s) : '')));
  }
  if (c.data) s.on('data', () => {});
  if (c.enc) s.setEncoding(c.enc);
  if (c.wrap) {
    const write = res.write;
    res.write = function(chunk, enc, cb) { return write.call(this, chunk, enc, cb); };
  }
  const ret = s.pipe(res);
  note('res', 'pipe returned ' + (ret === res));
  if (c.file === 'dir') {
    // (the response stays open after a read error, as in Node: end it)
    s.on('error', () => res.end('read failed'));
  }
}

function request(c, method = 'GET') {
  return new Promise((resolve) => {
    const url = '/' + encodeURIComponent(JSON.stringify(c));
    const req = http.request({ port: server.address().port, path: url, method }, (res) => {
      const chunks = [];
      res.on('data', (b) => chunks.push(b));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({
          status: res.statusCode,
          length: res.headers['content-length'],
          te: res.headers['transfer-encoding'],
          trailers: res.trailers,
          body: body.length + ' ' + crypto.createHash('sha1').update(body).digest('hex').slice(0, 12),
        });
      });
    });
    req.end();
  });
}

function settled(log) {
  return new Promise((resolve) => {
    const check = () => {
      const done = log.res.includes('close') &&
        (log.stream.some((e) => e.startsWith('close')) || log.stream.some((e) => e.startsWith('error')));
      if (done) setTimeout(resolve, 20);
      else setTimeout(check, 5);
    };
    check();
  });
}

const sha = (b) => b.length + ' ' + crypto.createHash('sha1').update(b).digest('hex').slice(0, 12);

const cases = [
  ['whole file, chunked', {}],
  ['whole file, Content-Length', { cl: data.length }],
  ['start/end', { opts: { start: 1000, end: 200000 } }],
  ['start/end, Content-Length', { opts: { start: 5, end: 5 }, cl: 1 }],
  ['start only', { opts: { start: 299990 } }],
  ['end beyond the file', { opts: { end: 10000000 } }],
  ['a data listener', { data: true }],
  ['setEncoding hex', { enc: 'hex' }],
  ['res.write replaced', { wrap: true, cl: data.length }],
  ['trailers', { trailers: true }],
  ['an empty file', { file: 'empty.bin' }],
  ['a directory', { file: 'dir' }],
  ['HEAD', { cl: data.length }, 'HEAD'],
];

server.listen(0, async () => {
  fs.mkdirSync(path.join(dir, 'dir'));
  console.log('file', sha(data));
  for (const [name, c, method] of cases) {
    const got = await request(c, method);
    const log = logs[logs.length - 1];
    await settled(log);
    console.log('--', name);
    console.log('  client', JSON.stringify(got));
    console.log('  stream', JSON.stringify(log.stream));
    console.log('  res   ', JSON.stringify(log.res));
    console.log('  order ', JSON.stringify(log.order));
  }
  server.close();
  fs.rmSync(dir, { recursive: true });
});
