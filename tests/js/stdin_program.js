'use strict';
// A program read from stdin: with no script or with `-` (argv keeps the
// `-`), as CommonJS named [stdin], or as an ES module with --input-type or
// --experimental-default-type; an error names [stdin].
const { spawnSync } = require('child_process');

function run(args, input) {
  const r = spawnSync(process.execPath, args, { input, encoding: 'utf8' });
  const firstErr = r.stderr.split('\n').find((l) => /Error/.test(l)) || '';
  console.log(JSON.stringify(args), 'status', r.status, 'stdout', JSON.stringify(r.stdout), 'err', firstErr);
}

run([], 'console.log(process.argv.length, __filename, module.id, typeof require)');
run(['-', 'a', 'b'], 'console.log(process.argv.slice(2), require("path").sep)');
run(['--input-type=module'], 'console.log(typeof import.meta.resolve, typeof require)');
run(['--experimental-default-type=module'], 'const x = await Promise.resolve(7); console.log(x)');
run([], 'throw new TypeError("from stdin")');
run([], '');
