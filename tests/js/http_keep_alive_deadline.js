'use strict';
// The keep-alive timeout counts from the last response of a connection: a
// client that sends its next request before it runs out keeps the
// connection however many requests it sends, a request that takes longer
// than the timeout is answered (the timeout is off while it runs), and the
// connection closes once it stays idle for the timeout after its last answer.
const http = require('http');
const net = require('net');

const KEEP_ALIVE = 400;

const server = http.createServer((req, res) => {
  if (req.url === '/slow') {
    setTimeout(() => res.end('slow'), KEEP_ALIVE * 2);
    return;
  }
  res.end(req.url);
});
server.keepAliveTimeout = KEEP_ALIVE;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

server.listen(0, '127.0.0.1', () => {
  const socket = net.connect(server.address().port, '127.0.0.1');
  let input = '';
  let answered = 0;
  let waiting = null;
  let lastAnswer = 0;
  let closedAt = 0;
  socket.setEncoding('latin1');
  socket.on('data', (d) => {
    input += d;
    for (;;) {
      const end = input.indexOf('\r\n\r\n');
      if (end < 0) break;
      const head = input.slice(0, end);
      const length = Number(/content-length: (\d+)/i.exec(head)[1]);
      if (input.length < end + 4 + length) break;
      const body = input.slice(end + 4, end + 4 + length);
      input = input.slice(end + 4 + length);
      answered++;
      lastAnswer = Date.now();
      console.log('answer', head.split(' ')[1], body);
      if (waiting !== null) waiting();
    }
  });
  socket.on('close', () => {
    closedAt = Date.now();
    if (waiting !== null) waiting();
  });
  const ask = (path) => new Promise((resolve) => {
    waiting = resolve;
    socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`);
  });
  (async () => {
    // 5 requests over ~1.5 timeouts of time, each well within the timeout
    for (let i = 0; i < 5; i++) {
      await ask(`/r${i}`);
      await sleep(KEEP_ALIVE / 3);
    }
    await ask('/slow');
    console.log('open after', answered, 'answers:', closedAt === 0);
    await new Promise((resolve) => {
      waiting = resolve;
      if (closedAt !== 0) resolve();
    });
    const idle = closedAt - lastAnswer;
    console.log('closed once idle for the timeout:', idle >= KEEP_ALIVE - 50 && idle < KEEP_ALIVE + 1500);
    server.close(() => console.log('server closed'));
  })();
});
