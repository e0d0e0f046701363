// HTTP/2: a server that answers before the request body is in still gets
// the whole body when it reads it; one that never reads it declines the rest
// (the client's stream closes without error either way).
const http2 = require('http2');

let readDone;
const serverRead = new Promise((resolve) => { readDone = resolve; });
const server = http2.createServer();
server.on('stream', (stream, headers) => {
  stream.respond({ ':status': 200 });
  stream.end('answered early');
  if (headers[':path'] === '/read') {
    let n = 0;
    stream.on('data', (d) => { n += d.length; });
    stream.on('end', () => readDone(n));
  }
});

server.listen(0, '127.0.0.1', async () => {
  const client = http2.connect(`http://127.0.0.1:${server.address().port}`);
  for (const path of ['/read', '/ignore']) {
    await new Promise((resolve) => {
      const req = client.request({ ':path': path, ':method': 'POST' });
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (d) => { body += d; });
      req.on('response', (h) => console.log(path, 'status', h[':status']));
      let sent = 0;
      const chunk = Buffer.alloc(16384, 97);
      const more = () => {
        if (sent >= 8) return req.end();
        sent++;
        req.write(chunk, more);
      };
      req.on('close', () => {
        console.log(path, 'body', JSON.stringify(body), 'rstCode', req.rstCode);
        resolve();
      });
      setTimeout(more, 50);
    });
  }
  // (printed after the client's side: the two events may come in either order)
  console.log('server read', await serverRead, 'bytes');
  client.close();
  server.close();
});
