'use strict';
// express and on-finished, unmodified: what they report when a client leaves
// (tests/apps/disconnect/test_disconnect_packages.py). Records per request
// id, read back with GET /log?id=ID. In a cluster (SHOAL_CLUSTER) the app is
// the exported listener; under `shoal run` it listens on port 0.
const path = require('path');
const fs = require('fs');
const express = require('express');
const onFinished = require('on-finished');

const big = path.join(__dirname, 'big.bin');
if (!fs.existsSync(big)) fs.writeFileSync(big, Buffer.alloc(32 << 20, 120));

const logs = new Map();
const arrived = new Set(); // ids whose request reached the app (not a record)
function rec(id, what) {
  if (!logs.has(id)) logs.set(id, []);
  logs.get(id).push(what);
}

const app = express();
app.get('/log', (req, res) => res.json(logs.get(req.query.id) || []));
app.get('/arrived', (req, res) => res.json(arrived.has(req.query.id)));
app.use((req, res, next) => {
  const id = req.query.id;
  arrived.add(id);
  onFinished(res, (err) => rec(id, `onFinished ${err ? err.code || err.message : 'ok'} ` +
    `finished=${res.writableFinished}`));
  // An AbortSignal tied to the response's 'close', as fetch-style handlers do.
  const ac = new AbortController();
  res.on('close', () => { if (!res.writableFinished) ac.abort(); });
  ac.signal.addEventListener('abort', () => rec(id, 'signal aborted'));
  next();
});
app.get('/hang', () => {});
app.get('/ok', (req, res) => res.send('ok'));
app.get('/file', (req, res) => {
  res.sendFile(big, (err) => rec(req.query.id, `sendFile ${err ? err.code : 'ok'}`));
});

if (process.env.SHOAL_CLUSTER) {
  module.exports = app;
} else {
  const server = app.listen(0, '127.0.0.1', () => console.log('port ' + server.address().port));
}
