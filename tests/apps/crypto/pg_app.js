'use strict';
// pg (node-postgres) logs in with SCRAM-SHA-256 (Web Crypto PBKDF2 + HMAC +
// SHA-256) and runs queries. Connection from PGHOST/PGPORT/PGUSER/
// PGPASSWORD/PGDATABASE (set by tests/apps/test_crypto_apps.py). With PORT
// set (serve.js): GET /sum?a=A&b=B logs in on a new connection (a SCRAM
// exchange per request) and answers the server's A + B and current_user.
const { Client, Pool } = require('pg');
const { main } = require('./serve');

async function checks(out) {
  const client = new Client();
  await client.connect();
  const r = await client.query('SELECT 1 + 1 AS two, current_user AS who');
  out('query', r.rows[0].two, r.rows[0].who === process.env.PGUSER);
  const p = await client.query('SELECT $1::text || $2::text AS s, $3::int * 2 AS n', ['sho', 'al', 21]);
  out('params', p.rows[0].s, p.rows[0].n);
  const m = await client.query("SELECT setting FROM pg_settings WHERE name = 'password_encryption'");
  out('password_encryption', m.rows[0].setting);
  await client.end();
  const pool = new Pool({ max: 2 });
  const rows = await Promise.all([1, 2, 3].map((i) => pool.query('SELECT $1::int AS i', [i])));
  out('pool', rows.map((x) => x.rows[0].i).join(','));
  await pool.end();
  const bad = new Client({ password: 'wrong' });
  try {
    await bad.connect();
    out('wrong password connected?!');
  } catch (e) {
    out('wrong password', e.code, e.message);
  }
}

main(checks, {
  'GET /sum': async ({ url }) => {
    const client = new Client();
    await client.connect();
    try {
      const r = await client.query('SELECT $1::int + $2::int AS sum, current_user AS who',
        [url.searchParams.get('a'), url.searchParams.get('b')]);
      return [200, JSON.stringify(r.rows[0])];
    } finally {
      await client.end();
    }
  },
});
