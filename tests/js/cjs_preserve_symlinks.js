'use strict';
// --preserve-symlinks: a module required through a symlink is known by the
// link's path (a second instance beside its target's, and its own requires
// resolve from the link's folder); --preserve-symlinks-main does the same for
// the entry point, which --preserve-symlinks alone does not change.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const dir = path.join(os.tmpdir(), 'shoal-test-cjs_preserve_symlinks');
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(path.join(dir, 'real'), { recursive: true });
fs.writeFileSync(path.join(dir, 'real', 'counter.js'), 'global.count = (global.count || 0) + 1;\n' +
  'module.exports = require("path").relative(process.env.BASE, __filename);\n');
fs.symlinkSync(path.join(dir, 'real', 'counter.js'), path.join(dir, 'counter-link.js'));
fs.writeFileSync(path.join(dir, 'real', 'main.js'), 'const p = require("path");\n' +
  'console.log("main", p.relative(process.env.BASE, __filename));\n' +
  'console.log("sibling", fs_exists("./counter-link.js"));\n' +
  'function fs_exists(s) { try { return require(s); } catch (e) { return e.code; } }\n' +
  'console.log("real", require("./counter.js"), "count", global.count);\n');
fs.symlinkSync(path.join(dir, 'real', 'main.js'), path.join(dir, 'main-link.js'));
fs.writeFileSync(path.join(dir, 'entry.js'), 'console.log(require("./real/counter.js"), require("./counter-link.js"), global.count);\n');

function run(args) {
  const r = spawnSync(process.execPath, args.map((a) => (a.endsWith('.js') ? path.join(dir, a) : a)),
    { encoding: 'utf8', env: { ...process.env, BASE: dir } });
  console.log(JSON.stringify(args), r.status, JSON.stringify(r.stdout), r.stderr.split('\n').find((l) => /Error/.test(l)) || '');
}

run(['entry.js']);
run(['--preserve-symlinks', 'entry.js']);
run(['main-link.js']);
run(['--preserve-symlinks', 'main-link.js']);
run(['--preserve-symlinks-main', 'main-link.js']);
run(['--preserve-symlinks', '--preserve-symlinks-main', 'main-link.js']);
fs.rmSync(dir, { recursive: true, force: true });
