'use strict';
// stderr: ignore (the warnings name a temporary path; stdout shows them)
// Node's CommonJS loader internals that code patches or reads: Module.wrapper,
// require.cache for built-ins, _resolveLookupPaths, _stat, _findPath with
// the registered extensions, _initPaths and NODE_PATH, DEP0128, the
// circular-require warning, require.resolve.paths argument checks.
const Module = require('module');
const path = require('path');
const fs = require('fs');
const os = require('os');

const dir = path.join(os.tmpdir(), 'shoal-test-cjs_module_internals');
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(path.join(dir, 'lib', 'missing-main'), { recursive: true });
fs.mkdirSync(path.join(dir, 'global'));
fs.writeFileSync(path.join(dir, 'plain.js'), 'module.exports = typeof wrapped;');
fs.writeFileSync(path.join(dir, 'x.foo.bar'), 'module.exports = "unused";');
fs.writeFileSync(path.join(dir, 'lib', 'missing-main', 'package.json'), '{"main":"nope.js"}');
fs.writeFileSync(path.join(dir, 'lib', 'missing-main', 'index.js'), 'module.exports = "index";');
fs.writeFileSync(path.join(dir, 'global', 'from-global.js'), 'module.exports = "global";');
fs.writeFileSync(path.join(dir, 'a.js'), 'exports.a = 1; const b = require("./b"); exports.fromB = b.seen;');
fs.writeFileSync(path.join(dir, 'b.js'), 'exports.seen = require("./a").missing;');

process.on('warning', (w) => console.log('warning', w.name, w.code || '',
  w.message.replace(dir, '<DIR>')));

// A patched wrapper: modules compile from Module.wrap(source).
const saved = Module.wrapper[0];
Module.wrapper[0] += 'var wrapped = 1;';
console.log('patched wrapper', require(path.join(dir, 'plain.js')));
Module.wrapper[0] = saved;

// The cache is checked before the built-ins.
const fake = {};
require.cache.os = { exports: fake, loaded: true };
console.log('cache before builtin', require('os') === fake, require('node:os') === fake);
delete require.cache.os;

console.log('lookup ./x', Module._resolveLookupPaths('./x'), Module._resolveLookupPaths('./x', null));
console.log('lookup fs', Module._resolveLookupPaths('fs'));
console.log('stat', Module._stat(dir), Module._stat(path.join(dir, 'a.js')), Module._stat(path.join(dir, 'none')) < 0);

// The longest registered extension decides; extensions are tried in order.
require.extensions['.foo.bar'] = (m) => { m.exports = 'foo.bar handler'; };
console.log('multi extension', require(path.join(dir, 'x')), require(path.join(dir, 'x.foo.bar')));
delete require.extensions['.foo.bar'];

console.log('missing main', require(path.join(dir, 'lib', 'missing-main')));

process.env.NODE_PATH = path.join(dir, 'global');
Module._initPaths();
console.log('NODE_PATH', require('from-global'), Module.globalPaths[0] === process.env.NODE_PATH);

console.log('cycle', require(path.join(dir, 'a.js')));

for (const bad of [1, null, {}]) {
  try {
    require.resolve.paths(bad);
  } catch (err) {
    console.log('paths', err.code);
  }
}
console.log('resolve node:nope', (() => {
  try {
    return require.resolve('node:nope');
  } catch (err) {
    return err.code;
  }
})());
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));

// The entry point runs through Module.runMain, which a preloaded module may replace.
const out = require('child_process').execFileSync(process.execPath,
  ['--require', './fixtures/cjs/patch-run-main.js', './fixtures/cjs/counter.js'],
  { cwd: __dirname, encoding: 'utf8' });
console.log('runMain', out.trim());
