'use strict';
// 'finish' and 'close' of responses whose bytes went out inside end(): a
// listener added right after end() still hears them, once each and in that
// order; a 'finish' listener that throws reaches 'uncaughtException' and the
// server goes on; the response's state after end() and after 'finish'; many
// responses ended in one turn each get their own events; an async handler.
const http = require('http');
const get = require('./fixtures/http_get');

const events = {};
function log(url, what) {
  (events[url] ||= []).push(what);
}

const server = http.createServer(async (req, res) => {
  const url = req.url;
  if (url === '/throw') {
    res.on('finish', () => {
      throw new Error('thrown from finish');
    });
    res.end('t');
    return;
  }
  if (url.startsWith('/async')) await null;
  res.end(url);
  log(url, `after end: finished=${res.finished} destroyed=${res.destroyed}`);
  res.on('finish', () => log(url, `finish: writableFinished=${res.writableFinished}`));
  res.on('close', () => log(url, `close: destroyed=${res.destroyed} closed=${res.closed}`));
  req.on('close', () => log(url, 'req close'));
});

process.on('uncaughtException', (err) => console.log('uncaughtException:', err.message));

server.listen(0, '127.0.0.1', async () => {
  const port = server.address().port;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  console.log(await get(port, '/one', agent));
  console.log(await get(port, '/throw', agent));
  console.log(await get(port, '/two', agent));
  const many = await Promise.all(
    Array.from({ length: 20 }, (_, i) => get(port, `/async${i}`, new http.Agent())));
  console.log(many.length, 'answered:', many.every((r, i) => r === `200 /async${i}`));
  setTimeout(() => {
    for (const url of Object.keys(events).sort()) console.log(url, events[url].join(' | '));
    agent.destroy();
    server.close(() => console.log('closed'));
  }, 100);
});
