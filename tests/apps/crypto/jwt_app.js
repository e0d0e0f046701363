'use strict';
// jsonwebtoken (HS256, RS256, ES256, PS256): sign and verify under shoal, and
// verify tokens signed by Node 20 (fixtures.json). Prints one line per check
// (`shoal run`), or serves them with PORT set (serve.js): POST /sign?alg=X
// answers a token of fixtures' payload, POST /verify?alg=X a token's payload
// as JSON (401 with the error when it does not verify).
const fs = require('fs');
const path = require('path');
const jwt = require('jsonwebtoken');
const { main } = require('./serve');

const fx = require('./fixtures.json');
const keys = process.env.CRYPTO_KEYS_DIR || path.join(__dirname, '..', '..', 'js', 'fixtures', 'crypto');
const pem = (n) => fs.readFileSync(path.join(keys, n), 'utf8');
const { payload } = fx;
const SIGN_KEYS = { HS256: () => 'shoal-secret', RS256: () => pem('rsa_private.pem'), ES256: () => pem('ec_p256_private.pem'), PS256: () => pem('rsa_private.pem') };
const VERIFY_KEYS = { HS256: () => 'shoal-secret', RS256: () => pem('rsa_public.pem'), ES256: () => pem('ec_p256_public.pem'), PS256: () => pem('rsa_public.pem') };

async function checks(out) {
  const check = (label, fn) => {
    try {
      out(label, fn());
    } catch (e) {
      out(label, 'threw', e.name, e.message);
    }
  };
  // Deterministic algorithms give Node's exact token.
  check('HS256 sign', () => jwt.sign(payload, 'shoal-secret', { algorithm: 'HS256' }) === fx.hs256);
  check('RS256 sign', () => jwt.sign(payload, pem('rsa_private.pem'), { algorithm: 'RS256' }) === fx.rs256);
  check('HS256 verify', () => jwt.verify(fx.hs256, 'shoal-secret').name);
  check('RS256 verify', () => jwt.verify(fx.rs256, pem('rsa_public.pem'), { algorithms: ['RS256'] }).sub);
  check('ES256 verify node token', () => jwt.verify(fx.es256, pem('ec_p256_public.pem')).admin);
  check('PS256 verify node token', () => jwt.verify(fx.ps256, pem('rsa_public.pem')).iat);
  const es = jwt.sign(payload, pem('ec_p256_private.pem'), { algorithm: 'ES256' });
  check('ES256 round trip', () => jwt.verify(es, pem('ec_p256_public.pem')).sub);
  const ps = jwt.sign(payload, pem('rsa_private.pem'), { algorithm: 'PS256' });
  check('PS256 round trip', () => jwt.verify(ps, pem('rsa_public.pem')).sub);
  check('secret KeyObject', () => jwt.verify(fx.hs256, require('crypto').createSecretKey(Buffer.from('shoal-secret'))).sub);
  check('wrong secret', () => jwt.verify(fx.hs256, 'nope'));
  check('wrong key', () => jwt.verify(fx.rs256, pem('ec_p256_public.pem')));
  check('tampered', () => jwt.verify(fx.rs256.replace(/\.[^.]+\./, `.${Buffer.from('{"sub":"1"}').toString('base64url')}.`), pem('rsa_public.pem')));
  check('expired', () => jwt.verify(jwt.sign({ a: 1 }, 's', { expiresIn: -10 }), 's'));
  check('decode', () => JSON.stringify(jwt.decode(fx.es256, { complete: true }).header));
  const token = await new Promise((resolve) => jwt.sign(payload, pem('rsa_private.pem'), { algorithm: 'RS256' }, (err, t) => {
    out('async sign', err, t === fx.rs256);
    resolve(t);
  }));
  await new Promise((resolve) => jwt.verify(token, pem('rsa_public.pem'), (err, decoded) => {
    out('async verify', err, decoded.name);
    resolve();
  }));
}

const alg = (url) => {
  const a = url.searchParams.get('alg');
  if (!SIGN_KEYS[a]) throw new Error(`unknown alg ${a}`);
  return a;
};
main(checks, {
  'POST /sign': async ({ url }) => [200, jwt.sign(payload, SIGN_KEYS[alg(url)](), { algorithm: alg(url) })],
  'POST /verify': async ({ url, body }) => {
    try {
      return [200, JSON.stringify(jwt.verify(body.toString(), VERIFY_KEYS[alg(url)](), { algorithms: [alg(url)] }))];
    } catch (e) {
      return [401, `${e.name}: ${e.message}`];
    }
  },
});
