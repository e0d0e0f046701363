'use strict';
// events / EventTarget / AbortController cases. Prints one JSON line per
// check so the output can be diffed between node and shoal.
const EventEmitter = require('events');
const events = require('events');
const util = require('util');

const out = (label, value) => console.log(JSON.stringify([label, value]));
const errInfo = (e) => (e && typeof e === 'object') ?
  { name: e.name, code: e.code, message: e.message, isError: e instanceof Error } : { thrown: String(e) };
function attempt(label, fn) {
  try { out(label, { ok: fn() }); } catch (e) { out(label, { err: errInfo(e) }); }
}

process.on('warning', (w) => out('warning', { name: w.name, message: w.message, type: String(w.type), count: w.count }));

async function main() {
  // --- basics -------------------------------------------------------------
  const e = new EventEmitter();
  const log = [];
  out('initial', { events: Object.keys(e._events), count: e._eventsCount, max: e._maxListeners, names: e.eventNames() });
  e.on('newListener', (name, fn) => log.push(['newListener', String(name), typeof fn]));
  e.on('removeListener', (name, fn) => log.push(['removeListener', String(name), typeof fn]));
  const a = (...args) => log.push(['a', ...args]);
  const b = function(...args) { log.push(['b', this === e, ...args]); };
  e.on('x', a);
  e.prependListener('x', b);
  e.once('x', (...args) => log.push(['once', ...args]));
  e.prependOnceListener('x', () => log.push(['ponce']));
  out('emit1', e.emit('x', 1, 2));
  out('emit2', e.emit('x', 3));
  out('emitNone', e.emit('nothing'));
  out('listeners', e.listeners('x').map((f) => f === a ? 'a' : f === b ? 'b' : 'other'));
  out('listenerCount', [e.listenerCount('x'), EventEmitter.listenerCount(e, 'x'), e.listenerCount('x', a), e.listenerCount('x', () => {}), e.listenerCount('zz')]);
  out('eventNames', e.eventNames());
  e.off('x', a);
  e.removeListener('x', a);
  out('afterOff', e.listenerCount('x'));
  e.removeAllListeners('x');
  out('afterRemoveAllX', e.eventNames());
  e.removeAllListeners();
  out('afterRemoveAll', { names: e.eventNames(), count: e._eventsCount });
  out('log', log);

  // --- once wrappers / rawListeners ---------------------------------------
  const e2 = new EventEmitter();
  const f = () => {};
  e2.once('y', f);
  const raw = e2.rawListeners('y');
  out('raw', { len: raw.length, isWrapper: raw[0] !== f, inner: raw[0].listener === f, listenersUnwrapped: e2.listeners('y')[0] === f });
  raw[0]();
  out('rawCalled', e2.listenerCount('y'));
  e2.once('y', f);
  e2.removeListener('y', f);
  out('onceRemovedByOriginal', e2.listenerCount('y'));

  // --- removal during emit ------------------------------------------------
  const e3 = new EventEmitter();
  const order = [];
  const r1 = () => { order.push(1); e3.removeListener('z', r2); };
  const r2 = () => order.push(2);
  e3.on('z', r1); e3.on('z', r2);
  e3.emit('z'); e3.emit('z');
  e3.on('z', () => { order.push(3); e3.on('z', () => order.push(4)); });
  e3.emit('z');
  out('removalDuringEmit', order);

  // same listener twice, remove removes last
  const e4 = new EventEmitter();
  const calls = [];
  const g = (n) => calls.push(n);
  e4.on('q', g); e4.on('q', g); e4.once('q', g);
  e4.emit('q', 'first');
  e4.removeListener('q', g);
  e4.emit('q', 'second');
  out('duplicates', calls);

  // --- errors ---------------------------------------------------------------
  const ee = new EventEmitter();
  attempt('errorString', () => ee.emit('error', 'x'));
  attempt('errorUndefined', () => ee.emit('error'));
  attempt('errorNumber', () => ee.emit('error', 42));
  attempt('errorObject', () => ee.emit('error', { a: 1 }));
  attempt('errorError', () => ee.emit('error', new TypeError('boom')));
  try { ee.emit('error', 'ctx'); } catch (err) { out('errorContext', err.context); }
  const monitored = [];
  ee.on(EventEmitter.errorMonitor, (err) => monitored.push(err.message));
  attempt('errorMonitorThrows', () => ee.emit('error', new Error('mon')));
  ee.on('error', (err) => monitored.push('handled ' + err.message));
  attempt('errorHandled', () => ee.emit('error', new Error('h')));
  out('monitored', monitored);
  attempt('badListener', () => ee.on('x', 1));
  attempt('badListenerNull', () => ee.on('x', null));
  attempt('badListenerObj', () => ee.once('x', {}));
  attempt('badListenerStr', () => ee.prependListener('x', 'abcdefghijklmnopqrstuvwxyz1234'));
  attempt('badRemove', () => ee.removeListener('x', undefined));
  attempt('setMaxNeg', () => ee.setMaxListeners(-1));
  attempt('setMaxNaN', () => ee.setMaxListeners(NaN));
  attempt('setMaxStr', () => ee.setMaxListeners('1'));
  attempt('defaultMaxNeg', () => { EventEmitter.defaultMaxListeners = -1; });
  attempt('captureRejectionsBad', () => { EventEmitter.captureRejections = 1; });
  attempt('ctorCaptureBad', () => new EventEmitter({ captureRejections: 1 }));
  attempt('staticSetMaxBad', () => events.setMaxListeners(1, {}));
  attempt('getMaxBad', () => events.getMaxListeners(1));
  attempt('getEventListenersBad', () => events.getEventListeners(1, 'x'));

  // --- max listeners ------------------------------------------------------------
  const m = new EventEmitter();
  out('maxDefault', [m.getMaxListeners(), EventEmitter.defaultMaxListeners, events.getMaxListeners(m)]);
  for (let i = 0; i < 11; i++) m.on('leak', () => {});
  for (let i = 0; i < 12; i++) m.on('leak', () => {});
  const sym = Symbol('symEvent');
  for (let i = 0; i < 11; i++) m.on(sym, () => {});
  m.setMaxListeners(2);
  out('maxSet', m.getMaxListeners());
  for (let i = 0; i < 3; i++) m.on('small', () => {});
  m.setMaxListeners(0);
  for (let i = 0; i < 30; i++) m.on('unlimited', () => {});
  class MyEmitter extends EventEmitter {}
  const my = new MyEmitter();
  my.setMaxListeners(1);
  my.on('k', () => {}); my.on('k', () => {});
  await new Promise((r) => setTimeout(r, 5));

  // --- inheritance --------------------------------------------------------------
  function Old() { EventEmitter.call(this); this.own = 1; }
  util.inherits(Old, EventEmitter);
  const old = new Old();
  let oldCalled = 0;
  old.on('o', function() { oldCalled += (this === old) ? 1 : 100; });
  old.emit('o');
  out('oldStyle', { oldCalled, isEE: old instanceof EventEmitter, names: old.eventNames(), count: old._eventsCount });
  function Old2() { EventEmitter.init.call(this); }
  Object.setPrototypeOf(Old2.prototype, EventEmitter.prototype);
  const o2 = new Old2();
  o2.on('a', () => {});
  out('initCall', o2.listenerCount('a'));
  out('inspectEmitter', util.inspect(new EventEmitter()));
  out('subclassNames', [new MyEmitter().constructor.name, EventEmitter.name, EventEmitter.EventEmitter === EventEmitter]);
  out('exportsKeys', Object.keys(events));
  out('protoKeys', Object.getOwnPropertyNames(EventEmitter.prototype));
  out('statics', { usingDomains: events.usingDomains, capSym: String(events.captureRejectionSymbol), monitor: String(events.errorMonitor), capture: events.captureRejections });

  // --- symbols as event names --------------------------------------------------
  const se = new EventEmitter();
  const s1 = Symbol('s1');
  se.on(s1, () => {}); se.on('str', () => {});
  out('symbolNames', se.eventNames().map(String));

  // --- newListener ordering -----------------------------------------------------
  const nl = new EventEmitter();
  const nlog = [];
  let nlAdded = false;
  nl.on('newListener', (ev) => { if (ev === 'data' && !nlAdded) { nlAdded = true; nl.on('data', () => nlog.push('added-in-newListener')); } });
  nl.on('data', () => nlog.push('original'));
  nl.emit('data');
  out('newListenerOrder', nlog);

  // --- removeAllListeners with removeListener listener ----------------------
  const ra = new EventEmitter();
  const rlog = [];
  ra.on('removeListener', (n) => rlog.push(String(n)));
  ra.on('a', () => {}); ra.on('a', () => {}); ra.on('b', () => {});
  ra.removeAllListeners();
  out('removeAllOrder', rlog);

  // --- events.once --------------------------------------------------------------
  const oe = new EventEmitter();
  setTimeout(() => oe.emit('ready', 1, 2), 1);
  out('onceResolved', await events.once(oe, 'ready'));
  setTimeout(() => oe.emit('error', new Error('bad')), 1);
  try { await events.once(oe, 'ready'); } catch (err) { out('onceRejected', err.message); }
  out('onceCleanup', [oe.listenerCount('ready'), oe.listenerCount('error')]);
  setTimeout(() => oe.emit('error', new Error('direct')), 1);
  out('onceError', (await events.once(oe, 'error'))[0].message);
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 1);
  try { await events.once(oe, 'never', { signal: ac.signal }); } catch (err) { out('onceAbort', errInfo(err)); }
  try { await events.once(oe, 'never', { signal: AbortSignal.abort() }); } catch (err) { out('onceAborted', errInfo(err)); }
  try { await events.once(oe, 'never', { signal: 1 }); } catch (err) { out('onceBadSignal', errInfo(err)); }
  out('onceAbortCleanup', oe.listenerCount('never'));
  const et = new EventTarget();
  setTimeout(() => et.dispatchEvent(new Event('ping')), 1);
  const [evt] = await events.once(et, 'ping');
  out('onceEventTarget', [evt.type, evt instanceof Event]);

  // --- events.on ---------------------------------------------------------------
  const ie = new EventEmitter();
  process.nextTick(() => { ie.emit('d', 1); ie.emit('d', 2, 3); ie.emit('d', 4); });
  const got = [];
  for await (const value of events.on(ie, 'd')) {
    got.push(value);
    if (got.length === 3) break;
  }
  out('onIter', { got, left: ie.listenerCount('d'), err: ie.listenerCount('error') });
  const ie2 = new EventEmitter();
  const it2 = events.on(ie2, 'd');
  process.nextTick(() => { ie2.emit('d', 'x'); ie2.emit('error', new Error('iter-err')); });
  try {
    for await (const v of it2) out('onIterValue', v);
  } catch (err) { out('onIterError', err.message); }
  const ie3 = new EventEmitter();
  const ac3 = new AbortController();
  process.nextTick(() => { ie3.emit('d', 1); ac3.abort(); });
  try {
    for await (const v of events.on(ie3, 'd', { signal: ac3.signal })) out('onIterAbortValue', v);
  } catch (err) { out('onIterAbort', errInfo(err)); }
  const it4 = events.on(new EventEmitter(), 'd');
  out('onReturn', await it4.return());
  out('onAfterReturn', await it4.next());
  attempt('onThrowBad', () => it4.throw(1));

  // --- captureRejections ------------------------------------------------------
  const ce = new EventEmitter({ captureRejections: true });
  ce.on('evt', async () => { throw new Error('rejected'); });
  ce.on('error', (err) => out('captured', err.message));
  ce.emit('evt');
  await new Promise((r) => setTimeout(r, 5));
  const ce2 = new EventEmitter({ captureRejections: true });
  ce2[events.captureRejectionSymbol] = (err, name, ...args) => out('rejectionSymbol', [err.message, name, args]);
  ce2.on('evt', async () => { throw new Error('r2'); });
  ce2.emit('evt', 1, 2);
  await new Promise((r) => setTimeout(r, 5));

  // --- getEventListeners / setMaxListeners static ------------------------------
  const ge = new EventEmitter();
  const gl = () => {};
  ge.on('a', gl);
  out('getEventListenersEE', events.getEventListeners(ge, 'a').length);
  const gt = new EventTarget();
  const h1 = () => {}; const h2 = { handleEvent() {} };
  gt.addEventListener('a', h1); gt.addEventListener('a', h2); gt.addEventListener('a', h1);
  const gtl = events.getEventListeners(gt, 'a');
  out('getEventListenersET', [gtl.length, gtl[0] === h1, gtl[1] === h2]);
  events.setMaxListeners(1, gt);
  out('getMaxET', events.getMaxListeners(gt));
  gt.addEventListener('b', () => {}); gt.addEventListener('b', () => {});
  events.setMaxListeners(3, ge);
  out('setMaxStatic', ge.getMaxListeners());
  await new Promise((r) => setTimeout(r, 5));

  // --- EventTarget ------------------------------------------------------------
  const t = new EventTarget();
  const tlog = [];
  const L1 = function(ev) { tlog.push(['L1', this === t, ev.currentTarget === t, ev.eventPhase, ev.target === t, ev.composedPath().length]); };
  t.addEventListener('x', L1);
  t.addEventListener('x', L1);
  t.addEventListener('x', L1, true);
  t.addEventListener('x', (ev) => tlog.push(['L2', ev.currentTarget === t, ev.eventPhase]));
  t.addEventListener('x', { handleEvent(ev) { tlog.push(['H', this === t]); } });
  t.addEventListener('x', () => tlog.push(['once']), { once: true });
  const ev = new Event('x');
  out('dispatch1', t.dispatchEvent(ev));
  out('dispatch2', t.dispatchEvent(new Event('x')));
  out('afterDispatch', [ev.currentTarget, ev.eventPhase, ev.target === t, ev.isTrusted, ev.bubbles, ev.cancelable, ev.composed, ev.defaultPrevented, ev.returnValue, ev.cancelBubble]);
  t.removeEventListener('x', L1);
  t.removeEventListener('x', L1, { capture: true });
  t.dispatchEvent(new Event('x'));
  await new Promise((r) => setTimeout(r, 1));
  out('tlog', tlog);

  const ct = new EventTarget();
  ct.addEventListener('c', (e1) => e1.preventDefault());
  out('cancelable', [ct.dispatchEvent(new Event('c', { cancelable: true })), ct.dispatchEvent(new Event('c'))]);
  const pt = new EventTarget();
  pt.addEventListener('p', (e1) => e1.preventDefault(), { passive: true });
  out('passive', pt.dispatchEvent(new Event('p', { cancelable: true })));
  const st = new EventTarget();
  const slog = [];
  st.addEventListener('s', (e1) => { slog.push(1); e1.stopImmediatePropagation(); });
  st.addEventListener('s', () => slog.push(2));
  st.dispatchEvent(new Event('s'));
  const st2 = new EventTarget();
  st2.addEventListener('s', (e1) => { slog.push(3); e1.stopPropagation(); });
  st2.addEventListener('s', () => slog.push(4));
  st2.dispatchEvent(new Event('s'));
  out('stop', slog);
  const sigCtl = new AbortController();
  const sigT = new EventTarget();
  const sigLog = [];
  sigT.addEventListener('q', () => sigLog.push('q'), { signal: sigCtl.signal });
  sigT.dispatchEvent(new Event('q'));
  sigCtl.abort();
  sigT.dispatchEvent(new Event('q'));
  sigT.addEventListener('q', () => sigLog.push('never'), { signal: sigCtl.signal });
  sigT.dispatchEvent(new Event('q'));
  out('signalOption', sigLog);
  const rt = new EventTarget();
  rt.addEventListener('r', (e1) => attempt('recursion', () => rt.dispatchEvent(e1)));
  rt.dispatchEvent(new Event('r'));
  const addT = new EventTarget();
  const addLog = [];
  addT.addEventListener('a', () => { addLog.push('A'); addT.addEventListener('a', () => addLog.push('C')); });
  addT.addEventListener('a', () => addLog.push('B'));
  addT.dispatchEvent(new Event('a'));
  out('addDuringDispatch', addLog);
  const remT = new EventTarget();
  const remLog = [];
  const RB = () => remLog.push('B');
  remT.addEventListener('a', () => { remLog.push('A'); remT.removeEventListener('a', RB); });
  remT.addEventListener('a', RB);
  remT.dispatchEvent(new Event('a'));
  out('removeDuringDispatch', remLog);

  attempt('eventNoType', () => new Event());
  attempt('eventBadOpts', () => new Event('x', 1));
  attempt('eventNullOpts', () => new Event('x', null).type);
  attempt('dispatchBad', () => t.dispatchEvent(1));
  attempt('dispatchNone', () => t.dispatchEvent());
  attempt('addMissing', () => t.addEventListener('x'));
  attempt('addBadListener', () => t.addEventListener('x', 1));
  attempt('addBadOptions', () => t.addEventListener('x', () => {}, 'str'));
  attempt('addBadSignal', () => t.addEventListener('x', () => {}, { signal: 1 }));
  attempt('addSymbolType', () => t.addEventListener(Symbol('s'), () => {}));
  attempt('addNull', () => t.addEventListener('x', null));
  attempt('invalidThis', () => EventTarget.prototype.dispatchEvent.call({}, new Event('x')));
  const custom = new CustomEvent('cust', { detail: { a: 1 } });
  out('customEvent', [custom.type, custom.detail, new CustomEvent('c2').detail, custom instanceof Event]);
  out('eventProtoKeys', Object.getOwnPropertyNames(Event.prototype));
  out('eventOwnKeys', Object.keys(new Event('x')));
  out('eventConstants', [Event.NONE, Event.CAPTURING_PHASE, Event.AT_TARGET, Event.BUBBLING_PHASE]);
  out('toStringTags', [new Event('x'), new EventTarget(), new AbortController(), AbortSignal.abort(), new CustomEvent('x')].map((o) => Object.prototype.toString.call(o)));
  out('inspects', [util.inspect(new EventTarget()), util.inspect(new AbortController()), util.inspect(AbortSignal.abort()),
    util.inspect(new Event('x')).replace(/timeStamp: [\d.]+/, 'timeStamp: N')]);
  const errT = new EventTarget();
  errT.addEventListener('e', () => { throw new Error('listener-threw'); });
  errT.addEventListener('e', () => out('afterThrow', true));
  const uncaught = [];
  const onUncaught = (err) => uncaught.push(err.message);
  process.on('uncaughtException', onUncaught);
  errT.dispatchEvent(new Event('e'));
  out('syncAfterThrow', uncaught.length);
  await new Promise((r) => setTimeout(r, 5));
  process.removeListener('uncaughtException', onUncaught);
  out('uncaught', uncaught);

  // --- AbortController / AbortSignal ---------------------------------------------
  const ctl = new AbortController();
  const alog = [];
  ctl.signal.onabort = function(e1) { alog.push(['onabort', this === ctl.signal, e1.type, e1.isTrusted]); };
  ctl.signal.addEventListener('abort', (e1) => alog.push(['listener', e1.eventPhase]));
  out('signalBefore', [ctl.signal.aborted, ctl.signal.reason, typeof ctl.signal.onabort, events.getEventListeners(ctl.signal, 'abort').length]);
  ctl.abort();
  ctl.abort('again');
  out('signalAfter', { aborted: ctl.signal.aborted, reason: errInfo(ctl.signal.reason), isDOMException: ctl.signal.reason instanceof DOMException, code: ctl.signal.reason.code });
  out('alog', alog);
  attempt('throwIfAborted', () => ctl.signal.throwIfAborted());
  attempt('throwIfNotAborted', () => new AbortController().signal.throwIfAborted());
  const ctl2 = new AbortController(); ctl2.abort('why');
  out('customReason', ctl2.signal.reason);
  const ctl3 = new AbortController(); ctl3.abort(null);
  out('nullReason', ctl3.signal.reason);
  const ctl4 = new AbortController(); ctl4.abort(undefined);
  out('undefinedReason', ctl4.signal.reason.name);
  out('staticAbort', [AbortSignal.abort().aborted, AbortSignal.abort().reason.message, AbortSignal.abort(5).reason]);
  attempt('newSignal', () => new AbortSignal());
  attempt('timeoutNeg', () => AbortSignal.timeout(-1));
  attempt('timeoutFloat', () => AbortSignal.timeout(1.5));
  attempt('timeoutStr', () => AbortSignal.timeout('1'));
  attempt('anyBad', () => AbortSignal.any(1));
  attempt('anyBadItem', () => AbortSignal.any([1]));
  const ts = AbortSignal.timeout(5);
  await new Promise((r) => ts.addEventListener('abort', r));
  out('timeout', { aborted: ts.aborted, name: ts.reason.name, message: ts.reason.message, code: ts.reason.code });
  const c1 = new AbortController(); const c2 = new AbortController();
  const any = AbortSignal.any([c1.signal, c2.signal]);
  out('anyBefore', any.aborted);
  c2.abort('second'); c1.abort('first');
  out('anyAfter', [any.aborted, any.reason]);
  out('anyPreAborted', AbortSignal.any([new AbortController().signal, AbortSignal.abort('pre')]).reason);
  out('anyEmpty', AbortSignal.any([]).aborted);

  // --- DOMException ---------------------------------------------------------------
  const d = new DOMException('msg', 'NotFoundError');
  out('domException', [d.name, d.message, d.code, d instanceof Error, d instanceof DOMException, String(d), Object.keys(d), Object.prototype.toString.call(d)]);
  out('domDefaults', [new DOMException().name, new DOMException().message, new DOMException().code, new DOMException('m', 'Custom').code]);
  out('domOptions', [new DOMException('m', { name: 'TimeoutError', cause: 'c' }).cause, new DOMException('m', { name: 'TimeoutError' }).code]);
  out('domConstants', [DOMException.ABORT_ERR, DOMException.prototype.TIMEOUT_ERR, DOMException.DATA_CLONE_ERR, DOMException.INDEX_SIZE_ERR]);
  out('domStack', d.stack.split('\n')[0]);
  out('done', true);
}

main().catch((err) => out('FAILED', errInfo(err)));
