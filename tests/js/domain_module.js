// domain: uncaught errors (sync in run, in timers, nextTick, promises via
// emitters), emitter 'error' events, bind, intercept, members, nesting.
'use strict';
const domain = require('domain');
const EventEmitter = require('events');

const log = (...a) => console.log(...a);
log('initial', process.domain, domain.active);

const d = domain.create();
d.on('error', (err) => {
  log('d error:', err.message, err.domain === d, err.domainThrown, err.domainEmitter !== undefined);
  steps.shift()();
});

const steps = [
  () => d.run(() => {
    log('in run', process.domain === d, domain.active === d);
    setTimeout(() => {
      log('timer in domain', process.domain === d);
      throw new Error('from timer');
    }, 1);
  }),
  () => d.run(() => {
    process.nextTick(() => { throw new Error('from nextTick'); });
  }),
  () => {
    const ee = d.run(() => new EventEmitter());
    log('member by creation', ee.domain === d);
    ee.emit('error', new Error('emitter error'));
  },
  () => {
    const ee = new EventEmitter();
    d.add(ee);
    log('members', d.members.length, d.members.includes(ee));
    d.remove(ee);
    log('removed', d.members.includes(ee), ee.domain);
    const bound = d.bind((a, b) => {
      log('bound', a, b, process.domain === d);
      throw new Error('from bound');
    });
    setImmediate(() => bound(1, 2));
  },
  () => {
    const cb = d.intercept((result) => log('intercept ok', result, process.domain === d));
    cb(null, 'value');
    cb(new Error('intercepted'));
  },
  () => d.run(() => {
    Promise.resolve().then(() => setTimeout(() => { throw new Error('after promise'); }, 1));
  }),
  () => {
    const outer = domain.create();
    const inner = domain.create();
    inner.on('error', (e) => {
      log('inner caught', e.message);
      try {
        process.setUncaughtExceptionCaptureCallback(() => {});
      } catch (err) {
        log(err.code);
      }
      log('has capture', process.hasUncaughtExceptionCaptureCallback());
    });
    outer.run(() => inner.run(() => { setTimeout(() => { throw new Error('nested'); }, 1); }));
  },
];

d.run(() => {
  throw new Error('sync in run');
});
