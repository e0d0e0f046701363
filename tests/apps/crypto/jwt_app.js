'use strict';
// jsonwebtoken (HS256, RS256, ES256, PS256): sign and verify under shoal, and
// verify tokens signed by Node 20 (fixtures.json). Prints one line per check.
const fs = require('fs');
const path = require('path');
const jwt = require('jsonwebtoken');

const fx = require('./fixtures.json');
const keys = process.env.CRYPTO_KEYS_DIR || path.join(__dirname, '..', '..', 'js', 'fixtures', 'crypto');
const pem = (n) => fs.readFileSync(path.join(keys, n), 'utf8');
const { payload } = fx;
const check = (label, fn) => {
  try {
    console.log(label, fn());
  } catch (e) {
    console.log(label, 'threw', e.name, e.message);
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
jwt.sign(payload, pem('rsa_private.pem'), { algorithm: 'RS256' }, (err, token) => {
  console.log('async sign', err, token === fx.rs256);
  jwt.verify(token, pem('rsa_public.pem'), (err2, decoded) => console.log('async verify', err2, decoded.name));
});
