// dgram: UDP over loopback (ports from bind(0)): bind, send/receive,
// implicit bind on send, connect/remoteAddress, buffer lists, options,
// errors and the socket states.
'use strict';
const dgram = require('dgram');

const server = dgram.createSocket('udp4');
const log = (...a) => console.log(...a);
let port;

server.on('error', (e) => log('server error', e.code));
server.on('message', (msg, rinfo) => {
  log('server got', msg.toString(), rinfo.family, rinfo.address, rinfo.size, typeof rinfo.port);
  server.send(`echo:${msg}`, rinfo.port, rinfo.address);
});
server.on('listening', () => log('listening event'));

try {
  server.address();
} catch (e) {
  log(e.code, e.message);
}

server.bind(0, '127.0.0.1', () => {
  const a = server.address();
  port = a.port;
  log('bound', a.address, a.family, port > 0);
  try {
    server.bind(0);
  } catch (e) {
    log(e.code, e.message);
  }
  server.setBroadcast(true);
  log('ttl', server.setTTL(64), server.setMulticastTTL(2), server.setMulticastLoopback(true));
  step1();
});

function step1() {
  const client = dgram.createSocket({ type: 'udp4' });
  client.on('message', (msg) => {
    log('client got', msg.toString());
    client.close(() => {
      log('client closed');
      step2();
    });
  });
  client.send('hello', port, '127.0.0.1', (err, bytes) => {
    log('sent', err, bytes, client.address().address);
  });
}

function step2() {
  const client = dgram.createSocket('udp4');
  client.connect(port, '127.0.0.1', () => {
    log('connected', client.remoteAddress().port === port);
    try {
      client.connect(port);
    } catch (e) {
      log(e.code, e.message);
    }
    try {
      client.send('x', port, '127.0.0.1');
    } catch (e) {
      log(e.code, e.message);
    }
    client.once('message', (msg) => {
      log('connected client got', msg.toString());
      client.disconnect();
      try {
        client.remoteAddress();
      } catch (e) {
        log(e.code, e.message);
      }
      client.close();
      step3();
    });
    client.send([Buffer.from('li'), 'st', new Uint8Array([33])]);
  });
}

function step3() {
  const client = dgram.createSocket('udp4');
  client.once('message', (msg) => {
    log('slice got', msg.toString());
    client.close();
    step4();
  });
  client.send(Buffer.from('abcdef'), 1, 3, port, '127.0.0.1');
}

function step4() {
  for (const bad of [() => dgram.createSocket('udp5'), () => dgram.createSocket('udp4').send('x', 70000, '127.0.0.1'),
    () => dgram.createSocket('udp4').send('x', 0), () => dgram.createSocket('udp4').send(5, 1000),
    () => dgram.createSocket('udp4').disconnect()]) {
    try {
      bad();
    } catch (e) {
      log(e.name, e.code, e.message);
    }
  }
  const s = dgram.createSocket('udp4');
  s.close();
  try {
    s.close();
  } catch (e) {
    log(e.code, e.message);
  }
  s.on('close', () => {
    log('closed once');
    const taken = dgram.createSocket('udp4');
    taken.on('error', (e) => {
      log('bind error', e.code, e.syscall, e.message.replace(String(port), 'PORT'));
      taken.close();
      server.close(() => log('server closed'));
    });
    taken.bind(port, '127.0.0.1');
  });
}
