// Worker: eval, uncaught errors, process.exit, terminate, SharedArrayBuffer, transfers,
// receiveMessageOnPort, env and SHARE_ENV, BroadcastChannel, argv, unref.
const { Worker, MessageChannel, receiveMessageOnPort, BroadcastChannel, SHARE_ENV } = require('worker_threads');
async function main() {
  // eval + error
  await new Promise((res) => {
    const w = new Worker('throw new TypeError("boom")', { eval: true });
    w.on('error', (e) => console.log('error:', e instanceof TypeError, e.message));
    w.on('exit', (c) => { console.log('exit', c); res(); });
  });
  // process.exit inside worker
  await new Promise((res) => {
    const w = new Worker('require("worker_threads").parentPort.postMessage("hi"); process.exit(7)', { eval: true });
    w.on('message', (m) => console.log('msg', m));
    w.on('exit', (c) => { console.log('exit', c); res(); });
  });
  // terminate an infinite loop
  {
    const w = new Worker('for(;;){}', { eval: true });
    await new Promise((r) => w.on('online', r));
    console.log('terminated with', await w.terminate());
  }
  // terminate a waiting worker
  {
    const w = new Worker('setInterval(()=>{}, 1000)', { eval: true });
    await new Promise((r) => w.on('online', r));
    console.log('terminated with', await w.terminate());
  }
  // SharedArrayBuffer + Atomics
  {
    const sab = new SharedArrayBuffer(8);
    const arr = new Int32Array(sab);
    const w = new Worker('const {workerData}=require("worker_threads"); const a=new Int32Array(workerData); Atomics.store(a,0,123); Atomics.notify(a,0);', { eval: true, workerData: sab });
    Atomics.wait(arr, 0, 0, 5000);
    console.log('sab', arr[0]);
    await new Promise((r) => w.on('exit', r));
  }
  // transfer port and ArrayBuffer
  {
    const { port1, port2 } = new MessageChannel();
    const ab = new ArrayBuffer(4);
    const w = new Worker('const {workerData}=require("worker_threads"); workerData.port.postMessage({len: workerData.ab.byteLength}); workerData.port.close()', { eval: true, workerData: { port: port2, ab }, transferList: [port2, ab] });
    console.log('detached', ab.byteLength);
    port1.on('message', (m) => console.log('via port', m));
    await new Promise((r) => port1.on('close', r));
    console.log('port closed');
  }
  // receiveMessageOnPort
  {
    const { port1, port2 } = new MessageChannel();
    port1.postMessage({ a: 1 });
    port1.postMessage(new Map([[1, 2]]));
    console.log(receiveMessageOnPort(port2), receiveMessageOnPort(port2), receiveMessageOnPort(port2));
    port1.close();
  }
  // env
  {
    process.env.FOO_WT = 'x';
    const w = new Worker('process.env.FOO_WT="y"; require("worker_threads").parentPort.postMessage(process.env.FOO_WT)', { eval: true });
    w.on('message', (m) => console.log('worker env', m));
    await new Promise((r) => w.on('exit', r));
    console.log('parent env', process.env.FOO_WT);
    const w2 = new Worker('process.env.FOO_WT="z"', { eval: true, env: SHARE_ENV });
    await new Promise((r) => w2.on('exit', r));
    console.log('parent env shared', process.env.FOO_WT);
  }
  // broadcast
  {
    const bc = new BroadcastChannel('chan');
    const w = new Worker('const bc=new BroadcastChannel("chan"); bc.onmessage=(e)=>{bc.postMessage("pong:"+e.data); bc.close();}; require("worker_threads").parentPort.postMessage("ready")', { eval: true });
    await new Promise((r) => w.once('message', r));
    bc.postMessage('ping');
    await new Promise((r) => bc.onmessage = (e) => { console.log('bc', e.data); r(); });
    bc.close();
  }
  // argv
  {
    const w = new Worker('require("worker_threads").parentPort.postMessage(process.argv.slice(2))', { eval: true, argv: ['a', 1] });
    w.on('message', (m) => console.log('argv', m));
  }
  // unref
  {
    const w = new Worker('setInterval(()=>{}, 1000)', { eval: true });
    w.unref();
  }
}
main();
