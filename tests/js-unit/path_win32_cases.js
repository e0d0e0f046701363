'use strict';
// path.win32 cases. Prints JSON lines so the output can be diffed between
// node and shoal. resolve() uses the POSIX process.cwd(), like Node on Linux.
const path = require('path');
const win32 = path.win32;

const out = (label, value) => console.log(JSON.stringify([label, value]));
function call(fn, args) {
  try { return win32[fn](...args); } catch (e) { return { err: { name: e.name, code: e.code, message: e.message } }; }
}
// A fixed cwd keeps the output machine-independent (resolve() calls
// process.cwd() each time).
process.cwd = () => '/home/user/project';
const scrub = (v) => v;

const segs = ['', '.', '..', '\\', '/', '\\\\', '//', '\\\\\\', '///', 'a', 'a\\', 'a/', '\\a', '/a', '\\a\\', 'a\\b', 'a/b',
  'a\\\\b', 'a\\.\\b', 'a\\..\\b', '..\\a', '..\\..\\a', '.\\a', '.a', 'a.', 'a..', '..a', '.a.b', 'a.b.', 'foo.txt',
  '\\foo\\bar.txt\\', 'foo\\bar\\..', '\\..', '\\..\\a', 'a\\b\\c\\..\\..\\..', 'a\\b\\c\\..\\..\\..\\..', '...', '.\\', '..\\',
  'x\\.', 'x\\..', 'C:', 'c:', 'C:\\', 'C:/', 'C:\\\\', 'C:a', 'C:a\\b', 'C:\\a', 'C:\\a\\', 'C:/a/b', 'C:\\a\\..\\..',
  'C:..', 'C:..\\a', 'C:.', 'C:\\.', 'C:\\foo\\bar.txt', 'c:\\FOO\\Bar', 'D:\\x', 'd:/y/z', '1:\\x', 'ab:\\x', ':\\x', ':',
  'C:\\a:b', 'C:a:b', '\\\\server', '\\\\server\\', '\\\\server\\share', '\\\\server\\share\\', '\\\\server\\share\\a',
  '\\\\server\\share\\a\\b.txt', '//server/share/a', '\\\\server\\\\share\\a', '\\\\\\server\\share', '\\\\?\\C:\\x',
  '\\\\.\\pipe\\x', '\\\\?\\C:', '\\\\.\\pipe', '\\\\?\\UNC', '\\\\?\\', '\\\\.\\', '\\\\?\\C:\\..\\..', '\\\\?\\UNC\\s\\h\\x', '//s/h/', '\\\\s\\h\\..\\..', '\\\\s\\h\\.', 'a\\b/c\\d', 'file.tar.gz', '.bashrc',
  'C:\\.bashrc', 'C:foo.txt', 'C:\\dir\\', 'C:\\dir\\.', 'C:\\dir\\..', ' ', 'a b\\c d.e', 'CON', 'CON:', 'con:foo',
  'CON:foo\\..\\..', 'NUL:', 'COM10:x', 'LPT\u00b9:x', 'CON.txt:x', 'C:CON:x', '\\CON:x', '..\\CON:x', 'prn:\\x', 'aux:/',
  'foo:bar', 'foo:', 'foo:/x', 'foo:bar:/', 'AB:x', 'AB:/x', 'x\\..\\c:d', 'nul/', 'nulé', 'CONx', 'com1.', 'Aux\\', 'x/../c:/d', 'a:b', 'ä\\ö.ü', '\\\\ä\\ö'];
for (const s of segs) {
  out('single', [s, call('normalize', [s]), call('isAbsolute', [s]), call('dirname', [s]), call('basename', [s]),
    call('extname', [s]), call('parse', [s]), scrub(call('toNamespacedPath', [s])), scrub(call('resolve', [s]))]);
  out('format', [s, win32.format(win32.parse(s))]);
}
const seconds = ['', '.', '..', '\\', '/', 'a', '\\a\\b', '..\\x', 'a\\b\\', 'x.txt', '.txt', 'txt', 'C:', 'C:\\', 'c:\\a',
  'D:b', '\\\\s\\h', '//s/h/x', 'CON:', 'b:', 'A.TXT'];
