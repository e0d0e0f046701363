'use strict';
// fs.watch / fs.watchFile / fs.promises.watch, readv/writev, statfs, and
// file streams as Node's constructor functions (FileHandle fd, options.fs).
const fs = require('fs');
const os = require('os');
const path = require('path');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoal-watch-'));
const file = path.join(dir, 'a.txt');
fs.writeFileSync(file, 'one');

function step(name, fn) {
  return new Promise((resolve) => fn(resolve)).then(() => console.log('done', name));
}

async function main() {
  // fs.watch on a directory names the changed file.
  await step('watch', (resolve) => {
    const w = fs.watch(dir, (eventType, filename) => {
      if (filename !== 'a.txt') return;
      console.log('watch event', eventType === 'change' || eventType === 'rename', filename);
      w.close();
    });
    w.on('close', resolve);
    const t = setInterval(() => fs.writeFileSync(file, 'two'), 50);
    w.on('close', () => clearInterval(t));
  });
  try {
    fs.watch(path.join(dir, 'missing'));
  } catch (err) {
    console.log('watch missing', err.code, err.syscall, err.message.includes('missing'));
  }

  // watchFile reports the stats before and after a change.
  await step('watchFile', (resolve) => {
    const listener = (curr, prev) => {
      console.log('watchFile', curr.size, prev.size, curr instanceof fs.Stats);
      fs.unwatchFile(file, listener);
      resolve();
    };
    fs.watchFile(file, { interval: 20 }, listener);
    // Replaced whole (a rename), so no poll sees it half written.
    setTimeout(() => {
      fs.writeFileSync(`${file}.new`, 'three!');
      fs.renameSync(`${file}.new`, file);
    }, 100);
  });

  // fs.promises.watch yields the events until its signal aborts.
  const ac = new AbortController();
  const t = setInterval(() => fs.writeFileSync(file, 'four'), 50);
  try {
    for await (const { eventType, filename } of fs.promises.watch(file, { signal: ac.signal })) {
      console.log('promises.watch', eventType, filename);
      ac.abort();
    }
  } catch (err) {
    console.log('promises.watch ended', err.name, err.code);
  }
  clearInterval(t);

  // readv / writev, sync and callback.
  const fd = fs.openSync(path.join(dir, 'v.bin'), 'w+');
  console.log('writevSync', fs.writevSync(fd, [Buffer.from('ab'), Buffer.from('cde')], 0));
  const bufs = [Buffer.alloc(1), Buffer.alloc(3)];
  console.log('readvSync', fs.readvSync(fd, bufs, 1), bufs.map(String));
  await step('readv', (resolve) => fs.readv(fd, [Buffer.alloc(5)], 0, (err, n, b) => {
    console.log('readv', err, n, String(b[0]));
    resolve();
  }));
  const { bytesRead } = await require('util').promisify(fs.readv)(fd, [Buffer.alloc(2)], 3);
  console.log('promisified readv', bytesRead);
  fs.closeSync(fd);
  try {
    fs.writevSync(1, 'nope');
  } catch (err) {
    console.log('writev type', err.code);
  }

  // statfs
  const sfs = fs.statfsSync(dir);
  console.log('statfs', Object.keys(sfs).join(), sfs.bsize > 0);
  console.log('statfs bigint', typeof fs.statfsSync(dir, { bigint: true }).blocks);

  // Stream constructors are plain functions.
  const rs = fs.ReadStream(file);
  console.log('ReadStream without new', rs instanceof fs.ReadStream, rs.pending);
  rs.destroy();
  const handle = await fs.promises.open(file, 'r');
  const chunks = [];
  await step('filehandle stream', (resolve) => {
    handle.createReadStream({ encoding: 'utf8' })
      .on('data', (c) => chunks.push(c))
      .on('close', resolve);
  });
  console.log('filehandle stream', chunks.join(''));
  try {
    fs.createWriteStream(file, { fs: { open: 1 } });
  } catch (err) {
    console.log('options.fs', err.code);
  }
  console.log('Stats ctor', new fs.Stats(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0, 0, 0, 0).size);
  fs.rmSync(dir, { recursive: true });
}

main();
