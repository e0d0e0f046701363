'use strict';
// net and child_process details of Node 20: net.Socket()/net.Stream()
// without new, socket.timeout as a plain property, a handle's methods
// (setNoDelay/setKeepAlive called through it, once connected, only on a
// change); exec with the caller's setEncoding (strings), inherited env keys,
// cwd '' (no chdir), an invalid signal.
const net = require('net');
const { exec, execFile, spawn } = require('child_process');

function sockets() {
  const s = net.Socket();
  console.log('net.Socket() without new:', s instanceof net.Socket, net.Stream() instanceof net.Socket);
  console.log('constructor is net.Socket:', s.constructor === net.Socket);
  console.log('timeout before:', s.timeout);
  s.setTimeout(0);
  console.log('timeout after setTimeout(0):', s.timeout);
  s.timeout = 5;
  console.log('timeout assigned:', s.timeout);
  s.destroy();
  return new Promise((resolve) => {
    const server = net.createServer((c) => c.end()).listen(0, '127.0.0.1', () => {
      const calls = [];
      const client = net.connect({ port: server.address().port, host: '127.0.0.1', noDelay: true,
        keepAlive: true, keepAliveInitialDelay: -5 });
      const h = client._handle;
      for (const name of ['setNoDelay', 'setKeepAlive']) {
        const orig = h[name];
        h[name] = function(...args) {
          calls.push(`${name}(${args.join(', ')})`);
          return orig.apply(this, args);
        };
      }
      client.on('connect', () => {
        client.setNoDelay(true);
        client.setNoDelay(false);
        client.setKeepAlive(true, 0);
        client.setKeepAlive(true, 3000);
        console.log('handle calls:', calls.join(' '));
      });
      client.on('close', () => server.close(resolve));
      client.resume();
    });
  });
}

function run(fn) {
  return new Promise((resolve) => fn(resolve));
}

async function children() {
  await run((done) => {
    const child = exec('printf "a\\nb"', (err, stdout) => {
      console.log('exec with setEncoding:', err, typeof stdout, JSON.stringify(stdout));
      done();
    });
    child.stdout.setEncoding('utf8');
  });
  const env = Object.create({ INHERITED: 'yes' });
  env.OWN = 'here';
  await run((done) => execFile('/usr/bin/env', [], { env, encoding: 'utf8' }, (err, stdout) => {
    console.log('env keys:', stdout.trim().split('\n').sort().join(' '));
    done();
  }));
  await run((done) => {
    const child = spawn('pwd', { cwd: '' });
    console.log('cwd "": pid is a', typeof child.pid);
    child.on('close', (code) => {
      console.log('cwd "": exit', code);
      done();
    });
  });
  try {
    execFile('true', [], { signal: 'nope' });
  } catch (e) {
    console.log('signal "nope":', e.code);
  }
}

sockets().then(children);
