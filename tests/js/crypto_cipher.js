'use strict';
// crypto: createCipheriv/createDecipheriv for AES CBC/CTR/GCM/ECB with NIST
// SP 800-38A / GCM vectors, encodings, streams and error paths.
const crypto = require('crypto');

function show(label, fn) {
  try {
    console.log(label, fn());
  } catch (e) {
    console.log(label, 'threw', e.name, e.code, e.message);
  }
}

const key128 = Buffer.from('2b7e151628aed2a6abf7158809cf4f3c', 'hex');
const key256 = Buffer.from('603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4', 'hex');
const iv = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
const ctrIv = Buffer.from('f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff', 'hex');
const pt = Buffer.from('6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51', 'hex');

function enc(alg, key, ivv, data, pad = true) {
  const c = crypto.createCipheriv(alg, key, ivv);
  c.setAutoPadding(pad);
  return Buffer.concat([c.update(data), c.final()]).toString('hex');
}
function dec(alg, key, ivv, hex, pad = true) {
  const d = crypto.createDecipheriv(alg, key, ivv);
  d.setAutoPadding(pad);
  return Buffer.concat([d.update(hex, 'hex'), d.final()]).toString('hex');
}

show('cbc128 nopad', () => enc('aes-128-cbc', key128, iv, pt, false));
show('cbc128 pad', () => enc('aes-128-cbc', key128, iv, pt));
show('cbc256 nopad', () => enc('aes-256-cbc', key256, iv, pt, false));
show('cbc256 dec', () => dec('aes-256-cbc', key256, iv, enc('aes-256-cbc', key256, iv, pt)));
show('ctr128', () => enc('aes-128-ctr', key128, ctrIv, pt));
show('ctr256', () => enc('aes-256-ctr', key256, ctrIv, pt.subarray(0, 21)));
show('ctr dec', () => dec('aes-128-ctr', key128, ctrIv, enc('aes-128-ctr', key128, ctrIv, pt)));
show('ecb', () => enc('aes-128-ecb', key128, null, pt, false));
show('ecb empty iv', () => enc('aes-128-ecb', key128, Buffer.alloc(0), pt, false));
show('AES-128-CBC upper', () => enc('AES-128-CBC', key128, iv, 'abc'));

// string encodings through a StringDecoder
show('utf8 -> base64', () => {
  const c = crypto.createCipheriv('aes-128-cbc', '0123456789abcdef', iv);
  let out = c.update('hello world, this is longer than one block', 'utf8', 'base64');
  out += c.final('base64');
  const d = crypto.createDecipheriv('aes-128-cbc', '0123456789abcdef', iv);
  return [out, d.update(out, 'base64', 'utf8') + d.final('utf8')];
});
show('latin1 out', () => {
  const c = crypto.createCipheriv('aes-128-ctr', key128, ctrIv);
  return JSON.stringify(c.update('abc', 'utf8', 'latin1') + c.final('latin1'));
});
show('utf8 split', () => {
  const c = crypto.createCipheriv('aes-128-ctr', key128, ctrIv);
  const ct = Buffer.concat([c.update('\u00e9\u00e9\u00e9\u20ac'), c.final()]);
  const d = crypto.createDecipheriv('aes-128-ctr', key128, ctrIv);
  const parts = [];
  for (let i = 0; i < ct.length; i++) parts.push(d.update(ct.subarray(i, i + 1), undefined, 'utf8'));
  parts.push(d.final('utf8'));
  return JSON.stringify(parts);
});

// GCM (NIST test case 4 of the original GCM spec)
const gk = Buffer.from('feffe9928665731c6d6a8f9467308308', 'hex');
const giv = Buffer.from('cafebabefacedbaddecaf888', 'hex');
const gpt = Buffer.from('d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72' +
  '1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39', 'hex');
const gaad = Buffer.from('feedfacedeadbeeffeedfacedeadbeefabaddad2', 'hex');
let gct;
let gtag;
show('gcm enc', () => {
  const c = crypto.createCipheriv('aes-128-gcm', gk, giv);
  c.setAAD(gaad);
  gct = Buffer.concat([c.update(gpt), c.final()]);
  gtag = c.getAuthTag();
  return [gct.toString('hex'), gtag.toString('hex')];
});
show('gcm dec', () => {
  const d = crypto.createDecipheriv('aes-128-gcm', gk, giv);
  d.setAAD(gaad);
  d.setAuthTag(gtag);
  return Buffer.concat([d.update(gct), d.final()]).equals(gpt);
});
show('gcm bad tag', () => {
  const d = crypto.createDecipheriv('aes-128-gcm', gk, giv);
  d.setAAD(gaad);
  const t = Buffer.from(gtag);
  t[0] ^= 1;
  d.setAuthTag(t);
  d.update(gct);
  return d.final();
});
show('gcm no tag', () => {
  const d = crypto.createDecipheriv('aes-128-gcm', gk, giv);
  d.update(gct);
  return d.final();
});
show('gcm tag 12', () => {
  const c = crypto.createCipheriv('aes-256-gcm', Buffer.alloc(32, 7), Buffer.alloc(16, 1), { authTagLength: 12 });
  c.update('x');
  c.final();
  return c.getAuthTag().toString('hex');
});
show('gcm setAAD chain', () => {
  const c = crypto.createCipheriv('aes-128-gcm', gk, giv);
  return c.setAAD(Buffer.from('a')) === c && c.setAutoPadding(false) === c;
});

