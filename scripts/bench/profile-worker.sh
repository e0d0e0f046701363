#!/usr/bin/env bash
# Profiles one shoal worker (shoal-runtime) serving HTTP/1.1 keep-alive
# hello-world under wrk, to find where a request's time goes.
#
#   scripts/bench/profile-worker.sh                  callgrind (valgrind), 20 s of wrk -c10
#   DURATION=30 CONNS=20 scripts/bench/profile-worker.sh
#   MODE=startup scripts/bench/profile-worker.sh     profile start-up to ready instead
#   TOOL=perf scripts/bench/profile-worker.sh        perf record -g (when perf counters work)
#
# `shoal-runtime run app.js` on an app that calls http.createServer().listen():
# the same HTTP engine and js-lib a cluster worker runs, without the master.
# V8's JIT code shows up as anonymous addresses (???) under callgrind; the C
# and libnode/V8 runtime functions are named. Output: .bench/profile/.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
SHOAL=${SHOAL:-$root/build/shoal}
RUNTIME=${RUNTIME:-$(dirname "$SHOAL")/shoal-runtime}
DURATION=${DURATION:-20}
CONNS=${CONNS:-10}
PORT=${PORT:-18190}
MODE=${MODE:-http}
TOOL=${TOOL:-}
out=$root/.bench/profile
mkdir -p "$out"
if [ -z "$TOOL" ]; then
  if perf stat -e instructions true 2>&1 | grep -q '[0-9] *instructions'; then TOOL=perf; else TOOL=callgrind; fi
fi
cat >"$out/app.js" <<JS
const http = require('http');
const server = http.createServer((req, res) => {
  if (req.url === '/__exit') { res.end('bye'); setTimeout(() => process.exit(0), 10); return; }
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': 13 });
  res.end('Hello, World!');
});
server.listen($PORT, '127.0.0.1', () => { if (process.env.EXIT_ON_READY) process.exit(0); });
JS

prefix=()
case $TOOL in
  callgrind) prefix=(valgrind --tool=callgrind --smc-check=all-non-file --callgrind-out-file="$out/callgrind.$MODE.%p") ;;
  perf) prefix=(perf record -g -o "$out/perf.$MODE.data") ;;
  *) echo "TOOL must be callgrind or perf" >&2; exit 2 ;;
esac
rm -f "$out"/callgrind."$MODE".*
if [ "$MODE" = startup ]; then
  EXIT_ON_READY=1 "${prefix[@]}" "$RUNTIME" run "$out/app.js" 2>"$out/tool.log"
else
  "${prefix[@]}" "$RUNTIME" run "$out/app.js" 2>"$out/tool.log" &
  pid=$!
  for _ in $(seq 600); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.1; done
  wrk -t1 -c"$CONNS" -d"${DURATION}s" "http://127.0.0.1:$PORT/" | grep -E 'Requests/sec|requests in'
  curl -s -o /dev/null "http://127.0.0.1:$PORT/__exit" || true
  wait "$pid" || true
fi
if [ "$TOOL" = callgrind ]; then
  f=$(ls -t "$out"/callgrind."$MODE".* | head -1)
  echo "== $f: self cost (Ir), top 30"
  callgrind_annotate --inclusive=no "$f" 2>/dev/null | sed -n '1,60p' | grep -E '^ *[0-9,]+ ' | head -32
  echo "== inclusive, top 40"
  callgrind_annotate --inclusive=yes "$f" 2>/dev/null | grep -E '^ *[0-9,]+ ' | head -42
else
  perf report -i "$out/perf.$MODE.data" --no-children --stdio 2>/dev/null | grep -E '^ +[0-9.]+%' | head -40
fi
