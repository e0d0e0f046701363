'use strict';
// X509Certificate from fixture certificates (a CA and a leaf it issued, with
// SAN, AIA and extended key usage): fields, checks, verify, legacy object;
// and the algorithm lists getCurves/getHashes/getCiphers.
const crypto = require('crypto');
const fs = require('fs');
const util = require('util');
const { X509Certificate } = crypto;

const fx = (name) => fs.readFileSync(`fixtures/crypto/${name}`);
const tryIt = (label, fn) => {
  try {
    console.log(label, fn());
  } catch (e) {
    console.log(label, 'threw', e.name, e.code, e.message);
  }
};

const leaf = new X509Certificate(fx('leaf_cert.pem'));
const ca = new X509Certificate(fx('ca_cert.pem').toString());
for (const cert of [leaf, ca]) {
  for (const k of ['subject', 'issuer', 'subjectAltName', 'infoAccess', 'validFrom', 'validTo', 'serialNumber',
    'fingerprint', 'fingerprint256', 'fingerprint512', 'keyUsage', 'ca', 'issuerCertificate']) {
    console.log(k, JSON.stringify(cert[k]));
  }
  console.log('publicKey', cert.publicKey.type, cert.publicKey.asymmetricKeyType);
  console.log('raw', cert.raw.length, cert.raw.equals(new X509Certificate(cert.raw).raw));
  console.log('toString', cert.toString() === fx(cert === leaf ? 'leaf_cert.pem' : 'ca_cert.pem').toString(), cert.toJSON() === cert.toString());
}
console.log(util.inspect(leaf));
console.log('host', leaf.checkHost('www.example.org'), leaf.checkHost('example.com'), leaf.checkHost('a.b.example.org'),
  leaf.checkHost('www.example.com'), leaf.checkHost('www.example.com', { subject: 'always' }),
  leaf.checkHost('www.example.org', { wildcards: false }));
console.log('ip', leaf.checkIP('127.0.0.1'), leaf.checkIP('::1'), leaf.checkIP('1.2.3.4'));
console.log('email', leaf.checkEmail('admin@example.com'), leaf.checkEmail('x@example.com'));
console.log('issued', leaf.checkIssued(ca), ca.checkIssued(leaf), ca.checkIssued(ca));
console.log('verify', leaf.verify(ca.publicKey), leaf.verify(leaf.publicKey), ca.verify(ca.publicKey));
console.log('private key', leaf.checkPrivateKey(crypto.createPrivateKey(fx('ec_p256_private.pem'))),
  leaf.checkPrivateKey(crypto.createPrivateKey(fx('rsa_private.pem'))));
const legacy = leaf.toLegacyObject();
console.log(Object.keys(legacy));
console.log(legacy.subject, legacy.issuer, legacy.infoAccess, legacy.subjectaltname);
console.log(legacy.bits, legacy.pubkey.length, legacy.asn1Curve, legacy.nistCurve, legacy.ext_key_usage, legacy.raw.length);
const caLegacy = ca.toLegacyObject();
console.log(Object.keys(caLegacy), caLegacy.bits, caLegacy.exponent, caLegacy.modulus.slice(0, 20), caLegacy.pubkey.length);
console.log('createPublicKey from cert', crypto.createPublicKey(fx('leaf_cert.pem')).equals(leaf.publicKey));
tryIt('junk', () => new X509Certificate('junk'));
tryIt('number', () => new X509Certificate(5));
tryIt('bad der', () => new X509Certificate(Buffer.from([0x30, 0x03, 1, 2, 3])));
tryIt('checkHost type', () => leaf.checkHost(5));
tryIt('bad subject option', () => leaf.checkHost('x', { subject: 'x' }));
tryIt('checkIssued type', () => leaf.checkIssued({}));
tryIt('verify private', () => leaf.verify(crypto.createPrivateKey(fx('rsa_private.pem'))));
tryIt('checkPrivateKey public', () => leaf.checkPrivateKey(ca.publicKey));

const curves = crypto.getCurves();
console.log('curves', curves.length, curves.includes('prime256v1'), curves.includes('secp256k1'), curves.slice(0, 3));
console.log('hashes', crypto.getHashes().includes('sha256'), crypto.getHashes().includes('RSA-SHA256'));
console.log('ciphers', crypto.getCiphers().includes('aes-256-gcm'), crypto.getCiphers().includes('id-aes128-wrap'));
