#!/usr/bin/env bash
# Express 4 benchmark: the same Express app on shoal (`shoal start`, 2
# workers, `listen` in the config, access log off; the app exports itself as
# a request listener) and on Node 20 `cluster` (2 workers calling listen),
# driven by wrk in the same run. A benchmark, not a test.
#
#   scripts/bench-express.sh                 3 rounds of 5 s per case
#   ROUNDS=5 DURATION=10 CONNS=100 WORKERS=4 scripts/bench-express.sh
#
# Cases: GET / (hello world, res.send) and POST /json (express.json() parses
# a small JSON body, the route answers res.json). Prints the median
# requests/s of each server and the shoal/node ratio. Needs wrk (apt-get
# install wrk), curl, node and npm (express comes from tests/apps: `npm ci`
# there when node_modules is missing).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
SHOAL=${SHOAL:-$root/build/shoal}
NODE=${NODE:-node}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5}
CONNS=${CONNS:-50}
THREADS=${THREADS:-2}
WORKERS=${WORKERS:-2}
apps=$root/tests/apps
for t in wrk curl "$NODE"; do
  command -v "$t" >/dev/null || { echo "$t is not installed" >&2; exit 2; }
done
[ -x "$SHOAL" ] || { echo "no shoal binary at $SHOAL (set SHOAL=...)" >&2; exit 2; }
if [ ! -f "$apps/node_modules/express/package.json" ]; then
  (cd "$apps" && npm ci --ignore-scripts --no-audit --no-fund >/dev/null) ||
    { echo "npm ci in tests/apps failed" >&2; exit 2; }
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/shoal-bench-express.XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# The app: a request listener (shoal's first contract, and what Node's
# cluster workers hand to http.createServer).
cat > "$work/app.js" <<JS
'use strict';
const express = require('$apps/node_modules/express');
const app = express();
app.use(express.json());
app.get('/', (req, res) => res.send('Hello World!'));
app.post('/json', (req, res) => res.json({ ok: true, name: req.body.name, n: req.body.n + 1 }));
module.exports = app;
JS

cat > "$work/node_cluster.js" <<'JS'
'use strict';
const cluster = require('cluster');
const [port, workers] = process.argv.slice(2).map(Number);
if (cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork();
} else {
  require('./app.js').listen(port, '127.0.0.1');
}
JS

cat > "$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"name":"shoal","n":41,"tags":["a","b","c"],"nested":{"x":1,"y":[1,2,3]}}'
wrk.headers["Content-Type"] = "application/json"
LUA

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_up() { # name port
  for _ in $(seq 200); do
    if [ "$(curl -s "http://127.0.0.1:$2/")" = "Hello World!" ]; then
      # the JSON route answers too (checks the body parser before timing it)
      local j
      j=$(curl -s -H 'Content-Type: application/json' -d '{"name":"x","n":1}' \
        "http://127.0.0.1:$2/json")
      [ "$j" = '{"ok":true,"name":"x","n":2}' ] && return 0
      echo "$1: unexpected /json answer: $j" >&2
      exit 1
    fi
    sleep 0.05
  done
  echo "$1 did not start: $(cat "$work/$1.log")" >&2
  exit 1
}

sp=$(free_port); np=$(free_port)
cat > "$work/shoal.json" <<JSON
{
  "app": "$work/app.js",
  "workers": $WORKERS,
  "listen": [{ "host": "127.0.0.1", "port": $sp }],
  "log": { "access": "off" }
}
JSON
"$SHOAL" start "$work/shoal.json" >"$work/shoal.log" 2>&1 &
pids+=($!)
"$NODE" "$work/node_cluster.js" "$np" "$WORKERS" >"$work/node.log" 2>&1 &
pids+=($!)
wait_up shoal "$sp"
wait_up node "$np"

# run_wrk URL [lua] -> requests/s (0 when any request failed or was not 2xx)
run_wrk() {
  local args=(-t"$THREADS" -c"$CONNS" -d"${DURATION}s" "$1")
  [ -n "${2:-}" ] && args+=(-s "$2")
  wrk "${args[@]}" >"$work/wrk.out" 2>&1 || true
  local rps
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$work/wrk.out")
  if [ -z "$rps" ] || grep -qE 'Non-2xx|Socket errors' "$work/wrk.out"; then
    echo "wrk reported errors against $1:" >&2
    grep -E 'Non-2xx|Socket errors|Requests/sec' "$work/wrk.out" >&2 || tail -5 "$work/wrk.out" >&2
    [ -n "$rps" ] && grep -q 'Non-2xx' "$work/wrk.out" && { echo 0; return; }
  fi
  echo "${rps:-0}"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "wrk -t$THREADS -c$CONNS -d${DURATION}s, $ROUNDS rounds, median requests/s;" \
  "$WORKERS workers each"
echo "shoal: $SHOAL start; node: $($NODE --version) cluster;" \
  "express $("$NODE" -p "require('$apps/node_modules/express/package.json').version")"
printf '%-28s %12s %12s %8s\n' case shoal node ratio
for case in hello json; do
  s_rps=(); n_rps=()
  for _ in $(seq "$ROUNDS"); do
    if [ "$case" = hello ]; then
      s_rps+=("$(run_wrk "http://127.0.0.1:$sp/")")
      n_rps+=("$(run_wrk "http://127.0.0.1:$np/")")
    else
      s_rps+=("$(run_wrk "http://127.0.0.1:$sp/json" "$work/post.lua")")
      n_rps+=("$(run_wrk "http://127.0.0.1:$np/json" "$work/post.lua")")
    fi
  done
  s=$(printf '%s\n' "${s_rps[@]}" | median)
  n=$(printf '%s\n' "${n_rps[@]}" | median)
  ratio=$(awk -v s="$s" -v n="$n" 'BEGIN { if (n > 0) printf "%.2f", s / n; else print "n/a" }')
  label=$([ "$case" = hello ] && echo "GET / (hello world)" || echo "POST /json (express.json)")
  printf '%-28s %12.0f %12.0f %8s\n' "$label" "$s" "$n" "$ratio"
done
