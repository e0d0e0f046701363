'use strict';
// One round of scripts/bench-crypto.sh in the runtime that runs this file
// (shoal or node): for every case, the CPU microseconds per operation of the
// library alone (crypto-ceiling.node, a C loop on the libcrypto of this
// process) and of the JavaScript API. Prints one JSON line.
//
//   <runtime> crypto-driver.js ADDON.node CPU_SECONDS_PER_MEASUREMENT
const crypto = require('crypto');
const { subtle } = crypto.webcrypto;

const lib = require(process.argv[2]);
const budget = Number(process.argv[3] || 0.5);

// CPU seconds of the process, all threads (getrusage): the thread pool's
// work for Web Crypto counts, and other tenants of the machine do not.
function cpu() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

// CPU microseconds per call, over at least `budget` CPU seconds; the clock is
// read once per batch, batches double until one takes 1/20 of the budget.
async function measure(fn, isAsync) {
  for (let i = 0; i < 5; i++) await fn();
  const t0 = cpu();
  let n = 0, batch = 1, t = 0;
  for (;;) {
    if (isAsync) for (let i = 0; i < batch; i++) await fn();
    else for (let i = 0; i < batch; i++) fn();
    n += batch;
    t = cpu() - t0;
    if (t >= budget) break;
    if (t * 20 < budget) batch *= 2;
  }
  return (t * 1e6) / n;
}

(async () => {
  const data = Buffer.alloc(256, 7);
  const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ed = crypto.generateKeyPairSync('ed25519');
  const rsaSig = crypto.sign('sha256', data, rsa.privateKey);
  const ecSig = crypto.sign('sha256', data, ec.privateKey);
  const aes = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt']);
  const iv = new Uint8Array(12);
  const msg = new Uint8Array(1024);
  const empty = new Uint8Array(0);
  const badSig = Buffer.alloc(8);
  // [name, the JavaScript call, awaited]: the names of crypto-ceiling.c.
  const cases = [
    ['rsa2048-sign', () => crypto.sign('sha256', data, rsa.privateKey)],
    ['rsa2048-verify', () => crypto.verify('sha256', data, rsa.publicKey, rsaSig)],
    ['ecdsa-p256-sign', () => crypto.sign('sha256', data, ec.privateKey)],
    ['ecdsa-p256-verify', () => crypto.verify('sha256', data, ec.publicKey, ecSig)],
    ['ed25519-sign', () => crypto.sign(null, data, ed.privateKey)],
    ['aes256gcm-seal-1k', () => subtle.encrypt({ name: 'AES-GCM', iv }, aes, msg), true],
    ['sig-probe', () => crypto.verify('sha256', data, ec.publicKey, badSig)],
    ['sha256-hash-256', () => crypto.createHash('sha256').update(data).digest()],
    ['sha256-digest-0', () => subtle.digest('SHA-256', empty), true],
  ];
  const out = { library: lib.info(), openssl: process.versions.openssl, cases: {} };
  for (const [name, fn, isAsync] of cases) {
    out.cases[name] = { lib: lib.run(name, budget), js: await measure(fn, isAsync) };
  }
  console.log(JSON.stringify(out));
})();
