'use strict';
// Warms js-lib up for `shoal-runtime run --build-code-cache FILE`
// (bindings/core/runtime.c, bindings/core/code_cache.c). Everything compiled here is
// recorded; afterwards C writes each built-in's code cache, which holds the
// functions compiled so far. So load every built-in that loads, and run the
// paths a worker takes at start-up and on its first requests, so that their
// inner functions are in the cache too. Runs in a throw-away process; the
// loop turns only for one request over loopback (exerciseRequest), after
// which the caches are written.

const moduleBinding = internalBinding('module');

// What a typical worker loads first, in the order it does.
const common = [
  'internal/worker_main', 'internal/modules/cjs', 'internal/modules/esm',
  'internal/modules/run_main', 'events', 'buffer', 'util', 'path', 'fs', 'url', 'stream',
  'net', 'http', 'https', 'crypto', 'zlib', 'console',
];

function tryRequire(name) {
  try {
    require(name);
  } catch {
    // Some built-ins need what a throw-away process lacks: a worker's IPC
    // channel, a terminal. They compile from source when loaded.
  }
}

function exercise() {
  const http = require('http');
  const server = http.createServer((req, res) => res.end('ok'));
  server.on('error', () => {});
  const url = new (require('url').URL)('http://example.com:8080/a/b?c=d&e=f#g');
  url.searchParams.get('c');
  const path = require('path');
  path.resolve(path.join('/a', 'b', '..', 'c.js'));
  const EventEmitter = require('events');
  const emitter = new EventEmitter();
  emitter.on('x', () => {});
  emitter.emit('x', 1);
  const util = require('util');
  util.inspect({ a: [1, 'b'], c: new Map([[1, 2]]) });
  util.format('%s %d %j', 'a', 1, {});
  const { Buffer } = require('buffer');
  Buffer.from('hello').toString('base64');
  Buffer.concat([Buffer.alloc(2), Buffer.from('ab', 'utf8')]).toString('hex');
  require('crypto').createHash('sha256').update('x').digest('hex');
  new TextDecoder().decode(new TextEncoder().encode('x'));
}

// What every app's start-up runs after js-lib: loading the app's file as a
// CommonJS module (resolve, stat, package scope, compile) and a server's
// listen and close. Without these their functions compile lazily, from
// source, in every worker (V8's function events: 54 of them for an app
// that listens). A throw-away file in a temporary folder; port 0 on
// loopback. Either may be impossible where the build runs: then those
// functions compile lazily, as before.
function exerciseStartup() {
  const fs = require('fs');
  const os = require('os');
  const path = require('path');
  let dir;
  try {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoal-code-cache-'));
    const file = path.join(dir, 'app.js');
    fs.writeFileSync(file, "'use strict';\nmodule.exports = require('path').basename(__filename);\n");
    // As internal/modules/run_main loads an app, but not as the main module.
    const Module = require('internal/modules/cjs');
    const resolved = Module._resolveFilename(file, null, false);
    if (require('internal/modules/esm').formatOf(resolved) === 'commonjs') {
      Module._load(resolved, null, false);
    }
  } catch {
    // No writable temporary folder.
  } finally {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
  try {
    const server = require('http').createServer(() => {});
    server.on('error', () => {});
    server.listen(0, '127.0.0.1');
    server.close();
  } catch {
    // No loopback.
  }
}

// One request over loopback, answered by an http server and read by an
// http client, then done(): the request path (the engine's callbacks,
// IncomingMessage, ServerResponse, writeHead, end, the finish queue) is
// compiled by then and goes into the cache. Without it V8's function events
// listed ~40 functions compiled lazily, from source, on every worker's
// first request. No loopback, an error or 5 s without an answer: done()
// all the same, and those functions compile lazily as before.
function exerciseRequest(done) {
  const http = require('http');
  let finished = false;
  let timer = null;
  const server = http.createServer((req, res) => {
    // req.headers is built on first use, which most apps make
    res.setHeader('Content-Type', req.headers.host ? 'text/plain' : 'text/html');
    res.end('ok');
  });
  const finish = () => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    server.close();
    done();
  };
  timer = setTimeout(finish, 5000);
  server.on('error', finish);
  server.listen(0, '127.0.0.1', () => {
    const options = { port: server.address().port, host: '127.0.0.1', agent: false };
    http.get(options, (res) => {
      res.on('data', () => {});
      res.on('end', finish);
      res.on('error', finish);
    }).on('error', finish);
  });
}

function warmUp() {
  // Deprecated and experimental built-ins warn when loaded; now that the
  // loop turns (exerciseRequest) the warnings would be printed, into the
  // build's output. This process only writes the cache.
  process.emitWarning = () => {};
  for (const name of common) require(name);
  exercise();
  exerciseStartup();
  for (const name of moduleBinding.builtinNames()) {
    // C compiles the loader with other parameters and has run it already.
    if (name !== 'internal/loader') tryRequire(name);
  }
  exerciseRequest(() => {
    process.exitCode = moduleBinding.writeCodeCache() ? 0 : 1;
  });
}

module.exports = { warmUp };
