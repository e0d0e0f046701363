'use strict';
// crypto.Certificate (SPKAC, Netscape SPKI): verifySpkac, exportPublicKey,
// exportChallenge, static and on instances; a tampered SPKAC; bad arguments.
// fixtures/crypto/rsa_spkac.spkac: `openssl spkac -key rsa_private.pem
// -challenge shoal-challenge`.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const { Certificate } = crypto;
const fx = (n) => fs.readFileSync(path.join(__dirname, 'fixtures', 'crypto', n));
const spkac = fx('rsa_spkac.spkac');
// One base64 character of the signed public key changed.
const text = spkac.toString();
const tampered = Buffer.from(text.slice(0, 100) + (text[100] === 'A' ? 'B' : 'A') + text.slice(101));

for (const [label, c] of [['static', Certificate], ['instance', new Certificate()], ['call', Certificate()]]) {
  console.log(label, 'verify', c.verifySpkac(spkac), c.verifySpkac(tampered), c.verifySpkac(Buffer.from('junk')));
  console.log(label, 'challenge', JSON.stringify(String(c.exportChallenge(spkac))), JSON.stringify(c.exportChallenge('junk')));
  console.log(label, 'public key matches', String(c.exportPublicKey(spkac)) === fx('rsa_public.pem').toString(), JSON.stringify(c.exportPublicKey('junk')));
}
console.log('string spkac', Certificate.verifySpkac(spkac.toString()), 'ArrayBuffer', Certificate.verifySpkac(new Uint8Array(spkac).buffer));
console.log('instanceof', Certificate() instanceof Certificate, typeof Certificate.prototype.verifySpkac);
for (const bad of [1, {}, null, undefined]) {
  try {
    Certificate.exportChallenge(bad);
  } catch (e) {
    console.log('bad', typeof bad, e.code, e.message);
  }
}
