// AsyncLocalStorage through promises, await, timers, setImmediate,
// nextTick, queueMicrotask, net, dns and child_process callbacks;
// run/exit/enterWith/disable, AsyncResource and the id stubs.
const { AsyncLocalStorage, AsyncResource, executionAsyncId, triggerAsyncId, createHook } =
  require('async_hooks');
const net = require('net');

const als = new AsyncLocalStorage();
const results = [];
const log = (label) => results.push(`${label}: ${JSON.stringify(als.getStore())}`);

console.log('ids', typeof executionAsyncId(), typeof triggerAsyncId());
const hook = createHook({ init() {} });
console.log('hook', hook.enable() === hook, hook.disable() === hook);
console.log('outside', als.getStore());

const ret = als.run({ req: 1 }, (a, b) => {
  log('sync');
  process.nextTick(() => log('nextTick'));
  queueMicrotask(() => log('queueMicrotask'));
  Promise.resolve().then(() => log('then'));
  setImmediate(() => log('setImmediate'));
  setTimeout(() => log('setTimeout'), 1);
  const iv = setInterval(() => {
    log('setInterval');
    clearInterval(iv);
  }, 1);
  return a + b;
}, 2, 3);
console.log('run returned', ret, 'after run', als.getStore());

async function handler(id) {
  await null;
  log(`await ${id}`);
  await new Promise((resolve) => setTimeout(resolve, 2));
  log(`await timer ${id}`);
  als.run({ nested: id }, () => log(`nested ${id}`));
  log(`after nested ${id}`);
  als.exit(() => log(`exit ${id}`));
  await new Promise((resolve) => require('dns').lookup('localhost', resolve));
  log(`dns ${id}`);
  await new Promise((resolve) => require('child_process').exec('true', resolve));
  log(`exec ${id}`);
}

Promise.all([als.run({ task: 'a' }, handler, 'a'), als.run({ task: 'b' }, handler, 'b')]).then(() => {
  log('all done');
  const server = als.run({ side: 'server' }, () => net.createServer((sock) => {
    log('connection');
    sock.on('data', () => {
      log('server data');
      sock.end();
    });
  }));
  server.listen(0, '127.0.0.1', () => {
    als.run({ side: 'client' }, () => {
      const c = net.connect(server.address().port, '127.0.0.1', () => {
        log('client connect');
        c.write('x');
      });
      c.on('end', () => log('client end'));
      c.on('close', () => {
        log('client close');
        server.close(() => {
          als.enterWith({ entered: true });
          log('enterWith');
          setTimeout(() => {
            log('timer after enterWith');
            const r = als.run({ resource: 1 }, () => new AsyncResource('TEST'));
            r.runInAsyncScope(() => log('runInAsyncScope'));
            const bound = als.run({ bound: 1 }, () => AsyncResource.bind(() => log('bound fn')));
            bound();
            const snap = als.run({ snap: 1 }, () => AsyncLocalStorage.snapshot());
            snap(() => log('snapshot'));
            als.disable();
            log('disabled');
            als.run({ again: 1 }, () => log('re-enabled'));
            console.log(results.sort().join('\n'));
          }, 1);
        });
      });
    });
  });
});
