// A local echo server on port 0: connect, write/read, half-close, close
// order, addresses, byte counters and connection refused errors.
const net = require('net');

const server = net.createServer((sock) => {
  console.log('server: connection', sock.remoteAddress, sock.remoteFamily,
    typeof sock.remotePort, sock.localPort === server.address().port);
  server.getConnections((err, n) => console.log('server: connections', err, n));
  sock.setEncoding('utf8');
  sock.on('data', (d) => {
    console.log('server: data', JSON.stringify(d));
    sock.write(d.toUpperCase());
  });
  sock.on('end', () => {
    console.log('server: end');
    sock.end('bye');
  });
  sock.on('finish', () => console.log('server: finish'));
  sock.on('close', (hadError) => console.log('server: close', hadError));
});
server.on('listening', () => console.log('listening event', server.listening));
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  console.log('listen cb', addr.address, addr.family, typeof addr.port, addr.port > 0);
  const client = net.connect({ port: addr.port, host: '127.0.0.1' }, () => {
    console.log('client: connect', client.remoteAddress, client.remotePort === addr.port,
      client.localAddress, client.readyState, client.pending, client.connecting);
    console.log('client: address', client.address().family, client.address().address);
    client.write('hello ');
    client.write(Buffer.from('world'));
  });
  console.log('client: connecting', client.connecting, client.readyState, client.pending);
  client.setNoDelay(true);
  client.setKeepAlive(true, 1000);
  let got = '';
  client.on('data', (d) => {
    got += d;
    if (got === 'HELLO WORLD') {
      console.log('client: got all, ending');
      client.end();
    }
  });
  client.on('ready', () => console.log('client: ready'));
  client.on('end', () => console.log('client: end', JSON.stringify(got)));
  client.on('close', (hadError) => {
    console.log('client: close', hadError, client.bytesRead, client.bytesWritten, client.destroyed);
    server.close((err) => {
      console.log('server: closed', err);
      server.close((err2) => console.log('second close', err2.code, err2.message));
      refused();
    });
  });
});

function refused() {
  const s = net.createConnection(1, '127.0.0.1');
  s.on('error', (e) => {
    console.log('error:', e.message);
    console.log(e.code, e.errno, e.syscall, e.address, e.port, e instanceof Error);
  });
  s.on('close', (hadError) => {
    console.log('refused close', hadError);
    console.log(net.isIP('127.0.0.1'), net.isIP('::1'), net.isIP('fe80::1%lo'), net.isIP('1.2.3'),
      net.isIPv4('255.255.255.255'), net.isIPv4('256.1.1.1'), net.isIPv6('::ffff:1.2.3.4'),
      net.isIPv6('1:2:3:4:5:6:7:8:9'), net.isIP(''), net.isIP(42));
  });
}
