// Writes fixtures.json: tokens and signatures made by Node 20 (run once with
// `node make_fixtures.mjs` from a folder where jose/jsonwebtoken are
// installed; the apps verify them under shoal). Keys: tests/js/fixtures/crypto.
import fs from 'node:fs';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
const require = createRequire(process.env.APPS_MODULES || import.meta.url);
const jwt = require('jsonwebtoken');
const jose = require('jose');

const dir = new URL('../../js/fixtures/crypto/', import.meta.url);
const pem = (n) => fs.readFileSync(new URL(n, dir), 'utf8');
const payload = { sub: '42', name: 'shoal', admin: true, iat: 1700000000 };
const out = { payload };
out.hs256 = jwt.sign(payload, 'shoal-secret', { algorithm: 'HS256' });
out.rs256 = jwt.sign(payload, pem('rsa_private.pem'), { algorithm: 'RS256' });
out.es256 = jwt.sign(payload, pem('ec_p256_private.pem'), { algorithm: 'ES256' });
out.ps256 = jwt.sign(payload, pem('rsa_private.pem'), { algorithm: 'PS256' });

const rsa = await jose.importPKCS8(pem('rsa_private.pem'), 'RS256');
const ec = await jose.importPKCS8(pem('ec_p256_private.pem'), 'ES256');
const ed = await jose.importPKCS8(pem('ed25519_private.pem'), 'EdDSA');
out.joseRs256 = await new jose.SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: 'r1' }).sign(rsa);
out.joseEs256 = await new jose.SignJWT(payload).setProtectedHeader({ alg: 'ES256' }).sign(ec);
out.joseEdDSA = await new jose.SignJWT(payload).setProtectedHeader({ alg: 'EdDSA' }).sign(ed);
const rsaPub = await jose.importSPKI(pem('rsa_public.pem'), 'RSA-OAEP-256');
out.jweRsaOaep = await new jose.CompactEncrypt(new TextEncoder().encode('secret via RSA-OAEP-256'))
  .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM' }).encrypt(rsaPub);
const ecPub = await jose.importSPKI(pem('ec_p256_public.pem'), 'ECDH-ES+A256KW');
out.jweEcdhEs = await new jose.CompactEncrypt(new TextEncoder().encode('secret via ECDH-ES'))
  .setProtectedHeader({ alg: 'ECDH-ES+A256KW', enc: 'A128CBC-HS256' }).encrypt(ecPub);
const x25519 = crypto.createPublicKey(pem('x25519_public.pem'));
out.jweX25519 = await new jose.CompactEncrypt(new TextEncoder().encode('secret via X25519'))
  .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM' }).encrypt(x25519);

// An Ed25519 webhook (Discord-style): signature over timestamp + body.
const edKey = crypto.createPrivateKey(pem('ed25519_private.pem'));
const body = JSON.stringify({ type: 1, id: 'evt_1', data: { amount: 42 } });
const timestamp = '1700000000';
out.webhook = {
  publicKeyHex: crypto.createPublicKey(edKey).export({ format: 'jwk' }).x,
  timestamp,
  body,
  signatureHex: crypto.sign(null, Buffer.from(timestamp + body), edKey).toString('hex'),
};
out.webhook.publicKeyHex = Buffer.from(out.webhook.publicKeyHex, 'base64url').toString('hex');
fs.writeFileSync(new URL('fixtures.json', import.meta.url), JSON.stringify(out, null, 2) + '\n');
