#!/usr/bin/env bash
# Instructions per request of the health path (health.path, answered by the
# engine in C without JavaScript) in one cluster worker, counted by
# callgrind: the engine-only half of a keep-alive request
# (docs/performance.md, "Keep-alive hello, third round").
#
#   scripts/callgrind-health.sh              this checkout's build/
#   scripts/callgrind-health.sh BUILD_DIR    a build folder (shoal, shoal-runtime)
#   WARM=5000 N=5000 scripts/callgrind-health.sh
#   CLOSE=1 scripts/callgrind-health.sh      each request on its own `Connection:
#                                            close` connection (a Python client,
#                                            one at a time): the worker's cost of
#                                            a handed-over connection
#
# `shoal start` (1 worker, SHOAL_NO_ZYGOTE=1 so that the worker runs under
# valgrind too) with instrumentation off; h2load sends WARM requests on one
# keep-alive connection, then the worker's instrumentation is switched on
# for N more. Prints the worker's instructions over those N divided by N.
# Output: .bench/callgrind-health/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
WARM=${WARM:-5000}
N=${N:-5000}
PORT=${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
for tool in valgrind callgrind_control h2load curl python3; do
  command -v "$tool" >/dev/null || { echo "callgrind-health: $tool is missing" >&2; exit 2; }
done
mkdir -p "$root/.bench/callgrind-health"
d=$(mktemp -d "$root/.bench/callgrind-health/run.XXXX")
echo 'module.exports = (req, res) => res.end("x");' >"$d/app.js"
cat >"$d/config.json" <<JSON
{"app": "$d/app.js", "workers": 1, "ready_timeout_ms": 600000, "listen": [{"host": "127.0.0.1", "port": $PORT}],
 "control": {"socket": "$d/ctl.sock"}, "log": {"access": "off"}, "health": {"path": "/healthz"}}
JSON
SHOAL_NO_ZYGOTE=1 valgrind --tool=callgrind --trace-children=yes --instr-atstart=no \
  --callgrind-out-file="$d/callgrind.%p" "$build/shoal" start "$d/config.json" >"$d/log" 2>&1 &
master=$!
cleanup() {
  local kids
  kids=$(pgrep -P "$master" || true)
  kill "$master" 2>/dev/null || true
  sleep 1
  for k in $kids; do kill "$k" 2>/dev/null || true; done
}
trap cleanup EXIT
for _ in $(seq 1200); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" && break
  sleep 0.1
done
# (the master logs its worker's pid when the worker is ready)
worker=$(grep -o 'worker 1 (pid [0-9]*)' "$d/log" | grep -o '[0-9]*)' | tr -d ')' | tail -1)
[ -n "$worker" ] || { echo "callgrind-health: no worker pid in $d/log" >&2; exit 1; }
# N requests, on one keep-alive connection or (CLOSE=1) each on its own.
send() {
  if [ "${CLOSE:-}" = 1 ]; then
    python3 "$root/scripts/bench/serial_conns.py" "$PORT" "$1" /healthz
    return
  fi
  local report
  report=$(h2load --h1 -n "$1" -c1 -m1 "http://127.0.0.1:$PORT/healthz")
  grep -q "status codes: $1 2xx" <<<"$report" || { echo "callgrind-health: a request failed" >&2; exit 1; }
}
send "$WARM" >/dev/null
callgrind_control -i on "$worker" >/dev/null
send "$N"
callgrind_control -d health "$worker" >/dev/null
callgrind_control -i off "$worker" >/dev/null
dump=$(ls -t "$d"/callgrind."$worker".* | head -1)
total=$(sed -n 's/^summary: \([0-9]*\).*/\1/p' "$dump")
echo "health: $((total / N)) instructions/request ($total over $N requests; dump $dump)"
