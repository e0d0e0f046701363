#!/bin/sh
# Crypto throughput, shoal vs Node 20, against the ceiling of the library each
# one links: RSA-2048 PKCS#1 v1.5 sign and verify, ECDSA P-256 sign and
# verify, Ed25519 sign (256-byte message, crypto.sign/verify, synchronous),
# and a Web Crypto AES-256-GCM seal of 1 KiB (awaited one by one).
#
#   scripts/bench-crypto.sh [SHOAL_BIN] [CPU_SECONDS_PER_MEASUREMENT]
#   ROUNDS=5 TOL=0.15 NODE=node scripts/bench-crypto.sh
#
# Everything is counted in CPU time of the measuring process (getrusage, all
# threads): on a shared machine wall-clock rates measure the other tenants.
# Each round runs scripts/bench/crypto-driver.js once under shoal and once
# under node; for every case it times the JavaScript call and, in the same
# process, the same OpenSSL calls in a C loop (scripts/bench/crypto-ceiling.c,
# built here as a Node-API addon without -lcrypto, so that it binds to the
# libcrypto of the process that loads it: the system's libcrypto.so.3 under
# shoal, the OpenSSL linked into the node binary under node; the table names
# both). The call overhead of each runtime is measured the same way on a
# call that goes the same path with almost no OpenSSL work: for sign/verify a
# crypto.verify that fails at decoding an 8-byte signature (arguments, key
# handle, digest, context, hashing; no public-key arithmetic), for Web Crypto
# a digest of nothing (its promise and thread-pool job). The verdict, per
# case: shoal's time per operation / (library + shoal's call overhead), taken
# within each round and the median over the rounds, is at most 1 + TOL
# (default 15 %: the C loop alone, identical work, moves by 5-20 % between
# rounds on the shared 2-core machine; the table prints that spread). The
# same ratio is printed for Node against its own OpenSSL. A benchmark, not a
# test: it exits 0 whatever the verdict. See docs/performance.md.
#
# NODE defaults to `node` on PATH (the benchmarks' reference; tests may not
# use it). Needs cc, python3, and node_api.h: .deps' Node headers, else those
# installed next to node (include/node).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
shoal=${1:-${SHOAL:-$root/build/shoal}}
secs=${2:-0.5}
rounds=${ROUNDS:-3}
NODE=${NODE:-node}
nodebin=$(command -v "$NODE") || { echo "bench-crypto: $NODE not found" >&2; exit 2; }
inc=$root/.deps/root/usr/include/node
[ -f "$inc/node_api.h" ] || inc=$(dirname "$(dirname "$(readlink -f "$nodebin")")")/include/node
[ -f "$inc/node_api.h" ] || { echo "bench-crypto: no node_api.h" >&2; exit 2; }
work=$(mktemp -d /tmp/bench-crypto-XXXXXX)
trap 'rm -rf "$work"' EXIT
# Like node-gyp: napi_* and the EVP_* functions stay undefined until loaded.
cc -O2 -shared -fPIC -I"$inc" -o "$work/ceiling.node" "$root/scripts/bench/crypto-ceiling.c"
driver=$root/scripts/bench/crypto-driver.js

echo "command: ROUNDS=$rounds TOL=${TOL:-0.15} scripts/bench-crypto.sh $shoal $secs"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); cores: $(nproc); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "shoal: $shoal ($(git -C "$root" describe --always --dirty 2>/dev/null || echo '?')); node: $nodebin $("$nodebin" --version)"
i=0
while [ "$i" -lt "$rounds" ]; do
  "$shoal" run "$driver" "$work/ceiling.node" "$secs" >>"$work/shoal.jsonl"
  "$nodebin" "$driver" "$work/ceiling.node" "$secs" >>"$work/node.jsonl"
  i=$((i + 1))
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
SHOAL_FILE=$work/shoal.jsonl NODE_FILE=$work/node.jsonl python3 "$root/scripts/bench/crypto-table.py"
