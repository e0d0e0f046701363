'use strict';
// An HTTP server's answers to bad or slow clients, over raw sockets: a
// 'clientError' listener's own answer (socket.write/end) and nothing else,
// the error's code, reason, bytesParsed and rawPacket; the server's answer
// without a listener; EOF inside a head; 408 for a connection that sends
// nothing within headersTimeout (keepAliveTimeout 0); header values
// without their trailing blanks when sent in pieces; maxHeadersCount.
const http = require('http');
const net = require('net');

// Sends the pieces (a pause between them), then ends; resolves with all
// the server wrote until it closed.
function exchange(port, pieces, end = true) {
  return new Promise((resolve) => {
    const c = net.connect(port);
    let got = '';
    c.setEncoding('latin1');
    c.on('data', (d) => { got += d; });
    c.on('end', () => resolve(got));
    c.on('error', (e) => resolve(got + `<${e.code}>`));
    let i = 0;
    const next = () => {
      if (i < pieces.length) {
        c.write(pieces[i++]);
        setTimeout(next, 20);
      } else if (end) {
        c.end();
      }
    };
    c.on('connect', next);
  });
}

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

async function withListener() {
  const server = http.createServer((req, res) => res.end('ok'));
  server.on('clientError', (err, socket) => {
    console.log('clientError', err.code, JSON.stringify(err.message), err.bytesParsed,
                JSON.stringify(err.rawPacket && err.rawPacket.toString('latin1')));
    if (err.code === 'HPE_INVALID_METHOD') socket.end('HTTP/1.1 400 Mine\r\n\r\n');
    else if (err.code !== 'HPE_LF_EXPECTED') socket.destroy();
    // (others: no answer; the client's EOF ends the connection)
  });
  const port = await listen(server);
  console.log(JSON.stringify(await exchange(port, ['Oops\r\n\r\n'])));
  console.log(JSON.stringify(await exchange(port, [
    'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab'])));
  console.log(JSON.stringify(await exchange(port, ['GET / HTTP/1.1\r\nDummy: x\rY: 1\r\n\r\n'])));
  console.log(JSON.stringify(await exchange(port, ['GET / HTTP/1.1\r\nContent-Length:'])));
  server.close();
}

async function withoutListener() {
  const server = http.createServer((req, res) => res.end('ok'));
  server.on('connection', (socket) => {
    socket.on('error', (err) => console.log('socket error', err.code, err.bytesParsed));
  });
  const port = await listen(server);
  console.log(JSON.stringify(await exchange(port, ['FOO /\r\n'], false)));
  server.close();
}

async function firstRequestLate() {
  const server = http.createServer({
    headersTimeout: 300, requestTimeout: 0, keepAliveTimeout: 0, connectionsCheckingInterval: 100,
  },
                                   () => console.log('no request expected'));
  const port = await listen(server);
  const t0 = Date.now();
  console.log(JSON.stringify(await exchange(port, [], false)));
  console.log('answered within 5 s', Date.now() - t0 < 5000);
  server.close();
}

async function trailingBlanks() {
  const server = http.createServer((req, res) => {
    console.log(JSON.stringify(req.headers['x-a']), JSON.stringify(req.headers['x-b']));
    res.end();
  });
  const port = await listen(server);
  await exchange(port, ['GET / HTTP/1.1\r\nHost: a\r\nX-A:', ' \t one', ' two\t', '\t \r\n',
                        'X-B: three \t\r\nConnection: close\r\n\r\n']);
  server.close();
}

async function maxHeadersCount() {
  const server = http.createServer((req, res) => {
    console.log(Object.keys(req.headers).length, req.rawHeaders.length,
                Object.keys(req.headersDistinct).length);
    res.end();
  });
  server.maxHeadersCount = 3;
  const port = await listen(server);
  let head = 'GET / HTTP/1.1\r\nHost: a\r\n';
  for (let i = 0; i < 5; i++) head += `X-${i}: ${i}\r\n`;
  await exchange(port, [head + 'Connection: close\r\n\r\n']);
  server.close();
}

(async () => {
  await withListener();
  await withoutListener();
  await firstRequestLate();
  await trailingBlanks();
  await maxHeadersCount();
})();
