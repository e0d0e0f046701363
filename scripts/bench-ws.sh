#!/usr/bin/env bash
# WebSocket echo benchmark: the same ws 8 echo server on shoal (`shoal start`,
# WORKERS workers, the app calls listen() itself) and on Node 20's `cluster`
# module (WORKERS workers calling listen), driven by one load client in the
# same run (Node's ws client under the system node: CONNS connections, each
# sending a MSG-byte message and waiting for its echo, for DURATION s). A
# benchmark, not a test.
#
#   scripts/bench-ws.sh                     3 rounds of 5 s, 200 connections
#   ROUNDS=5 DURATION=10 CONNS=1000 MSG=32 WORKERS=2 scripts/bench-ws.sh
#
# Prints the median echo round trips per second of each server and the
# shoal/node ratio. Needs node and npm (ws comes from tests/apps/websocket:
# `npm ci` into build/tests/apps/websocket when it is not there).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
SHOAL=${SHOAL:-$root/build/shoal}
NODE=${NODE:-node}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5}
CONNS=${CONNS:-200}
MSG=${MSG:-64}
WORKERS=${WORKERS:-2}
mods=${WS_MODULES:-$root/build/tests/apps/websocket}
command -v "$NODE" >/dev/null || { echo "$NODE is not installed" >&2; exit 2; }
[ -x "$SHOAL" ] || { echo "no shoal binary at $SHOAL (set SHOAL=...)" >&2; exit 2; }
if [ ! -f "$mods/node_modules/ws/package.json" ]; then
  mkdir -p "$mods"
  cp "$root/tests/apps/websocket/package.json" "$root/tests/apps/websocket/package-lock.json" "$mods/"
  (cd "$mods" && npm ci --ignore-scripts --no-audit --no-fund >/dev/null) ||
    { echo "npm ci in $mods failed" >&2; exit 2; }
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/shoal-bench-ws.XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# The server: ws echo (no compression: the engine, not zlib, is measured).
cat > "$work/app.js" <<JS
'use strict';
const http = require('http');
const { WebSocketServer } = require('$mods/node_modules/ws');
const server = http.createServer((req, res) => res.end('up'));
const wss = new WebSocketServer({ server, perMessageDeflate: false });
wss.on('connection', (ws) => ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary })));
server.listen(+process.env.PORT, '127.0.0.1');
JS

cat > "$work/node_cluster.js" <<'JS'
'use strict';
const cluster = require('cluster');
const workers = +process.argv[2];
if (cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork();
} else {
  require('./app.js');
}
JS

# The load: CONNS connections, one message in flight on each.
cat > "$work/load.js" <<JS
'use strict';
const { WebSocket } = require('$mods/node_modules/ws');
const [port, conns, seconds, size] = process.argv.slice(2).map(Number);
const payload = Buffer.alloc(size, 0x61);
let trips = 0, open = 0, errors = 0, running = true;
const sockets = [];
const start = () => {
  const t0 = process.hrtime.bigint();
  for (const ws of sockets) ws.send(payload);
  setTimeout(() => {
    running = false;
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    console.log(errors ? 0 : Math.round(trips / s));
    for (const ws of sockets) ws.terminate();
  }, seconds * 1000);
};
for (let i = 0; i < conns; i++) {
  const ws = new WebSocket('ws://127.0.0.1:' + port + '/', { perMessageDeflate: false });
  sockets.push(ws);
  ws.on('open', () => { if (++open === conns) start(); });
  ws.on('message', () => { trips++; if (running) ws.send(payload); });
  ws.on('error', () => { errors++; });
}
JS

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() { # name port
  for _ in $(seq 200); do
    [ "$(curl -s "http://127.0.0.1:$2/")" = up ] && return 0
    sleep 0.05
  done
  echo "$1 did not start: $(cat "$work/$1.log")" >&2
  exit 1
}

sp=$(free_port); np=$(free_port)
cat > "$work/shoal.json" <<JSON
{ "app": "$work/app.js", "workers": $WORKERS, "listen": [],
  "env": { "PORT": "$sp" }, "log": { "access": "off" } }
JSON
"$SHOAL" start "$work/shoal.json" >"$work/shoal.log" 2>&1 &
pids+=($!)
PORT=$np "$NODE" "$work/node_cluster.js" "$WORKERS" >"$work/node.log" 2>&1 &
pids+=($!)
wait_up shoal "$sp"
wait_up node "$np"
sleep 1 # every worker up

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "echo round trips/s: $CONNS connections, $MSG-byte messages, ${DURATION}s x $ROUNDS rounds" \
  "(median), $WORKERS workers each; load: $($NODE --version) ws" \
  "$("$NODE" -p "require('$mods/node_modules/ws/package.json').version")"
s_r=(); n_r=()
for _ in $(seq "$ROUNDS"); do
  s_r+=("$("$NODE" "$work/load.js" "$sp" "$CONNS" "$DURATION" "$MSG")")
  n_r+=("$("$NODE" "$work/load.js" "$np" "$CONNS" "$DURATION" "$MSG")")
done
s=$(printf '%s\n' "${s_r[@]}" | median)
n=$(printf '%s\n' "${n_r[@]}" | median)
printf '%-10s %12s\n' shoal "$s" node "$n"
awk -v s="$s" -v n="$n" 'BEGIN { if (n > 0) printf "ratio      %12.2f\n", s / n }'
