// A Worker on this file: workerData, messages both ways, online/exit order, threadId.
const { Worker, isMainThread, parentPort, workerData, threadId } = require('worker_threads');
if (isMainThread) {
  const w = new Worker(__filename, { workerData: { n: 41 } });
  w.on('online', () => console.log('online'));
  w.on('message', (m) => { console.log('parent got', m); if (m.done) w.postMessage('bye'); });
  w.on('error', (e) => console.log('error', e.message));
  w.on('exit', (c) => console.log('exit', c));
  console.log('main threadId', threadId, 'worker id', w.threadId);
} else {
  parentPort.postMessage({ got: workerData.n + 1, threadId });
  parentPort.on('message', (m) => { console.log('worker got', m); parentPort.close(); });
  parentPort.postMessage({ done: true });
}
