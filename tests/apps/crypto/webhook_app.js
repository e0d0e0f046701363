'use strict';
// An Ed25519 webhook-signature check as webhook receivers write it
// (Discord-style: hex public key, signature over timestamp + raw body), with
// node:crypto and with Web Crypto; signature from Node 20 (fixtures.json).
// With PORT set (serve.js): POST /interactions is the receiver (headers
// X-Signature-Ed25519 and X-Signature-Timestamp; 401 when the signature does
// not verify) and POST /send signs a body as a sender would (hex signature).
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { webhook } = require('./fixtures.json');
const { main } = require('./serve');

const keys = process.env.CRYPTO_KEYS_DIR || path.join(__dirname, '..', '..', 'js', 'fixtures', 'crypto');
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

async function checks(out) {
  const { body, signatureHex, timestamp, publicKeyHex } = webhook;
  out('node valid', verifyNode(body, signatureHex, timestamp, publicKeyHex));
  out('node tampered', verifyNode(body.replace('42', '43'), signatureHex, timestamp, publicKeyHex));
  out('node old timestamp', verifyNode(body, signatureHex, '1600000000', publicKeyHex));
  out('webcrypto valid', await verifyWeb(body, signatureHex, timestamp, publicKeyHex));
  out('webcrypto tampered', await verifyWeb(body + ' ', signatureHex, timestamp, publicKeyHex));
  const jwk = { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKeyHex, 'hex').toString('base64url') };
  out('jwk key', crypto.verify(null, Buffer.from(timestamp + body), { key: jwk, format: 'jwk' }, Buffer.from(signatureHex, 'hex')));
}

main(checks, {
  'POST /interactions': async ({ body, headers }) => {
    const signature = headers['x-signature-ed25519'] || '';
    const timestamp = headers['x-signature-timestamp'] || '';
    if (!(await verifyWeb(body.toString(), signature, timestamp, webhook.publicKeyHex))) return [401, 'invalid request signature'];
    const event = JSON.parse(body);
    return [200, JSON.stringify({ ok: true, id: event.id, amount: event.data.amount })];
  },
  'POST /send': async ({ body, headers }) => {
    const key = crypto.createPrivateKey(fs.readFileSync(path.join(keys, 'ed25519_private.pem')));
    const signed = Buffer.concat([Buffer.from(headers['x-signature-timestamp'] || ''), body]);
    return [200, crypto.sign(null, signed, key).toString('hex')];
  },
});
