'use strict';
// The js-lib code cache (bindings/core/code_cache.c): built-ins come from the
// cache file beside shoal-runtime, and a missing, damaged, foreign or refused
// cache file only means compiling from source: scripts still run.
// Run with SHOAL_EXPOSE_INTERNALS=1; prints PASS/FAIL lines, exits 1 on a FAIL.

const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

function check(name, ok, detail) {
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${ok ? '' : `: ${detail}`}`);
  if (!ok) process.exitCode = 1;
}

const stats = () => process.binding('module').codeCacheStats();

// This process: everything it loaded came from the cache made at build time.
require('http');
require('zlib');
const own = stats();
check('cache file loaded', own.loaded, JSON.stringify(own));
check('built-ins accepted', own.accepted > 10, JSON.stringify(own));
check('none rejected, corrupt or missing',
  own.rejected === 0 && own.corrupt === 0 && own.missing === 0, JSON.stringify(own));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoal-code-cache-'));
const child = path.join(dir, 'child.js');
fs.writeFileSync(child, `
const http = require('http');
const zlib = require('zlib');
const crypto = require('crypto');
const server = http.createServer((req, res) => res.end('x'));
const data = zlib.gunzipSync(zlib.gzipSync('hello')).toString();
const hash = crypto.createHash('sha256').update(data).digest('hex').slice(0, 8);
const st = process.binding('module').codeCacheStats();
console.log(JSON.stringify({ data, hash, server: typeof server.listen, st }));
`);

function runChild(env) {
  const r = spawnSync(process.execPath, ['run', child], {
    env: { ...process.env, SHOAL_EXPOSE_INTERNALS: '1', ...env },
    encoding: 'utf8',
  });
  let out = null;
  try {
    out = JSON.parse(r.stdout);
  } catch {
    // reported below
  }
  const ran = r.status === 0 && out !== null && out.data === 'hello' &&
    out.hash === '2cf24dba' && out.server === 'function';
  return { ran, st: out && out.st, detail: `status ${r.status} ${r.stdout} ${r.stderr}` };
}

function cacheVariant(name, bytes) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

const real = fs.readFileSync(`${process.execPath}.jscache`);
// One byte changed in the middle of every blob (layout: bindings/core/code_cache.c).
const flipped = Buffer.from(real);
for (let i = 0, count = real.readUInt32LE(12); i < count; i++) {
  const entry = 72 + i * 48;
  const len = real.readUInt32LE(entry + 12);
  flipped[Number(real.readBigUInt64LE(entry + 16)) + (len >> 1)] ^= 0x5a;
}
const badVersion = Buffer.from(real);
badVersion[40] ^= 1; // the V8 version string in the header

const cases = [
  ['default cache', {}, (st) => st.loaded && st.accepted > 0 && st.rejected === 0],
  ['disabled', { SHOAL_NO_CODE_CACHE: '1' }, (st) => !st.loaded && st.accepted === 0],
  ['absent file', { SHOAL_CODE_CACHE: path.join(dir, 'none') }, (st) => !st.loaded],
  ['garbage file', { SHOAL_CODE_CACHE: cacheVariant('garbage', require('crypto').randomBytes(5000)) },
    (st) => !st.loaded],
  ['empty file', { SHOAL_CODE_CACHE: cacheVariant('empty', Buffer.alloc(0)) }, (st) => !st.loaded],
  ['truncated header', { SHOAL_CODE_CACHE: cacheVariant('short', real.subarray(0, 50)) },
    (st) => !st.loaded],
  ['truncated file', { SHOAL_CODE_CACHE: cacheVariant('half', real.subarray(0, real.length >> 1)) },
    (st) => !st.loaded],
  ['other V8 version', { SHOAL_CODE_CACHE: cacheVariant('version', badVersion) },
    (st) => !st.loaded],
  ['corrupt blobs', { SHOAL_CODE_CACHE: cacheVariant('flipped', flipped) },
    (st) => st.loaded && st.corrupt > 0 && st.rejected === 0],
  ['V8 refuses (other flags)', { SHOAL_V8_FLAGS: '--no-opt' },
    (st) => st.loaded && st.accepted === 0 && st.rejected > 0],
];
for (const [name, env, expect] of cases) {
  const { ran, st, detail } = runChild(env);
  check(`${name}: script runs`, ran, detail);
  if (ran) check(`${name}: cache use`, expect(st), JSON.stringify(st));
}

// The generator makes a cache the runtime accepts.
const made = path.join(dir, 'made.jscache');
const gen = spawnSync(process.execPath, ['run', '--build-code-cache', made], { encoding: 'utf8' });
check('generator exits 0', gen.status === 0, `${gen.status} ${gen.stderr}`);
const fresh = runChild({ SHOAL_CODE_CACHE: made });
check('generated cache: script runs', fresh.ran, fresh.detail);
if (fresh.ran) {
  check('generated cache: accepted',
    fresh.st.loaded && fresh.st.accepted > 0 && fresh.st.rejected === 0 && fresh.st.corrupt === 0,
    JSON.stringify(fresh.st));
}

// The cache holds the functions of an app's start-up (internal/code_cache.js
// exerciseStartup): loading the app's file and a server's listen and close
// do not compile lazily. V8's function events say which functions did; the
// cache is made with the same flags, or V8 would refuse it.
const logFlags = `--log-function-events --no-logfile-per-isolate --logfile=${path.join(dir, 'v8.log')}`;
const logged = path.join(dir, 'logged.jscache');
spawnSync(process.execPath, ['run', '--build-code-cache', logged],
  { env: { ...process.env, SHOAL_V8_FLAGS: logFlags } });
const app = path.join(dir, 'listen.js');
fs.writeFileSync(app, `const s = require('http').createServer(() => {});
s.listen(0, '127.0.0.1', () => s.close());
`);
fs.rmSync(path.join(dir, 'v8.log'), { force: true });
const lr = spawnSync(process.execPath, ['run', app],
  { env: { ...process.env, SHOAL_V8_FLAGS: logFlags, SHOAL_CODE_CACHE: logged }, encoding: 'utf8' });
let lazy = null;
try {
  lazy = fs.readFileSync(path.join(dir, 'v8.log'), 'utf8').split('\n')
    .filter((l) => l.startsWith('function,interpreter-lazy,')).map((l) => l.split(',')[7]);
} catch {
  // reported below
}
check('function log written', lr.status === 0 && lazy !== null, `${lr.status} ${lr.stderr}`);
if (lazy) {
  const startup = ['resolveFilename', 'tryFile', 'loadJs', 'compile', 'makeRequire',
    'readPackageScope', 'validatePort', 'makeCallbacks', 'pushLimits'];
  const compiled = startup.filter((n) => lazy.includes(n));
  check('start-up functions come from the cache', lazy.length > 0 && compiled.length === 0,
    `compiled lazily: ${compiled.join(' ')} (of ${lazy.length} lazy)`);
}

fs.rmSync(dir, { recursive: true, force: true });
