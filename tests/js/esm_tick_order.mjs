// Node evaluates an ES module graph from a promise job: at the top level of
// a module, promise jobs run before process.nextTick callbacks (the reverse
// of CommonJS). import() of a module not loaded yet runs its code only after
// the importer's ticks and promise jobs.
import './fixtures/esm-ticks/dep.mjs';

process.nextTick(() => console.log('main: tick'));
Promise.resolve().then(() => console.log('main: promise'));
queueMicrotask(() => console.log('main: microtask'));
console.log('main: top level');

const pending = import('./fixtures/esm-ticks/dynamic.mjs');
console.log('main: import() returned');
process.nextTick(() => console.log('main: tick after import()'));
Promise.resolve().then(() => console.log('main: promise after import()'));

const ns = await pending;
console.log('dynamic namespace:', ns.loaded);
