'use strict';
// The apps' two modes: with PORT unset, print the checks (`shoal run`); with
// PORT set, serve them over HTTP (each worker of a `shoal start` cluster
// calls listen(PORT) itself). Routes: GET /checks runs the app's checks and
// answers their lines; GET /pid; the app's own routes, each
// `async ({ body, url, headers }) => [status, text]` keyed 'METHOD /path',
// with body the request's raw bytes.
const http = require('http');
const util = require('util');

function main(checks, routes) {
  if (!process.env.PORT) {
    checks((...a) => console.log(...a)).catch((e) => {
      console.log('error', e);
      process.exitCode = 1;
    });
    return;
  }
  const all = {
    'GET /checks': async () => {
      const lines = [];
      await checks((...a) => lines.push(util.format(...a)));
      return [200, lines.map((l) => l + '\n').join('')];
    },
    'GET /pid': async () => [200, String(process.pid)],
    ...routes,
  };
  http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const url = new URL(req.url, 'http://x');
      const route = all[`${req.method} ${url.pathname}`];
      let status = 404;
      let text = 'not found';
      try {
        if (route) [status, text] = await route({ body: Buffer.concat(chunks), url, headers: req.headers });
      } catch (e) {
        [status, text] = [500, `${e.name}: ${e.message}`];
      }
      res.writeHead(status, { 'content-type': 'text/plain' }).end(text);
    });
  }).listen(Number(process.env.PORT), '127.0.0.1');
}

module.exports = { main };
