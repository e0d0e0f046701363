'use strict';
// A server response's writableLength and writableFinished while the client
// has not taken its bytes: the socket's queued bytes count, as in Node
// (writableFinished false until 'finish'; writableLength the bytes left).
const http = require('http');
const net = require('net');

const big = Buffer.alloc(8 << 20, 97);
const server = http.createServer((req, res) => {
  res.end(big);
  console.log('after end: writableEnded', res.writableEnded,
              'writableFinished', res.writableFinished,
              'writableLength > 0', res.writableLength > 0,
              'socket.writableLength > 0', res.socket.writableLength > 0);
  res.on('finish', () => {
    console.log('finish: writableFinished', res.writableFinished,
                'writableLength', res.writableLength);
  });
  res.on('close', () => {
    console.log('close');
    server.close();
  });
});

server.listen(0, '127.0.0.1', () => {
  const s = net.connect(server.address().port, '127.0.0.1', () => {
    s.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    s.pause();
    // the client takes nothing for a while, then everything
    setTimeout(() => {
      let got = 0;
      s.on('data', (d) => { got += d.length; });
      s.on('end', () => console.log('client got all of it', got > big.length));
      s.resume();
    }, 300);
  });
});
