'use strict';
// Native addons from npm, unmodified, behind one HTTP API:
//   better-sqlite3 (C++, node-addon-api)  CRUD on /items over a file database
//   bcrypt (node-addon-api, prebuilds)    POST /bcrypt {password}
//   @node-rs/argon2 (napi-rs)             POST /argon2 {password}
//   sharp (libvips, @img platform pkgs)   GET /thumb?w=W&h=H: a PNG made here, resized
// Run as the main script it listens on $PORT (0: any) and prints "listening on
// PORT"; required, it exports the listener (shoal start). The database is $DB_PATH.
const http = require('http');
const Database = require('better-sqlite3');
const bcrypt = require('bcrypt');
const argon2 = require('@node-rs/argon2');
const sharp = require('sharp');

const db = new Database(process.env.DB_PATH);
db.pragma('journal_mode = WAL');
db.pragma('busy_timeout = 5000');
db.exec('CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER)');
const stmt = {
  insert: db.prepare('INSERT INTO items (name, qty) VALUES (@name, @qty)'),
  all: db.prepare('SELECT * FROM items ORDER BY id'),
  get: db.prepare('SELECT * FROM items WHERE id = ?'),
  update: db.prepare('UPDATE items SET name = @name, qty = @qty WHERE id = @id'),
  remove: db.prepare('DELETE FROM items WHERE id = ?'),
};

function readJson(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      try {
        resolve(chunks.length ? JSON.parse(Buffer.concat(chunks)) : {});
      } catch (e) {
        reject(e);
      }
    });
    req.on('error', reject);
  });
}

function send(res, status, body, type = 'application/json') {
  const data = type === 'application/json' ? JSON.stringify(body) : body;
  res.writeHead(status, { 'content-type': type, 'x-pid': String(process.pid) });
  res.end(data);
}

async function items(req, res, id) {
  if (req.method === 'GET' && id === undefined) return send(res, 200, stmt.all.all());
  if (req.method === 'POST' && id === undefined) {
    const { name, qty = 0 } = await readJson(req);
    const info = stmt.insert.run({ name, qty });
    return send(res, 201, stmt.get.get(info.lastInsertRowid));
  }
  const row = stmt.get.get(id);
  if (!row) return send(res, 404, { error: 'not found' });
  if (req.method === 'GET') return send(res, 200, row);
  if (req.method === 'PUT') {
    const body = await readJson(req);
    stmt.update.run({ id, name: body.name ?? row.name, qty: body.qty ?? row.qty });
    return send(res, 200, stmt.get.get(id));
  }
  if (req.method === 'DELETE') {
    stmt.remove.run(id);
    return send(res, 204, '', 'text/plain');
  }
  return send(res, 405, { error: 'method' });
}

async function thumb(res, url) {
  const w = Number(url.searchParams.get('w') || 16);
  const h = Number(url.searchParams.get('h') || 8);
  const png = await sharp({
    create: { width: 64, height: 32, channels: 3, background: { r: 200, g: 30, b: 30 } },
  }).png().toBuffer();
  const out = await sharp(png).resize(w, h).png().toBuffer();
  const meta = await sharp(out).metadata();
  res.setHeader('x-meta', JSON.stringify([meta.format, meta.width, meta.height]));
  return send(res, 200, out, 'image/png');
}

async function handle(req, res) {
  const url = new URL(req.url, 'http://x');
  const m = /^\/items(?:\/(\d+))?$/.exec(url.pathname);
  if (m) return items(req, res, m[1] === undefined ? undefined : Number(m[1]));
  if (url.pathname === '/bcrypt' && req.method === 'POST') {
    const { password } = await readJson(req);
    const hash = await bcrypt.hash(password, 4);
    return send(res, 200, {
      prefix: hash.slice(0, 7),
      ok: await bcrypt.compare(password, hash),
      wrong: bcrypt.compareSync(`${password}x`, hash),
    });
  }
  if (url.pathname === '/argon2' && req.method === 'POST') {
    const { password } = await readJson(req);
    const hash = await argon2.hash(password);
    return send(res, 200, {
      prefix: hash.slice(0, 10),
      ok: await argon2.verify(hash, password),
      wrong: argon2.verifySync(hash, `${password}x`),
    });
  }
  if (url.pathname === '/thumb') return thumb(res, url);
  return send(res, 404, { error: 'no route' });
}

function listener(req, res) {
  handle(req, res).catch((e) => send(res, 500, { error: e.message }));
}

if (require.main === module) {
  const server = http.createServer(listener);
  server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
    console.log('listening on', server.address().port);
  });
} else {
  module.exports = listener;
}
