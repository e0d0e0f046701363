// net.Socket behaviours over real TCP connections on 127.0.0.1:
// resetAndDestroy (the peer reads ECONNRESET, a socket without a handle
// gets ERR_SOCKET_CLOSED), a write after the peer's end (EPIPE), a write
// pending at destroy before connecting, the onread option (static buffer
// and buffer function, pause through a false return), pauseOnConnect,
// maxConnections' 'drop' details, reconnecting a closed socket (bytes per
// connection), a custom lookup's bad family, option validation, and the
// 'net' entries of a PerformanceObserver.
const net = require('net');
const { PerformanceObserver } = require('perf_hooks');

const netEntries = [];
const obs = new PerformanceObserver((list) => netEntries.push(...list.getEntries()));
obs.observe({ type: 'net' });

function server(onConn, options = {}) {
  return new Promise((resolve) => {
    const s = net.createServer(options, onConn);
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
}

async function resetAndDestroy() {
  const s = new net.Socket();
  await new Promise((resolve) => {
    s.on('error', (e) => {
      console.log('no handle:', e.code);
      resolve();
    });
    s.resetAndDestroy();
  });
  let serverErr;
  const srv = await server((c) => c.on('error', (e) => {
    serverErr = `${e.code} ${e.message}`;
    srv.close();
  }));
  const closed = new Promise((resolve) => srv.on('close', resolve));
  const c = net.connect(srv.address().port, '127.0.0.1', () => {
    console.log('reset returns the socket:', c.resetAndDestroy() === c);
  });
  await closed;
  console.log('server side:', serverErr);
}

async function writeAfterEnd() {
  const srv = await server((c) => c.end());
  await new Promise((resolve) => {
    const c = net.connect(srv.address().port, '127.0.0.1', () => c.end());
    c.on('error', (e) => console.log('error event:', e.code));
    c.on('end', () => {
      const ret = c.write('late', (e) => {
        console.log('write cb:', e.code, e.message);
      });
      console.log('write returned', ret);
    });
    c.on('close', resolve);
  });
  srv.close();
}

async function pendingWriteDestroyed() {
  const srv = await server(() => {});
  const c = net.connect(srv.address().port, '127.0.0.1');
  console.log('connecting:', c.connecting, c._connecting);
  await new Promise((resolve) => {
    c.write('x', (e) => {
      console.log('pending write:', e.code);
      resolve();
    });
    c.destroy();
  });
  srv.close();
}

function onreadClient(port, onread) {
  return new Promise((resolve) => {
    const c = net.connect({ port, host: '127.0.0.1', onread });
    c.on('data', () => console.log('data event (unexpected)'));
    c.on('end', resolve);
  });
}

async function onread() {
  const message = Buffer.from('hello world');
  const srv = await server((c) => c.end(message));
  const { port } = srv.address();
  const pieces = [];
  const buf = Buffer.alloc(8);
  await onreadClient(port, {
    buffer: buf,
    callback(n, b) { pieces.push(`${n}:${b === buf}:${b.toString('latin1', 0, n)}`); },
  });
  console.log('static buffer:', pieces.join(' '));

  const pool = [Buffer.alloc(2), Buffer.alloc(2)];
  let asked = 0;
  let text = '';
  await onreadClient(port, {
    buffer: () => pool[asked++ % 2],
    callback(n, b) { text += b.toString('latin1', 0, n); },
  });
  console.log('buffer function:', JSON.stringify(text), 'asked', asked);

  let paused = false;
  let got = '';
  await onreadClient(port, {
    buffer: Buffer.alloc(4),
    callback(n, b) {
      if (paused) console.log('called while paused');
      got += b.toString('latin1', 0, n);
      paused = true;
      setTimeout(() => {
        paused = false;
        this.resume();
      }, 20);
      return false;
    },
  });
  console.log('paused by false:', JSON.stringify(got));
  srv.close();
}

async function pauseOnConnect() {
  let resumed = false;
  const srv = await server((c) => {
    c.on('data', (d) => {
      console.log('pauseOnConnect data after resume:', resumed, d.toString());
      c.end();
      srv.close();
    });
    setTimeout(() => {
      console.log('bytesRead while paused:', c.bytesRead);
      resumed = true;
      c.resume();
    }, 50);
  }, { pauseOnConnect: true });
  await new Promise((resolve) => {
    const c = net.connect(srv.address().port, '127.0.0.1', () => c.write('hi'));
    c.on('close', resolve);
    c.resume();
  });
}

async function drop() {
  let first;
  const srv = await server((c) => { first = c; });
  srv.maxConnections = 1;
  await new Promise((resolve) => {
    srv.on('drop', (d) => {
      console.log('drop:', Object.keys(d).sort().join(','), d.localAddress, d.remoteAddress,
        d.localPort === srv.address().port, typeof d.remotePort);
      first.destroy();
      srv.close(resolve);
    });
    const a = net.connect(srv.address().port, '127.0.0.1');
    a.on('connect', () => {
      const b = net.connect(srv.address().port, '127.0.0.1');
      b.on('error', () => {});
      b.on('close', () => a.destroy());
    });
    a.on('error', () => {});
  });
}

async function reconnect() {
  const srv = await server((c) => c.resume());
  const written = [];
  let count = 0;
  await new Promise((resolve) => {
    const c = net.connect(srv.address().port, '127.0.0.1');
    c.on('connect', () => {
      count++;
      c.write('foo', () => c.end('bar'));
    });
    c.on('finish', () => written.push(c.bytesWritten));
    c.on('close', () => {
      if (count < 2) c.connect(srv.address().port, '127.0.0.1');
      else resolve();
    });
  });
  console.log('bytesWritten per connection:', written.join(','));
  srv.close();
}

async function lookupAndOptions() {
  await new Promise((resolve) => {
    const c = net.connect({
      host: 'example.invalid', port: 80,
      lookup: (host, opts, cb) => cb(null, [{ address: '127.0.0.1', family: 100 }]),
    });
    c.on('error', (e) => {
      console.log('bad family:', e.code, e.message);
      resolve();
    });
  });
  for (const options of [
    { port: 80, lookup: 'no' },
    { port: 80, autoSelectFamily: 'yes' },
    { port: 80, autoSelectFamily: true, autoSelectFamilyAttemptTimeout: 0 },
  ]) {
    try {
      net.connect(options);
    } catch (e) {
      console.log('throws:', e.code);
    }
  }
  net.setDefaultAutoSelectFamilyAttemptTimeout(5);
  console.log('attempt timeout floor:', net.getDefaultAutoSelectFamilyAttemptTimeout());
  console.log('end listener:', new net.Socket().listenerCount('end'));
}

(async () => {
  await resetAndDestroy();
  await writeAfterEnd();
  await pendingWriteDestroyed();
  await onread();
  await pauseOnConnect();
  await drop();
  await reconnect();
  await lookupAndOptions();
  setImmediate(() => {
    const e = netEntries[0];
    console.log('net entries:', netEntries.length > 0, e.name, e.entryType, e.detail.host,
      typeof e.detail.port, typeof e.duration);
    obs.disconnect();
  });
})();
