// child_process: send(message, handle) passes a listening net.Server and an
// accepted net.Socket to the child, which serves through them; messages
// sent behind an unacknowledged handle wait (send returns false from the
// second one queued) and all arrive in order.
const cp = require('child_process');
const net = require('net');

if (process.argv[2] === 'child') {
  const got = [];
  process.on('message', (m, handle) => {
    got.push(m);
    if (m === 'server') {
      handle.on('connection', (c) => c.end(`child's server, listening ${handle.listening}\n`));
    } else if (m === 'socket') {
      handle.end('hello from the child over the parent\'s connection\n');
    } else if (m === 'last') {
      process.send(got.join(','));
    }
  });
  return;
}

const child = cp.fork(__filename, ['child']);
const replies = [];
child.on('message', (m) => replies.push(m));
const server = net.createServer();
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  console.log('first send', child.send('server', server));
  console.log('queued one', child.send('a'));
  console.log('queued two', child.send('b'));
  child.send('last', () => {
    server.close();
    // The child serves the port now.
    net.connect(port, '127.0.0.1').on('data', (d) => process.stdout.write(String(d))).on('end', sendSocket);
  });
});

function sendSocket() {
  const s2 = net.createServer((conn) => child.send('socket', conn));
  s2.listen(0, '127.0.0.1', () => {
    net.connect(s2.address().port, '127.0.0.1').on('data', (d) => process.stdout.write(String(d))).on('end', () => {
      s2.close(() => {
        console.log('server closed');
        child.send('last');
        child.on('message', () => {
          console.log('child got', JSON.stringify(replies));
          child.kill();
        });
      });
    });
  });
}
child.on('exit', (code, signal) => console.log('child exit', code, signal));
