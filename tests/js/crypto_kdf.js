'use strict';
// crypto: pbkdf2 (RFC 6070), scrypt (RFC 7914), hkdf (RFC 5869), sync and
// callback forms, and their argument errors.
const crypto = require('crypto');

function show(label, fn) {
  try {
    const r = fn();
    console.log(label, Buffer.isBuffer(r) ? r.toString('hex') : r instanceof ArrayBuffer ? `AB ${Buffer.from(r).toString('hex')}` : r);
  } catch (e) {
    console.log(label, 'threw', e.name, e.code, e.message);
  }
}

// RFC 6070 (PBKDF2-HMAC-SHA1)
show('pbkdf2 1', () => crypto.pbkdf2Sync('password', 'salt', 1, 20, 'sha1'));
show('pbkdf2 2', () => crypto.pbkdf2Sync('password', 'salt', 2, 20, 'sha1'));
show('pbkdf2 4096', () => crypto.pbkdf2Sync('password', 'salt', 4096, 20, 'sha1'));
show('pbkdf2 long', () => crypto.pbkdf2Sync('passwordPASSWORDpassword',
  'saltSALTsaltSALTsaltSALTsaltSALTsalt', 4096, 25, 'sha1'));
show('pbkdf2 nul', () => crypto.pbkdf2Sync('pass\0word', 'sa\0lt', 4096, 16, 'sha1'));
show('pbkdf2 sha256', () => crypto.pbkdf2Sync('password', 'salt', 1, 32, 'sha256'));
show('pbkdf2 sha512 buf', () => crypto.pbkdf2Sync(Buffer.from('password'), new Uint8Array([115, 97, 108, 116]), 2, 64, 'sha512'));
show('pbkdf2 keylen 0', () => crypto.pbkdf2Sync('a', 'b', 1, 0, 'sha1'));
show('pbkdf2 bad digest', () => crypto.pbkdf2Sync('a', 'b', 1, 32, 'nope'));
show('pbkdf2 iter 0', () => crypto.pbkdf2Sync('a', 'b', 0, 32, 'sha1'));
show('pbkdf2 iter float', () => crypto.pbkdf2Sync('a', 'b', 1.5, 32, 'sha1'));
show('pbkdf2 keylen -1', () => crypto.pbkdf2Sync('a', 'b', 1, -1, 'sha1'));
show('pbkdf2 keylen str', () => crypto.pbkdf2Sync('a', 'b', 1, '1', 'sha1'));
show('pbkdf2 password', () => crypto.pbkdf2Sync(1, 'b', 1, 1, 'sha1'));
show('pbkdf2 salt', () => crypto.pbkdf2Sync('a', null, 1, 1, 'sha1'));
show('pbkdf2 no digest', () => crypto.pbkdf2Sync('a', 'b', 1, 1));
show('pbkdf2 no cb', () => crypto.pbkdf2('a', 'b', 1, 1, 'sha1'));

// RFC 7914 section 12
show('scrypt 1', () => crypto.scryptSync('', '', 64, { N: 16, r: 1, p: 1 }));
show('scrypt 2', () => crypto.scryptSync('password', 'NaCl', 64, { N: 1024, r: 8, p: 16 }));
show('scrypt 3', () => crypto.scryptSync('pleaseletmein', 'SodiumChloride', 64, { cost: 16384, blockSize: 8, parallelization: 1 }));
show('scrypt default', () => crypto.scryptSync('pw', 'salt', 16));
show('scrypt N 3', () => crypto.scryptSync('a', 'b', 32, { N: 3 }));
show('scrypt maxmem', () => crypto.scryptSync('a', 'b', 32, { N: 2 ** 20 }));
show('scrypt N+cost', () => crypto.scryptSync('a', 'b', 32, { N: 16, cost: 16 }));
show('scrypt N type', () => crypto.scryptSync('a', 'b', 32, { N: 'x' }));
show('scrypt keylen', () => crypto.scryptSync('a', 'b', -1));
show('scrypt maxmem type', () => crypto.scryptSync('a', 'b', 32, { maxmem: -1 }));

// RFC 5869 (test cases 1 and 3)
const ikm = Buffer.alloc(22, 0x0b);
show('hkdf 1', () => crypto.hkdfSync('sha256', ikm, Buffer.from('000102030405060708090a0b0c', 'hex'),
  Buffer.from('f0f1f2f3f4f5f6f7f8f9', 'hex'), 42));
show('hkdf 3', () => crypto.hkdfSync('sha256', ikm, '', '', 42));
show('hkdf sha1 str', () => crypto.hkdfSync('sha1', 'key', 'salt', 'info', 20));
show('hkdf keyobject', () => crypto.hkdfSync('sha256', crypto.createSecretKey(Buffer.from('k')), 's', 'i', 8));
show('hkdf bad digest', () => crypto.hkdfSync('nope', 'a', 'b', 'c', 32));
show('hkdf too long', () => crypto.hkdfSync('sha256', 'a', 'b', 'c', 255 * 32 + 1));
show('hkdf max', () => crypto.hkdfSync('sha256', 'a', 'b', 'c', 255 * 32).byteLength);
show('hkdf info', () => crypto.hkdfSync('sha256', 'a', 'b', Buffer.alloc(1025), 32));
show('hkdf length', () => crypto.hkdfSync('sha256', 'a', 'b', 'c', -1));
show('hkdf key', () => crypto.hkdfSync('sha256', 1, 'b', 'c', 1));
show('hkdf salt', () => crypto.hkdfSync('sha256', 'a', 1, 'c', 1));
show('hkdf digest type', () => crypto.hkdfSync(1, 'a', 'b', 'c', 1));

// async forms, chained for a deterministic order
const steps = [
  (next) => crypto.pbkdf2('password', 'salt', 4096, 20, 'sha1', (err, key) => {
    console.log('pbkdf2 async', err, key.toString('hex'));
    next();
  }),
  (next) => crypto.scrypt('password', 'NaCl', 64, { N: 1024, r: 8, p: 16 }, (err, key) => {
    console.log('scrypt async', err, key.toString('hex'));
    next();
  }),
  (next) => crypto.scrypt('pw', 'salt', 16, (err, key) => {
    console.log('scrypt async default', err, key.toString('hex'));
    next();
  }),
  (next) => crypto.hkdf('sha256', ikm, '', '', 42, (err, key) => {
    console.log('hkdf async', err, key instanceof ArrayBuffer, Buffer.from(key).toString('hex'));
    next();
  }),
  (next) => {
    let sync = true;
    crypto.pbkdf2('a', 'b', 1, 8, 'sha256', () => {
      console.log('pbkdf2 callback is async', !sync);
      next();
    });
    sync = false;
  },
];
(function run(i) {
  if (i < steps.length) steps[i](() => run(i + 1));
})(0);
