#!/usr/bin/env bash
# scripts/soak.sh [soak_mixed.py options]     (not in ctest: it is long)
#
# The mixed soak (tests/hostile/soak_mixed.py): a 2-worker `shoal start`
# cluster for SOAK_MINUTES (default 30) under wrk (keep-alive and
# Connection: close), h2load, slow clients, uploads, WebSocket churn and
# hostile clients, with `ctl reload`, `scale 3`, `scale 2` and `upgrade` in
# turn every SOAK_OP_SECONDS (15) and the stdout reader stalled for a minute
# in the middle; master/worker RSS and descriptors, connections and failed
# requests every 10 s. Fails on a failed request outside an operation's
# window, any wrk error, a torn stdout line, or RSS / descriptor growth
# between the first and last third (docs/reliability.md).
# SOAK_SIMPLE=1: the older wrk-only soak with reloads (tests/hostile/soak.py,
# SOAK_SECONDS, SOAK_HOSTILE=1). Environment: SHOAL_BUILD (default build).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${SHOAL_BUILD:-build}
for tool in wrk h2load; do
  command -v "$tool" >/dev/null || { echo "soak.sh: $tool is needed (scripts/setup.sh)" >&2; exit 2; }
done
[ -x "$build/shoal" ] || cmake --build "$build" -j"$(nproc)"
if [ -n "${SOAK_SIMPLE:-}" ]; then
  exec python3 tests/hostile/soak.py --shoal "$build/shoal" "$@"
fi
exec python3 tests/hostile/soak_mixed.py --shoal "$build/shoal" "$@"
