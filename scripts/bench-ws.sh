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
#
# Then (MODES, default "echo broadcast channel"):
#   broadcast  BCONNS (1000) WebSocket clients spread over the workers; one
#              of them publishes, each worker sends every message to its own
#              clients and relays it to the other workers: shoal through a
#              BroadcastChannel (the relay of tests/apps/websocket/
#              broadcast-adapter.js, without Socket.IO), Node's cluster
#              through its own IPC (process.send to the primary, which sends
#              it to the other workers). The publisher keeps WINDOW messages
#              in flight; a message counts once all BCONNS clients got it:
#              messages broadcast per second (median of ROUNDS).
#   channel    between 2 workers, no WebSocket: one worker posts CMSGS
#              messages (at most 2,000 unanswered), the other acknowledges
#              every 500th: messages/s; then 2,000 ping-pongs one at a time:
#              round-trip latency (median, p99). Same relays as above.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
SHOAL=${SHOAL:-$root/build/shoal}
NODE=${NODE:-node}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5}
CONNS=${CONNS:-200}
MSG=${MSG:-64}
WORKERS=${WORKERS:-2}
MODES=${MODES:-echo broadcast channel}
BCONNS=${BCONNS:-1000}
WINDOW=${WINDOW:-4}
CMSGS=${CMSGS:-50000}
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
// argv: workers, app. The primary relays what a worker sends to the others
// (Node's own IPC: the broadcast and channel apps' relay).
const cluster = require('cluster');
const workers = +process.argv[2];
if (cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on('message', (from, msg) => {
    for (const w of Object.values(cluster.workers)) if (w !== from) w.send(msg);
  });
} else {
  require(process.argv[3] || './app.js');
}
JS

# broadcast / channel: one app; the relay between workers is a
# BroadcastChannel under shoal, process.send through the primary under Node.
cat > "$work/relay_app.js" <<JS
'use strict';
const http = require('http');
const { WebSocketServer } = require('$mods/node_modules/ws');
const viaNode = typeof process.send === 'function';
const handlers = [];
const bc = viaNode ? null : new BroadcastChannel('bench');
if (bc) bc.onmessage = (e) => { for (const h of handlers) h(e.data); };
else process.on('message', (m) => { for (const h of handlers) h(m); });
const publish = (m) => (bc ? bc.postMessage(m) : process.send(m));
const onRelay = (h) => handlers.push(h);

// broadcast: a client's message goes to every client of every worker
const server = http.createServer(chan);
const wss = new WebSocketServer({ server, perMessageDeflate: false });
const toLocal = (text) => { for (const c of wss.clients) c.send(text); };
wss.on('connection', (ws) => ws.on('message', (data) => {
  const text = data.toString();
  toLocal(text);
  publish({ b: text });
}));
onRelay((m) => { if (m.b !== undefined) toLocal(m.b); });

// channel: GET /chan?n=N runs the rate then the latency run against the other worker
let waiter = null;
onRelay((m) => {
  if (m.ping !== undefined) publish({ pong: m.ping });           // the other side
  else if (m.r !== undefined && m.r % 500 === 499) publish({ ack: m.r });
  else if (waiter && (m.pong !== undefined || m.ack !== undefined)) waiter(m);
});
function chan(req, res) {
  const u = new URL(req.url, 'http://x');
  if (u.pathname !== '/chan') return res.end('up');
  const n = +u.searchParams.get('n');
  let sent = 0, acked = -1;
  const t0 = process.hrtime.bigint();
  const pump = () => { while (sent < n && sent - acked < 2000) publish({ r: sent++ }); };
  waiter = (m) => {
    if (m.ack === undefined) return;
    acked = m.ack;
    if (acked + 1 >= n - (n % 500)) return latency(Number(process.hrtime.bigint() - t0) / 1e9);
    pump();
  };
  pump();
  function latency(rateSeconds) {
    const rtts = [];
    let t;
    const ping = () => { t = process.hrtime.bigint(); publish({ ping: rtts.length }); };
    waiter = (m) => {
      if (m.pong !== rtts.length) return;
      rtts.push(Number(process.hrtime.bigint() - t) / 1e3);
      if (rtts.length < 2000) return ping();
      rtts.sort((a, b) => a - b);
      waiter = null;
      res.end(JSON.stringify({ rate: Math.round((n - (n % 500)) / rateSeconds),
        rttMedianUs: Math.round(rtts[1000]), rttP99Us: Math.round(rtts[1980]) }));
    };
    ping();
  }
}
server.listen(+process.env.PORT, '127.0.0.1');
JS

