'use strict';
// crypto: randomBytes, randomFill(Sync), randomInt, randomUUID,
// getRandomValues (lengths, types and ranges only) and their errors.
const crypto = require('crypto');

function show(label, fn) {
  try {
    console.log(label, fn());
  } catch (e) {
    console.log(label, 'threw', e.name, e.code, e.message);
  }
}

show('randomBytes', () => { const b = crypto.randomBytes(16); return [Buffer.isBuffer(b), b.length]; });
show('randomBytes 0', () => crypto.randomBytes(0).length);
show('randomBytes differ', () => !crypto.randomBytes(32).equals(crypto.randomBytes(32)));
show('randomBytes -1', () => crypto.randomBytes(-1));
show('randomBytes str', () => crypto.randomBytes('x'));
show('randomBytes big', () => crypto.randomBytes(2 ** 31));
show('randomBytes cb type', () => crypto.randomBytes(1, 1));

show('fillSync', () => {
  const b = Buffer.alloc(64);
  crypto.randomFillSync(b, 8, 8);
  return [b.subarray(0, 8).every((x) => x === 0), b.subarray(16).every((x) => x === 0)];
});
show('fillSync u32', () => {
  const a = new Uint32Array(8);
  const r = crypto.randomFillSync(a, 2, 2);
  return [r === a, a[0], a[1], a[4], a[7]];
});
show('fillSync ab', () => crypto.randomFillSync(new ArrayBuffer(8)).byteLength);
show('fillSync dataview', () => crypto.randomFillSync(new DataView(new ArrayBuffer(8))).byteLength);
show('fillSync offset', () => crypto.randomFillSync(Buffer.alloc(4), 5));
show('fillSync size', () => crypto.randomFillSync(Buffer.alloc(4), 1, 4));
show('fillSync buf', () => crypto.randomFillSync('x'));
show('fillSync offset type', () => crypto.randomFillSync(Buffer.alloc(4), 'x'));

for (let i = 0; i < 5; i++) {
  const n = crypto.randomInt(10);
  if (!(n >= 0 && n < 10 && Number.isInteger(n))) console.log('bad randomInt', n);
}
let ok = true;
const seen = new Set();
for (let i = 0; i < 500; i++) {
  const n = crypto.randomInt(-3, 3);
  seen.add(n);
  if (!(n >= -3 && n < 3)) ok = false;
}
console.log('randomInt range', ok, seen.size);
show('randomInt big', () => { const n = crypto.randomInt(2 ** 48 - 1); return n >= 0 && n < 2 ** 48 - 1; });
show('randomInt max<min', () => crypto.randomInt(10, 5));
show('randomInt eq', () => crypto.randomInt(5, 5));
show('randomInt float', () => crypto.randomInt(1.5));
show('randomInt min float', () => crypto.randomInt(1.5, 3));
show('randomInt range', () => crypto.randomInt(0, 2 ** 48 + 1));
show('randomInt range1', () => crypto.randomInt(2 ** 48 + 1));
show('randomInt cb', () => crypto.randomInt(1, 2, 3));

const re = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
let uuids = true;
const set = new Set();
for (let i = 0; i < 300; i++) {
  const u = crypto.randomUUID();
  set.add(u);
  if (!re.test(u)) uuids = false;
}
console.log('randomUUID', uuids, set.size);
show('randomUUID nocache', () => re.test(crypto.randomUUID({ disableEntropyCache: true })));
show('randomUUID opts', () => crypto.randomUUID(1));
show('randomUUID opt type', () => crypto.randomUUID({ disableEntropyCache: 1 }));

// Web Crypto random
show('getRandomValues', () => {
  const a = new Uint8Array(16);
  return [globalThis.crypto.getRandomValues(a) === a, a.length];
});
show('getRandomValues 65536', () => globalThis.crypto.getRandomValues(new Uint8Array(65536)).length);
show('getRandomValues big64', () => globalThis.crypto.getRandomValues(new BigInt64Array(2)).length);
show('getRandomValues quota', () => globalThis.crypto.getRandomValues(new Uint8Array(65537)));
show('getRandomValues u32 quota', () => globalThis.crypto.getRandomValues(new Uint32Array(16385)));
show('getRandomValues float', () => globalThis.crypto.getRandomValues(new Float32Array(4)));
show('getRandomValues f64', () => globalThis.crypto.getRandomValues(new Float64Array(4)));
show('getRandomValues dataview', () => globalThis.crypto.getRandomValues(new DataView(new ArrayBuffer(4))));
show('getRandomValues number', () => globalThis.crypto.getRandomValues(4));
show('getRandomValues this', () => { const { getRandomValues } = globalThis.crypto; return getRandomValues(new Uint8Array(1)); });
show('crypto.getRandomValues', () => crypto.getRandomValues(new Uint16Array(3)).length);
show('web randomUUID', () => re.test(globalThis.crypto.randomUUID()));
try {
  globalThis.crypto.getRandomValues(new Uint8Array(70000));
} catch (e) {
  console.log('quota error', e instanceof DOMException, e.name, e.code);
}
console.log('same object', crypto.webcrypto === globalThis.crypto, String(globalThis.crypto));

// async
const steps = [
  (next) => crypto.randomBytes(32, (err, buf) => {
    console.log('randomBytes async', err, buf.length);
    next();
  }),
  (next) => {
    const b = Buffer.alloc(16);
    crypto.randomFill(b, 4, 4, (err, buf) => {
      console.log('randomFill async', err, buf === b, b.subarray(0, 4).every((x) => x === 0),
        b.subarray(8).every((x) => x === 0));
      next();
    });
  },
  (next) => crypto.randomFill(new Uint32Array(4), (err, a) => {
    console.log('randomFill u32', err, a.length);
    next();
  }),
  (next) => {
    let sync = true;
    crypto.randomInt(5, 10, (err, n) => {
      console.log('randomInt async', err, n >= 5 && n < 10, !sync);
      next();
    });
    sync = false;
  },
];
(function run(i) {
  if (i < steps.length) steps[i](() => run(i + 1));
})(0);
