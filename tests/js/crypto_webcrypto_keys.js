'use strict';
// Web Crypto beyond HMAC: PBKDF2, HKDF, AES-GCM/CBC/CTR/KW, RSA-OAEP,
// RSASSA-PKCS1-v1_5, RSA-PSS, ECDSA, ECDH, Ed25519/Ed448, X25519/X448;
// generateKey, importKey/exportKey (raw, spki, pkcs8, jwk), deriveBits,
// deriveKey, wrapKey/unwrapKey, CryptoKey checks and KeyObject.from. Keys
// come from fixtures so the printed bytes are deterministic.
const nodeCrypto = require('crypto');
const fs = require('fs');
const { subtle } = globalThis.crypto;

const hex = (ab) => Buffer.from(ab).toString('hex');
const enc = (s) => new TextEncoder().encode(s);
const pemDer = (name) => {
  const key = nodeCrypto.createPrivateKey(fs.readFileSync(`fixtures/crypto/${name}`));
  return [key.export({ type: 'pkcs8', format: 'der' }), nodeCrypto.createPublicKey(key).export({ type: 'spki', format: 'der' })];
};
async function show(label, fn) {
  try {
    const r = await fn();
    console.log(label, r instanceof ArrayBuffer ? hex(r) : r);
  } catch (e) {
    console.log(label, 'threw', e.name, e.code, e.message);
  }
}

