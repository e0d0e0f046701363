'use strict';
// Argument checks of net and child_process that throw at the call, with
// Node's codes and messages.
const net = require('net');
const cp = require('child_process');

function attempt(what, fn) {
  try {
    fn();
    console.log(what, 'no throw');
  } catch (e) {
    console.log(what, e.name, e.code, e.message);
  }
}

attempt('connect()', () => net.connect());
attempt('connect({})', () => new net.Socket().connect({}));
attempt('objectMode', () => net.createConnection({ port: 8080, objectMode: true }));
attempt('localAddress', () => net.connect({ host: 'localhost', port: 1, localAddress: 'foobar' }));
attempt('localPort', () => net.connect({ host: 'localhost', port: 1, localPort: 'x' }));
attempt('hints', () => net.connect({ port: 42, hints: 12345 }));
attempt('listen({})', () => net.createServer().listen({}));
attempt('listen(true)', () => net.createServer().listen(true));
attempt('listen signal', () => net.createServer().listen({ port: 0, signal: 'x' }));

attempt('spawn NUL', () => cp.spawn('ls', ['a\0b']));
attempt('exec NUL', () => cp.exec('ls\0'));
attempt('spawn env NUL', () => cp.spawn('ls', { env: { A: 'b\0' } }));
attempt('spawnSync timeout', () => cp.spawnSync('ls', { timeout: -1 }));
attempt('spawnSync maxBuffer', () => cp.spawnSync('ls', { maxBuffer: 'x' }));
attempt('spawnSync killSignal', () => cp.spawnSync('ls', { killSignal: true }));
attempt('spawnSync uid', () => cp.spawnSync('ls', { uid: 3.5 }));
attempt('spawnSync detached', () => cp.spawnSync('ls', { detached: 1 }));
attempt('spawnSync shell', () => cp.spawnSync('ls', { shell: 1 }));
console.log('killSignal null', cp.spawnSync('true', { killSignal: null }).status);

const child = new cp.ChildProcess();
attempt('ChildProcess file', () => child.spawn({ file: 1 }));
attempt('ChildProcess args', () => child.spawn({ file: 'x', args: 'y' }));

const server = net.createServer();
const ac = new AbortController();
server.on('close', () => console.log('closed by abort'));
server.listen({ port: 0, signal: ac.signal }, () => ac.abort());
