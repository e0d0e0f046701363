'use strict';
// sign/verify (one-shot and streams), RSA encryption, key generation,
// diffieHellman, ECDH, DiffieHellman and primes. Only deterministic values
// are printed: deterministic signatures (RSA PKCS#1 v1.5, Ed25519, Ed448)
// from the fixture keys, verification results and lengths.
const crypto = require('crypto');
const fs = require('fs');

const fx = (name) => fs.readFileSync(`fixtures/crypto/${name}`);
const tryIt = (label, fn) => {
  try {
    console.log(label, fn());
  } catch (e) {
    console.log(label, 'threw', e.name, e.code, e.message);
  }
};
const data = Buffer.from('The quick brown fox jumps over the lazy dog');
const rsa = crypto.createPrivateKey(fx('rsa_private.pem'));
const rsaPubPem = fx('rsa_public.pem');
const ec = crypto.createPrivateKey(fx('ec_p256_private.pem'));
const ed = crypto.createPrivateKey(fx('ed25519_private.pem'));
const ed448 = crypto.createPrivateKey(fx('ed448_private.pem'));

// RSA PKCS#1 v1.5 is deterministic.
for (const alg of ['sha1', 'sha256', 'sha384', 'sha512', 'RSA-SHA256', null]) {
  const sig = crypto.sign(alg, data, rsa);
  console.log('rsa', alg, sig.toString('base64').slice(0, 48), crypto.verify(alg, data, rsaPubPem, sig));
}
const streamSig = crypto.createSign('SHA256').update('The quick brown fox ').update('jumps over the lazy dog').sign(fx('rsa_private.pem'), 'hex');
console.log('stream', streamSig === crypto.sign('sha256', data, rsa).toString('hex'));
console.log('stream verify', crypto.createVerify('RSA-SHA256').update(data).verify(rsaPubPem, streamSig, 'hex'));
console.log('tampered', crypto.verify('sha256', Buffer.from('x'), rsaPubPem, crypto.sign('sha256', data, rsa)));
const writable = crypto.createSign('sha256');
writable.write(data);
writable.end();
console.log('write()', writable.sign(rsa).equals(crypto.sign('sha256', data, rsa)));

// PSS: random salt, so only verification.
for (const saltLength of [undefined, 0, 32, crypto.constants.RSA_PSS_SALTLEN_DIGEST]) {
  const opts = { key: rsa, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength };
  const sig = crypto.sign('sha256', data, opts);
  console.log('pss', saltLength, sig.length, crypto.verify('sha256', data, { ...opts, key: crypto.createPublicKey(rsa) }, sig),
    crypto.verify('sha256', data, crypto.createPublicKey(rsa), sig));
}
const pssKey = crypto.createPrivateKey(fx('rsa_pss_private.pem'));
const pssSig = crypto.sign('sha256', data, pssKey);
console.log('rsa-pss key', pssSig.length, crypto.verify('sha256', data, crypto.createPublicKey(pssKey), pssSig));

// ECDSA
for (const dsaEncoding of ['der', 'ieee-p1363']) {
  const sig = crypto.sign('sha256', data, { key: ec, dsaEncoding });
  console.log('ecdsa', dsaEncoding, dsaEncoding === 'der' ? sig[0] : sig.length,
    crypto.verify('sha256', data, { key: crypto.createPublicKey(ec), dsaEncoding }, sig),
    crypto.verify('sha256', Buffer.from('no'), { key: ec, dsaEncoding }, sig));
}
const ecStream = crypto.createSign('sha384').update(data).sign({ key: ec, dsaEncoding: 'ieee-p1363' });
console.log('ecdsa stream', ecStream.length, crypto.createVerify('sha384').update(data).verify({ key: ec, dsaEncoding: 'ieee-p1363' }, ecStream));
const k1 = crypto.createPrivateKey(fx('ec_secp256k1_private.pem'));
console.log('secp256k1', crypto.verify('sha256', data, k1, crypto.sign('sha256', data, k1)));

// EdDSA: deterministic.
const edSig = crypto.sign(null, data, ed);
console.log('ed25519', edSig.toString('hex'), crypto.verify(null, data, fx('ed25519_public.pem'), edSig));
const ed448Sig = crypto.sign(undefined, data, ed448);
console.log('ed448', ed448Sig.toString('hex').slice(0, 64), crypto.verify(null, data, crypto.createPublicKey(ed448), ed448Sig));
// The thread-pool jobs one after another: their callbacks' order is then
// the same on every run (side by side, any may finish first).
crypto.sign(null, data, ed, (err, sig) => {
  console.log('async sign', err, sig.equals(edSig));
  crypto.verify(null, data, ed, edSig, (err, ok) => {
    console.log('async verify', err, ok);
    crypto.checkPrime(13n, (err, r) => console.log('checkPrime async', err, r));
  });
});