# The broadcast load: BCONNS subscribers, the first one also publishes,
# WINDOW messages in flight; prints messages broadcast per second.
cat > "$work/bload.js" <<JS
'use strict';
const { WebSocket } = require('$mods/node_modules/ws');
const [port, conns, seconds, win] = process.argv.slice(2).map(Number);
const got = new Map();
let done = 0, next = 0, open = 0, running = true, t0;
const sockets = [];
const publish = () => { sockets[0].send(String(next++)); };
const complete = () => {
  done++;
  if (running) publish();
};
for (let i = 0; i < conns; i++) {
  const ws = new WebSocket('ws://127.0.0.1:' + port + '/', { perMessageDeflate: false });
  sockets.push(ws);
  ws.on('open', () => {
    if (++open < conns) return;
    setTimeout(() => { // every socket's connection handed over
      t0 = process.hrtime.bigint();
      for (let k = 0; k < win; k++) publish();
      setTimeout(() => {
        running = false;
        const s = Number(process.hrtime.bigint() - t0) / 1e9;
        console.log(Math.round(done / s));
        for (const w of sockets) w.terminate();
      }, seconds * 1000);
    }, 500);
  });
  ws.on('message', (data) => {
    const k = data.toString();
    const n = (got.get(k) || 0) + 1;
    if (n === conns) { got.delete(k); complete(); } else got.set(k, n);
  });
  ws.on('error', () => {});
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

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# start_pair APP: a shoal cluster and a Node cluster of APP; sets sp and np
start_pair() {
  sp=$(free_port); np=$(free_port)
  cat > "$work/shoal.json" <<JSON
{ "app": "$work/$1", "workers": $WORKERS, "listen": [],
  "env": { "PORT": "$sp" }, "log": { "access": "off" } }
JSON
  "$SHOAL" start "$work/shoal.json" >"$work/shoal.log" 2>&1 &
  spid=$!
  pids+=("$spid")
  PORT=$np "$NODE" "$work/node_cluster.js" "$WORKERS" "$work/$1" >"$work/node.log" 2>&1 &
  npid=$!
  pids+=("$npid")
  wait_up shoal "$sp"
  wait_up node "$np"
  sleep 1 # every worker up
}
stop_pair() {
  kill "$spid" "$npid" 2>/dev/null || true
  wait "$spid" "$npid" 2>/dev/null || true
}
# rounds LOAD ARGS...: ROUNDS runs of load script LOAD against each server,
# alternating; prints the medians and the ratio
rounds() {
  local s_r="" n_r="" s n
  for _ in $(seq "$ROUNDS"); do
    s_r+=" $("$NODE" "$work/$1" "$sp" "${@:2}")"
    n_r+=" $("$NODE" "$work/$1" "$np" "${@:2}")"
  done
  s=$(printf '%s\n' $s_r | median)
  n=$(printf '%s\n' $n_r | median)
  printf '%-10s %12s\n' shoal "$s" node "$n"
  awk -v s="$s" -v n="$n" 'BEGIN { if (n > 0) printf "ratio      %12.2f\n", s / n }'
}
ws_version=$("$NODE" -p "require('$mods/node_modules/ws/package.json').version")

for mode in $MODES; do
  case $mode in
  echo)
    start_pair app.js
    echo "echo round trips/s: $CONNS connections, $MSG-byte messages, ${DURATION}s x $ROUNDS" \
      "rounds (median), $WORKERS workers each; load: $($NODE --version) ws $ws_version"
    rounds load.js "$CONNS" "$DURATION" "$MSG"
    stop_pair ;;
  broadcast)
    start_pair relay_app.js
    echo "broadcast messages/s to $BCONNS WebSocket clients over $WORKERS workers," \
      "$WINDOW in flight, ${DURATION}s x $ROUNDS rounds (median); relay: shoal" \
      "BroadcastChannel, node process.send via the primary"
    rounds bload.js "$BCONNS" "$DURATION" "$WINDOW"
    stop_pair ;;
  channel)
    [ "$WORKERS" = 2 ] || { echo "channel: needs WORKERS=2" >&2; continue; }
    start_pair relay_app.js
    echo "between 2 workers: $CMSGS messages (rate), 2000 ping-pongs (round trip);" \
      "shoal BroadcastChannel, node process.send via the primary"
    for who in shoal node; do
      port=$sp; [ $who = node ] && port=$np
      printf '%-6s %s\n' $who "$(curl -s --max-time 300 "http://127.0.0.1:$port/chan?n=$CMSGS")"
    done
    stop_pair ;;
  *) echo "unknown mode $mode" >&2; exit 2 ;;
  esac
done
