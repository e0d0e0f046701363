// child_process.fork and stdio 'ipc': JSON messages both ways, disconnect,
// exit and close; spawn(process.execPath, [file]) runs a script as node does.
const { fork, spawn, spawnSync } = require('child_process');
const path = require('path');

const child = fork(path.join(__dirname, 'fixtures', 'fork_child.js'), ['a', 'b']);
console.log('connected', child.connected, typeof child.send);
const got = [];
child.on('message', (m) => {
  got.push(m);
  if (m.ready) child.send({ n: 1, s: 'two', list: [3] });
  else child.send('exit');
});
child.on('exit', (code, signal) => console.log('exit', code, signal));
child.on('close', (code) => {
  console.log('close', code, child.connected);
  console.log(JSON.stringify(got));
  try { child.send('late'); } catch (e) { console.log('send threw', e.code); }
  child.on('error', (e) => console.log('error', e.code));
  viaSpawn();
});

function viaSpawn() {
  const c = spawn(process.execPath, [path.join(__dirname, 'fixtures', 'fork_child.js'), 'z'],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  c.on('message', (m) => {
    console.log('spawned child says', JSON.stringify(m));
    if (m.ready) c.send('hi');
    else c.send('exit');
  });
  c.on('close', (code) => {
    console.log('spawned close', code);
    cli();
  });
}

function cli() {
  const run = (args) => {
    const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
    console.log(JSON.stringify(args), r.status, JSON.stringify(r.stdout));
  };
  run(['-p', '6 * 7']);
  run(['-e', 'console.log(process.argv.length, typeof require, __filename)', 'x']);
  run(['--no-warnings', '-p', 'process.execArgv']);
  run(['--expose-gc', '-p', 'typeof gc']);
  run(['-e', 'process.emitWarning("w"); console.log("ok")', '--', 'arg']);
  run(['--input-type=module', '-e', 'console.log(typeof import.meta, await Promise.resolve(5))']);
  run(['-e', 'process.exitCode = 3']);
}
