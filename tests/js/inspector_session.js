// require('inspector').Session: in-process sessions of V8's inspector.
// post() runs its callback before it returns; errors as Node's.
'use strict';
const inspector = require('inspector');

const session = new inspector.Session();
for (const bad of [() => session.post(1), () => session.post('Runtime.evaluate', 'x'),
  () => session.post('Runtime.evaluate', {}, 'cb'), () => session.post('Runtime.evaluate')]) {
  try {
    bad();
  } catch (e) {
    console.log(e.name, e.code, e.message);
  }
}
session.connect();
try {
  session.connect();
} catch (e) {
  console.log(e.code, e.message);
}
try {
  session.connectToMainThread();
} catch (e) {
  console.log(e.code, e.message);
}
let returned = false;
session.post('Runtime.evaluate', { expression: '6 * 7', returnByValue: true }, (err, r) => {
  console.log('evaluate', err, JSON.stringify(r), 'before post returned:', !returned);
});
returned = true;
globalThis.shared = { answer: 'h\u00e9llo \u2603 \u{1F600}' };
session.post('Runtime.evaluate', { expression: 'shared.answer', returnByValue: true },
  (err, r) => console.log('unicode', r.result.value === globalThis.shared.answer));
session.post('Runtime.evaluate', { expression: 'throw new RangeError("nope")' }, (err, r) => {
  console.log('thrown', err, r.result.className, r.exceptionDetails.exception.description.split('\n')[0]);
});
session.post('No.suchMethod', (err, r) => console.log('unknown', err.code, err.message, r));
session.once('Runtime.executionContextCreated', (m) => {
  console.log('notification', m.method, typeof m.params.context.id);
});
session.on('inspectorNotification', (m) => {
  if (m.method === 'Runtime.executionContextCreated') console.log('inspectorNotification', m.method);
});
session.post('Runtime.enable', (err, r) => console.log('enabled', err, JSON.stringify(r)));
session.post('Runtime.disable');
session.post('Profiler.enable', () => {});
session.post('Profiler.start', () => {});
let sum = 0;
for (let i = 0; i < 1e5; i++) sum += i;
session.post('Profiler.stop', (err, { profile }) => {
  console.log('profile', err, Array.isArray(profile.nodes) && profile.nodes.length > 0,
    typeof profile.startTime, sum > 0);
});
session.post('HeapProfiler.collectGarbage', (err) => console.log('gc', err.name, err.code, err.message));
session.disconnect();
session.disconnect();
try {
  session.post('Runtime.evaluate', { expression: '1' });
} catch (e) {
  console.log(e.code, e.message);
}
// a new session after the first
const again = new inspector.Session();
again.connect();
again.post('Runtime.evaluate', { expression: '"again"', returnByValue: true },
  (err, r) => console.log('again', r.result.value));
again.disconnect();
console.log(typeof inspector.url(), typeof inspector.Session, typeof inspector.open);
// inspector/promises: post returns a promise
(async () => {
  const { Session } = require('inspector/promises');
  const s = new Session();
  s.connect();
  const r = await s.post('Runtime.evaluate', { expression: '[1, 2].length', returnByValue: true });
  console.log('promises', JSON.stringify(r.result));
  await s.post('No.such').catch((e) => console.log('promises rejected', e.code));
  s.disconnect();
})();
