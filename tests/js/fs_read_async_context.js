'use strict';
// fs.read, fs.exists and a file ReadStream (which reads with fs.read) call
// back in the AsyncLocalStorage store current when they were called, as
// Node's FSReqCallback does (express's res.sendFile/res.download callbacks
// read the request's store after a ReadStream's 'end').
const { AsyncLocalStorage } = require('async_hooks');
const fs = require('fs');
const als = new AsyncLocalStorage();
const log = [];
const seen = (what) => log.push(`${what}: ${JSON.stringify(als.getStore())}`);
let pending = 3;
const done = () => { if (--pending === 0) console.log(log.sort().join('\n')); };

als.run({ id: 'read' }, () => {
  fs.open(__filename, 'r', (err, fd) => {
    seen('open');
    fs.read(fd, Buffer.alloc(8), 0, 8, 0, () => {
      seen('read');
      fs.read(fd, () => {
        seen('read (fd, cb)');
        fs.close(fd, () => { seen('close'); done(); });
      });
    });
  });
});
als.run({ id: 'exists' }, () => {
  fs.exists(__filename, (ok) => { seen(`exists ${ok}`); done(); });
});
als.run({ id: 'stream' }, () => {
  const s = fs.createReadStream(__filename, { highWaterMark: 64 });
  let chunks = 0;
  s.on('data', () => { if (chunks++ === 0) seen('stream data'); });
  s.on('end', () => seen('stream end'));
  s.on('close', () => { seen('stream close'); done(); });
});
als.run({ id: 'outside' }, () => {});
fs.read(fs.openSync(__filename, 'r'), Buffer.alloc(1), 0, 1, 0, () => seen('no store'));
