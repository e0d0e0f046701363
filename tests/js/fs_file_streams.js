// fs.createReadStream / createWriteStream: pending until opened, 'open' with
// the descriptor, data through, the descriptor closed on destroy, an open
// error as 'error', and a stream over a given fd left open with autoClose off.
const fs = require('fs');
const os = require('os');
const path = require('path');
const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'shoal-fst-')), 'f.txt');

const w = fs.createWriteStream(file);
console.log('write pending before open:', w.pending);
w.on('open', (fd) => console.log('write open fd is a number:', typeof fd === 'number'));
w.on('ready', () => console.log('write ready, pending:', w.pending));
w.end('hello\nworld\n', () => {
  const r = fs.createReadStream(file, { encoding: 'utf8', start: 6 });
  r.on('data', (d) => console.log('read data:', JSON.stringify(d)));
  r.on('close', () => {
    console.log('read closed, fd:', r.fd, 'destroyed:', r.destroyed);
    const fd = fs.openSync(file, 'r');
    const r2 = fs.createReadStream(null, { fd, autoClose: false, end: 4 });
    console.log('given fd, pending:', r2.pending);
    r2.on('data', (d) => console.log('fd data:', d.toString()));
    r2.on('end', () => {
      console.log('fd still open:', fs.fstatSync(fd).size);
      fs.closeSync(fd);
      fs.createReadStream(path.join(file, 'nope')).on('error', (e) => {
        console.log('open error:', e.code, e.syscall);
      });
    });
  });
});
