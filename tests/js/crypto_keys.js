'use strict';
// KeyObject: createPrivateKey/createPublicKey/createSecretKey from PEM, DER,
// JWK and encrypted PEM; export in every encoding; details; equals; errors.
const crypto = require('crypto');
const fs = require('fs');
const util = require('util');

const fx = (name) => fs.readFileSync(`fixtures/crypto/${name}`);
const tryIt = (label, fn) => {
  try {
    console.log(label, fn());
  } catch (e) {
    console.log(label, 'threw', e.name, e.code, e.message);
  }
};

const rsa = crypto.createPrivateKey(fx('rsa_private.pem'));
const rsaPub = crypto.createPublicKey(rsa);
console.log(rsa.type, rsa.asymmetricKeyType, rsa.asymmetricKeyDetails, rsa.symmetricKeySize);
console.log(rsaPub.type, rsaPub.asymmetricKeyType, rsaPub.asymmetricKeyDetails);
console.log(util.inspect(rsa), util.inspect(rsaPub));
console.log('isKeyObject', util.types.isKeyObject(rsa), util.types.isKeyObject({}));
console.log(Object.prototype.toString.call(rsa), rsa instanceof crypto.KeyObject);

for (const name of ['rsa_pss_private.pem', 'ec_p256_private.pem', 'ec_p384_private.pem',
  'ec_secp256k1_private.pem', 'ed25519_private.pem', 'ed448_private.pem', 'x25519_private.pem',
  'x448_private.pem']) {
  const k = crypto.createPrivateKey(fx(name));
  const pub = crypto.createPublicKey(fx(name));
  console.log(name, k.asymmetricKeyType, k.asymmetricKeyDetails, pub.type, pub.equals(crypto.createPublicKey(k)));
  const spki = pub.export({ type: 'spki', format: 'der' });
  const pkcs8 = k.export({ type: 'pkcs8', format: 'der' });
  console.log('  spki', spki.length, spki.toString('base64').slice(0, 40));
  console.log('  pkcs8', pkcs8.length, crypto.createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).equals(k));
  console.log('  spki der', crypto.createPublicKey({ key: spki, format: 'der', type: 'spki' }).equals(pub));
  const pem = k.export({ type: 'pkcs8', format: 'pem' });
  console.log('  pem', pem === fx(name).toString());
  tryIt('  jwk', () => JSON.stringify(k.export({ format: 'jwk' })));
  tryIt('  jwk pub', () => JSON.stringify(pub.export({ format: 'jwk' })));
  tryIt('  jwk round trip', () => {
    const jwk = k.export({ format: 'jwk' });
    return crypto.createPrivateKey({ key: jwk, format: 'jwk' }).equals(k) &&
      crypto.createPublicKey({ key: jwk, format: 'jwk' }).equals(pub);
  });
}

// RSA encodings
console.log('pkcs1 pem', rsa.export({ type: 'pkcs1', format: 'pem' }) === fx('rsa_pkcs1.pem').toString());
console.log('spki pem', rsaPub.export({ type: 'spki', format: 'pem' }) === fx('rsa_public.pem').toString());
const pkcs1Pub = rsaPub.export({ type: 'pkcs1', format: 'pem' });
console.log(pkcs1Pub.split('\n')[0], crypto.createPublicKey(pkcs1Pub).equals(rsaPub));
const pkcs1Der = rsaPub.export({ type: 'pkcs1', format: 'der' });
console.log('pkcs1 der', pkcs1Der.length, crypto.createPublicKey({ key: pkcs1Der, format: 'der', type: 'pkcs1' }).equals(rsaPub));
const pkcs1PrivDer = rsa.export({ type: 'pkcs1', format: 'der' });
console.log('pkcs1 priv der', pkcs1PrivDer.length,
  crypto.createPrivateKey({ key: pkcs1PrivDer, format: 'der', type: 'pkcs1' }).equals(rsa));
console.log('from pkcs1 pem', crypto.createPrivateKey(fx('rsa_pkcs1.pem')).equals(rsa));
console.log('public from private pem', crypto.createPublicKey(fx('rsa_private.pem')).equals(rsaPub));
console.log('public from string', crypto.createPublicKey(fx('rsa_public.pem').toString()).equals(rsaPub));
const ec = crypto.createPrivateKey(fx('ec_p256_private.pem'));
console.log('sec1 pem', ec.export({ type: 'sec1', format: 'pem' }) === fx('ec_p256_sec1.pem').toString());
const sec1 = ec.export({ type: 'sec1', format: 'der' });
console.log('sec1 der', sec1.length, crypto.createPrivateKey({ key: sec1, format: 'der', type: 'sec1' }).equals(ec));

