// http2's compatibility API under `shoal run` (Node's Http2ServerRequest and
// Http2ServerResponse over the core API's streams), driven by http2.connect:
// req.stream/res.stream, authority/scheme/httpVersion, the request body and
// its trailers, writeHead returning res (with an array of headers),
// setTrailer/addTrailers, writeEarlyHints (103), statusMessage's warning,
// 'finish' then 'close', HEAD ending with the response's HEADERS,
// 'checkContinue' (100 Continue), an unanswered 'expect' (417), CONNECT
// without a listener (405), createPushResponse, the socket proxy refusing
// writes, headers after destroy, and the Http2ServerRequest/Response options.
const http2 = require('http2');

// What each side prints, kept apart: the two sides of one process interleave
// by timing, so a request's server lines print once both sides are done.
let serverLines = [];
const slog = (...args) => serverLines.push(args.join(' '));

class MyRequest extends http2.Http2ServerRequest {
  getUserAgent() { return this.headers['user-agent'] || 'none'; }
}
class MyResponse extends http2.Http2ServerResponse {
  status(code) { this.statusCode = code; return this; }
}

const server = http2.createServer({ Http2ServerRequest: MyRequest, Http2ServerResponse: MyResponse });

server.on('checkContinue', (req, res) => {
  slog('checkContinue', req.method, req.headers.expect);
  res.writeContinue();
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (d) => { body += d; });
  req.on('end', () => res.end(`continued ${body}`));
});

server.on('request', (req, res) => {
  const p = req.url;
  slog('request', p, req.method, req.httpVersion, req.authority === `localhost:${port}`,
              req.scheme, req instanceof http2.Http2ServerRequest, req instanceof MyRequest,
              res instanceof MyResponse, req.stream === res.stream, req.getUserAgent());
  res.on('finish', () => slog('res finish', p));
  res.on('close', () => slog('res close', p, res.socket));
  if (p === '/body') {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      slog('body', body, 'trailers', req.trailers.x, req.complete);
      res.setHeader('content-type', 'text/plain');
      res.setTrailer('x-trailer', 'tv');
      res.addTrailers({ 'x-more': 'm' });
      slog('writeHead returns res', res.writeHead(201, [['x-a', '1'], ['x-a', '2']]) === res);
      res.end(`got ${body}`);
    });
  } else if (p === '/hints') {
    slog('statusMessage', JSON.stringify(res.statusMessage));
    slog('early hints', res.writeEarlyHints({ link: ['</a.css>; rel=preload; as=style'] }));
    try {
      res.writeEarlyHints({ link: 'bad' });
    } catch (e) {
      slog('bad hint', e.code);
    }
    res.status(202).end('hinted');
  } else if (p === '/push') {
    res.createPushResponse({ ':path': '/pushed' }, (err, pushRes) => {
      slog('push response', err, pushRes instanceof http2.Http2ServerResponse);
      pushRes.end('pushed body');
      res.end('main');
    });
  } else if (p === '/socket') {
    try {
      res.socket.write('x');
    } catch (e) {
      slog('socket.write', e.code);
    }
    slog('socket readable', req.socket.readable, 'remotePort', typeof req.socket.remotePort);
    for (const [name, value] of [[':path', '/x'], ['', 'v'], ['x-u', undefined]]) {
      try {
        res.setHeader(name, value);
      } catch (e) {
        slog('setHeader', JSON.stringify(name), e.code);
      }
    }
    try {
      res.statusCode = 101;
    } catch (e) {
      slog('statusCode 101', e.code);
    }
    res.end();
  } else if (p === '/destroy') {
    res.destroy();
    res.setHeader('x-after', '1');
    slog('header after destroy', res.getHeader('x-after'), res.headersSent);
  } else {
    res.end();
  }
});

let port;
let client;

function request(headers, body, trailers) {
  return new Promise((resolve) => {
    const req = client.request(headers, trailers ? { waitForTrailers: true } : undefined);
    console.log(headers[':method'] || 'GET', headers[':path'] || '');
    const out = { data: '' };
    req.on('headers', (h) => console.log('  client 1xx', h[':status'], h.link || ''));
    req.on('continue', () => {
      console.log('  client continue');
      req.end(body);
    });
    req.on('response', (h, flags) => {
      out.status = h[':status'];
      console.log('  client response', h[':status'], 'end', !!(flags & 1), h['x-a'] || '',
                  h['content-type'] || '');
    });
    req.on('trailers', (t) => console.log('  client trailers', t['x-trailer'], t['x-more']));
    if (trailers) req.on('wantTrailers', () => req.sendTrailers(trailers));
    req.setEncoding('utf8');
    req.on('data', (d) => { out.data += d; });
    req.on('error', (e) => console.log('  client error', e.code));
    const serverDone = new Promise((done) => server.once('stream', (s) => s.on('close', done)));
    const clientDone = new Promise((done) => req.on('close', done));
    Promise.all([serverDone, clientDone]).then(() => {
      console.log('  client body', JSON.stringify(out.data), 'rstCode', req.rstCode);
      for (const line of serverLines) console.log(line);
      serverLines = [];
      resolve();
    });
    if (headers.expect === undefined) req.end(body);
  });
}

server.listen(0, async () => {
  port = server.address().port;
  client = http2.connect(`http://localhost:${port}`);
  const pushedDone = new Promise((done) => client.on('stream', (pushed, headers) => {
    pushed.setEncoding('utf8');
    let data = '';
    pushed.on('data', (d) => { data += d; });
    pushed.on('end', () => done(`  client pushed ${headers[':path']} ${data}`));
  }));
  await request({ ':path': '/body', ':method': 'POST', 'user-agent': 'ua' }, 'hello', { x: 'rt' });
  await request({ ':path': '/hints' });
  await request({ ':path': '/head', ':method': 'HEAD' });
  await request({ ':path': '/push' });
  console.log(await pushedDone);
  await request({ ':path': '/socket' });
  await request({ ':path': '/destroy' });
  await request({ ':path': '/cont', ':method': 'POST', expect: '100-continue' }, 'later');
  await request({ ':path': '/expect', expect: 'other' });
  await request({ ':method': 'CONNECT', ':authority': `localhost:${port}` });
  client.close();
  server.close(() => console.log('server closed'));
});
