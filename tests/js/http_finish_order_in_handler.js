'use strict';
// Where 'finish' of a response ended inside its 'request' handler falls
// among the handler's own ticks and microtasks (Node's comes from a nextTick
// queued by the write inside end()): microtasks queued before end(), ticks
// and microtasks queued after it, a tick queued before end(), listeners
// added after end() and from a microtask, the request's 'end', a handler
// that throws after end(), 'prefinish', and the response's state seen by
// each.
const http = require('http');
const get = require('./fixtures/http_get');

const events = {};
function log(url, what) {
  (events[url] ||= []).push(what);
}

function state(res) {
  return `finished=${res.finished} writableFinished=${res.writableFinished} ` +
    `writableEnded=${res.writableEnded} destroyed=${res.destroyed}`;
}

const server = http.createServer((req, res) => {
  const url = req.url;
  const l = (what) => log(url, what);
  if (url === '/micro-before') {
    queueMicrotask(() => l(`micro queued before end: ${state(res)}`));
    res.end('a');
    process.nextTick(() => l(`tick after end: ${state(res)}`));
    Promise.resolve().then(() => l(`micro after end: ${state(res)}`));
    res.on('finish', () => l(`finish: ${state(res)}`));
    res.on('close', () => l('close'));
  } else if (url === '/tick-before') {
    process.nextTick(() => l(`tick queued before end: ${state(res)}`));
    res.end('b');
    process.nextTick(() => l(`tick after end: ${state(res)}`));
    res.on('finish', () => l(`finish: ${state(res)}`));
  } else if (url === '/listen-later') {
    res.end('c');
    queueMicrotask(() => {
      l(`micro: ${state(res)}`);
      res.on('finish', () => l('finish (added in a microtask)'));
      res.on('close', () => l('close (added in a microtask)'));
    });
    setImmediate(() => l(`immediate: ${state(res)} socket=${res.socket === null ? 'null' : 'set'}`));
  } else if (url === '/prefinish') {
    res.on('prefinish', () => l('prefinish'));
    res.end('d', () => l('end callback'));
    l('after end');
    res.on('finish', () => l('finish'));
  } else if (url === '/req-end') {
    req.on('end', () => l(`req end: complete=${req.complete}`));
    req.on('close', () => l('req close'));
    res.end('e');
    req.resume();
    res.on('finish', () => l(`finish: complete=${req.complete}`));
    res.on('close', () => l('res close'));
  } else if (url === '/throw') {
    res.on('finish', () => l('finish'));
    res.end('f');
    process.nextTick(() => l('tick after end'));
    throw new Error('thrown after end');
  } else if (url === '/nothing') {
    res.end('g');
    setImmediate(() => l(`immediate: ${state(res)} closed=${res.closed}`));
  }
});

process.on('uncaughtException', (err) => log('/throw', `uncaughtException: ${err.message}`));

server.listen(0, '127.0.0.1', async () => {
  const port = server.address().port;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  for (const path of ['/micro-before', '/tick-before', '/listen-later', '/prefinish', '/req-end',
    '/nothing']) {
    console.log(path, await get(port, path, agent));
  }
  // (last, on a connection of its own: after a throw inside the parser's
  // execute, Node answers the connection's next request with a 400)
  console.log('/throw', await get(port, '/throw', new http.Agent()));
  setTimeout(() => {
    for (const url of Object.keys(events)) console.log(url, '\n  ' + events[url].join('\n  '));
    agent.destroy();
    server.close(() => console.log('closed'));
  }, 100);
});
