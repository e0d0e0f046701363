'use strict';
// A net.Socket given as a child's stdio entry: the child writes straight
// into the connection (Node's 'wrap' stdio).
const net = require('net');
const { spawn } = require('child_process');

const server = net.createServer((conn) => {
  spawn('sh', ['-c', 'echo from the child'], { stdio: ['ignore', conn, 'ignore'] })
    .on('close', (code) => {
      console.log('child closed', code);
      conn.end();
    });
});
server.listen(0, '127.0.0.1', () => {
  const client = net.connect(server.address().port, '127.0.0.1');
  let got = '';
  client.setEncoding('utf8');
  client.on('data', (d) => { got += d; });
  client.on('end', () => {
    console.log('client got', JSON.stringify(got));
    server.close();
  });
});
