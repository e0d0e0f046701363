'use strict';
// fs.opendir / opendirSync / fs.promises.opendir and fs.Dir: read, readSync,
// close, closeSync, async iteration, a closed handle, a missing folder.
const fs = require('fs');
const os = require('os');
const path = require('path');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opendir-'));
fs.writeFileSync(path.join(dir, 'a.txt'), 'a');
fs.mkdirSync(path.join(dir, 'sub'));
fs.writeFileSync(path.join(dir, 'sub', 'b.txt'), 'b');
const show = (d) => (d === null ? 'null' : `${d.name} ${d.isDirectory() ? 'dir' : 'file'} ${d.path === dir}`);
const err = (e) => `${e.name} ${e.code} ${e.syscall || ''} ${e.message.replace(dir, 'DIR')}`;

async function main() {
  const d = fs.opendirSync(dir);
  console.log('instanceof Dir', d instanceof fs.Dir, 'path', d.path === dir);
  const names = [];
  for (let e = d.readSync(); e !== null; e = d.readSync()) names.push(show(e));
  console.log('readSync', names.sort());
  console.log('after end', d.readSync());
  d.closeSync();
  try { d.readSync(); } catch (e) { console.log('readSync closed', err(e)); }
  try { d.closeSync(); } catch (e) { console.log('closeSync closed', err(e)); }
  await d.close().catch((e) => console.log('close() closed', err(e)));
  try { await d.read(); } catch (e) { console.log('read() closed', err(e)); }
  await new Promise((resolve) => d.close((e) => { console.log('close(cb) closed', err(e)); resolve(); }));

  const d2 = await fs.promises.opendir(dir);
  const seen = [];
  for await (const e of d2) seen.push(show(e));
  console.log('for await', seen.sort());
  try { d2.closeSync(); } catch (e) { console.log('closed by iteration', err(e)); }

  await new Promise((resolve) => fs.opendir(dir, (e, d3) => {
    console.log('opendir cb', e, d3.path === dir);
    const got = [];
    const next = () => d3.read((e2, ent) => {
      if (ent === null) {
        console.log('read(cb)', e2, got.sort());
        return d3.close((e3) => { console.log('close(cb)', e3); resolve(); });
      }
      got.push(show(ent));
      next();
    });
    next();
  }));

  const missing = path.join(dir, 'nope');
  try { fs.opendirSync(missing); } catch (e) { console.log('opendirSync missing', err(e), Object.keys(e)); }
  await fs.promises.opendir(missing).catch((e) => console.log('promises missing', err(e)));
  await new Promise((resolve) => fs.opendir(missing, (e) => { console.log('cb missing', err(e), Object.keys(e)); resolve(); }));
  try { fs.opendir(dir); } catch (e) { console.log('no callback', err(e)); }
  try { fs.opendirSync(dir, { bufferSize: 0 }); } catch (e) { console.log('bufferSize 0', err(e)); }
  fs.rmSync(dir, { recursive: true });
}
main();
