// A worker starting its own worker (ports transferred twice), an HTTP server
// and client inside a worker thread, process.chdir refused in workers.
const { Worker, isMainThread, parentPort, threadId } = require('worker_threads');
const http = require('http');

if (isMainThread) {
  const w = new Worker(__filename);
  w.on('message', (m) => console.log('main got', m));
  w.on('exit', (c) => console.log('exit', c));
} else if (threadId === 1) {
  const inner = new Worker(__filename);
  const got = [];
  inner.on('message', (m) => got.push(m));
  inner.on('exit', (code) => {
    parentPort.postMessage(`inner said ${got.join(', ')} and exited with ${code}`);
    const srv = http.createServer((req, res) => res.end(`hi from worker ${threadId}`));
    srv.listen(0, '127.0.0.1', () => {
      http.get(`http://127.0.0.1:${srv.address().port}/`, (res) => {
        let body = '';
        res.on('data', (d) => { body += d; });
        res.on('end', () => {
          parentPort.postMessage(body);
          srv.close();
        });
      });
    });
  });
} else {
  parentPort.postMessage(`nested thread ${threadId}`);
  try {
    process.chdir('/');
  } catch (e) {
    parentPort.postMessage(`${e.name} ${e.code} ${e.message}`);
  }
}
