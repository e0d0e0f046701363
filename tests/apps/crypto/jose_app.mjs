// jose 5 (Web Crypto and KeyObject based): RS256, ES256, EdDSA JWTs, JWE
// with RSA-OAEP-256 and ECDH-ES, JWK import/export, key generation; tokens
// from Node 20 (fixtures.json) are verified/decrypted under shoal.
import fs from 'node:fs';
import * as jose from 'jose';

const fx = JSON.parse(fs.readFileSync(new URL('./fixtures.json', import.meta.url), 'utf8'));
const dir = process.env.CRYPTO_KEYS_DIR ? new URL(`file://${process.env.CRYPTO_KEYS_DIR}/`) : new URL('../../js/fixtures/crypto/', import.meta.url);
const pem = (n) => fs.readFileSync(new URL(n, dir), 'utf8');
const dec = (b) => new TextDecoder().decode(b);
async function check(label, fn) {
  try {
    console.log(label, await fn());
  } catch (e) {
    console.log(label, 'threw', e.code, e.message);
  }
}

const rsa = await jose.importPKCS8(pem('rsa_private.pem'), 'RS256');
const rsaPub = await jose.importSPKI(pem('rsa_public.pem'), 'RS256');
const ec = await jose.importPKCS8(pem('ec_p256_private.pem'), 'ES256');
const ecPub = await jose.importSPKI(pem('ec_p256_public.pem'), 'ES256');
const ed = await jose.importPKCS8(pem('ed25519_private.pem'), 'EdDSA');
const edPub = await jose.importSPKI(pem('ed25519_public.pem'), 'EdDSA');

await check('RS256 sign', async () => (await new jose.SignJWT(fx.payload).setProtectedHeader({ alg: 'RS256', kid: 'r1' }).sign(rsa)) === fx.joseRs256);
await check('EdDSA sign', async () => (await new jose.SignJWT(fx.payload).setProtectedHeader({ alg: 'EdDSA' }).sign(ed)) === fx.joseEdDSA);
await check('RS256 verify', async () => JSON.stringify((await jose.jwtVerify(fx.joseRs256, rsaPub)).protectedHeader));
await check('ES256 verify', async () => (await jose.jwtVerify(fx.joseEs256, ecPub)).payload.name);
await check('EdDSA verify', async () => (await jose.jwtVerify(fx.joseEdDSA, edPub)).payload.sub);
await check('ES256 round trip', async () => {
  const t = await new jose.SignJWT({ x: 1 }).setProtectedHeader({ alg: 'ES256' }).setIssuedAt().setExpirationTime('2h').sign(ec);
  return (await jose.jwtVerify(t, ecPub)).payload.x;
});
await check('wrong key', () => jose.jwtVerify(fx.joseRs256, ecPub));
await check('bad signature', () => jose.jwtVerify(fx.joseEdDSA.slice(0, -4) + 'AAAA', edPub));
await check('JWE RSA-OAEP-256', async () => dec((await jose.compactDecrypt(fx.jweRsaOaep, await jose.importPKCS8(pem('rsa_private.pem'), 'RSA-OAEP-256'))).plaintext));
await check('JWE ECDH-ES+A256KW', async () => dec((await jose.compactDecrypt(fx.jweEcdhEs, await jose.importPKCS8(pem('ec_p256_private.pem'), 'ECDH-ES+A256KW'))).plaintext));
await check('JWE X25519', async () => dec((await jose.compactDecrypt(fx.jweX25519, await jose.importPKCS8(pem('x25519_private.pem'), 'ECDH-ES'))).plaintext));
await check('JWE round trip', async () => {
  const { publicKey, privateKey } = await jose.generateKeyPair('ECDH-ES+A128KW', { crv: 'P-384' });
  const jwe = await new jose.CompactEncrypt(new TextEncoder().encode('hi')).setProtectedHeader({ alg: 'ECDH-ES+A128KW', enc: 'A192GCM' }).encrypt(publicKey);
  return dec((await jose.compactDecrypt(jwe, privateKey)).plaintext);
});
await check('JWE dir A256GCM', async () => {
  const secret = new Uint8Array(32).fill(7);
  const jwe = await new jose.EncryptJWT({ a: 1 }).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).encrypt(secret);
  return (await jose.jwtDecrypt(jwe, secret)).payload.a;
});
await check('generateKeyPair', async () => {
  const out = [];
  for (const alg of ['RS256', 'PS256', 'ES256', 'ES384', 'ES512', 'EdDSA']) {
    const { publicKey, privateKey } = await jose.generateKeyPair(alg, { modulusLength: 2048 });
    const t = await new jose.SignJWT({ alg }).setProtectedHeader({ alg }).sign(privateKey);
    out.push((await jose.jwtVerify(t, publicKey)).payload.alg);
  }
  return out.join(',');
});
await check('exportJWK', async () => JSON.stringify(await jose.exportJWK(edPub)));
await check('thumbprint', async () => jose.calculateJwkThumbprint(await jose.exportJWK(rsaPub)));
await check('importJWK', async () => {
  const jwk = await jose.exportJWK(ec);
  const key = await jose.importJWK(jwk, 'ES256');
  const t = await new jose.SignJWT({}).setProtectedHeader({ alg: 'ES256' }).sign(key);
  return (await jose.jwtVerify(t, await jose.importJWK({ ...jwk, d: undefined }, 'ES256'))).protectedHeader.alg;
});
await check('HS256 secret', async () => {
  const secret = new TextEncoder().encode('shoal-secret');
  const t = await new jose.SignJWT(fx.payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(secret);
  return t === fx.hs256;
});
