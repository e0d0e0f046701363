'use strict';
// process.stdout/stderr on a regular file are a synchronous stream.Writable
// (instanceof Writable, readable false), as in Node; destroy() does not stop
// later writes.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

if (process.argv[2] === 'child') {
  const stream = require('stream');
  console.log(JSON.stringify([process.stdout, process.stderr].map((s) => ({
    instance: s instanceof stream.Writable, readable: s.readable, writable: s.writable,
  }))));
  process.stdout.write('a\n', () => process.stdout.write('callback\n'));
  console.log('b %d', 1);
  process.stdout.destroy();
  process.stdout.write('after destroy\n');
  process.on('exit', () => console.log('exit'));
} else {
  const dir = path.join(os.tmpdir(), 'shoal-test-stdio_file_writable');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir);
  const file = path.join(dir, 'out.txt');
  const fd = fs.openSync(file, 'w');
  const r = spawnSync(process.execPath, [__filename, 'child'], { stdio: ['ignore', fd, fd] });
  fs.closeSync(fd);
  console.log('status', r.status);
  process.stdout.write(fs.readFileSync(file, 'utf8'));
  fs.rmSync(dir, { recursive: true, force: true });
}
