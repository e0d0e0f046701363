// Node's hints on module errors: a named export a CommonJS module lacks, a
// CommonJS global in an ES module, ES module syntax in a CommonJS entry point,
// DEP0151 for a package found by its index file; module.syncBuiltinESMExports;
// the CommonJS global folders' order ($HOME/.node_modules first).
import { spawnSync } from 'node:child_process';
import fs, { readFile } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const named = await import('./fixtures/esm-hints/named-missing.mjs').catch((e) => e);
console.log(named.name, JSON.stringify(named.message));

const req = await import('data:text/javascript,require;').catch((e) => e);
console.log(req.message);
const exp = await import('data:text/javascript,exports.x = 1;').catch((e) => e);
console.log(exp.message);
const other = await import('data:text/javascript,requireX;').catch((e) => e);
console.log(other.message);
const typed = await import('./fixtures/esm-hints/typemod/uses-module.js').catch((e) => e);
console.log(typed.message.replace(process.cwd(), '<DIR>'));

function run(args, env) {
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, ...env } });
  const clean = (s) => s.replaceAll(process.cwd(), '<DIR>').replace(/\(node:\d+\)/g, '(node:PID)')
    .split('\n').filter((l) => !l.startsWith('    at ') && !l.startsWith('Node.js v')).join('\n').trimEnd();
  console.log('status', r.status);
  console.log('stdout', JSON.stringify(r.stdout));
  console.log('stderr', JSON.stringify(clean(r.stderr)));
}

run(['./fixtures/esm-hints/esm-syntax.cjs']);
run(['./fixtures/esm-hints/pkgs/import-legacy.mjs']);
run(['--no-deprecation', './fixtures/esm-hints/pkgs/import-legacy.mjs']);
run(['./fixtures/esm-hints/require-global.js'], { HOME: `${process.cwd()}/fixtures/esm-hints/home`, NODE_PATH: '' });

const original = Object.getOwnPropertyDescriptor(fs, 'readFile');
delete fs.readFile;
syncBuiltinESMExports();
console.log('deleted', readFile);
let count = 0;
Object.defineProperty(fs, 'readFile', { get() { return ++count; }, configurable: true });
syncBuiltinESMExports();
console.log('getter', readFile, readFile);
Object.defineProperty(fs, 'readFile', original);
syncBuiltinESMExports();
console.log('restored', readFile === fs.readFile);
