// child_process: options read as own properties only (Object.prototype.cwd
// or .uid do not reach the child); each IPC message is emitted in a tick of
// its own, so a throwing 'message' listener does not drop the ones behind
// it; `execPath -v` prints process.version; process._eval; process.openStdin.
const cp = require('child_process');
const path = require('path');

if (process.argv[2] === 'child') {
  let n = 0;
  process.on('uncaughtException', (err) => {
    if (++n === 3) process.send({ caught: n, last: err });
  });
  process.on('message', (m) => { throw m; });
  process.send('ready');
  return;
}

Object.prototype.cwd = '/';
Object.prototype.uid = 12345;
const pwd = String(cp.execFileSync('pwd')).trim();
console.log('cwd kept', pwd === process.cwd());
const id = String(cp.spawnSync('id', ['-u']).stdout).trim();
console.log('uid kept', id === String(process.getuid()));
delete Object.prototype.cwd;
delete Object.prototype.uid;

const v = cp.spawnSync(process.execPath, ['-v'], { encoding: 'utf8' });
console.log('-v', v.status, v.stdout === `${process.version}\n`);

// process._eval: what fork() leaves out of a child's execArgv.
const e = cp.spawnSync(process.execPath, ['-p', 'process._eval'], { encoding: 'utf8' });
console.log('_eval', e.status, JSON.stringify(e.stdout));

const o = cp.spawnSync(process.execPath, ['-e', 'process.openStdin().on("data", (d) => process.stdout.write(String(d).toUpperCase()))'],
  { input: 'piped in\n', encoding: 'utf8' });
console.log('openStdin', o.status, JSON.stringify(o.stdout));

const child = cp.fork(__filename, ['child']);
child.on('message', (m) => {
  if (m === 'ready') for (const x of [1, 2, 3]) child.send(x);
  else {
    console.log('child caught', JSON.stringify(m));
    child.disconnect();
  }
});
child.on('exit', (code) => console.log('child exit', code));
