// exec / execFile with buffered output, failures, promisify, and the
// synchronous forms spawnSync / execSync / execFileSync.
const cp = require('child_process');
const util = require('util');

function step(list) {
  const next = list.shift();
  if (next) next(() => step(list));
}

step([
  (next) => cp.exec('echo out; echo err >&2', (err, stdout, stderr) => {
    console.log('exec', err, JSON.stringify(stdout), JSON.stringify(stderr));
    next();
  }),
  (next) => cp.exec('echo partial; echo oops >&2; exit 3', (err, stdout, stderr) => {
    console.log(JSON.stringify(err.message));
    console.log(err.code, err.killed, err.signal, err.cmd, JSON.stringify(stdout), JSON.stringify(stderr));
    next();
  }),
  (next) => cp.execFile('echo', ['a', 'b'], (err, stdout) => {
    console.log('execFile', err, JSON.stringify(stdout));
    next();
  }),
  (next) => cp.execFile('nonexistent-command-xyz', ['x'], (err, stdout, stderr) => {
    console.log('execFile enoent', err.code, err.message, err.cmd, JSON.stringify(stdout), JSON.stringify(stderr));
    next();
  }),
  (next) => cp.execFile('printf', ['abc'], { encoding: 'buffer' }, (err, stdout) => {
    console.log('buffer', err, stdout);
    next();
  }),
  (next) => cp.exec('sleep 5', { timeout: 50 }, (err) => {
    console.log('timeout', err.killed, err.signal, err.code);
    next();
  }),
  (next) => {
    const p = util.promisify(cp.exec)('echo promised');
    console.log('child attached', typeof p.child.pid);
    p.then((r) => {
      console.log('promisify exec', r);
      return util.promisify(cp.execFile)('sh', ['-c', 'echo no >&2; exit 1']);
    }).catch((e) => {
      console.log('promisify reject', e.code, JSON.stringify(e.stdout), JSON.stringify(e.stderr), e.cmd);
      next();
    });
  },
  () => {
    console.log('execSync', JSON.stringify(cp.execSync('echo sync').toString()));
    console.log('execSync utf8', JSON.stringify(cp.execSync('cat', { input: 'fed', encoding: 'utf8' })));
    console.log('execFileSync', JSON.stringify(cp.execFileSync('echo', ['x', 'y'], { encoding: 'utf8' })));
    const r = cp.spawnSync('sh', ['-c', 'cat; echo e >&2; exit 2'], { input: 'in\n', encoding: 'utf8' });
    console.log('spawnSync', r.status, r.signal, r.output, typeof r.pid, JSON.stringify(r.stdout), JSON.stringify(r.stderr));
    const b = cp.spawnSync('printf', ['xyz']);
    console.log('spawnSync buffers', b.stdout, b.stderr, b.output[0]);
    const k = cp.spawnSync('sleep', ['5'], { timeout: 50 });
    console.log('spawnSync timeout', k.status, k.signal, k.error && k.error.code);
    const n = cp.spawnSync('nonexistent-command-xyz');
    console.log('spawnSync enoent', n.error.message, n.error.code, n.status, n.pid, n.output);
    try {
      cp.execSync('echo bad >&2; exit 4', { stdio: 'pipe' });
    } catch (e) {
      console.log('execSync throw', JSON.stringify(e.message), e.status, e.signal, e.stderr.toString());
    }
    try {
      cp.execFileSync('sh', ['-c', 'exit 5'], { stdio: 'pipe' });
    } catch (e) {
      console.log('execFileSync throw', JSON.stringify(e.message), e.status);
    }
  },
]);
