// require() of ES modules, as Node 20.19+ does it (recorded with Node
// v20.20.2, where require(esm) is on by default): the namespace, __esModule
// for a default export, the "module.exports" export name, a graph importing
// CommonJS, JSON and built-ins, "type": "module" .js files, the
// "module-sync" condition, the same module records as import(), errors
// thrown again, top-level await (ERR_REQUIRE_ASYNC_MODULE) and cycles
// (ERR_REQUIRE_CYCLE_MODULE).
'use strict';
const path = require('path');
const util = require('util');

const dir = path.join(__dirname, 'fixtures', 'require-esm');
const rel = (s) => String(s).split(__dirname).join('<DIR>');
const show = (label, v) => console.log(`${label}:`, util.inspect(v));
const attempt = (label, fn) => {
  try {
    show(label, fn());
  } catch (err) {
    console.log(`${label}: threw ${err.code || err.name}: ${rel(err.message)}`);
  }
};

console.log('process.features.require_module:', process.features.require_module);
const named = require('./fixtures/require-esm/named.mjs');
show('named', named);
console.log('named: tag', Object.prototype.toString.call(named), 'extensible', Object.isExtensible(named),
  '__esModule' in named, named.add(2, 3));
console.log('named: cached', require('./fixtures/require-esm/named.mjs') === named);

const withDefault = require('./fixtures/require-esm/with-default.mjs');
show('with-default', withDefault);
console.log('with-default: keys', Object.keys(withDefault), withDefault.default());
withDefault.increment();
withDefault.increment();
console.log('with-default: live count', withDefault.count);

const greet = require('./fixtures/require-esm/module-exports.mjs');
console.log('module.exports name:', typeof greet, greet('there'));
show('own __esModule', require('./fixtures/require-esm/own-esmodule.mjs'));
show('graph', require('./fixtures/require-esm/graph.mjs').summary);
show('type module .js', require('./fixtures/require-esm/type-module/lib.js'));
const requireThere = require('module').createRequire(path.join(dir, 'noop.js'));
show('module-sync condition', requireThere('sync-pkg').flavour);
attempt('import-only package', () => requireThere('import-only'));
console.log('resolve .mjs:', rel(require.resolve('./fixtures/require-esm/named.mjs')));
console.log('require.cache has it:',
  require.cache[path.join(dir, 'named.mjs')].exports === named);

let first;
try {
  require('./fixtures/require-esm/throws.mjs');
} catch (err) {
  first = err;
  console.log('throws: first', err.message);
}
try {
  require('./fixtures/require-esm/throws.mjs');
} catch (err) {
  console.log('throws: again, same error', err === first);
}

attempt('top-level await', () => require('./fixtures/require-esm/tla.mjs'));
attempt('top-level await in a dependency', () => require('./fixtures/require-esm/tla-importer.mjs'));
attempt('require cycle', () => require('./fixtures/require-esm/cycle-esm.mjs').seen);
attempt('import cycle', () => require('./fixtures/require-esm/outer.mjs').outcome);

console.log('before order.mjs');
require('./fixtures/require-esm/order.mjs');
console.log('after order.mjs');

process.on('exit', () => console.log('exit'));
(async () => {
  const ns = await import('./fixtures/require-esm/named.mjs');
  console.log('import gives the required namespace:', ns === named);
  const wd = await import('./fixtures/require-esm/with-default.mjs');
  console.log('import sees the same live binding:', wd.count, wd.default === withDefault.default);
  const tla = await import('./fixtures/require-esm/tla.mjs');
  console.log('import of the top-level await module:', tla.value);
  attempt('require() of it once imported', () => require('./fixtures/require-esm/tla.mjs'));
  await import('./fixtures/require-esm/throws.mjs').catch((err) => {
    console.log('import of the failed module, same error:', err === first);
  });
})();
