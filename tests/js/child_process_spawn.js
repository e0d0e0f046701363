// spawn with pipes: echo, cat fed through stdin, exit codes, signals,
// ENOENT, shell, cwd/env, stdio 'ignore' and 'inherit'.
const cp = require('child_process');

function collect(stream) {
  let s = '';
  if (stream) {
    stream.setEncoding('utf8');
    stream.on('data', (d) => { s += d; });
  }
  return () => s;
}

function step(list) {
  const next = list.shift();
  if (next) next(() => step(list));
}

step([
  (next) => {
    const c = cp.spawn('echo', ['hello', 'world']);
    const out = collect(c.stdout);
    console.log('pid type', typeof c.pid, c.exitCode, c.signalCode, c.spawnfile, c.spawnargs);
    console.log('streams', c.stdin.writable, c.stdout.readable, c.stderr.readable, c.stdio.length);
    c.on('spawn', () => console.log('spawn event'));
    c.on('exit', (code, signal) => console.log('exit', code, signal));
    c.on('close', (code, signal) => {
      console.log('close', code, signal, JSON.stringify(out()));
      next();
    });
  },
  (next) => {
    const c = cp.spawn('cat');
    const out = collect(c.stdout);
    c.stdin.write('line 1\n');
    c.stdin.end('line 2\n');
    c.on('close', (code) => {
      console.log('cat', code, JSON.stringify(out()));
      next();
    });
  },
  (next) => {
    const c = cp.spawn('sh', ['-c', 'echo to-stderr >&2; exit 7']);
    const err = collect(c.stderr);
    c.on('close', (code, signal) => {
      console.log('sh', code, signal, c.exitCode, JSON.stringify(err()));
      next();
    });
  },
  (next) => {
    const c = cp.spawn('sleep', ['5']);
    c.on('exit', (code, signal) => {
      console.log('killed', code, signal, c.killed, c.signalCode, c.exitCode);
      next();
    });
    console.log('kill returned', c.kill('SIGKILL'));
  },
  (next) => {
    const c = cp.spawn('nonexistent-command-xyz', ['a']);
    console.log('pid', c.pid);
    c.on('error', (e) => {
      console.log('error:', e.message);
      console.log(e.code, e.errno, e.syscall, e.path, e.spawnargs);
    });
    c.on('close', (code, signal) => {
      console.log('enoent close', code, signal);
      next();
    });
  },
  (next) => {
    const c = cp.spawn('echo $FOO $(pwd)', { shell: true, cwd: '/', env: { FOO: 'bar', PATH: process.env.PATH } });
    const out = collect(c.stdout);
    c.on('close', (code) => {
      console.log('shell', code, JSON.stringify(out()));
      next();
    });
  },
  (next) => {
    const c = cp.spawn('echo', ['ignored'], { stdio: 'ignore' });
    console.log('ignore', c.stdout, c.stdin, c.stdio);
    c.on('close', (code) => {
      console.log('ignore close', code);
      next();
    });
  },
  (next) => {
    const c = cp.spawn('echo', ['inherited output'], { stdio: ['pipe', 'inherit', 'pipe'] });
    const shape = [c.stdin !== null, c.stdout, c.stderr !== null];
    c.on('close', (code) => {
      console.log('inherit close', code, shape);
      next();
    });
  },
  () => {
    try {
      cp.spawn('echo').kill('SIGNOPE');
    } catch (e) {
      console.log(e.code, e.message);
    }
    try {
      cp.spawn(42);
    } catch (e) {
      console.log(e.code, e.message);
    }
  },
]);