// RSA encryption
const rsaPub = crypto.createPublicKey(rsa);
for (const opts of [{}, { oaepHash: 'sha256' }, { oaepHash: 'sha512', oaepLabel: Buffer.from('label') },
  { padding: crypto.constants.RSA_PKCS1_PADDING }]) {
  const ct = crypto.publicEncrypt({ key: rsaPub, ...opts }, Buffer.from('secret message'));
  const dec = opts.padding ? 'n/a' : crypto.privateDecrypt({ key: rsa, ...opts }, ct).toString();
  console.log('publicEncrypt', JSON.stringify(opts.oaepHash), ct.length, dec);
}
const pe = crypto.privateEncrypt(rsa, Buffer.from('sign me'));
console.log('privateEncrypt', pe.toString('base64').slice(0, 40), crypto.publicDecrypt(rsaPubPem, pe).toString());
tryIt('privateDecrypt pkcs1', () => crypto.privateDecrypt({ key: rsa, padding: 1 }, pe));
tryIt('bad oaepHash', () => crypto.publicEncrypt({ key: rsaPub, oaepHash: 'nope' }, Buffer.from('x')));
tryIt('wrong label', () => crypto.privateDecrypt({ key: rsa, oaepLabel: Buffer.from('b') },
  crypto.publicEncrypt({ key: rsaPub, oaepLabel: Buffer.from('a') }, Buffer.from('x'))));

// key generation
for (const [type, opts] of [['rsa', { modulusLength: 1024 }], ['rsa', { modulusLength: 1024, publicExponent: 3 }],
  ['rsa-pss', { modulusLength: 1024, hashAlgorithm: 'sha256', mgf1HashAlgorithm: 'sha1', saltLength: 16 }],
  ['ec', { namedCurve: 'P-256' }], ['ec', { namedCurve: 'secp384r1' }], ['ec', { namedCurve: 'P-521' }],
  ['ec', { namedCurve: 'secp256k1' }], ['ed25519'], ['ed448'], ['x25519'], ['x448'],
  ['dh', { group: 'modp5' }], ['dh', { prime: crypto.getDiffieHellman('modp2').getPrime() }]]) {
  const { publicKey, privateKey } = crypto.generateKeyPairSync(type, opts);
  console.log('keygen', type, publicKey.type, privateKey.type, privateKey.asymmetricKeyType,
    privateKey.asymmetricKeyDetails, publicKey.equals(crypto.createPublicKey(privateKey)));
}
const enc = crypto.generateKeyPairSync('ec', {
  namedCurve: 'P-256',
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-128-cbc', passphrase: 'top' },
});
console.log('encodings', enc.publicKey.split('\n')[0], enc.privateKey.split('\n')[0],
  crypto.createPrivateKey({ key: enc.privateKey, passphrase: 'top' }).asymmetricKeyType);
const jwkPair = crypto.generateKeyPairSync('ed25519', { publicKeyEncoding: { format: 'jwk' }, privateKeyEncoding: { format: 'jwk' } });
console.log('jwk encodings', Object.keys(jwkPair.publicKey), Object.keys(jwkPair.privateKey));
tryIt('bad type', () => crypto.generateKeyPairSync('nope'));
tryIt('no options', () => crypto.generateKeyPairSync('rsa'));
tryIt('bad modulus', () => crypto.generateKeyPairSync('rsa', { modulusLength: -1 }));
tryIt('bad curve', () => crypto.generateKeyPairSync('ec', { namedCurve: 'nope' }));
tryIt('bad group', () => crypto.generateKeyPairSync('dh', { group: 'nope' }));
tryIt('dh nothing', () => crypto.generateKeyPairSync('dh', {}));
tryIt('bad encoding', () => crypto.generateKeyPairSync('ed25519', { publicKeyEncoding: 'pem' }));
tryIt('generateKey aes', () => crypto.generateKeySync('aes', { length: 256 }).symmetricKeySize);
tryIt('generateKey hmac', () => crypto.generateKeySync('hmac', { length: 123 }).symmetricKeySize);
tryIt('generateKey bad aes', () => crypto.generateKeySync('aes', { length: 100 }));
tryIt('generateKey bad type', () => crypto.generateKeySync('des', { length: 64 }));

