// socket.write(string, 'buffer') throws Node's stream-base TypeError (the
// string is not a Buffer), not an unknown-encoding error.
const net = require('net');

const server = net.createServer((sock) => sock.resume());
server.listen(0, '127.0.0.1', () => {
  const client = net.connect(server.address().port, '127.0.0.1', () => {
    try {
      client.write('broken', 'buffer');
      console.log('no throw');
    } catch (e) {
      console.log(e.name, e.code, e.message);
    }
    client.destroy();
    server.close(() => console.log('closed'));
  });
});
