// Warnings: --disable-warning (by code or type) and --redirect-warnings /
// NODE_REDIRECT_WARNINGS in a child, a non-Error 'warning' event printing
// nothing, throwDeprecation throwing on the next tick, and process.abort
// being a plain method.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const dir = path.join(os.tmpdir(), 'shoal-test-process_warnings_options');
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir);
const script = "process.emitWarning('one', 'DeprecationWarning', 'DEP1');" +
  "process.emitWarning('two', 'DeprecationWarning', 'DEP2');" +
  "process.emitWarning('three', 'ExperimentalWarning');" +
  "process.on('exit', () => console.log('exit'));";

function run(args, env = {}) {
  const r = spawnSync(process.execPath, [...args, '-e', script], { env: { ...process.env, ...env }, encoding: 'utf8' });
  const clean = (s) => s.replace(/\(node:\d+\)/g, '(node:PID)');
  console.log(JSON.stringify(args).split(dir).join('DIR'), 'status', r.status, 'stdout', JSON.stringify(r.stdout),
    'stderr', JSON.stringify(clean(r.stderr)));
}

run(['--disable-warning=DEP1']);
run(['--disable-warning=DeprecationWarning']);
run(['--disable-warning=ExperimentalWarning', '--disable-warning=DEP2']);
const file = path.join(dir, 'warnings.txt');
run([`--redirect-warnings=${file}`]);
console.log('redirected', JSON.stringify(fs.readFileSync(file, 'utf8').replace(/\(node:\d+\)/g, '(node:PID)')));
const envFile = path.join(dir, 'env.txt');
run([], { NODE_REDIRECT_WARNINGS: envFile });
console.log('redirected by env', fs.readFileSync(envFile, 'utf8').split('\n').length);
fs.rmSync(dir, { recursive: true, force: true });

console.log('abort', process.abort.prototype, (() => {
  try {
    new process.abort(); // eslint-disable-line new-cap
  } catch (e) {
    return e.constructor.name;
  }
  return 'constructed';
})());
process.emit('warning', 'not an Error');
process.throwDeprecation = true;
process.once('uncaughtException', (err) => console.log('thrown later:', String(err)));
process.emitWarning('old', 'DeprecationWarning');
console.log('emitWarning returned');
