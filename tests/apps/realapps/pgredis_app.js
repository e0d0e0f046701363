'use strict';
// pg (a Pool, SCRAM login) and ioredis against the real servers the test
// started: each request reads through a Redis cache in front of a query, and
// counts itself in Redis. KEY_PREFIX keeps runs apart in one Redis.
const http = require('http');
const { Pool } = require('pg');
const Redis = require('ioredis');

const pool = new Pool({ max: 2 });
const redis = new Redis({ host: '127.0.0.1', port: Number(process.env.REDIS_PORT), lazyConnect: false });
const prefix = process.env.KEY_PREFIX || '';

async function item(id) {
  const key = `${prefix}item:${id}`;
  const hits = await redis.incr(`${prefix}hits`);
  const cached = await redis.get(key);
  if (cached) return { source: 'cache', hits, row: JSON.parse(cached) };
  const { rows } = await pool.query('SELECT id, name, price::text AS price FROM items WHERE id = $1', [id]);
  if (!rows.length) return { source: 'db', hits, row: null };
  await redis.set(key, JSON.stringify(rows[0]), 'EX', 60);
  return { source: 'db', hits, row: rows[0] };
}

async function handle(url) {
  if (url.pathname.startsWith('/item/')) return item(Number(url.pathname.slice(6)));
  if (url.pathname === '/sql-error') {
    try {
      await pool.query('SELECT * FROM no_such_table');
    } catch (err) {
      return { code: err.code, message: err.message };
    }
  }
  if (url.pathname === '/pipeline') {
    const res = await redis.pipeline().set(`${prefix}p`, 'v').get(`${prefix}p`).del(`${prefix}p`).exec();
    return { res };
  }
  if (url.pathname === '/count') {
    const { rows } = await pool.query('SELECT count(*)::int AS n, sum(price)::text AS total FROM items');
    return rows[0];
  }
  return null;
}

const server = http.createServer((req, res) => {
  handle(new URL(req.url, 'http://x')).then((out) => {
    res.writeHead(out ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(out));
  }, (err) => {
    res.writeHead(500);
    res.end(`${err.name}: ${err.message}`);
  });
});
server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
