// MessageChannel, MessagePort and BroadcastChannel in one thread; globals;
// DataCloneError; markAsUntransferable; module exports.
const wt = require('worker_threads');
console.log(Object.keys(wt).sort().join(','));
console.log(wt.isMainThread, wt.threadId, wt.parentPort, wt.workerData);
console.log(typeof MessageChannel, typeof MessagePort, typeof BroadcastChannel, typeof MessageEvent);
console.log(MessageChannel === wt.MessageChannel, MessagePort === wt.MessagePort);
const { port1, port2 } = new MessageChannel();
console.log(port1 instanceof MessagePort, port1 instanceof EventTarget, Object.prototype.toString.call(port1));
try { new MessagePort(); } catch (e) { console.log(e.name, e.code); }
try { port1.postMessage(() => 1); } catch (e) { console.log(e.name, e.message); }
try { port1.postMessage({ p: port2 }); } catch (e) { console.log(e.name, e.message); }
const ab = new ArrayBuffer(8);
wt.markAsUntransferable(ab);
try { port1.postMessage(ab, [ab]); } catch (e) { console.log(e.name); }
wt.setEnvironmentData('k', 42);
console.log(wt.getEnvironmentData('k'));
const seen = [];
port2.addEventListener('message', (ev) => {
  seen.push(ev instanceof MessageEvent ? ev.data : 'not an event');
});
port1.postMessage({ date: new Date(0), re: /x/g, big: 10n, set: new Set([1]), u8: new Uint8Array([1, 2]) });
port1.postMessage('second');
port2.on('close', () => {
  console.log(JSON.stringify(seen, (k, v) => (typeof v === 'bigint' ? `${v}n` : v)));
  console.log('port2 closed');
});
port1.on('close', () => console.log('port1 closed'));
// (closed once both messages arrived: 50 ms was not always enough under
// ASan on a loaded machine)
setTimeout(function closeWhenSeen() {
  if (seen.length < 2) setTimeout(closeWhenSeen, 10);
  else port1.close();
}, 50);
const a = new BroadcastChannel('x');
const b = new BroadcastChannel('x');
b.onmessage = (ev) => {
  console.log('b got', ev.data);
  a.close();
  b.close();
};
a.postMessage({ hello: 'world' });
