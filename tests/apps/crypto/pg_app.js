'use strict';
// pg (node-postgres) logs in with SCRAM-SHA-256 (Web Crypto PBKDF2 + HMAC +
// SHA-256) and runs queries. Connection from PGHOST/PGPORT/PGUSER/
// PGPASSWORD/PGDATABASE (set by tests/apps/test_crypto_apps.py).
const { Client, Pool } = require('pg');

(async () => {
  const client = new Client();
  await client.connect();
  const r = await client.query('SELECT 1 + 1 AS two, current_user AS who');
  console.log('query', r.rows[0].two, r.rows[0].who === process.env.PGUSER);
  const p = await client.query('SELECT $1::text || $2::text AS s, $3::int * 2 AS n', ['sho', 'al', 21]);
  console.log('params', p.rows[0].s, p.rows[0].n);
  const m = await client.query("SELECT setting FROM pg_settings WHERE name = 'password_encryption'");
  console.log('password_encryption', m.rows[0].setting);
  await client.end();
  const pool = new Pool({ max: 2 });
  const rows = await Promise.all([1, 2, 3].map((i) => pool.query('SELECT $1::int AS i', [i])));
  console.log('pool', rows.map((x) => x.rows[0].i).join(','));
  await pool.end();
  const bad = new Client({ password: 'wrong' });
  try {
    await bad.connect();
    console.log('wrong password connected?!');
  } catch (e) {
    console.log('wrong password', e.code, e.message);
  }
})().catch((e) => {
  console.log('error', e);
  process.exitCode = 1;
});
