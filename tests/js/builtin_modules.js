// Every built-in module of Node 20 loads as `x`, `node:x` (same object),
// module.builtinModules / isBuiltin list them, unknown node: names throw
// ERR_UNKNOWN_BUILTIN_MODULE. worker_threads is left out of the listing (its
// own engineer's module). Plus the small modules: constants, punycode,
// inspector, cluster, trace_events, wasi, repl.
'use strict';
const Module = require('module');

const names = Module.builtinModules.filter((n) => n !== 'worker_threads');
console.log(names.join(' '));
for (const name of names) {
  const a = require(name);
  const b = require(`node:${name}`);
  console.log(name, typeof a, a === b, Module.isBuiltin(name), Module.isBuiltin(`node:${name}`));
}
for (const name of ['node:nope', 'node:fs/nope', 'node:internal/errors']) {
  try {
    require(name);
  } catch (e) {
    console.log(e.code, e.message);
  }
}
console.log(Module.isBuiltin('nope'), Module.isBuiltin('node:nope'), Module.isBuiltin('internal/errors'));
console.log('subpaths', require('util/types') === require('util').types,
  require('path/posix') === require('path').posix, require('path/win32') === require('path').win32,
  require('stream/promises') === require('stream').promises,
  require('fs/promises') === require('fs').promises,
  require('dns/promises') === require('dns').promises,
  require('assert/strict') === require('assert').strict,
  require('timers/promises').setTimeout !== undefined,
  require('_stream_readable') === require('stream').Readable);

const constants = require('constants');
console.log('constants', constants.ENOENT, constants.SIGINT, constants.O_RDONLY, constants.PRIORITY_LOW,
  constants.RTLD_LAZY, constants.SSL_OP_ALL !== undefined, Object.isFrozen(constants));

const punycode = require('punycode');
console.log('punycode', punycode.version, punycode.encode('mañana'), punycode.decode('maana-pta'),
  punycode.toASCII('mañana.com'), punycode.toUnicode('xn--maana-pta.com'),
  punycode.toASCII('☃-⌘.com'), punycode.toUnicode('xn----dqo34k.com'),
  punycode.toASCII('джумла@джpумлатест.bрфa'), punycode.encode('ü'), punycode.decode('tda'),
  punycode.ucs2.decode('\uD834\uDF06'), punycode.ucs2.encode([0x1D306]),
  punycode.toASCII('example.com'), punycode.encode('他们为什么不说中文'));
for (const bad of ['\x81-', 'ZZZZZZZZZZZZZZZZ', 'a-ü']) {
  try {
    punycode.decode(bad);
  } catch (e) {
    console.log(e.name, e.message);
  }
}

const inspector = require('inspector');
console.log('inspector', Object.keys(inspector).join(' '), inspector.url(), typeof inspector.console.log);
inspector.close();
for (const bad of [() => inspector.waitForDebugger(), () => new inspector.Session().post('x')]) {
  try {
    bad();
  } catch (e) {
    console.log(e.code, e.message);
  }
}
const ip = require('inspector/promises');
console.log('inspector/promises', Object.keys(ip).join(' '));

const cluster = require('cluster');
console.log('cluster', cluster.isPrimary, cluster.isMaster, cluster.isWorker, cluster.worker,
  cluster.SCHED_RR, cluster.schedulingPolicy, typeof cluster.fork, cluster instanceof require('events'));

const traceEvents = require('trace_events');
const tracing = traceEvents.createTracing({ categories: ['node.perf', 'v8'] });
console.log('trace', tracing.enabled, tracing.categories, traceEvents.getEnabledCategories());
try {
  traceEvents.createTracing({ categories: [] });
} catch (e) {
  console.log(e.code, e.message);
}

console.log('repl', typeof require('repl').start, typeof require('repl').REPLServer);
console.log('wasi', typeof require('wasi').WASI);