// encrypted keys
console.log('enc pkcs8', crypto.createPrivateKey({ key: fx('rsa_encrypted_pkcs8.pem'), passphrase: 'secret' }).equals(rsa));
console.log('enc pkcs1', crypto.createPrivateKey({ key: fx('rsa_encrypted_pkcs1.pem'), passphrase: Buffer.from('secret') }).equals(rsa));
for (const [cipher, type, format] of [['aes-256-cbc', 'pkcs8', 'pem'], ['aes-128-cbc', 'pkcs8', 'der'],
  ['aes-192-cbc', 'pkcs1', 'pem'], ['des-ede3-cbc', 'pkcs8', 'pem']]) {
  const out = rsa.export({ type, format, cipher, passphrase: 'pw' });
  const back = crypto.createPrivateKey({ key: out, type, format, passphrase: 'pw' });
  console.log('export encrypted', cipher, type, format, format === 'pem' ? out.split('\n')[0] : out.length > 1200, back.equals(rsa));
}
const ecEnc = ec.export({ type: 'sec1', format: 'pem', cipher: 'aes-128-cbc', passphrase: 'pw' });
console.log('sec1 encrypted', ecEnc.split('\n').slice(0, 2).join('|'), crypto.createPrivateKey({ key: ecEnc, passphrase: 'pw' }).equals(ec));

// secret keys
const sk = crypto.createSecretKey(Buffer.from('0123456789abcdef'));
console.log(sk.type, sk.symmetricKeySize, sk.asymmetricKeyType, sk.export().toString(), sk.export({ format: 'jwk' }));
console.log(util.inspect(sk), sk.equals(crypto.createSecretKey('0123456789abcdef', 'utf8')), sk.equals(rsa));
console.log(crypto.createSecretKey('00ff', 'hex').export());


// errors
tryIt('no passphrase', () => crypto.createPrivateKey(fx('rsa_encrypted_pkcs8.pem')));
tryIt('bad passphrase', () => crypto.createPrivateKey({ key: fx('rsa_encrypted_pkcs8.pem'), passphrase: 'bad' }));
tryIt('garbage private', () => crypto.createPrivateKey('garbage'));
tryIt('garbage public', () => crypto.createPublicKey('garbage'));
tryIt('private from public pem', () => crypto.createPrivateKey(fx('rsa_public.pem')));
tryIt('number', () => crypto.createPrivateKey(1));
tryIt('key object to createPrivateKey', () => crypto.createPrivateKey(rsa));
tryIt('public to createPublicKey', () => crypto.createPublicKey(rsaPub));
tryIt('secret to createPublicKey', () => crypto.createPublicKey(sk));
tryIt('bad key.key', () => crypto.createPublicKey({ key: 5 }));
tryIt('der without type', () => crypto.createPrivateKey({ key: pkcs1PrivDer, format: 'der' }));
tryIt('bad format', () => crypto.createPrivateKey({ key: 'x', format: 'xml' }));
tryIt('sec1 for rsa', () => rsa.export({ type: 'sec1', format: 'der' }));
tryIt('pkcs1 for ec', () => ec.export({ type: 'pkcs1', format: 'pem' }));
tryIt('spki for private', () => rsa.export({ type: 'spki', format: 'pem' }));
tryIt('pkcs8 for public', () => rsaPub.export({ type: 'pkcs8', format: 'pem' }));
tryIt('no type', () => rsa.export({ format: 'pem' }));
tryIt('no options', () => rsa.export());
tryIt('der pkcs1 encrypted', () => rsa.export({ type: 'pkcs1', format: 'der', cipher: 'aes-128-cbc', passphrase: 'x' }));
tryIt('unknown cipher', () => rsa.export({ type: 'pkcs8', format: 'pem', cipher: 'nope', passphrase: 'x' }));
tryIt('passphrase without cipher', () => rsa.export({ type: 'pkcs8', format: 'pem', passphrase: 'x' }));
tryIt('jwk with passphrase', () => rsa.export({ format: 'jwk', passphrase: 'x' }));
tryIt('secret bad format', () => sk.export({ format: 'pem' }));
tryIt('equals non key', () => rsa.equals({}));
tryIt('bad jwk kty', () => crypto.createPublicKey({ key: { kty: 'XX' }, format: 'jwk' }));
tryIt('bad jwk crv', () => crypto.createPublicKey({ key: { kty: 'EC', crv: 'P-999', x: 'a', y: 'b' }, format: 'jwk' }));
tryIt('bad jwk data', () => crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: 'AAAA' }, format: 'jwk' }));
tryIt('bad jwk point', () => crypto.createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'AAAA' }, format: 'jwk' }));
tryIt('jwk missing d', () => crypto.createPrivateKey({ key: { kty: 'RSA', n: 'AQAB', e: 'AQAB' }, format: 'jwk' }));
tryIt('KeyObject.from', () => crypto.KeyObject.from({}));
tryIt('createSecretKey number', () => crypto.createSecretKey(5));
// equals
console.log('equals', rsa.equals(rsa), rsa.equals(rsaPub), rsaPub.equals(crypto.createPublicKey(rsa)), ec.equals(rsa));
