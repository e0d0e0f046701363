#!/usr/bin/env bash
# Express 4 and Koa 2 on shoal and on Node's cluster: the `apps` workload of
# scripts/bench.sh (scripts/bench/bench.py) with those two servers only.
# A benchmark, not a test.
#
#   scripts/bench-express.sh                 3 rounds of 5 s per case
#   ROUNDS=5 DURATION=10 CONNS=100 WORKERS=4 scripts/bench-express.sh
#   SERVERS="shoal node-cluster bun deno" scripts/bench-express.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export WORKLOADS=apps SERVERS=${SERVERS:-shoal node-cluster}
[ -n "${INSTALL_PEERS:-}" ] || export INSTALL_PEERS=0
exec "$root/scripts/bench.sh"