for (const a of segs) {
  for (const b of seconds) {
    out('pair', [a, b, call('join', [a, b]), scrub(call('relative', [a, b])), scrub(call('relative', [b, a])),
      call('basename', [a, b])]);
    out('resolve', [a, b, scrub(call('resolve', ['C:\\base\\dir', a, b])), scrub(call('resolve', [a, b])),
      call('resolve', ['\\\\srv\\sh\\d', a, b])]);
  }
}
for (const args of [[], [''], ['', ''], ['\\', '', 'a'], ['//', 'a'], ['//a', 'b'], ['///a', 'b'], ['\\\\a', 'b'], ['\\\\\\a', 'b'],
  ['/', '/a'], ['//server', 'share'], ['\\\\server', 'share', 'x'], ['', '//a'], ['', '', '\\\\a\\b'], ['a', '', 'b'],
  ['C:', 'a'], ['C:', '\\a'], ['c:\\', '..', '..'], ['a', 'C:b'], ['a', 'C:\\b'], ['a', '\\\\s\\h'], ['z', '\\\\?\\C:\\x'],
  ['z', 'c:/../a'], ['CON:', 'z'], ['z', 'CON:'], ['CON:foo', 'z'], ['z', 'CON:foo\\..\\..']]) {
  out('join', [args, call('join', args)]);
  out('resolveN', [args, scrub(call('resolve', args))]);
}
for (const [from, to] of [['C:\\a\\b', 'C:\\a\\c'], ['C:\\A\\B', 'c:\\a\\b\\c'], ['C:\\', 'C:\\foo'], ['C:\\foo', 'C:\\'],
  ['C:\\foo', 'D:\\foo'], ['C:\\foo\\bar', 'C:\\foo'], ['C:\\foo\\bar', 'C:\\foobar'], ['\\\\s\\h\\a', '\\\\s\\h\\b'],
  ['\\\\s\\h', '\\\\s\\h\\a'], ['\\\\s\\h\\a', '\\\\s\\h'], ['\\\\s\\h\\a', '\\\\t\\h\\a'], ['C:\\a', '\\\\s\\h'],
  ['c:/AaAa/bbbb', 'c:/aaaa/bbbb'], ['c:/aaaa/', 'c:/aaaa/cccc'], ['C:\\baz-quux', 'C:\\baz'], ['C:\\baz', 'C:\\baz-quux'],
  ['\\\\foo\\baz-quux', '\\\\foo\\baz'], ['C:\\x\\y', 'C:\\x\\y\\'], ['a', 'b'], ['\\a', '\\b\\c']]) {
  out('relative', [from, to, scrub(call('relative', [from, to]))]);
}
out('toNamespacedPath', [null, 5, '', {}].map((v) => win32.toNamespacedPath(v)));
out('formatObjects', [{}, { root: 'C:\\' }, { dir: 'x' }, { name: 'a' }, { ext: 'b' }, { ext: '.b', name: 'a' },
  { root: 'C:\\', base: 'x', dir: 'C:\\' }, { root: 'C:\\', dir: 'C:\\d', base: 'b' }, { dir: 'C:\\d\\', base: 'b' },
  { root: '\\\\s\\h\\', name: 'n', ext: 'e' }, { dir: 'd', name: 'n', ext: '..' }].map((o) => win32.format(o)));
for (const bad of [undefined, null, 5, {}, true]) {
  out('bad', [String(bad), call('normalize', [bad]), call('join', ['a', bad]), call('resolve', ['a', bad]),
    call('relative', [bad, 'a']), call('relative', ['a', bad]), call('dirname', [bad]), call('basename', [bad]),
    call('basename', ['a', bad === undefined ? 1 : bad]), call('extname', [bad]), call('parse', [bad]),
    call('format', [bad]), call('isAbsolute', [bad])]);
}
out('constants', [win32.sep, win32.delimiter, win32.win32 === win32, win32.posix === path.posix,
  path.posix.win32 === win32, win32._makeLong === win32.toNamespacedPath,
  Object.keys(win32)]);
