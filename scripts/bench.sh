#!/usr/bin/env bash
# Performance benchmark (issue "Performance"): every workload against shoal
# and against each peer found on the machine, in the same run. A benchmark,
# not a test: it never fails on slowness; it prints Markdown tables of medians
# over several rounds, with ratios to Node, the core count and the versions.
#
#   scripts/bench.sh                               3 rounds x 5 s per case
#   ROUNDS=5 DURATION=10 scripts/bench.sh
#   SERVERS="shoal node-cluster" WORKLOADS="keepalive close" scripts/bench.sh
#   SINGLE=1 scripts/bench.sh                      also run bench-startup.sh and bench-http.sh
#
# Servers (SERVERS=..., default all): shoal (`shoal start` with WORKERS
# workers), node (one process), node-cluster (cluster.fork() x WORKERS),
# node-http2 (h2c), bun (WORKERS x Bun.serve with reusePort), deno
# (Deno.serve), deno-parallel (deno serve --parallel, DENO_JOBS=WORKERS).
# Ceilings, on the keepalive and close workloads only: nginx (Debian's nginx,
# WORKERS worker processes, `return 200`) and shoal-health (shoal's health
# path, answered in C without JavaScript); NGINX=path overrides the binary.
# Bun and Deno come from scripts/bench/install-peers.sh (run automatically
# unless INSTALL_PEERS=0); a peer that is missing or fails is reported in the
# table, not fatal.
#
# Workloads (WORKLOADS=..., default all): keepalive, close (Connection: close),
# json (POST + parse + serialise), h2 (h2load; shoal is skipped with a note
# while it does not speak h2c), big (1 MiB response), isolation (light-request
# p50/p99 with 200 ms CPU-bound requests running, shoal and node-cluster),
# startup (spawn to first response, one worker), rss (idle and loaded RSS per
# worker), reload (req/s dip and duration of `shoal ctl reload` under wrk),
# apps (Express 4 and Koa 2 from tests/apps/node_modules, GET / and POST /json
# through express.json() / koa-body, on shoal, node-cluster, and Bun and Deno
# running the same Node apps; scripts/bench-express.sh runs just this one).
#
# Environment: ROUNDS (3), DURATION (5 s), WORKERS (2), CONNS (50),
# BIG_CONNS (10), H2_CLIENTS (10), H2_STREAMS (10), WRK_THREADS (1),
# WARMUP (2 s per server), STARTUP_RUNS (10), STARTUP_RELOADS (8), LIGHT_RATE (50/s),
# HEAVY_CONC (WORKERS-1), PIN (none | split: load generator on the last CPU,
# servers on the others), PORT_BASE (18100), SHOAL (build/shoal), NODE, BUN,
# DENO. Generated apps, peers and reports live in the git-ignored .bench/
# (reports: .bench/results/DATE.md and .json).
#
# Needs: python3, curl, wrk (apt-get install wrk); optional h2load
# (apt-get install nghttp2-client), nginx (nginx-light), npm for the peers.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export SHOAL=${SHOAL:-$root/build/shoal}
export BENCH_COMMAND="${BENCH_COMMAND:-$(env | grep -E '^(ROUNDS|DURATION|WORKERS|CONNS|BIG_CONNS|H2_CLIENTS|H2_STREAMS|WRK_THREADS|WARMUP|STARTUP_RUNS|STARTUP_RELOADS|LIGHT_RATE|HEAVY_CONC|PIN|SERVERS|WORKLOADS|SHOAL)=' | sort | sed "s/=\(.*\)/='\1'/" | tr '\n' ' ')scripts/bench.sh}"

for t in python3 curl wrk; do
  command -v "$t" >/dev/null || { echo "bench: $t is not installed" >&2; exit 2; }
done
command -v h2load >/dev/null || echo "bench: h2load missing (apt-get install nghttp2-client): the h2 workload is skipped" >&2
if [ ! -x "$SHOAL" ]; then
  echo "bench: no shoal at $SHOAL; building with scripts/setup.sh" >&2
  "$root/scripts/setup.sh" >&2
fi
mkdir -p "$root/.bench"
grep -qx '/.bench/' "$root/.gitignore" 2>/dev/null || echo '/.bench/' >>"$root/.gitignore"
if [ "${INSTALL_PEERS:-1}" != 0 ]; then
  "$root/scripts/bench/install-peers.sh" || true
fi

python3 "$root/scripts/bench/bench.py"

if [ "${SINGLE:-0}" != 0 ]; then
  echo
  echo "## Single-process comparisons (scripts/bench-startup.sh, scripts/bench-http.sh)"
  echo
  echo '```'
  SHOAL="$SHOAL" "$root/scripts/bench-startup.sh" || echo "bench-startup.sh failed"
  echo
  SHOAL="$SHOAL" "$root/scripts/bench-http.sh" || echo "bench-http.sh failed"
  echo '```'
fi
