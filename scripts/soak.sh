#!/usr/bin/env bash
# scripts/soak.sh [soak.py options]
#
# The soak test (tests/hostile/soak.py, not in ctest: it is long): wrk against
# a `shoal start` cluster for SOAK_SECONDS (default 600) with a reload every
# SOAK_RELOAD_SECONDS (default 20), master and worker RSS printed every 10 s;
# fails on any non-2xx response, socket error, or RSS growth over
# SOAK_MASTER_GROWTH_MB (8) / SOAK_WORKER_GROWTH_MB (32). Needs wrk.
# SOAK_HOSTILE=1 (or --hostile) adds hostile clients beside wrk (obs-fold,
# chunk-extension bombs, HTTP/2 zero-window stalls, idle metrics connections).
# Environment: SHOAL_BUILD (build folder, default build).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${SHOAL_BUILD:-build}
command -v wrk >/dev/null || { echo "soak.sh: wrk is needed (apt-get install -y wrk)" >&2; exit 2; }
[ -x "$build/shoal" ] || cmake --build "$build" -j"$(nproc)"
exec python3 tests/hostile/soak.py --shoal "$build/shoal" "$@"
