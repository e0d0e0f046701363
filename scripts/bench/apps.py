"""The benchmark apps, written into .bench/apps/ by bench.py.

One Node.js request listener (handler.js) serves shoal (as the config's
`app`), plain `node` (node-server.js), Node's cluster (node-cluster.js) and
Node's http2 (node-h2.js).  Bun and Deno get the same routes as a Web
`fetch` handler (fetch-handler.mjs).  node-server.js and node-cluster.js take
another request listener as an optional last argument: the framework apps
(express-app.js, koa-app.js, the apps workload) run on them too, under Node,
Bun and Deno alike.  Routes:

  GET  /        "Hello, World!" (13 bytes, text/plain)
  POST /json    parse the JSON body, answer a small computed JSON object
  GET  /big     1 MiB of application/octet-stream
  GET  /heavy   burn HEAVY_MS (200) ms of CPU in a busy loop, answer "heavy"
  GET  /light   "light"
"""

import json

# The POST body of the json workload (about 1.2 KB).
JSON_BODY = json.dumps({
    "id": 12345,
    "user": {"name": "Ada Lovelace", "email": "ada@example.com", "roles": ["admin", "dev"]},
    "items": [{"sku": "SKU-%04d" % i, "price": 9.99 + i, "qty": 1 + i % 3,
               "title": "Item number %d" % i} for i in range(12)],
    "tags": ["alpha", "beta", "gamma"],
    "note": "benchmark payload",
}, separators=(",", ":"))

HANDLER_JS = r"""'use strict';
// Shared request listener: shoal loads this file as the app, node-server.js,
// node-cluster.js and node-h2.js wrap it.
const HEAVY_MS = Number(process.env.HEAVY_MS || 200);
const BIG = Buffer.alloc(1 << 20, 120);
const HELLO = 'Hello, World!';

function api(body) {
  const items = body.items;
  let total = 0, qty = 0;
  for (const it of items) { total += it.price * it.qty; qty += it.qty; }
  return JSON.stringify({ ok: true, id: body.id, user: body.user.name,
    count: items.length, qty, total: Math.round(total * 100) / 100, tags: body.tags });
}

module.exports = function handler(req, res) {
  const url = req.url;
  if (url === '/json') {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let out;
      try { out = api(JSON.parse(Buffer.concat(chunks).toString())); }
      catch (e) { res.writeHead(400, { 'Content-Type': 'text/plain' }); res.end('bad json'); return; }
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(out) });
      res.end(out);
    });
    return;
  }
  if (url === '/big') {
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': BIG.length });
    res.end(BIG);
    return;
  }
  if (url === '/heavy') {
    const end = Date.now() + HEAVY_MS;
    let x = 0;
    while (Date.now() < end) x++;
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('heavy');
    return;
  }
  if (url === '/light') {
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': 5 });
    res.end('light');
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': HELLO.length });
  res.end(HELLO);
};
"""

NODE_SERVER_JS = r"""'use strict';
// node node-server.js PORT [APP]: one process, http.createServer with APP's
// request listener (default handler.js).
const http = require('http');
const path = require('path');
const handler = require(path.resolve(__dirname, process.argv[3] || 'handler.js'));
const port = Number(process.argv[2]);
http.createServer(handler).listen(port, '127.0.0.1');
"""

NODE_CLUSTER_JS = r"""'use strict';
// node node-cluster.js PORT WORKERS [APP]: cluster.fork() WORKERS times, each
// serving APP's request listener (default handler.js).
const cluster = require('cluster');
const http = require('http');
const path = require('path');
const port = Number(process.argv[2]);
const workers = Number(process.argv[3] || 2);
if (cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork();
} else {
  const app = require(path.resolve(__dirname, process.argv[4] || 'handler.js'));
  http.createServer(app).listen(port, '127.0.0.1');
}
"""

NODE_H2_JS = r"""'use strict';
// node node-h2.js PORT: http2.createServer (cleartext, prior knowledge), same
// handler through the compatibility API.
const http2 = require('http2');
const handler = require('./handler.js');
const port = Number(process.argv[2]);
http2.createServer({ maxSessionMemory: 100 }, handler).listen(port, '127.0.0.1');
"""

FETCH_HANDLER_JS = r"""// Web fetch handler with the same routes, for Bun and Deno.
const HEAVY_MS = 200;
const BIG = new Uint8Array(1 << 20).fill(120);

function api(body) {
  const items = body.items;
  let total = 0, qty = 0;
  for (const it of items) { total += it.price * it.qty; qty += it.qty; }
  return JSON.stringify({ ok: true, id: body.id, user: body.user.name,
    count: items.length, qty, total: Math.round(total * 100) / 100, tags: body.tags });
}

export async function handle(req) {
  const u = req.url;
  const path = u.slice(u.indexOf('/', u.indexOf('//') + 2));
  if (path === '/json') {
    let out;
    try { out = api(await req.json()); }
    catch (e) { return new Response('bad json', { status: 400 }); }
    return new Response(out, { headers: { 'Content-Type': 'application/json' } });
  }
  if (path === '/big')
    return new Response(BIG, { headers: { 'Content-Type': 'application/octet-stream' } });
  if (path === '/heavy') {
    const end = Date.now() + HEAVY_MS;
    let x = 0;
    while (Date.now() < end) x++;
    return new Response('heavy');
  }
  if (path === '/light') return new Response('light');
  return new Response('Hello, World!', { headers: { 'Content-Type': 'text/plain' } });
}
"""

