// The example cluster app (deploy/examples/cluster.json): a Node.js request
// listener with three kinds of route.
//
//   GET  /            light: a small text answer
//   POST /echo        JSON: parses the request body, answers with JSON
//   GET  /fib?n=30    CPU-heavy: blocks this worker for a while; the master
//                     keeps sending new connections to the other workers
//
// /healthz is answered by the workers themselves (cluster.json's
// "health.path"), without running this code.
'use strict';

const MAX_BODY = 1 << 20;

function fib(n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

function sendJson(res, status, value) {
  const body = JSON.stringify(value) + '\n';
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

module.exports = (req, res) => {
  const url = new URL(req.url, 'http://localhost');

  if (url.pathname === '/' && req.method === 'GET') {
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.end(`hello from worker ${process.pid}\n`);
    return;
  }

  if (url.pathname === '/echo' && req.method === 'POST') {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        sendJson(res, 413, { error: 'body too large' });
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (res.headersSent) return;
      let value;
      try {
        value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch (err) {
        sendJson(res, 400, { error: 'invalid JSON: ' + err.message });
        return;
      }
      sendJson(res, 200, { received: value, bytes: size, worker: process.pid });
    });
    return;
  }

  if (url.pathname === '/fib' && req.method === 'GET') {
    const n = Math.min(Number(url.searchParams.get('n') || 30), 40);
    if (!Number.isInteger(n) || n < 0) {
      sendJson(res, 400, { error: 'n must be an integer from 0 to 40' });
      return;
    }
    const start = Date.now();
    const value = fib(n);
    sendJson(res, 200, { n, value, ms: Date.now() - start, worker: process.pid });
    return;
  }

  sendJson(res, 404, { error: 'not found', path: url.pathname });
};
