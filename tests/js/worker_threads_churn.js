// 60 workers started, asked something and terminated one after another: each
// answers, each ends with code 1, and the process does not grow with them
// (a terminated worker frees its isolate and its loop).
const { Worker } = require('worker_threads');
const N = 60;
let rss0;
async function one(i) {
  const w = new Worker('const { parentPort } = require("worker_threads");' +
    'parentPort.on("message", (m) => parentPort.postMessage(m * 2)); setInterval(() => {}, 1000);',
  { eval: true });
  const got = await new Promise((resolve) => {
    w.once('message', resolve);
    w.postMessage(i);
  });
  const code = await w.terminate();
  return got === i * 2 && code === 1;
}
(async () => {
  let ok = 0;
  for (let i = 0; i < N; i++) {
    if (await one(i)) ok++;
    if (i === 9) rss0 = process.memoryUsage().rss;
  }
  const grewMiB = (process.memoryUsage().rss - rss0) / 1048576;
  console.log('answered and ended with 1:', ok, 'of', N);
  console.log('rss grew less than 40 MiB over 50 workers:', grewMiB < 40);
})();
