'use strict';
// http client details of Node 20 that packages and tests observe: the
// socket's 'timeout' listeners while a response is read (agent, request,
// response), a response's own 'timeout', a pre-aborted signal destroying
// the request at once, trailers of a chunked request, timeouts validated
// (TimeoutOverflowWarning, RangeError), a URL's extra properties as
// options, a Host header that is not a string, net sockets' 'end' listener
// and a signal given to a socket listened to once, rejectNonStandardBodyWrites.
const http = require('http');
const net = require('net');
const { getEventListeners } = require('events');

const log = [];
const server = http.createServer({ rejectNonStandardBodyWrites: true }, (req, res) => {
  if (req.url === '/slow') {
    res.flushHeaders(); // the body never comes: the response times out
    return;
  }
  if (req.url === '/head204') {
    res.writeHead(204);
    try {
      res.write('x');
    } catch (e) {
      log.push(`204 write: ${e.code}`);
    }
    res.end();
    return;
  }
  req.on('end', () => {
    log.push(`server: ${req.url} foo=${req.headers.foo}`);
    res.end('ok');
  });
  req.resume();
});

process.on('warning', (w) => log.push(`warning: ${w.name} ${w.message.split('\n').join(' | ')}`));

function get(path, extra, cb) {
  const url = new URL(`http://127.0.0.1:${server.address().port}${path}`);
  return http.get(Object.assign(url, extra), cb);
}

function timeouts(next) {
  const agent = new http.Agent({ keepAlive: true });
  const req = http.get({ port: server.address().port, host: '127.0.0.1', path: '/t', agent, timeout: 5000 }, (res) => {
    log.push(`timeout listeners while reading: ${req.socket.listenerCount('timeout')}`);
    res.resume();
    res.on('end', () => {
      const s = req.socket;
      process.nextTick(() => {
        log.push(`after the response: ${s.listenerCount('timeout')}`);
        agent.destroy();
        next();
      });
    });
  });
}

function responseTimeout(next) {
  const req = get('/slow', {}, (res) => {
    res.on('timeout', () => {
      log.push('response timeout');
      req.destroy();
    });
    res.setTimeout(20);
  });
  req.on('error', (e) => log.push(`slow: ${e.code}`));
  req.on('close', next);
}

function abortAndTrailers(next) {
  const ac = new AbortController();
  ac.abort();
  const req = get('/x', { signal: ac.signal });
  log.push(`pre-aborted: destroyed=${req.destroyed} listeners=${getEventListeners(ac.signal, 'abort').length}`);
  req.on('error', (e) => {
    log.push(`pre-aborted error: ${e.name}`);
    // (the bytes a chunked request with trailers sends)
    const raw = net.createServer((s) => {
      let got = '';
      s.on('data', (d) => {
        got += d;
        if (!got.endsWith('\r\n\r\n') || !got.includes('\r\n0\r\n')) return;
        log.push(`request body bytes: ${JSON.stringify(got.slice(got.indexOf('\r\n\r\n') + 4))}`);
        s.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        raw.close();
      });
    });
    raw.listen(0, '127.0.0.1', () => {
      const post = http.request({ port: raw.address().port, host: '127.0.0.1', method: 'POST', path: '/tr' }, (res) => {
        res.resume();
        res.on('end', next);
      });
      post.setHeader('Transfer-Encoding', 'chunked');
      post.addTrailers({ 'X-Sum': '42' });
      post.end('body');
    });
  });
}

function validation(next) {
  const req = get('/u', { headers: { foo: 'from-url' } }, (res) => {
    res.resume();
    res.on('end', next);
  });
  req.setTimeout(2 ** 40);
  for (const bad of [-1, Infinity]) {
    try {
      http.request({ port: 1, timeout: bad });
    } catch (e) {
      log.push(`timeout ${bad}: ${e.code}`);
    }
  }
  try {
    http.request({ port: 1, headers: { host: ['a'] } });
  } catch (e) {
    log.push(`host array: ${e.code}`);
  }
}

function sockets(next) {
  const ac = new AbortController();
  const s = new net.Socket({ signal: ac.signal });
  log.push(`socket: end listeners=${s.listenerCount('end')} signal listeners=${getEventListeners(ac.signal, 'abort').length}`);
  s.destroy();
  const req = get('/head204', {}, (res) => {
    res.resume();
    res.on('end', next);
  });
  req.on('error', (e) => log.push(`204: ${e.message}`));
}

server.listen(0, '127.0.0.1', () => {
  timeouts(() => responseTimeout(() => abortAndTrailers(() => validation(() => sockets(() => {
    server.close(() => console.log(log.join('\n')));
  })))));
});
