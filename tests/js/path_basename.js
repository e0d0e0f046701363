// path.basename, posix and win32, with and without a suffix: every case as Node answers it.
const path = require('path');
const cases = ['', '/', '//', 'a', '/a/b', '/a/b/', 'a/b.txt', 'a/b.txt/', '/a/b.txt', 'b.txt', '.txt', 'a/.txt', 'txt'];
const sfx = [undefined, '', '.txt', 'txt', 'b.txt', 'x', '/'];
for (const p of cases) for (const s of sfx) console.log(JSON.stringify([p, s, path.posix.basename(p, s)]));
const wcases = ['C:', 'C:\\', 'C:\\a\\b.txt', 'C:b.txt', '\\\\server\\share\\f.txt', 'a/b\\c.txt\\', 'C:\\a\\', 'c:.txt'];
for (const p of wcases) for (const s of sfx) console.log(JSON.stringify([p, s, path.win32.basename(p, s)]));
