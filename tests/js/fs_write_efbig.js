'use strict';
// A write past RLIMIT_FSIZE fails with EFBIG (SIGXFSZ is ignored, as in
// Node) instead of killing the process.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const dir = path.join(os.tmpdir(), 'shoal-test-fs_write_efbig');
if (process.argv[2] === 'child') {
  try {
    fs.writeFileSync(path.join(dir, 'big.txt'), '.'.repeat(1 << 16));
    console.log('no error');
  } catch (err) {
    console.log(err.code, err.syscall);
  }
} else {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir);
  const cmd = `ulimit -f 1 && '${process.execPath}' '${__filename}' child`;
  const r = spawnSync('/bin/sh', ['-c', cmd]);
  console.log('status', r.status, 'signal', r.signal);
  console.log(r.stdout.toString().trim());
  fs.rmSync(dir, { recursive: true, force: true });
}
