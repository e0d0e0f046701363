// The callback forms of crypto (sign, verify, generatePrime, checkPrime,
// generateKeyPair, generateKey, randomFill) and WebCrypto's promises: results
// equal the synchronous forms', callbacks never run synchronously, OpenSSL
// failures reach the callback while argument errors throw at the call.
// (That the work runs off the event loop is tests/http/crypto_offloop.py.)
const crypto = require('crypto');

const small = crypto.generateKeyPairSync('rsa', { modulusLength: 512 });
const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
const data = Buffer.from('some data');

function step(name, start) {
  return new Promise((resolve) => {
    let sync = true;
    start((err, ...results) => {
      console.log(name, sync ? 'SYNC' : 'async', err ? `${err.name} ${err.code} ${err.message}` : null,
        ...results);
      resolve();
    });
    sync = false;
  });
}

function throws(name, fn) {
  try {
    fn();
    console.log(name, 'no throw');
  } catch (e) {
    console.log(name, 'throws', e.name, e.code);
  }
}

(async () => {
  const rsaSig = crypto.sign('sha256', data, small.privateKey);
  await step('sign rsa', (cb) => crypto.sign('sha256', data, small.privateKey,
    (e, s) => cb(e, Buffer.isBuffer(s), s && s.equals(rsaSig))));
  await step('sign ec', (cb) => crypto.sign('sha256', data, ec.privateKey,
    (e, s) => cb(e, crypto.verify('sha256', data, ec.publicKey, s))));
  await step('sign ec p1363', (cb) => crypto.sign('sha256', data, { key: ec.privateKey, dsaEncoding: 'ieee-p1363' },
    (e, s) => cb(e, s.length)));
  // (OpenSSL's message differs between versions: only where it goes.)
  await step('sign salt too long', (cb) => crypto.sign('sha512', Buffer.alloc(10), {
    key: small.privateKey, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 100 },
  (e, s) => cb(null, e instanceof Error, s)));
  await step('verify good', (cb) => crypto.verify('sha256', data, small.publicKey, rsaSig, cb));
  await step('verify bad', (cb) => crypto.verify('sha256', Buffer.from('other'), small.publicKey, rsaSig, cb));
  await step('verify ec garbage', (cb) => crypto.verify('sha256', data, ec.publicKey, Buffer.from('xx'), cb));
  await step('verify ed25519', (cb) => {
    const ed = crypto.generateKeyPairSync('ed25519');
    crypto.verify(null, data, ed.publicKey, crypto.sign(null, data, ed.privateKey), cb);
  });
  throws('sign bad digest', () => crypto.sign('nope', data, small.privateKey, () => {}));
  throws('sign no key', () => crypto.sign('sha256', data, undefined, () => {}));
  throws('sign bad callback', () => crypto.sign('sha256', data, small.privateKey, 'cb'));
  throws('verify bad signature type', () => crypto.verify('sha256', data, small.publicKey, 'sig', () => {}));

  await step('generatePrime', (cb) => crypto.generatePrime(128, (e, p) => cb(e, p.byteLength,
    crypto.checkPrimeSync(p))));
  await step('generatePrime bigint safe', (cb) => crypto.generatePrime(64, { bigint: true, safe: true },
    (e, p) => cb(e, typeof p, p.toString(2).length, crypto.checkPrimeSync(p))));
  await step('generatePrime add/rem', (cb) => crypto.generatePrime(32, { add: 12n, rem: 11n, bigint: true },
    (e, p) => cb(e, p % 12n)));
  await step('generatePrime too small', (cb) => crypto.generatePrime(2, { safe: true }, cb));
  throws('generatePrime bad size', () => crypto.generatePrime(0, () => {}));
  throws('generatePrime no callback', () => crypto.generatePrime(64));
  throws('generatePrime add wider than size', () => crypto.generatePrime(3, { add: 8n, rem: 7n }, () => {}));
  throws('checkPrime checks out of range', () => crypto.checkPrime(7n, { checks: 2 ** 31 }, () => {}));
  await step('checkPrime prime', (cb) => crypto.checkPrime(7n, cb));
  await step('checkPrime composite', (cb) => crypto.checkPrime(Buffer.from([0x01, 0x00, 0x01, 0x03]), cb));
  throws('checkPrime bad candidate', () => crypto.checkPrime('7', () => {}));

  await step('generateKeyPair ec', (cb) => crypto.generateKeyPair('ec', { namedCurve: 'P-384' },
    (e, pub, priv) => cb(e, pub.asymmetricKeyDetails.namedCurve, priv.type)));
  throws('generateKeyPair bad curve', () => crypto.generateKeyPair('ec', { namedCurve: 'P-999' }, () => {}));
  await step('generateKey hmac', (cb) => crypto.generateKey('hmac', { length: 80 },
    (e, k) => cb(e, k.type, k.symmetricKeySize)));
  await step('generateKey aes', (cb) => crypto.generateKey('aes', { length: 192 },
    (e, k) => cb(e, k.symmetricKeySize)));
  await step('randomFill', (cb) => crypto.randomFill(new Uint32Array(4), 1, 2, (e, b) => cb(e, b.length, b[0], b[3])));
  await step('pbkdf2', (cb) => crypto.pbkdf2('pw', 'salt', 1000, 16, 'sha256', (e, k) => cb(e, k.toString('hex'))));
  await step('scrypt', (cb) => crypto.scrypt('pw', 'salt', 16, (e, k) => cb(e, k.toString('hex'))));
  await step('hkdf', (cb) => crypto.hkdf('sha256', 'key', 'salt', 'info', 16,
    (e, k) => cb(e, Buffer.from(k).toString('hex'))));

  // Callbacks run in the async context of the call (AsyncLocalStorage, domains).
  const { AsyncLocalStorage } = require('async_hooks');
  const als = new AsyncLocalStorage();
  const stores = [];
  await new Promise((resolve) => als.run('ctx', () => {
    let left = 6;
    const got = (name) => () => { stores.push(`${name}=${als.getStore()}`); if (--left === 0) resolve(); };
    crypto.sign('sha256', data, ec.privateKey, got('sign'));
    crypto.verify('sha256', data, ec.publicKey, rsaSig, got('verify'));
    crypto.generatePrime(32, got('generatePrime'));
    crypto.checkPrime(7n, got('checkPrime'));
    crypto.pbkdf2('pw', 'salt', 1, 8, 'sha1', got('pbkdf2'));
    crypto.randomBytes(4, got('randomBytes'));
  }));
  console.log('async context:', stores.sort().join(' '));

  const { subtle } = crypto.webcrypto;
  const order = [];
  const p = subtle.digest('SHA-256', data).then(() => order.push('digest'));
  Promise.resolve().then(() => order.push('microtask'));
  await p;
  console.log('digest resolves after a microtask queued after it:', order.join(' '));
  const rsa = await subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 1024,
    publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, false, ['sign', 'verify']);
  const sig = await subtle.sign('RSASSA-PKCS1-v1_5', rsa.privateKey, data);
  console.log('subtle rsa', sig.byteLength, await subtle.verify('RSASSA-PKCS1-v1_5', rsa.publicKey, sig, data),
    await subtle.verify('RSASSA-PKCS1-v1_5', rsa.publicKey, sig, Buffer.from('x')));
  const oaep = await subtle.generateKey({ name: 'RSA-OAEP', modulusLength: 1024,
    publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-1' }, false, ['encrypt', 'decrypt']);
  const ct = await subtle.encrypt({ name: 'RSA-OAEP', label: Buffer.from('l') }, oaep.publicKey, data);
  console.log('subtle oaep', ct.byteLength,
    Buffer.from(await subtle.decrypt({ name: 'RSA-OAEP', label: Buffer.from('l') }, oaep.privateKey, ct)).toString());
  await subtle.decrypt({ name: 'RSA-OAEP', label: Buffer.from('m') }, oaep.privateKey, ct)
    .catch((e) => console.log('subtle oaep wrong label', e.name));
  const aes = await subtle.generateKey({ name: 'AES-GCM', length: 128 }, false, ['encrypt', 'decrypt']);
  const iv = new Uint8Array(12);
  const sealed = new Uint8Array(await subtle.encrypt({ name: 'AES-GCM', iv, tagLength: 96 }, aes, data));
  console.log('subtle gcm', sealed.byteLength,
    Buffer.from(await subtle.decrypt({ name: 'AES-GCM', iv, tagLength: 96 }, aes, sealed)).toString());
  sealed[3] ^= 1;
  await subtle.decrypt({ name: 'AES-GCM', iv, tagLength: 96 }, aes, sealed)
    .catch((e) => console.log('subtle gcm tampered', e.name));
  const x1 = await subtle.generateKey({ name: 'X25519' }, false, ['deriveBits']);
  const x2 = await subtle.generateKey({ name: 'X25519' }, false, ['deriveBits']);
  const b1 = Buffer.from(await subtle.deriveBits({ name: 'X25519', public: x2.publicKey }, x1.privateKey, 128));
  const b2 = Buffer.from(await subtle.deriveBits({ name: 'X25519', public: x1.publicKey }, x2.privateKey, 128));
  console.log('subtle x25519', b1.length, b1.equals(b2));
})();
