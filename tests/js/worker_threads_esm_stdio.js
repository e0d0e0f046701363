// Workers: an ES module by file URL, stdout/stderr options, error properties,
// bad paths, resourceLimits, process.exitCode and the exit event inside.
const { Worker } = require('worker_threads');
const path = require('path');
const { pathToFileURL } = require('url');
(async () => {
  const w = new Worker(pathToFileURL(path.join(__dirname, 'fixtures', 'worker_esm.mjs')), { workerData: [1, 2] });
  console.log(await new Promise((r) => w.on('message', r)));
  await new Promise((r) => w.on('exit', r));
  const w2 = new Worker('console.log("to parent stdout"); process.stdout.write("raw\\n"); console.error("err line")', { eval: true, stdout: true, stderr: true });
  let out = '', err = '';
  w2.stdout.on('data', (d) => out += d);
  w2.stderr.on('data', (d) => err += d);
  await new Promise((r) => w2.on('exit', r));
  await new Promise((r) => setImmediate(r));
  console.log(JSON.stringify(out), JSON.stringify(err));
  const w3 = new Worker('const e = new RangeError("bad"); e.code = "E_X"; throw e', { eval: true });
  const e = await new Promise((r) => w3.on('error', r));
  console.log(e.name, e.message, e.code, e instanceof RangeError, typeof e.stack);
  try { new Worker('x.js'); } catch (e) { console.log(e.code); }
  // Chained, not raced: the missing file's error comes before the next worker.
  try {
    const nope = new Worker(path.join(__dirname, 'nope.js'));
    console.log('nope', (await new Promise((r) => nope.on('error', r))).code);
  } catch (e) { console.log('sync', e.code); }
  const w4 = new Worker('require("worker_threads").parentPort.postMessage(require("worker_threads").resourceLimits)', { eval: true, resourceLimits: { maxOldGenerationSizeMb: 64 } });
  console.log((await new Promise((r) => w4.on('message', r))).maxOldGenerationSizeMb, w4.resourceLimits.maxOldGenerationSizeMb);
  const w5 = new Worker('process.on("exit", (c) => require("worker_threads").parentPort.postMessage("exit " + c)); process.exitCode = 4', { eval: true });
  w5.on('message', (m) => console.log(m));
  w5.on('exit', (c) => console.log('w5 exit', c));
})();
