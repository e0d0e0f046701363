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

// The thread-pool path carries the stack across threads.
crypto.sign('sha512', Buffer.from('x'), { key: rsaPriv, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 1000 }, (e) => {
  show('async pss salt too long', e);
  crypto.verify('sha256', Buffer.from('x'), crypto.createPublicKey(fx('x25519_public.pem')), Buffer.alloc(64), (e2, ok) => {
    show('async x25519 verify', e2);
    if (!e2) console.log('  result', ok);
  });
});