BUN_SERVER_JS = r"""// bun bun-server.mjs PORT: one Bun.serve process; several share the port (reusePort).
import { handle } from './fetch-handler.mjs';
Bun.serve({ port: Number(process.argv[2]), hostname: '127.0.0.1', reusePort: true, fetch: handle });
"""

DENO_SERVER_JS = r"""// deno run --allow-net deno-server.mjs PORT: one Deno.serve.
import { handle } from './fetch-handler.mjs';
Deno.serve({ port: Number(Deno.args[0]), hostname: '127.0.0.1', onListen() {} }, handle);
"""

DENO_SERVE_JS = r"""// deno serve --parallel --port PORT deno-serve.mjs
import { handle } from './fetch-handler.mjs';
export default { fetch: handle };
"""

# The framework apps of the apps workload: npm's Express 4 and Koa 2 (from
# tests/apps/node_modules, MODULES below), each exporting a request listener
# (shoal's `app`, what node-cluster.js hands to http.createServer).
#   GET  /      "Hello World!" (res.send / ctx.body)
#   POST /json  the framework's JSON body parser (express.json(), koa-body)
#               reads JSON_BODY; the route answers a small JSON object
FRAMEWORKS = ("express", "koa")
HELLO_FW = "Hello World!"

EXPRESS_APP_JS = r"""'use strict';
// Express 4: express.json() parses the body, res.send / res.json answer.
const express = require(%(modules)s + '/express');
const app = express();
app.use(express.json());
app.get('/', (req, res) => res.send('Hello World!'));
app.post('/json', (req, res) => {
  const b = req.body;
  res.json({ ok: true, id: b.id, user: b.user.name, count: b.items.length });
});
module.exports = app;
"""

KOA_APP_JS = r"""'use strict';
// Koa 2 with @koa/router; koa-body parses the JSON body.
const Koa = require(%(modules)s + '/koa');
const Router = require(%(modules)s + '/@koa/router');
const { koaBody } = require(%(modules)s + '/koa-body');
const app = new Koa();
const router = new Router();
router.get('/', (ctx) => { ctx.body = 'Hello World!'; });
router.post('/json', koaBody(), (ctx) => {
  const b = ctx.request.body;
  ctx.body = { ok: true, id: b.id, user: b.user.name, count: b.items.length };
});
app.use(router.routes());
module.exports = app.callback();
"""

# What POST /json of both framework apps answers to JSON_BODY.
FW_JSON_ANSWER = {"ok": True, "id": 12345, "user": "Ada Lovelace", "count": 12}

POST_LUA = r"""-- wrk -s post.lua: POST the JSON body to /json.
wrk.method = "POST"
wrk.path = "/json"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [==[%s]==]
""" % JSON_BODY

# Counts responses per 100 ms bucket (wall clock) into $BUCKETS_FILE:
# "bucket_index count" lines, bucket_index = ms since the epoch / 100.
BUCKETS_LUA = r"""-- wrk -s buckets.lua: responses per 100 ms, for the reload workload.
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_ts;
int clock_gettime(int clk, bench_ts *ts);
]]
local ts = ffi.new("bench_ts")
local out = nil
local cur, n = -1, 0
local function now_bucket()
  ffi.C.clock_gettime(0, ts)
  return tonumber(ts.tv_sec) * 10 + math.floor(tonumber(ts.tv_nsec) / 100000000)
end
function response(status, headers, body)
  local b = now_bucket()
  if b ~= cur then
    if cur >= 0 then
      if out == nil then out = io.open(os.getenv("BUCKETS_FILE"), "a") end
      out:write(cur, " ", n, "\n"); out:flush()
    end
    cur, n = b, 0
  end
  if status == 200 then n = n + 1 end
end
"""

FILES = {
    "handler.js": HANDLER_JS,
    "node-server.js": NODE_SERVER_JS,
    "node-cluster.js": NODE_CLUSTER_JS,
    "node-h2.js": NODE_H2_JS,
    "fetch-handler.mjs": FETCH_HANDLER_JS,
    "bun-server.mjs": BUN_SERVER_JS,
    "deno-server.mjs": DENO_SERVER_JS,
    "deno-serve.mjs": DENO_SERVE_JS,
    "post.lua": POST_LUA,
    "buckets.lua": BUCKETS_LUA,
}


def write(folder, modules):
    """The apps into folder; the framework apps require from `modules` (a
    node_modules folder holding express, koa, @koa/router and koa-body)."""
    import os
    os.makedirs(folder, exist_ok=True)
    files = dict(FILES)
    for fw, text in (("express", EXPRESS_APP_JS), ("koa", KOA_APP_JS)):
        files[fw + "-app.js"] = text % {"modules": json.dumps(modules)}
    for name, text in files.items():
        with open(os.path.join(folder, name), "w") as f:
            f.write(text)
