// Module customization hooks: --experimental-loader, module.register() from
// --import with initialize(data), a resolve/load chain serving a virtual
// module (import.meta.resolve goes through it), Node's errors for a hook
// that neither calls next nor short-circuits and for a bad return value,
// and the deprecated globalPreload.
import { spawnSync } from 'node:child_process';

// (sorted: what the hooks thread prints reaches stdout after the main
// thread's output in Node, and at once here.)
function run(args, sortLines = false) {
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const clean = (s) => s.replaceAll(process.cwd(), '<DIR>').replace(/\(node:\d+\)/g, '(node:PID)')
    .split('\n').filter((l) => !l.startsWith('    at ') && !l.startsWith('Node.js v'))
    .join('\n').trimEnd();
  const codes = [...new Set(r.stderr.match(/ERR_[A-Z_]+/g) || [])];
  console.log('status', r.status, 'codes', codes);
  const out = sortLines ? r.stdout.split('\n').sort().join('\n') : r.stdout;
  console.log('stdout', JSON.stringify(out));
  return clean(r.stderr);
}

console.log(run(['--experimental-loader', './fixtures/esm-hooks/log-resolve.mjs',
  './fixtures/esm-hooks/main.cjs'], true));
console.log(run(['--no-warnings', '--import', './fixtures/esm-hooks/register-virtual.mjs',
  './fixtures/esm-hooks/main.mjs']));
run(['--no-warnings', '--loader', './fixtures/esm-hooks/incomplete.mjs', './fixtures/esm-hooks/main.cjs']);
run(['--no-warnings', '--loader', './fixtures/esm-hooks/null-load.mjs', './fixtures/esm-hooks/main.cjs']);
run(['--no-warnings', '--loader', './fixtures/esm-hooks/does-not-exist.mjs', './fixtures/esm-hooks/main.cjs']);
console.log(run(['--no-warnings', '--experimental-loader',
  'data:text/javascript,export function globalPreload(){return "console.log(getBuiltin(\'node:path\').sep)"}',
  './fixtures/esm-hooks/main.cjs']));