// key agreement
const x1 = crypto.createPrivateKey(fx('x25519_private.pem'));
const x2 = crypto.generateKeyPairSync('x25519');
console.log('x25519 dh', crypto.diffieHellman({ privateKey: x1, publicKey: x2.publicKey })
  .equals(crypto.diffieHellman({ privateKey: x2.privateKey, publicKey: crypto.createPublicKey(x1) })));
tryIt('dh mismatched', () => crypto.diffieHellman({ privateKey: x1, publicKey: crypto.createPublicKey(ec) }));

const a = crypto.createECDH('prime256v1');
const b = crypto.createECDH('prime256v1');
a.setPrivateKey(crypto.createHash('sha256').update('alice').digest());
console.log('ecdh pub', a.getPublicKey('hex'));
console.log('ecdh compressed', a.getPublicKey('hex', 'compressed'));
console.log('ecdh convert', crypto.ECDH.convertKey(a.getPublicKey('hex', 'compressed'), 'prime256v1', 'hex', 'hex', 'uncompressed') === a.getPublicKey('hex'));
b.generateKeys();
console.log('ecdh secret', a.computeSecret(b.getPublicKey()).equals(b.computeSecret(a.getPublicKey('hex', 'compressed'), 'hex')));
tryIt('ecdh bad curve', () => crypto.createECDH('nope'));
tryIt('ecdh bad point', () => a.computeSecret(Buffer.from('0400', 'hex')));
tryIt('ecdh bad format', () => a.getPublicKey('hex', 'weird'));
const ecdhKey = crypto.createECDH('secp256k1');
ecdhKey.setPrivateKey(Buffer.alloc(32, 7));
console.log('secp256k1 ecdh', ecdhKey.getPublicKey('base64'));

const g = crypto.getDiffieHellman('modp14');
console.log('modp14', g.getPrime().length, g.getGenerator('hex'), g.verifyError);
const g2 = crypto.createDiffieHellmanGroup('modp14');
g.generateKeys();
g2.generateKeys();
console.log('modp secret', g.computeSecret(g2.getPublicKey()).equals(g2.computeSecret(g.getPublicKey())), g.computeSecret(g2.getPublicKey()).length);
const dh = crypto.createDiffieHellman(g.getPrime(), g.getGenerator());
console.log('createDiffieHellman', dh.verifyError, crypto.createDiffieHellman(Buffer.from([23]), 5).verifyError);
dh.setPrivateKey(Buffer.from('0102030405', 'hex'));
console.log('dh fixed pub', dh.generateKeys('hex').slice(0, 32));
tryIt('dh no key', () => crypto.createDiffieHellman(g.getPrime()).getPublicKey());
tryIt('dh small key', () => g.computeSecret(Buffer.from([1])));
tryIt('unknown group', () => crypto.getDiffieHellman('modp99'));

// primes
console.log('checkPrime', crypto.checkPrimeSync(Buffer.from([7])), crypto.checkPrimeSync(2n ** 127n - 1n), crypto.checkPrimeSync(15n));
const p = crypto.generatePrimeSync(64, { bigint: true });
console.log('generatePrime', typeof p, crypto.checkPrimeSync(p), crypto.generatePrimeSync(32) instanceof ArrayBuffer);
const sp = crypto.generatePrimeSync(32, { safe: true, bigint: true });
console.log('safe prime', crypto.checkPrimeSync((sp - 1n) / 2n));
const addp = crypto.generatePrimeSync(32, { add: 12n, rem: 11n, bigint: true });
console.log('add/rem', addp % 12n);
tryIt('checkPrime bad', () => crypto.checkPrimeSync('7'));
tryIt('generatePrime bad', () => crypto.generatePrimeSync(0));

// argument errors
tryIt('no key', () => crypto.sign('sha256', data));
tryIt('bad digest', () => crypto.sign('nope', data, rsa));
tryIt('createSign bad digest', () => crypto.createSign('nope'));
tryIt('ed25519 stream', () => crypto.createSign('sha256').update('x').sign(ed));
tryIt('bad dsaEncoding', () => crypto.sign('sha256', data, { key: ec, dsaEncoding: 'x' }));
tryIt('bad padding', () => crypto.sign('sha256', data, { key: rsa, padding: 'x' }));
tryIt('public key sign', () => crypto.sign('sha256', data, rsaPub));
tryIt('verify sig type', () => crypto.verify('sha256', data, rsaPub, 'sig'));
tryIt('sign no key', () => crypto.createSign('sha256').sign());
