// Module customization hooks: a resolve hook returning a format that is not
// a string (or importAttributes that are not an object) fails with Node's
// ERR_INVALID_RETURN_PROPERTY_VALUE; initialize, resolve and load are called
// with `this` undefined.
import { spawnSync } from 'node:child_process';

function loader(fn) {
  return `data:text/javascript,${encodeURIComponent(fn)}`;
}

function run(hooks, code) {
  const r = spawnSync(process.execPath, ['--no-warnings', '--experimental-loader', loader(hooks),
    '--input-type=module', '--eval', code], { encoding: 'utf8' });
  const message = r.stderr.split('\n').find((l) => /Error/.test(l)) || '';
  console.log('status', r.status, 'stdout', JSON.stringify(r.stdout), 'error', message.replace(/^\s+/, ''));
}

const badResolve = (field, value) => `export function resolve(s, c, next) {
  if (s !== 'x:virtual') return next(s, c);
  return { shortCircuit: true, url: 'data:text/javascript,', ${field}: ${value} };
}`;
run(badResolve('format', 'false'), 'import "x:virtual"');
run(badResolve('format', 'true'), 'import "x:virtual"');
run(badResolve('format', '7'), 'import "x:virtual"');
run(badResolve('format', 'null'), 'import "x:virtual"; console.log("null format ok")');
run(badResolve('importAttributes', '"json"'), 'import "x:virtual"');

run(`
export function initialize() { console.log('initialize this', this); }
export function resolve(s, c, next) { if (s === 'x:this') console.log('resolve this', this); return next(s, c); }
export function load(u, c, next) { if (u.startsWith('data:')) console.log('load this', this); return next(u, c); }
`, 'import "data:text/javascript,"');
