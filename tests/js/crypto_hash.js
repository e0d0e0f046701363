'use strict';
// crypto: createHash/createHmac/hash with known vectors, encodings, copy(),
// the stream interface and error paths.
const crypto = require('crypto');
const { Readable } = require('stream');

function show(label, fn) {
  try {
    console.log(label, fn());
  } catch (e) {
    console.log(label, 'threw', e.name, e.code, e.message);
  }
}

// FIPS 180 / 202 vectors
for (const alg of ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'sha512-256',
  'sha3-256', 'sha3-512', 'ripemd160', 'shake128', 'shake256', 'SHA256', 'RSA-SHA256']) {
  console.log(alg, crypto.createHash(alg).update('abc').digest('hex'));
}
console.log('empty sha256', crypto.createHash('sha256').digest('hex'));
console.log('long', crypto.createHash('sha256')
  .update('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq').digest('hex'));
const million = crypto.createHash('sha1');
const chunk = 'a'.repeat(1000);
for (let i = 0; i < 1000; i++) million.update(chunk);
console.log('million a sha1', million.digest('hex'));

// encodings
const h = () => crypto.createHash('sha256').update('abc');
console.log('base64', h().digest('base64'));
console.log('base64url', h().digest('base64url'));
console.log('latin1', JSON.stringify(h().digest('latin1')));
console.log('buffer', h().digest());
console.log('buffer2', h().digest('buffer').length);
console.log('unknown enc', Buffer.isBuffer(h().digest('nope')));
console.log('hex in', crypto.createHash('md5').update('616263', 'hex').digest('hex'));
console.log('b64 in', crypto.createHash('md5').update('YWJj', 'base64').digest('hex'));
console.log('latin1 in', crypto.createHash('md5').update('\u00e9', 'latin1').digest('hex'));
console.log('utf8 in', crypto.createHash('md5').update('\u00e9').digest('hex'));
console.log('utf16 surrogate', crypto.createHash('md5').update('\ud83d\ude00').digest('hex'));
console.log('typed', crypto.createHash('md5').update(new Uint16Array([0x6261, 0x63])).digest('hex'));
console.log('dataview', crypto.createHash('md5').update(new DataView(new Uint8Array([97, 98, 99]).buffer, 0, 3)).digest('hex'));
console.log('chain', crypto.createHash('sha1').update('a').update('b').update('c').digest('hex'));
console.log('xof len', crypto.createHash('shake256', { outputLength: 10 }).update('abc').digest('hex'));
console.log('xof len 0', crypto.createHash('shake256', { outputLength: 0 }).update('abc').digest('hex'));

// copy
const base = crypto.createHash('sha256').update('ab');
const copy = base.copy();
copy.update('c');
console.log('copy', copy.digest('hex'), base.digest('hex'));

// one-shot hash()
console.log('hash', crypto.hash('sha1', 'abc'));
console.log('hash b64', crypto.hash('sha256', 'abc', 'base64'));
console.log('hash buf', crypto.hash('md5', Buffer.from('abc'), 'buffer'));

// getHashes
const hashes = crypto.getHashes();
console.log('getHashes', Array.isArray(hashes), ['md5', 'sha1', 'sha256', 'sha512', 'sha3-256']
  .every((x) => hashes.includes(x)));

// HMAC: RFC 4231 test cases 1, 2, 3, 4, 6, 7
const rfc4231 = [
  [Buffer.alloc(20, 0x0b), Buffer.from('Hi There')],
  [Buffer.from('Jefe'), Buffer.from('what do ya want for nothing?')],
  [Buffer.alloc(20, 0xaa), Buffer.alloc(50, 0xdd)],
  [Buffer.from('0102030405060708090a0b0c0d0e0f10111213141516171819', 'hex'), Buffer.alloc(50, 0xcd)],
  [Buffer.alloc(131, 0xaa), Buffer.from('Test Using Larger Than Block-Size Key - Hash Key First')],
  [Buffer.alloc(131, 0xaa), Buffer.from('This is a test using a larger than block-size key and a ' +
    'larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.')],
];
rfc4231.forEach(([key, data], i) => {
  for (const alg of ['sha224', 'sha256', 'sha384', 'sha512']) {
    console.log(`hmac ${i} ${alg}`, crypto.createHmac(alg, key).update(data).digest('hex'));
  }
});
console.log('hmac str key', crypto.createHmac('sha1', 'key').update('The quick brown fox jumps over the lazy dog').digest('hex'));
console.log('hmac empty key', crypto.createHmac('sha256', '').update('abc').digest('base64'));
console.log('hmac md5 ab key', crypto.createHmac('md5', new ArrayBuffer(3)).update('x').digest('hex'));
console.log('hmac keyobject', crypto.createHmac('sha256', crypto.createSecretKey(Buffer.from('k'))).update('x').digest('hex'));
const hm = crypto.createHmac('sha256', 'k');
hm.update('x');
console.log('hmac digest twice', hm.digest('hex').length, JSON.stringify(hm.digest('hex')), hm.digest().length);

// errors
show('unknown', () => crypto.createHash('nope'));
show('alg type', () => crypto.createHash(1));
show('digest twice', () => { const x = crypto.createHash('sha256'); x.digest(); x.digest(); });
show('update after', () => { const x = crypto.createHash('sha256'); x.digest(); x.update('x'); });
show('copy after', () => { const x = crypto.createHash('sha256'); x.digest(); x.copy(); });
show('data type', () => crypto.createHash('sha256').update(1));
show('data null', () => crypto.createHash('sha256').update(null));
show('odd hex', () => crypto.createHash('sha256').update('abc', 'hex'));
show('hmac unknown', () => crypto.createHmac('nope', 'k'));
show('hmac alg type', () => crypto.createHmac(null, 'k'));
show('hmac key type', () => crypto.createHmac('sha256', 1));
show('hmac update after', () => { const x = crypto.createHmac('sha256', 'k'); x.digest(); x.update('x'); });
show('hash unknown', () => crypto.hash('nope', 'abc'));
show('hash input', () => crypto.hash('sha1', 1));
show('hash enc', () => crypto.hash('sha1', 'abc', 'nope'));
show('outputLength', () => crypto.createHash('shake128', { outputLength: -1 }));

// classes
console.log('instanceof', crypto.createHash('md5') instanceof crypto.Hash,
  crypto.createHmac('md5', 'k') instanceof crypto.Hmac, crypto.Hash('md5') instanceof crypto.Hash);
const { Transform } = require('stream');
console.log('is Transform', crypto.createHash('md5') instanceof Transform);

// streams
const sh = crypto.createHash('sha256');
sh.on('readable', () => {
  const d = sh.read();
  if (d) console.log('stream digest', d.toString('hex'));
});
sh.write('a');
sh.write(Buffer.from('b'));
sh.end('c');

const sh2 = crypto.createHash('md5');
sh2.setEncoding('hex');
Readable.from(['hello', ' ', 'world']).pipe(sh2).on('data', (d) => console.log('pipe digest', d));

const hs = crypto.createHmac('sha256', 'key');
hs.end('data');
hs.on('data', (d) => console.log('hmac stream', d.toString('hex')));
