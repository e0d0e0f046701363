// Node's http2 client across a drain (tests/h2/drain.py), run by Node
// (`node drain_client.js URL OPTIONS_JSON`, the node that clients.py runs).
// Two lanes share one session: a sequential one (one request after the
// other) and a concurrent one (bursts of `burst` requests at once). Each
// lane runs `requests` requests, or until the file `stopFile` exists.
// With `reconnect`, a session that got GOAWAY is left to finish its
// streams and later requests go on a new one (what a pooling client does);
// without, the client has one session and anything else is an error.
// `idle`: one request, then nothing until GOAWAY comes (or `idle` ms).
// `retryRefused`: a stream refused (REFUSED_STREAM: never processed, safe
// to retry by RFC 9113 section 8.7) is sent again, counted in `retried`;
// nghttp2 refuses so, without sending them, the requests it had queued
// when a GOAWAY came.
// Prints one JSON line: ok, errors, goaways, sessions, retried, and per
// answer the worker pid, whether it was received while draining, and the
// app version.
'use strict';
const fs = require('fs');
const http2 = require('http2');

const url = process.argv[2];
const opt = JSON.parse(process.argv[3] || '{}');
const stats = { ok: 0, errors: [], goaways: [], sessions: 0, retried: 0, answers: {} };
const { NGHTTP2_REFUSED_STREAM } = http2.constants;
let session = null;

function connect() {
  const s = http2.connect(url);
  stats.sessions++;
  s.on('error', (e) => stats.errors.push(`session: ${e.code || e.message}`));
  s.on('goaway', (code, last) => {
    stats.goaways.push({ code, last, at: Date.now() });
    if (session === s) session = null;
  });
  return s;
}

function current() {
  if (session && !session.closed && !session.destroyed) return session;
  if (stats.sessions > 0 && !opt.reconnect) throw new Error('the one session is gone');
  session = connect();
  return session;
}

function request(path) {
  return new Promise((resolve) => {
    let settled = false;
    const done = (err) => {
      if (settled) return;
      settled = true;
      if (err === 'refused' && opt.retryRefused) {
        stats.retried++;
        return request(path).then(resolve);
      }
      if (err) stats.errors.push(`${path}: ${err}`);
      resolve();
    };
    let s;
    try {
      s = current();
    } catch (e) {
      return done(e.code || e.message);
    }
    let head = null;
    let stream;
    try {
      stream = s.request({ ':path': path });
    } catch (e) {
      return done(e.code || e.message);
    }
    stream.on('response', (h) => { head = h; });
    stream.on('data', () => {});
    stream.on('end', () => {
      if (!head || head[':status'] !== 200) return done(`status ${head && head[':status']}`);
      stats.ok++;
      const key = `${head['x-worker']} draining=${head['x-draining'] === '1'} v=${head['x-version']}`;
      stats.answers[key] = (stats.answers[key] || 0) + 1;
      done();
    });
    stream.on('error', (e) => done(stream.rstCode === NGHTTP2_REFUSED_STREAM ? 'refused' : e.code || e.message));
    stream.end();
  });
}

function more(n) {
  if (opt.stopFile) return !fs.existsSync(opt.stopFile);
  return n < opt.requests;
}

async function sequential() {
  for (let n = 0; more(n); n++) await request('/load/seq');
}

async function concurrent() {
  const burst = opt.burst || 8;
  for (let n = 0; more(n); n += burst) {
    await Promise.all(Array.from({ length: burst }, () => request('/load/burst')));
  }
}

async function idle() {
  await request('/load/idle');
  const got = new Promise((resolve) => session.once('goaway', resolve));
  console.error('idle'); // the test reloads now
  await Promise.race([got, new Promise((resolve) => setTimeout(resolve, opt.idle).unref())]);
}

(async () => {
  if (opt.idle) await idle();
  else await Promise.all([sequential(), concurrent()]);
  if (session) session.close();
  console.log(JSON.stringify(stats));
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
