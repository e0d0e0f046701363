// jose 5 (Web Crypto and KeyObject based): RS256, ES256, EdDSA JWTs, JWE
// with RSA-OAEP-256 and ECDH-ES, JWK import/export, key generation; tokens
// from Node 20 (fixtures.json) are verified/decrypted under shoal. With PORT
// set (serve.js): POST /sign?alg=X[&kid=K] answers a JWT of fixtures' payload,
// POST /verify?alg=X a JWT's payload (401 when it does not verify), POST
// /decrypt the plaintext of a compact JWE (alg from its header).
import fs from 'node:fs';
import * as jose from 'jose';
import serve from './serve.js';

const fx = JSON.parse(fs.readFileSync(new URL('./fixtures.json', import.meta.url), 'utf8'));
const dir = process.env.CRYPTO_KEYS_DIR ? new URL(`file://${process.env.CRYPTO_KEYS_DIR}/`) : new URL('../../js/fixtures/crypto/', import.meta.url);
const pem = (n) => fs.readFileSync(new URL(n, dir), 'utf8');
const dec = (b) => new TextDecoder().decode(b);

const rsa = await jose.importPKCS8(pem('rsa_private.pem'), 'RS256');
const rsaPub = await jose.importSPKI(pem('rsa_public.pem'), 'RS256');
const ec = await jose.importPKCS8(pem('ec_p256_private.pem'), 'ES256');
const ecPub = await jose.importSPKI(pem('ec_p256_public.pem'), 'ES256');
const ed = await jose.importPKCS8(pem('ed25519_private.pem'), 'EdDSA');
const edPub = await jose.importSPKI(pem('ed25519_public.pem'), 'EdDSA');

const signing = { RS256: rsa, ES256: ec, EdDSA: ed };
const verifying = { RS256: rsaPub, ES256: ecPub, EdDSA: edPub };
const decrypting = {
  'RSA-OAEP-256': () => jose.importPKCS8(pem('rsa_private.pem'), 'RSA-OAEP-256'),
  'ECDH-ES+A256KW': () => jose.importPKCS8(pem('ec_p256_private.pem'), 'ECDH-ES+A256KW'),
  'ECDH-ES': () => jose.importPKCS8(pem('x25519_private.pem'), 'ECDH-ES'),
};

async function checks(out) {
  async function check(label, fn) {
    try {
      out(label, await fn());
    } catch (e) {
      out(label, 'threw', e.code, e.message);
    }
  }
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
  await check('JWE RSA-OAEP-256', async () => dec((await jose.compactDecrypt(fx.jweRsaOaep, await decrypting['RSA-OAEP-256']())).plaintext));
  await check('JWE ECDH-ES+A256KW', async () => dec((await jose.compactDecrypt(fx.jweEcdhEs, await decrypting['ECDH-ES+A256KW']())).plaintext));
  await check('JWE X25519', async () => dec((await jose.compactDecrypt(fx.jweX25519, await decrypting['ECDH-ES']())).plaintext));
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
}

const alg = (url) => {
  const a = url.searchParams.get('alg');
  if (!signing[a]) throw new Error(`unknown alg ${a}`);
  return a;
};
serve.main(checks, {
  'POST /sign': async ({ url }) => {
    const header = { alg: alg(url), ...(url.searchParams.has('kid') && { kid: url.searchParams.get('kid') }) };
    return [200, await new jose.SignJWT(fx.payload).setProtectedHeader(header).sign(signing[header.alg])];
  },
  'POST /verify': async ({ url, body }) => {
    try {
      return [200, JSON.stringify((await jose.jwtVerify(body.toString(), verifying[alg(url)])).payload)];
    } catch (e) {
      return [401, `${e.code}: ${e.message}`];
    }
  },
  'POST /decrypt': async ({ body }) => {
    const jwe = body.toString();
    const { alg: kalg } = jose.decodeProtectedHeader(jwe);
    return [200, dec((await jose.compactDecrypt(jwe, await decrypting[kalg]())).plaintext)];
  },
});
