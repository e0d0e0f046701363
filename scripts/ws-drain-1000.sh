#!/usr/bin/env bash
# 1,000 open WebSockets across `shoal ctl reload` and `shoal ctl scale 1`
# (2 workers): every client of a retired worker sees close 1001 and
# reconnects to another process, and no message is lost. The same tests as
# tests/apps/websocket (test_cluster_reload_drain,
# test_cluster_scale_down_drain), which run 200 sockets in the suite; too
# slow for the suite on a loaded 2-core machine. Results: docs/websocket.md.
#
#   scripts/ws-drain-1000.sh              CONNS=2000 scripts/ws-drain-1000.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
SHOAL=${SHOAL:-$root/build/shoal}
CONNS=${CONNS:-1000}
# a client process holds CONNS sockets, each worker up to CONNS
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
need=$((CONNS * 2 + 256))
[ "$(ulimit -n)" -ge "$need" ] || { echo "ulimit -n $(ulimit -n) < $need" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/shoal-ws-drain.XXXXXX")
trap 'rm -rf "$work"' EXIT
WS_DRAIN_CONNS=$CONNS python3 "$root/tests/apps/websocket/test_websocket.py" --shoal "$SHOAL" \
  --work "$work" test_cluster_reload_drain test_cluster_scale_down_drain
