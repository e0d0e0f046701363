// diagnostics_channel: channels, subscribe/unsubscribe, publish, stores
// and tracing channels.
const dc = require('diagnostics_channel');
const { AsyncLocalStorage } = require('async_hooks');

const ch = dc.channel('my-channel');
console.log(ch.name, ch.hasSubscribers, dc.hasSubscribers('my-channel'), ch === dc.channel('my-channel'));
console.log(ch instanceof dc.Channel);
const onMessage = (message, name) => console.log('received', message, name);
ch.subscribe(onMessage);
console.log('has', ch.hasSubscribers, dc.hasSubscribers('my-channel'));
ch.publish({ some: 'data' });
console.log('unsubscribe', ch.unsubscribe(onMessage), ch.unsubscribe(onMessage), ch.hasSubscribers);
ch.publish('nobody hears');

dc.subscribe('top-level', (m) => console.log('top-level got', m));
dc.channel('top-level').publish(1);
console.log('top-level unsubscribe', dc.unsubscribe('top-level', () => {}));

const sym = Symbol('sym');
console.log(typeof dc.channel(sym).name);
try {
  dc.channel(42);
} catch (e) {
  console.log(e.code, e.message);
}
try {
  ch.subscribe('nope');
} catch (e) {
  console.log(e.code);
}

const store = new AsyncLocalStorage();
const withStore = dc.channel('with-store');
withStore.bindStore(store, (data) => ({ wrapped: data }));
const r = withStore.runStores('payload', (x) => {
  console.log('inside runStores', store.getStore(), x);
  return 'result';
}, null, 'arg');
console.log('runStores returned', r, store.getStore(), withStore.unbindStore(store));

const tc = dc.tracingChannel('my-op');
console.log('tracing names', tc.start.name, tc.end.name, tc.asyncStart.name, tc.asyncEnd.name, tc.error.name);
const events = [];
const handlers = {
  start: (c) => events.push(`start ${JSON.stringify(c)}`),
  end: (c) => events.push(`end ${JSON.stringify(c)}`),
  asyncStart: (c) => events.push(`asyncStart ${JSON.stringify(c)}`),
  asyncEnd: (c) => events.push(`asyncEnd ${JSON.stringify(c)}`),
  error: (c) => events.push(`error ${c.error.message}`),
};
tc.subscribe(handlers);
console.log('traceSync', tc.traceSync((a, b) => a + b, { op: 'add' }, null, 1, 2));
try {
  tc.traceSync(() => {
    throw new Error('sync fail');
  }, { op: 'fail' });
} catch (e) {
  console.log('caught', e.message);
}
tc.traceCallback((x, cb) => setImmediate(cb, null, x * 2), -1, { op: 'cb' }, null, 21, (err, v) => {
  console.log('callback result', err, v);
  tc.tracePromise(async (v) => v + 1, { op: 'promise' }, null, 41).then((v) => {
    console.log('promise result', v);
    return tc.tracePromise(async () => {
      throw new Error('async fail');
    }, { op: 'reject' });
  }).catch((e) => {
    console.log('promise rejected', e.message);
    console.log(events.join('\n'));
    console.log('unsubscribe', tc.unsubscribe(handlers), tc.hasSubscribers);
  });
});
