'use strict';
// An Ed25519 webhook-signature check as webhook receivers write it
// (Discord-style: hex public key, signature over timestamp + raw body), with
// node:crypto and with Web Crypto; signature from Node 20 (fixtures.json).
const crypto = require('crypto');
const { webhook } = require('./fixtures.json');

const spkiPrefix = Buffer.from('302a300506032b6570032100', 'hex');
function verifyNode(body, signature, timestamp, publicKeyHex) {
  const key = crypto.createPublicKey({
    key: Buffer.concat([spkiPrefix, Buffer.from(publicKeyHex, 'hex')]), format: 'der', type: 'spki',
  });
  return crypto.verify(null, Buffer.from(timestamp + body), key, Buffer.from(signature, 'hex'));
}
async function verifyWeb(body, signature, timestamp, publicKeyHex) {
  const key = await crypto.subtle.importKey('raw', Buffer.from(publicKeyHex, 'hex'), { name: 'Ed25519' }, false, ['verify']);
  return crypto.subtle.verify('Ed25519', key, Buffer.from(signature, 'hex'), new TextEncoder().encode(timestamp + body));
}

(async () => {
  const { body, signatureHex, timestamp, publicKeyHex } = webhook;
  console.log('node valid', verifyNode(body, signatureHex, timestamp, publicKeyHex));
  console.log('node tampered', verifyNode(body.replace('42', '43'), signatureHex, timestamp, publicKeyHex));
  console.log('node old timestamp', verifyNode(body, signatureHex, '1600000000', publicKeyHex));
  console.log('webcrypto valid', await verifyWeb(body, signatureHex, timestamp, publicKeyHex));
  console.log('webcrypto tampered', await verifyWeb(body + ' ', signatureHex, timestamp, publicKeyHex));
  const jwk = { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKeyHex, 'hex').toString('base64url') };
  console.log('jwk key', crypto.verify(null, Buffer.from(timestamp + body), { key: jwk, format: 'jwk' }, Buffer.from(signatureHex, 'hex')));
})();
