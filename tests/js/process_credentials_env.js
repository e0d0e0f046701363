// process credentials (set*id / setgroups / initgroups argument checks and
// unknown names), get*id / getgroups, process.env's symbol and descriptor
// rules, umask validation, exitCode, process.assert, _rawDebug and the
// process constructor, fs requests in process.getActiveResourcesInfo /
// _getActiveRequests.
'use strict';

function attempt(label, fn) {
  try {
    const v = fn();
    console.log(label, 'ok', v);
  } catch (e) {
    console.log(label, e.name, e.code, e.message);
  }
}

const unknown = 'no-such-user-or-group-xyzzy';
for (const name of ['setuid', 'seteuid', 'setgid', 'setegid']) {
  attempt(`${name}({})`, () => process[name]({}));
  attempt(`${name}(-1)`, () => process[name](-1));
  attempt(`${name}(unknown)`, () => process[name](unknown));
}
attempt('setgroups()', () => process.setgroups());
attempt('setgroups([1, -1])', () => process.setgroups([1, -1]));
attempt('setgroups([null])', () => process.setgroups([null]));
attempt('setgroups([1, unknown])', () => process.setgroups([1, unknown]));
attempt('initgroups(true)', () => process.initgroups(true));
attempt('initgroups(x, {})', () => process.initgroups('x', {}));
attempt('initgroups(unknown, unknown)', () => process.initgroups(unknown, unknown));
console.log('ids', [process.getuid(), process.geteuid(), process.getgid(), process.getegid()]
  .every(Number.isInteger));
console.log('groups has egid', process.getgroups().includes(process.getegid()));

const sym = Symbol('s');
console.log('env[sym]', process.env[sym], sym in process.env, delete process.env[sym]);
attempt('env[sym] = 1', () => { process.env[sym] = 1; });
attempt('env.X = sym', () => { process.env.SHOAL_TEST_X = sym; });
attempt('define value only', () => Object.defineProperty(process.env, 'SHOAL_TEST_Y', { value: 'y' }));
attempt('define accessor', () => Object.defineProperty(process.env, 'SHOAL_TEST_Y', { get() {} }));
attempt('define full', () => {
  Object.defineProperty(process.env, 'SHOAL_TEST_Y', {
    value: 42, writable: true, enumerable: true, configurable: true,
  });
  return process.env.SHOAL_TEST_Y;
});

attempt('umask({})', () => process.umask({}));
attempt("umask('999')", () => process.umask('999'));
const old = process.umask('0027');
console.log('umask round trip', process.umask(old) === 0o027);
attempt('delete exitCode', () => delete process.exitCode);
attempt('exitCode = 2.5', () => { process.exitCode = 2.5; });
console.log('constructor', process.constructor.name, process instanceof process.constructor);
attempt('assert(1)', () => process.assert(1));
attempt('assert(0, msg)', () => process.assert(0, 'msg'));
attempt('setSourceMapsEnabled(1)', () => process.setSourceMapsEnabled(1));
const fs = require('fs');
for (let i = 0; i < 3; i++) fs.stat(__filename, () => {});
console.log('fs requests in flight', process._getActiveRequests().length,
  process.getActiveResourcesInfo().filter((r) => r === 'FSReqCallback').length);
const legacyUtil = process.binding('util');
console.log('binding util', Object.keys(legacyUtil).sort().join(),
  Object.keys(legacyUtil).every((k) => legacyUtil[k] === require('util').types[k]));
process.nextTick = () => { throw new Error('no ticks'); };
process._rawDebug('raw %s %d', 'debug', 42);
