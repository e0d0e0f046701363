#!/bin/sh
# Public-key crypto throughput, shoal vs node (operations per second, one
# thread): RSA-2048 PKCS#1 v1.5 sign and verify, ECDSA P-256 sign and verify,
# Ed25519 sign, and Web Crypto AES-256-GCM seal of 1 KiB (awaited one by one).
# Each case runs SECONDS of wall time and is counted per second of the
# process's CPU time (utime + stime of every thread, from /proc/self/stat):
# on a shared machine wall-clock rates measure the other tenants, CPU time
# measures the runtime (OpenSSL's work plus the call's overhead).
#
#   scripts/bench-crypto.sh [SHOAL_BIN] [SECONDS_PER_CASE]
#
# Uses the system `node` as the reference (benchmarks may; tests may not).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
shoal=${1:-$root/build/shoal}
secs=${2:-1}
js=$(mktemp /tmp/bench-crypto-XXXXXX.js)
trap 'rm -f "$js"' EXIT
cat > "$js" <<'JS'
'use strict';
const crypto = require('crypto');
const secs = Number(process.argv[2] || 1);
const fs = require('fs');
const data = Buffer.alloc(256, 7);
// CPU seconds of this process (all threads) so far.
function cpuSeconds() {
  const f = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;  // utime + stime, in USER_HZ ticks
}
const deadline = () => process.hrtime.bigint() + BigInt(Math.round(secs * 1e9));
const perCpuSecond = (n, cpu) => Math.round(n / Math.max(cpuSeconds() - cpu, 0.01));
function rate(fn) {
  for (let i = 0; i < 3; i++) fn();  // warm up
  let n = 0;
  const cpu = cpuSeconds();
  const end = deadline();
  while (process.hrtime.bigint() < end) { fn(); n++; }
  return perCpuSecond(n, cpu);
}
async function rateAsync(fn) {
  for (let i = 0; i < 3; i++) await fn();
  let n = 0;
  const cpu = cpuSeconds();
  const end = deadline();
  while (process.hrtime.bigint() < end) { await fn(); n++; }
  return perCpuSecond(n, cpu);
}
(async () => {
  const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ed = crypto.generateKeyPairSync('ed25519');
  const rsaSig = crypto.sign('sha256', data, rsa.privateKey);
  const ecSig = crypto.sign('sha256', data, ec.privateKey);
  const out = {};
  out['rsa2048-sign'] = rate(() => crypto.sign('sha256', data, rsa.privateKey));
  out['rsa2048-verify'] = rate(() => crypto.verify('sha256', data, rsa.publicKey, rsaSig));
  out['ecdsa-p256-sign'] = rate(() => crypto.sign('sha256', data, ec.privateKey));
  out['ecdsa-p256-verify'] = rate(() => crypto.verify('sha256', data, ec.publicKey, ecSig));
  out['ed25519-sign'] = rate(() => crypto.sign(null, data, ed.privateKey));
  const key = await crypto.webcrypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt']);
  const iv = new Uint8Array(12);
  const msg = new Uint8Array(1024);
  out['webcrypto-aes256gcm-seal-1k'] = await rateAsync(() => crypto.webcrypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, msg));
  for (const [k, v] of Object.entries(out)) console.log(`${k} ${v}`);
})();
JS
printf '%-30s %12s %12s %7s\n' case 'shoal op/cpu-s' 'node op/cpu-s' ratio
"$shoal" run "$js" "$secs" > "$js.shoal"
node "$js" "$secs" > "$js.node"
while read -r name s; do
    n=$(awk -v k="$name" '$1 == k { print $2 }' "$js.node")
    awk -v name="$name" -v s="$s" -v n="$n" 'BEGIN { printf "%-30s %12d %12d %7.2f\n", name, s, n, (n > 0 ? s / n : 0) }'
done < "$js.shoal"
rm -f "$js.shoal" "$js.node"
