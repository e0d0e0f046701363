// Back-pressure ('drain'), allowHalfOpen, setTimeout, destroy, listen
// errors and lookups of 'localhost' through dns.lookup.
const net = require('net');

function step1(next) {
  // A large write returns false, then 'drain'; the peer counts the bytes.
  const size = 4 * 1024 * 1024;
  const server = net.createServer((sock) => {
    let n = 0;
    sock.on('data', (d) => { n += d.length; });
    sock.on('end', () => {
      console.log('received', n === size);
      sock.end();
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const c = net.connect(server.address().port, '127.0.0.1');
    c.on('connect', () => {
      const ok = c.write(Buffer.alloc(size, 97));
      console.log('write returned', ok, c.writableLength > 0, c.writableNeedDrain);
      c.on('drain', () => {
        console.log('drain', c.bytesWritten === size);
        c.end();
      });
    });
    c.resume();
    c.on('close', () => server.close(() => next()));
  });
}

function step2(next) {
  // allowHalfOpen: the server keeps writing after the client's FIN.
  const server = net.createServer({ allowHalfOpen: true }, (sock) => {
    sock.on('end', () => {
      console.log('server saw end, writable', sock.writable);
      setTimeout(() => sock.end('late reply'), 10);
    });
    sock.resume();
  });
  server.listen(0, '127.0.0.1', () => {
    const c = net.connect({ port: server.address().port, host: '127.0.0.1', allowHalfOpen: true });
    c.setEncoding('utf8');
    c.on('connect', () => c.end('request'));
    c.on('data', (d) => console.log('client got', d, c.readable));
    c.on('end', () => console.log('client end'));
    c.on('close', () => server.close(next));
  });
}

function step3(next) {
  // setTimeout fires 'timeout' after inactivity; destroy() closes.
  const server = net.createServer((sock) => sock.on('error', () => {}));
  server.listen(0, '127.0.0.1', () => {
    const c = net.connect(server.address().port, '127.0.0.1');
    c.setTimeout(30, () => {
      console.log('timeout', c.timeout);
      c.destroy();
    });
    c.on('close', (hadError) => {
      console.log('destroyed', hadError, c.destroyed, c.readyState);
      server.close(next);
    });
  });
}

function step4(next) {
  // listen on a busy port; destroy with an error.
  const a = net.createServer();
  a.listen(0, '127.0.0.1', () => {
    const port = a.address().port;
    const b = net.createServer();
    b.on('error', (e) => {
      console.log('listen error', e.code, e.syscall, e.address, e.port === port,
        e.message === `listen EADDRINUSE: address already in use 127.0.0.1:${port}`);
      const s = new net.Socket();
      s.on('error', (err) => console.log('socket error', err.message));
      s.on('close', (hadError) => {
        console.log('socket close', hadError);
        a.close(next);
      });
      s.destroy(new Error('boom'));
    });
    b.listen(port, '127.0.0.1');
  });
}

function step5(next) {
  // host names go through dns.lookup ('lookup' event); unref lets the process end.
  const server = net.createServer((sock) => sock.end('hi'));
  server.listen({ port: 0, host: '127.0.0.1' }, () => {
    const c = net.connect({ port: server.address().port, host: 'localhost', family: 4 });
    c.on('lookup', (err, address, family, host) => console.log('lookup', err, address, family, host));
    c.setEncoding('utf8');
    c.on('data', (d) => console.log('data', d));
    c.on('close', () => {
      server.close();
      next();
    });
  });
  server.unref();
}

step1(() => step2(() => step3(() => step4(() => step5(() => console.log('done'))))));