// errors
const k = Buffer.alloc(16, 1);
const v = Buffer.alloc(16, 2);
show('unknown cipher', () => crypto.createCipheriv('nope', k, v));
show('key length', () => crypto.createCipheriv('aes-128-cbc', Buffer.alloc(15), v));
show('iv length', () => crypto.createCipheriv('aes-128-cbc', k, Buffer.alloc(15)));
show('iv missing', () => crypto.createCipheriv('aes-128-cbc', k));
show('iv for ecb', () => crypto.createCipheriv('aes-128-ecb', k, v));
show('gcm empty iv', () => crypto.createCipheriv('aes-128-gcm', k, Buffer.alloc(0)));
show('gcm tag len', () => crypto.createCipheriv('aes-128-gcm', k, v, { authTagLength: 3 }));
show('cipher type', () => crypto.createCipheriv(1, k, v));
show('key type', () => crypto.createCipheriv('aes-128-cbc', 1, v));
show('final twice', () => { const x = crypto.createCipheriv('aes-128-cbc', k, v); x.final(); x.final(); });
show('update after final', () => { const x = crypto.createCipheriv('aes-128-cbc', k, v); x.final(); x.update('a'); });
show('getAuthTag cbc', () => crypto.createCipheriv('aes-128-cbc', k, v).getAuthTag());
show('getAuthTag early', () => crypto.createCipheriv('aes-128-gcm', k, v).getAuthTag());
show('setAuthTag on cipher', () => typeof crypto.createCipheriv('aes-128-gcm', k, v).setAuthTag);
show('setAuthTag len', () => crypto.createDecipheriv('aes-128-gcm', k, v).setAuthTag(Buffer.alloc(3)));
show('nopad partial', () => { const x = crypto.createCipheriv('aes-128-cbc', k, v); x.setAutoPadding(false); x.update('abc'); x.final(); });
show('bad decrypt', () => { const x = crypto.createDecipheriv('aes-128-cbc', k, v); x.update(Buffer.alloc(16)); x.final(); });
show('setAutoPadding after', () => { const x = crypto.createCipheriv('aes-128-cbc', k, v); x.final(); x.setAutoPadding(false); });
show('update type', () => crypto.createCipheriv('aes-128-cbc', k, v).update(1));
try {
  const x = crypto.createDecipheriv('aes-128-cbc', k, v);
  x.update(Buffer.alloc(16));
  x.final();
} catch (e) {
  console.log('openssl error props', e.library, e.reason, e.code);
}

show('getCiphers', () => ['aes-128-cbc', 'aes-256-gcm', 'aes-192-ctr'].every((c) => crypto.getCiphers().includes(c)));
show('getCipherInfo', () => JSON.stringify([crypto.getCipherInfo('aes-128-cbc'), crypto.getCipherInfo('aes-256-gcm'),
  crypto.getCipherInfo('aes-128-ctr'), crypto.getCipherInfo('nope')]));
show('instanceof', () => [crypto.createCipheriv('aes-128-cbc', k, v) instanceof crypto.Cipheriv,
  crypto.createDecipheriv('aes-128-cbc', k, v) instanceof crypto.Decipheriv]);

// The deprecated password forms: key and IV from EVP_BytesToKey (MD5, one
// round, no salt); one DEP0106 warning, and a warning for counter modes.
const sealed = (c, data) => Buffer.concat([c.update(data), c.final()]);
show('createCipher aes192', () => sealed(crypto.createCipher('aes192', 'secret'), 'hello').toString('hex'));
show('createCipher cbc256', () => sealed(crypto.createCipher('aes-256-cbc', Buffer.from('pw')), pt).toString('hex'));
show('createDecipher', () => sealed(crypto.createDecipher('aes192', 'secret'),
  sealed(crypto.createCipher('aes192', 'secret'), 'round trip')).toString());
show('createCipher gcm', () => {
  const g = crypto.createCipher('aes-256-gcm', 'pw');
  return [sealed(g, 'abc').toString('hex'), g.getAuthTag().toString('hex')];
});
show('createCipher ecb', () => sealed(crypto.createCipher('aes-128-ecb', 'k'), 'x').toString('hex'));
show('createCipher unknown', () => crypto.createCipher('nope', 'x'));
show('Cipher classes', () => [crypto.createCipher('aes192', 'x') instanceof crypto.Cipher,
  crypto.createDecipher('aes192', 'x') instanceof crypto.Decipher, crypto.Cipher('aes192', 'x') instanceof crypto.Cipher]);

// stream
const c = crypto.createCipheriv('aes-128-cbc', key128, iv);
const chunks = [];
c.on('data', (d) => chunks.push(d));
c.on('end', () => console.log('stream', Buffer.concat(chunks).toString('hex')));
c.write(pt.subarray(0, 10));
c.end(pt.subarray(10));
