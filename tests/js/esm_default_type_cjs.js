'use strict';
// --experimental-default-type=module: Node runs every entry point through
// its ES module loader, which reads CommonJS source itself and gives it a
// require without cache or extensions (the modules that one requires load
// as usual); an imported .cjs is the same. Without the flag, the full require.
const { spawnSync } = require('child_process');
const path = require('path');

const echo = path.join(__dirname, 'fixtures', 'default-type', 'echo.cjs');
function run(args) {
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const shown = args.map((a) => a.replace(require('url').pathToFileURL(echo).href, 'ECHO').replace(echo, 'ECHO'));
  console.log(`${JSON.stringify(shown)}\n  status ${r.status}`);
  console.log(`  stdout ${JSON.stringify(r.stdout)}\n  stderr ${JSON.stringify(r.stderr)}`);
}

run(['--experimental-default-type=module', echo]);
run(['--experimental-default-type=module', '--input-type=module', '-e',
  `import x from ${JSON.stringify(require('url').pathToFileURL(echo).href)}; console.log(x.value)`]);
run(['--experimental-default-type=module', '--import',
  'data:text/javascript,import{register}from"node:module";register("data:text/javascript,");', echo]);
run([echo]);
