'use strict';
process.chdir('/tmp'); // results must not depend on where the repo is checked out
// path cases. Prints JSON lines so the output can be diffed between node and shoal.
const path = require('path');
const posix = require('path/posix');

const out = (label, value) => console.log(JSON.stringify([label, value]));
function call(fn, args) {
  try { return path[fn](...args); } catch (e) { return { err: { name: e.name, code: e.code, message: e.message } }; }
}

const segs = ['', '.', '..', '/', '//', '///', 'a', 'a/', '/a', '/a/', 'a/b', 'a//b', 'a/./b', 'a/../b', '../a', '../../a',
  './a', '.a', 'a.', 'a..', '..a', '.a.b', 'a.b.', 'foo.txt', '/foo/bar.txt/', 'foo/bar/..', '/..', '/../a', '//a//b//',
  'a/b/c/../../..', 'a/b/c/../../../..', '...', '.../a', 'a/...', './', '../', 'x/.', 'x/..', '/x/../..', ' ', 'a\\b',
  'file.tar.gz', '.bashrc', '/.bashrc', 'dir/.', 'dir/..', '/a/b/c', '/a/b/d', '/a/bc', '/ab', 'ab', '//server/share'];

for (const s of segs) {
  out('single', [s, call('normalize', [s]), call('isAbsolute', [s]), call('dirname', [s]), call('basename', [s]),
    call('extname', [s]), call('parse', [s]), call('toNamespacedPath', [s])]);
  out('format', [s, path.format(path.parse(s))]);
}
for (const a of segs) {
  for (const b of ['', '.', '..', '/', 'a', '/a/b', '../x', 'a/b/', 'x.txt', '.txt', 'txt']) {
    out('pair', [a, b, call('join', [a, b]), call('relative', [a, b]), call('relative', [b, a]), call('basename', [a, b])]);
    out('resolve', [a, b, call('resolve', ['/base/dir', a, b])]);
  }
}
out('resolveCwd', [path.resolve() === process.cwd(), path.resolve('') === process.cwd(), path.resolve('x') === process.cwd() + '/x']);
out('joinEmpty', [path.join(), path.join(''), path.join('', ''), path.join('/', '', 'a')]);
out('formatObjects', [{}, { root: '/' }, { dir: 'x' }, { name: 'a' }, { ext: 'b' }, { ext: '.b', name: 'a' },
  { root: '/', base: 'x', dir: '/' }, { root: '/r', dir: '/d', base: 'b' }, { dir: '/d/', base: 'b' },
  { base: 'b', name: 'n', ext: 'e' }, { root: 'r/', name: 'n' }].map((o) => path.format(o)));
for (const bad of [1, null, undefined, {}, true, 'x'.repeat(40), 5n]) {
  out('bad', [String(bad), call('normalize', [bad]), call('join', ['a', bad]), call('resolve', ['/a', bad]),
    call('basename', ['a', bad]), call('relative', [bad, 'a']), call('format', [bad])]);
}
out('constants', [path.sep, path.delimiter, path.posix === path, posix === path.posix, path.win32.sep, path.win32.delimiter,
  path.win32.posix === path, path._makeLong === path.toNamespacedPath]);
out('keys', Object.keys(path));