(async () => {
  // PBKDF2 and HKDF (the SCRAM-SHA-256 building blocks pg uses)
  const pw = await subtle.importKey('raw', enc('password'), 'PBKDF2', false, ['deriveBits', 'deriveKey']);
  await show('pbkdf2', () => subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: enc('salt'), iterations: 4096 }, pw, 256));
  await show('pbkdf2 sha1', () => subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-1', salt: enc('salt'), iterations: 2 }, pw, 160));
  const scramKey = await subtle.importKey('raw',
    await subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: enc('salt'), iterations: 4096 }, pw, 256),
    { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  await show('scram client key', () => subtle.sign('HMAC', scramKey, enc('Client Key')));
  const ikm = await subtle.importKey('raw', Buffer.from('0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b', 'hex'), 'HKDF', false, ['deriveBits', 'deriveKey']);
  await show('hkdf', () => subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: Buffer.from('000102030405060708090a0b0c', 'hex'),
    info: Buffer.from('f0f1f2f3f4f5f6f7f8f9', 'hex') }, ikm, 336));
  const derivedAes = await subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: new Uint8Array(0) },
    ikm, { name: 'AES-GCM', length: 128 }, true, ['encrypt', 'decrypt']);
  console.log('deriveKey', derivedAes.algorithm, derivedAes.usages, hex(await subtle.exportKey('raw', derivedAes)));
  const derivedHmac = await subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-512', salt: enc('s'), iterations: 10 },
    pw, { name: 'HMAC', hash: 'SHA-256' }, true, ['sign']);
  console.log('deriveKey hmac', derivedHmac.algorithm, hex(await subtle.exportKey('raw', derivedHmac)).slice(0, 32));

  // AES
  const aesKeyBytes = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
  const gcm = await subtle.importKey('raw', aesKeyBytes, 'AES-GCM', true, ['encrypt', 'decrypt']);
  console.log('aes key', gcm.algorithm, gcm.type, gcm.extractable, gcm.usages);
  const iv = new Uint8Array(12).fill(1);
  const sealed = await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: enc('aad') }, gcm, enc('hello world'));
  console.log('gcm seal', hex(sealed));
  await show('gcm open', async () => Buffer.from(await subtle.decrypt({ name: 'AES-GCM', iv, additionalData: enc('aad') }, gcm, sealed)).toString());
  await show('gcm tag 96', () => subtle.encrypt({ name: 'AES-GCM', iv, tagLength: 96 }, gcm, enc('x')));
  const bad = new Uint8Array(sealed);
  bad[0] ^= 1;
  await show('gcm tampered', () => subtle.decrypt({ name: 'AES-GCM', iv, additionalData: enc('aad') }, gcm, bad));
  await show('gcm too small', () => subtle.decrypt({ name: 'AES-GCM', iv }, gcm, new Uint8Array(4)));
  const cbc = await subtle.importKey('raw', aesKeyBytes.subarray(0, 16), { name: 'AES-CBC' }, true, ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey']);
  const cbcCt = await subtle.encrypt({ name: 'AES-CBC', iv: new Uint8Array(16) }, cbc, enc('sixteen byte msg!'));
  console.log('cbc', hex(cbcCt), Buffer.from(await subtle.decrypt({ name: 'AES-CBC', iv: new Uint8Array(16) }, cbc, cbcCt)).toString());
  await show('cbc bad iv', () => subtle.encrypt({ name: 'AES-CBC', iv: new Uint8Array(8) }, cbc, enc('x')));
  const ctr = await subtle.importKey('jwk', { kty: 'oct', k: aesKeyBytes.subarray(0, 24).toString('base64url'), alg: 'A192CTR' }, 'AES-CTR', true, ['encrypt']);
  await show('ctr', () => subtle.encrypt({ name: 'AES-CTR', counter: new Uint8Array(16), length: 64 }, ctr, enc('counter mode')));
  console.log('aes jwk', JSON.stringify(await subtle.exportKey('jwk', ctr)));
  const kw = await subtle.importKey('raw', aesKeyBytes.subarray(0, 16), 'AES-KW', true, ['wrapKey', 'unwrapKey']);
  const wrapped = await subtle.wrapKey('raw', gcm, kw, 'AES-KW');
  console.log('aes-kw wrap', hex(wrapped));
  const unwrapped = await subtle.unwrapKey('raw', wrapped, kw, 'AES-KW', 'AES-GCM', true, ['decrypt']);
  console.log('aes-kw unwrap', hex(await subtle.exportKey('raw', unwrapped)), unwrapped.usages);
  const jwkWrapped = await subtle.wrapKey('jwk', gcm, cbc, { name: 'AES-CBC', iv: new Uint8Array(16) });
  const back = await subtle.unwrapKey('jwk', jwkWrapped, cbc, { name: 'AES-CBC', iv: new Uint8Array(16) }, 'AES-GCM', false, ['encrypt']);
  console.log('jwk wrap', back.algorithm, back.extractable);

  // RSA
  const [rsaPkcs8, rsaSpki] = pemDer('rsa_private.pem');
  const rsaPriv = await subtle.importKey('pkcs8', rsaPkcs8, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['sign']);
  const rsaPub = await subtle.importKey('spki', rsaSpki, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['verify']);
  console.log('rsa', rsaPriv.algorithm, rsaPriv.type, rsaPub.type);
  const rsaSig = await subtle.sign('RSASSA-PKCS1-v1_5', rsaPriv, enc('data'));
  console.log('rsassa', hex(rsaSig).slice(0, 64), await subtle.verify('RSASSA-PKCS1-v1_5', rsaPub, rsaSig, enc('data')),
    await subtle.verify('RSASSA-PKCS1-v1_5', rsaPub, rsaSig, enc('other')));
  console.log('rsassa = node', Buffer.from(rsaSig).equals(nodeCrypto.sign('sha256', enc('data'), nodeCrypto.KeyObject.from(rsaPriv))));
  const rsaJwk = await subtle.exportKey('jwk', rsaPub);
  console.log('rsa jwk', Object.keys(rsaJwk), rsaJwk.alg, rsaJwk.e);
  const pss = await subtle.importKey('pkcs8', rsaPkcs8, { name: 'RSA-PSS', hash: 'SHA-384' }, false, ['sign']);
  const pssPub = await subtle.importKey('jwk', rsaJwk.n && { kty: 'RSA', n: rsaJwk.n, e: rsaJwk.e }, { name: 'RSA-PSS', hash: 'SHA-384' }, true, ['verify']);
  const pssSig = await subtle.sign({ name: 'RSA-PSS', saltLength: 48 }, pss, enc('data'));
  console.log('rsa-pss', pssSig.byteLength, await subtle.verify({ name: 'RSA-PSS', saltLength: 48 }, pssPub, pssSig, enc('data')));
  const oaepPub = await subtle.importKey('spki', rsaSpki, { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['encrypt', 'wrapKey']);
  const oaepPriv = await subtle.importKey('pkcs8', rsaPkcs8, { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['decrypt', 'unwrapKey']);
  const oaepCt = await subtle.encrypt({ name: 'RSA-OAEP', label: enc('L') }, oaepPub, enc('oaep secret'));
  console.log('rsa-oaep', oaepCt.byteLength, Buffer.from(await subtle.decrypt({ name: 'RSA-OAEP', label: enc('L') }, oaepPriv, oaepCt)).toString());
  const rsaWrapped = await subtle.wrapKey('raw', gcm, oaepPub, 'RSA-OAEP');
  console.log('rsa unwrap', hex(await subtle.exportKey('raw', await subtle.unwrapKey('raw', rsaWrapped, oaepPriv, 'RSA-OAEP', 'AES-GCM', true, ['encrypt']))).slice(0, 16));
  const genRsa = await subtle.generateKey({ name: 'RSA-PSS', modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign', 'verify']);
  console.log('gen rsa', genRsa.privateKey.algorithm, genRsa.publicKey.usages, genRsa.privateKey.usages, (await subtle.exportKey('pkcs8', genRsa.privateKey)).byteLength > 600);

  // EC
  const [ecPkcs8, ecSpki] = pemDer('ec_p256_private.pem');
  const ecPriv = await subtle.importKey('pkcs8', ecPkcs8, { name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign']);
  const ecPub = await subtle.importKey('spki', ecSpki, { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
  const ecRaw = await subtle.exportKey('raw', ecPub);
  console.log('ec raw', hex(ecRaw));
  const ecPub2 = await subtle.importKey('raw', ecRaw, { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
  const ecSig = await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, ecPriv, enc('data'));
  console.log('ecdsa', ecSig.byteLength, await subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, ecPub2, ecSig, enc('data')),
    await subtle.verify({ name: 'ECDSA', hash: 'SHA-384' }, ecPub2, ecSig, enc('data')));
  console.log('ec jwk', JSON.stringify(await subtle.exportKey('jwk', ecPriv)));
  const ecdhA = await subtle.importKey('pkcs8', ecPkcs8, { name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
  const peer = await subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
  const ecdhPubA = await subtle.importKey('spki', ecSpki, { name: 'ECDH', namedCurve: 'P-256' }, true, []);
  const s1 = await subtle.deriveBits({ name: 'ECDH', public: peer.publicKey }, ecdhA, 256);
  const s2 = await subtle.deriveBits({ name: 'ECDH', public: ecdhPubA }, peer.privateKey, 256);
  console.log('ecdh', hex(s1) === hex(s2), s1.byteLength);
  await show('ecdh 100 bits', async () => (await subtle.deriveBits({ name: 'ECDH', public: ecdhPubA }, peer.privateKey, 100)).byteLength);

  // Ed25519 / Ed448 / X25519 / X448
  const [edPkcs8, edSpki] = pemDer('ed25519_private.pem');
  const edPriv = await subtle.importKey('pkcs8', edPkcs8, 'Ed25519', true, ['sign']);
  const edPub = await subtle.importKey('spki', edSpki, { name: 'Ed25519' }, true, ['verify']);
  const edSig = await subtle.sign('Ed25519', edPriv, enc('webhook body'));
  console.log('ed25519', hex(edSig), await subtle.verify('Ed25519', edPub, edSig, enc('webhook body')));
  console.log('ed25519 raw', hex(await subtle.exportKey('raw', edPub)));
  console.log('ed25519 jwk', JSON.stringify(await subtle.exportKey('jwk', edPriv)));
  const [ed448Pkcs8] = pemDer('ed448_private.pem');
  const ed448 = await subtle.importKey('pkcs8', ed448Pkcs8, 'Ed448', false, ['sign']);
  console.log('ed448', hex(await subtle.sign('Ed448', ed448, enc('x'))).slice(0, 40));
  const [xPkcs8, xSpki] = pemDer('x25519_private.pem');
  const xPriv = await subtle.importKey('pkcs8', xPkcs8, 'X25519', false, ['deriveBits', 'deriveKey']);
  const xPub = await subtle.importKey('spki', xSpki, 'X25519', true, []);
  console.log('x25519', hex(await subtle.deriveBits({ name: 'X25519', public: xPub }, xPriv, 256)));
  const xGen = await subtle.generateKey({ name: 'X448' }, true, ['deriveBits']);
  console.log('x448', (await subtle.deriveBits({ name: 'X448', public: xGen.publicKey }, xGen.privateKey, null)).byteLength);

  // KeyObject interop
  const ko = nodeCrypto.KeyObject.from(edPub);
  console.log('KeyObject.from', ko.type, ko.asymmetricKeyType, nodeCrypto.verify(null, enc('webhook body'), ko, Buffer.from(edSig)));
  console.log('isCryptoKey', require('util').types.isCryptoKey(edPub), require('util').types.isCryptoKey(ko));

  // errors
  await show('export spki private', () => subtle.exportKey('spki', edPriv));
  await show('export pkcs8 public', () => subtle.exportKey('pkcs8', edPub));
  await show('export raw rsa', () => subtle.exportKey('raw', rsaPub));
  await show('not extractable', () => subtle.exportKey('jwk', pss));
  await show('wrong usage', () => subtle.sign('Ed25519', edPub, enc('x')));
  await show('wrong algorithm', () => subtle.encrypt({ name: 'AES-CBC', iv: new Uint8Array(16) }, gcm, enc('x')));
  await show('bad spki', () => subtle.importKey('spki', new Uint8Array(4), 'Ed25519', true, ['verify']));
  await show('wrong key type', () => subtle.importKey('spki', edSpki, { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']));
  await show('curve mismatch', () => subtle.importKey('spki', ecSpki, { name: 'ECDSA', namedCurve: 'P-384' }, true, ['verify']));
  await show('bad curve', () => subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-999' }, true, ['sign']));
  await show('private usage on public', () => subtle.importKey('spki', rsaSpki, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['sign']));
  await show('empty private usages', () => subtle.importKey('pkcs8', ecPkcs8, { name: 'ECDSA', namedCurve: 'P-256' }, true, []));
  await show('aes bad length', () => subtle.importKey('raw', new Uint8Array(5), 'AES-GCM', true, ['encrypt']));
  await show('aes gen length', () => subtle.generateKey({ name: 'AES-CBC', length: 64 }, true, ['encrypt']));
  await show('pbkdf2 extractable', () => subtle.importKey('raw', enc('pw'), 'PBKDF2', true, ['deriveBits']));
  await show('pbkdf2 no salt', () => subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', iterations: 1 }, pw, 8));
  await show('pbkdf2 zero iterations', () => subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: enc('s'), iterations: 0 }, pw, 8));
  await show('pbkdf2 odd length', () => subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: enc('s'), iterations: 1 }, pw, 7));
  await show('derive mismatch', () => subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: enc('s'), info: enc('') }, pw, 8));
  await show('derive usage', () => subtle.deriveBits({ name: 'ECDH', public: ecdhPubA }, xPriv, 8));
  await show('gcm tag length', () => subtle.encrypt({ name: 'AES-GCM', iv, tagLength: 100 }, gcm, enc('x')));
  await show('unknown algorithm', () => subtle.encrypt('AES-XTS', gcm, enc('x')));
  await show('bad format', () => subtle.importKey('pem', enc('x'), 'AES-GCM', true, ['encrypt']));
  await show('jwk kty', () => subtle.importKey('jwk', { kty: 'oct', k: 'AAAA' }, 'Ed25519', true, ['verify']));
  await show('jwk crv', () => subtle.importKey('jwk', { kty: 'EC', crv: 'P-384' }, { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']));
  await show('wrap not extractable', () => subtle.wrapKey('raw', pss, kw, 'AES-KW'));
})();
