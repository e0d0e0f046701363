// `node --test` (shoal run --test): Node 20's file discovery (*.test.js,
// *-test.mjs, *_test.cjs, test-*.js, test.js, anything under test/, never
// node_modules), one child per file merged into one report, a file failing
// without a failing test (exit code), explicit files and folders,
// --test-name-pattern, --test-only, the exit status; node:test being
// reachable only with the node: prefix.
'use strict';
const path = require('path');
const Module = require('module');
const { run } = require('./fixtures/test_runner/normalize');

const dir = path.join(__dirname, 'fixtures', 'test_runner');
const discover = path.join(dir, 'discover');
run('--test (discovery)', ['--test'], discover);
run('--test spec', ['--test', '--test-reporter=spec'], discover);
run('--test FILE DIR', ['--test', 'a.test.js', 'test'], discover);
run('--test passing file', ['--test', 'c_test.cjs'], discover);
run('--test-name-pattern', ['--test', '--test-name-pattern=/^alpha|beta/', '../names.js'], discover);
run('--test-name-pattern in process', ['--test-name-pattern', 'alpha', 'names.js'], dir);
run('--test-timeout', ['--test', '--test-timeout=100', '../slow.js'], discover);
run('--test-only', ['--test-only', 'names.js'], dir);
run('only without --test-only', ['names.js'], dir);

console.log('builtinModules has test:', Module.builtinModules.includes('test'),
  Module.isBuiltin('test'), Module.isBuiltin('node:test'));
try {
  require('test');
} catch (e) {
  console.log('require(test):', e.code);
}
console.log('node:test', typeof require('node:test'), typeof require('node:test').describe,
  require('node:test').test === require('node:test'));

// run({ files }): a stream of events, also emitted by type, that the
// node:test/reporters generators turn into text.
const { run: runTests } = require('node:test');
const { tap, dot } = require('node:test/reporters');
const { normalize } = require('./fixtures/test_runner/normalize');
(async () => {
  const files = [path.join(dir, 'logs.js'), path.join(discover, 'b-test.mjs')];
  const stream = runTests({ files });
  const seen = [];
  stream.on('test:fail', (data) => seen.push(`fail ${data.name}`));
  let text = '';
  for await (const chunk of tap(stream)) text += chunk;
  console.log('===== run() + tap');
  console.log(normalize(text));
  console.log(seen.join(', '));
  let dots = '';
  for await (const chunk of dot(runTests({ files: [path.join(dir, 'logs.js')] }))) dots += chunk;
  console.log('===== run() + dot');
  console.log(normalize(dots));
})();
