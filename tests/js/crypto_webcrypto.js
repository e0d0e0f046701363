'use strict';
// Web Crypto (globalThis.crypto): subtle.digest, HMAC importKey / sign /
// verify / exportKey / generateKey, CryptoKey, and the DOMException errors.
const { subtle } = globalThis.crypto;
const hex = (ab) => Buffer.from(ab).toString('hex');

async function show(label, fn) {
  try {
    console.log(label, await fn());
  } catch (e) {
    console.log(label, 'threw', e.name, e.code, e.message);
  }
}

(async () => {
  const abc = new TextEncoder().encode('abc');
  for (const alg of ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512', 'sha-256', { name: 'SHA-256' }]) {
    await show(`digest ${JSON.stringify(alg)}`, async () => hex(await subtle.digest(alg, abc)));
  }
  await show('digest ab', async () => hex(await subtle.digest('SHA-256', abc.buffer)));
  await show('digest dataview', async () => hex(await subtle.digest('SHA-1', new DataView(abc.buffer))));
  await show('digest empty', async () => hex(await subtle.digest('SHA-256', new Uint8Array(0))));
  await show('digest type', async () => (await subtle.digest('SHA-256', abc)) instanceof ArrayBuffer);
  await show('digest md5', () => subtle.digest('MD5', abc));
  await show('digest string', () => subtle.digest('SHA-256', 'abc'));
  await show('digest unknown', () => subtle.digest('SHA-255', abc));
  await show('digest is promise', () => subtle.digest('nope', abc).catch(() => 'rejected'));

  // RFC 4231 test case 2
  const jefe = new TextEncoder().encode('Jefe');
  const msg = new TextEncoder().encode('what do ya want for nothing?');
  const key = await subtle.importKey('raw', jefe, { name: 'HMAC', hash: 'SHA-256' }, true, ['sign', 'verify']);
  console.log('key', key.type, key.extractable, JSON.stringify(key.algorithm), key.usages,
    key instanceof Object.getPrototypeOf(key).constructor, Object.prototype.toString.call(key));
  const sig = await subtle.sign('HMAC', key, msg);
  console.log('sign', hex(sig), sig instanceof ArrayBuffer);
  console.log('verify', await subtle.verify('HMAC', key, sig, msg));
  console.log('verify bad', await subtle.verify({ name: 'HMAC' }, key, new Uint8Array(32), msg));
  console.log('verify short', await subtle.verify('HMAC', key, sig.slice(0, 16), msg));
  console.log('export', hex(await subtle.exportKey('raw', key)));
  const jwk = await subtle.exportKey('jwk', key);
  console.log('export jwk', JSON.stringify(jwk));
  for (const hash of ['SHA-1', 'SHA-384', 'SHA-512']) {
    const k = await subtle.importKey('raw', jefe, { name: 'HMAC', hash: { name: hash } }, false, ['sign']);
    console.log('sign', hash, hex(await subtle.sign('HMAC', k, msg)));
  }
  const gen = await subtle.generateKey({ name: 'HMAC', hash: 'SHA-512' }, true, ['sign']);
  console.log('generateKey', JSON.stringify(gen.algorithm), (await subtle.exportKey('raw', gen)).byteLength);

  const signOnly = await subtle.importKey('raw', jefe, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  await show('export not extractable', () => subtle.exportKey('raw', signOnly));
  await show('verify with sign key', () => subtle.verify('HMAC', signOnly, sig, msg));
  await show('sign string', () => subtle.sign('HMAC', key, 'abc'));
  await show('sign not key', () => subtle.sign('HMAC', 1, msg));
  await show('empty usages', () => subtle.importKey('raw', jefe, { name: 'HMAC', hash: 'SHA-256' }, false, []));
  await show('bad usage', () => subtle.importKey('raw', jefe, { name: 'HMAC', hash: 'SHA-256' }, false, ['encrypt']));
  await show('no hash', () => subtle.importKey('raw', jefe, { name: 'HMAC' }, false, ['sign']));
  await show('zero key', () => subtle.importKey('raw', new Uint8Array(0), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']));
  await show('bad length', () => subtle.importKey('raw', jefe, { name: 'HMAC', hash: 'SHA-256', length: 31 }, false, ['sign']));
  await show('unknown alg', () => subtle.importKey('raw', jefe, { name: 'FOO' }, false, ['sign']));
  await show('new CryptoKey', () => new (Object.getPrototypeOf(key).constructor)());

  console.log('toString', String(globalThis.crypto), Object.prototype.toString.call(subtle));
  console.log('same', require('crypto').webcrypto === globalThis.crypto,
    require('crypto').subtle === subtle, typeof require('crypto').webcrypto.getRandomValues);
  console.log('in globalThis', 'crypto' in globalThis);

  // concurrent work on the pool completes in order of awaiting
  const many = await Promise.all([1, 2, 3, 4].map((n) => subtle.digest('SHA-256', new Uint8Array(n))));
  console.log('parallel', many.map((d) => hex(d).slice(0, 8)).join(' '));
})();
