// node:test in one process: test/describe/it, hooks, subtests, failures
// (thrown, rejected, callback, uncaught, timeout), skip/todo, mock, ESM
// imports; the tap (default off a terminal), spec and dot reporters, the
// summary and the exit status. Each fixture runs in a child; durations and
// stack frames are normalised (fixtures/test_runner/normalize.js).
'use strict';
const path = require('path');
const { run } = require('./fixtures/test_runner/normalize');

const dir = path.join(__dirname, 'fixtures', 'test_runner');
for (const file of ['basic.js', 'hooks.js', 'subtests.js', 'mock.js', 'esm.mjs', 'logs.js', 'nested.js', 'uncaught.js', 'patterns.mjs']) {
  run(`${file} tap`, [file], dir);
}
run('basic.js spec', ['--test-reporter=spec', 'basic.js'], dir);
run('basic.js dot', ['--test-reporter', 'dot', 'basic.js'], dir);
run('subtests.js spec', ['--test-reporter=spec', 'subtests.js'], dir);
