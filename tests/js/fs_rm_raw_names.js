'use strict';
// fs.rm, fs.rmSync and fs.promises.rm with { recursive: true } remove a tree
// holding a file whose name is not UTF-8 (bytes 0xff 0xfe 'A'): a name read
// back as a string would not reach the file, and with `force` the removal
// used to stop there silently, leaving the directory.
const fs = require('fs');
const os = require('os');
const path = require('path');

function makeTree() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoal-rm-raw-'));
  fs.mkdirSync(path.join(dir, 'sub'));
  const odd = Buffer.concat([Buffer.from(path.join(dir, 'sub') + '/'), Buffer.from([0xff, 0xfe, 0x41])]);
  fs.writeFileSync(odd, 'x');
  fs.writeFileSync(path.join(dir, 'plain'), 'y');
  console.log('entries', fs.readdirSync(path.join(dir, 'sub'), 'buffer').map((b) => b.toString('hex')));
  return dir;
}

const a = makeTree();
fs.rmSync(a, { recursive: true, force: true });
console.log('rmSync left the tree:', fs.existsSync(a));

const b = makeTree();
fs.rm(b, { recursive: true }, (err) => {
  console.log('rm error', err, 'left the tree:', fs.existsSync(b));
  const c = makeTree();
  fs.promises.rm(c, { recursive: true }).then(() => {
    console.log('promises.rm left the tree:', fs.existsSync(c));
  });
});
