'use strict';
// OpenSSL errors as Node 20 reports them: message and code from one error of
// the queue, the rest of the queue (newest first) in err.opensslErrorStack,
// plus err.library and err.reason; the property order is Node's. Sync and
// async (thread-pool) paths.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const fx = (n) => fs.readFileSync(path.join(__dirname, 'fixtures', 'crypto', n), 'utf8');
function show(label, e) {
  if (!e) return console.log(label, 'no error');
  console.log(label, e.name, e.code, JSON.stringify(e.message));
  console.log('  keys', Object.keys(e).join(','), 'library', e.library, 'reason', e.reason);
  console.log('  stack', JSON.stringify(e.opensslErrorStack));
}
function tryIt(label, fn) {
  try {
    fn();
    show(label, null);
  } catch (e) {
    show(label, e);
  }
}

const rsaPriv = crypto.createPrivateKey(fx('rsa_private.pem'));
const rsaPub = crypto.createPublicKey(fx('rsa_public.pem'));
const pem = (label, body) => `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;

tryIt('pkcs8 wrong passphrase', () => crypto.createPrivateKey({ key: fx('rsa_encrypted_pkcs8.pem'), passphrase: 'wrong' }));
tryIt('pkcs1 wrong passphrase', () => crypto.createPrivateKey({ key: fx('rsa_encrypted_pkcs1.pem'), passphrase: 'wrong' }));
tryIt('pkcs8 no passphrase', () => crypto.createPrivateKey(fx('rsa_encrypted_pkcs8.pem')));
tryIt('bad private pem', () => crypto.createPrivateKey(pem('PRIVATE KEY', 'AAAA')));
tryIt('bad public pem', () => crypto.createPublicKey(pem('PUBLIC KEY', 'AAAA')));
tryIt('garbage key', () => crypto.createPrivateKey('garbage'));
tryIt('bad der', () => crypto.createPrivateKey({ key: Buffer.from('3003020100', 'hex'), format: 'der', type: 'pkcs8' }));
tryIt('bad certificate', () => new crypto.X509Certificate('garbage'));
tryIt('pss salt too long', () => crypto.sign('sha512', Buffer.from('x'), { key: rsaPriv, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 1000 }));
tryIt('privateDecrypt garbage', () => crypto.privateDecrypt(rsaPriv, Buffer.alloc(256, 1)));
tryIt('publicEncrypt too long', () => crypto.publicEncrypt(rsaPub, Buffer.alloc(300, 1)));
tryIt('publicDecrypt garbage', () => crypto.publicDecrypt(rsaPub, Buffer.alloc(256, 1)));
tryIt('x25519 sign', () => crypto.sign(null, Buffer.from('x'), crypto.createPrivateKey(fx('x25519_private.pem'))));
tryIt('decipher bad padding', () => {
  const d = crypto.createDecipheriv('aes-128-cbc', Buffer.alloc(16), Buffer.alloc(16));
  d.update(Buffer.alloc(16));
  d.final();
});
tryIt('diffieHellman mismatched curves', () => crypto.diffieHellman({
  privateKey: crypto.createPrivateKey(fx('ec_p256_private.pem')),
  publicKey: crypto.createPublicKey(crypto.createPrivateKey(fx('ec_p384_private.pem'))),
}));

// Errors Node raises itself, shaped as its C++ layer makes them.
const plain = (label, fn) => {
  try {
    console.log(label, fn());
  } catch (e) {
    console.log(label, String(e).split('\n')[0], e.code, Object.keys(e).join(','));
  }
};
plain('ecdh no public key', () => crypto.createECDH('prime256v1').getPublicKey());
plain('ecdh no private key', () => crypto.createECDH('prime256v1').getPrivateKey());
plain('dh generator -1', () => crypto.createDiffieHellman('abcdef', -1));
plain('dh generator <01>', () => crypto.createDiffieHellman('abcdef', 'hex', Buffer.from([1])));
for (const [p, g] of [[[23], 5], [[29], 2], [[0xab, 0xcd, 0xef], 2], [[23], Buffer.from([22])], [[24], 2]]) {
  plain(`dh verifyError ${p} ${g}`, () => crypto.createDiffieHellman(Buffer.from(p), g).verifyError);
}
plain('cipher changes encoding', () => {
  const c = crypto.createCipheriv('aes-128-cbc', Buffer.alloc(16), Buffer.alloc(16));
  c.update('test', 'utf-8', 'utf-8');
  return c.update('00', 'hex', 'hex');
});
plain('cipher unknown encoding', () => crypto.createCipheriv('aes-128-cbc', Buffer.alloc(16), Buffer.alloc(16)).final('bad2'));
plain('digest encoding throws', () => crypto.createHash('sha256').digest({ toString() { throw new Error('boom'); } }));
plain('oaepHash unknown', () => crypto.privateDecrypt({ key: fx('rsa_public.pem'), oaepHash: 'Hello world' }, Buffer.alloc(10)));
plain('oaepLabel type', () => crypto.publicEncrypt({ key: rsaPub, oaepLabel: 0 }, Buffer.alloc(10)));
plain('DSS1 sign', () => crypto.createSign('DSS1').update('x').sign(rsaPriv).length);
plain('cipher info by nid', () => JSON.stringify(crypto.getCipherInfo(crypto.getCipherInfo('aes-128-cbc').nid)));
plain('cipher info gcm iv 64', () => crypto.getCipherInfo('aes-128-gcm', { ivLength: 64 }).ivLength);
plain('cipher info ccm iv 14', () => crypto.getCipherInfo('aes-128-ccm', { ivLength: 14 }));
plain('shake copy default length', () => crypto.createHash('shake128', { outputLength: 0 }).copy().digest('hex'));

plain('ec curve without OID, DER', () => crypto.generateKeyPairSync('ec', { namedCurve: 'Oakley-EC2N-3', publicKeyEncoding: { format: 'der', type: 'spki' } }));
plain('ec curve without OID, objects', () => JSON.stringify(crypto.generateKeyPairSync('ec', { namedCurve: 'Oakley-EC2N-3' }).publicKey.asymmetricKeyDetails));
plain('rsa-pss default salt length', () => JSON.stringify(crypto.generateKeyPairSync('rsa-pss', { modulusLength: 512, hashAlgorithm: 'sha512' }).publicKey.asymmetricKeyDetails, (k, v) => typeof v === 'bigint' ? String(v) : v));
process.on('warning', (w) => console.log('warning', w.name, w.code, w.message));
plain('rsa-pss deprecated options', () => crypto.generateKeyPairSync('rsa-pss', { modulusLength: 512, hash: 'sha256', mgf1Hash: 'sha256' }).privateKey.asymmetricKeyType);
{
  const h = crypto.createHash('sha256');
  h.on('data', (d) => {
    console.log('hash stream', d.toString('hex').slice(0, 16), 'digest after', h.digest('hex').slice(0, 16));
  });
  h.end('aoeu');
}

// The thread-pool path carries the stack across threads.
crypto.sign('sha512', Buffer.from('x'), { key: rsaPriv, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 1000 }, (e) => {
  show('async pss salt too long', e);
  crypto.verify('sha256', Buffer.from('x'), crypto.createPublicKey(fx('x25519_public.pem')), Buffer.alloc(64), (e2, ok) => {
    show('async x25519 verify', e2);
    if (!e2) console.log('  result', ok);
  });
});
