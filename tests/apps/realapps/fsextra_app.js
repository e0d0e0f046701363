'use strict';
// fs-extra in a temp folder per request: ensureDir, outputJson, copy, move,
// readJson, pathExists, remove, and the errors it reports.
const http = require('http');
const os = require('os');
const path = require('path');
const fse = require('fs-extra');

async function tree(dir) {
  const out = [];
  async function walk(d) {
    for (const name of (await fse.readdir(d)).sort()) {
      const p = path.join(d, name);
      const st = await fse.stat(p);
      out.push(path.relative(dir, p) + (st.isDirectory() ? '/' : ` ${st.size}`));
      if (st.isDirectory()) await walk(p);
    }
  }
  await walk(dir);
  return out;
}

async function run() {
  const dir = await fse.mkdtemp(path.join(os.tmpdir(), 'shoal-fsextra-'));
  const steps = {};
  try {
    await fse.ensureDir(path.join(dir, 'a/b/c'));
    await fse.outputJson(path.join(dir, 'a/b/c/data.json'), { n: 1, list: [1, 2] }, { spaces: 2 });
    await fse.outputFile(path.join(dir, 'a/notes/readme.txt'), 'hello fs-extra\n');
    steps.afterWrite = await tree(dir);
    await fse.copy(path.join(dir, 'a'), path.join(dir, 'copy'));
    await fse.move(path.join(dir, 'copy/b/c/data.json'), path.join(dir, 'moved/data.json'));
    steps.afterCopyMove = await tree(dir);
    steps.readJson = await fse.readJson(path.join(dir, 'moved/data.json'));
    steps.exists = [await fse.pathExists(path.join(dir, 'copy/b/c/data.json')),
      await fse.pathExists(path.join(dir, 'moved/data.json'))];
    try {
      await fse.move(path.join(dir, 'a'), path.join(dir, 'moved'));
    } catch (err) {
      steps.moveOnto = err.message.replace(dir, 'DIR');
    }
    try {
      await fse.copy(path.join(dir, 'nope'), path.join(dir, 'x'));
    } catch (err) {
      steps.copyMissing = [err.code, err.syscall];
    }
    fse.ensureFileSync(path.join(dir, 'sync/empty.txt'));
    fse.writeJsonSync(path.join(dir, 'sync/s.json'), { sync: true });
    steps.sync = fse.readJsonSync(path.join(dir, 'sync/s.json'));
    await fse.emptyDir(path.join(dir, 'a/notes'));
    await fse.remove(path.join(dir, 'copy'));
    steps.afterRemove = await tree(dir);
  } finally {
    await fse.remove(dir);
  }
  steps.gone = await fse.pathExists(dir);
  return steps;
}

const server = http.createServer((req, res) => {
  if (req.url !== '/fs') {
    res.writeHead(404);
    return res.end('not found');
  }
  run().then((out) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(out));
  }, (err) => {
    res.writeHead(500);
    res.end(`${err.name}: ${err.message}`);
  });
});
server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
