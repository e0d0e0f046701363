#!/usr/bin/env bash
# Instructions per request of one shoal worker, counted by callgrind: a
# deterministic measure of a change to the request path, which timings on a
# shared machine are not (docs/performance.md, "Cuts").
#
#   scripts/callgrind-request.sh                 both workloads, this checkout's build/
#   scripts/callgrind-request.sh 437aa77 HEAD    two git revisions, side by side
#   scripts/callgrind-request.sh /path/to/build  a build folder
#   WORKLOADS=hello scripts/callgrind-request.sh keep-alive GET hello world only
#   WORKLOADS=json  scripts/callgrind-request.sh POST of the bench's 1 008-byte JSON body
#   WORKLOADS=close scripts/callgrind-request.sh GET hello, each on its own
#                                                `Connection: close` connection
#   WORKLOADS=empty scripts/callgrind-request.sh connections closed without a
#                                                request (what JavaScript never sees)
#   WARM=20000 N=5000 scripts/callgrind-request.sh
#   JIT_NAMES=1 scripts/callgrind-request.sh     also name V8's JIT code (see below)
#   APP=express scripts/callgrind-request.sh     the bench's Express 4 app (apps
#                                                workload); APP=koa its Koa 2 app;
#                                                APP=FILE any module exporting a
#                                                request listener (GET /, POST /json)
#
# `shoal-runtime run app.js` (the HTTP engine and js-lib a cluster worker
# runs, without the master) under valgrind with instrumentation off; h2load
# sends WARM requests on one keep-alive HTTP/1.1 connection (the JIT warms
# up), then instrumentation is switched on for N more and the costs are
# dumped. Prints the process's total instructions over those N requests
# divided by N (`callgrind_annotate --inclusive=yes DUMP` shows where).
# One connection, one request at a time: every request is read, parsed and
# answered alone, so the count moves by well under 1 % between runs.
# close and empty open one connection per request, one at a time (a Python
# client), and count the main thread only: V8's compiler threads still
# optimise at that rate of requests, which moves a total by several %.
# JIT_NAMES=1 runs V8 with --perf-basic-prof and prints, per request, the
# self cost of the JIT code by function (callgrind shows it as bare
# addresses; V8's /tmp/perf-PID.map names them).
# A revision is checked out into .bench/rev/SHA (a detached git worktree),
# given this checkout's .deps and built (RelWithDebInfo, setup.sh's default)
# on first use; `git worktree remove --force .bench/rev/SHA` drops it.
# Output: .bench/callgrind/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
WORKLOADS=${WORKLOADS:-hello json}
WARM=${WARM:-20000}
N=${N:-5000}
PORT=${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
out=$root/.bench/callgrind
mkdir -p "$out"
for tool in valgrind callgrind_control callgrind_annotate h2load curl python3; do
  command -v "$tool" >/dev/null || { echo "callgrind-request: $tool is missing" >&2; exit 2; }
done

# The bench's apps (scripts/bench/apps.py): handler.js's GET / and POST /json
# read with req.on('data')/'end', Buffer.concat, JSON.parse, JSON.stringify;
# express-app.js and koa-app.js the same routes in the frameworks.
APP=${APP:-handler}
python3 - "$root/scripts/bench" "$out" "$root/tests/apps/node_modules" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import apps
apps.write(sys.argv[2], sys.argv[3])
with open(sys.argv[2] + "/body.json", "w") as f:
    f.write(apps.JSON_BODY)
PY
case $APP in
  handler) app_file=./handler.js ;;
  express | koa) app_file=./$APP-app.js ;;
  *) app_file=$(realpath "$APP") ;;
esac
cat >"$out/app.js" <<JS
const http = require('http');
const handler = require('$app_file');
const server = http.createServer((req, res) => {
  if (req.url === '/__exit') { res.end('bye'); setTimeout(() => process.exit(0), 10); return; }
  handler(req, res);
});
server.listen($PORT, '127.0.0.1');
JS

pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; }
trap cleanup EXIT

# N serial connections: `Connection: close` GET / (close) or none (empty).
send_conns() {
  python3 "$root/scripts/bench/serial_conns.py" "$PORT" "$1" "$([ "$2" = empty ] && echo --empty || echo /)"
}

# h2load's count of 2xx responses (fails the run when any request failed).
send() {
  local n=$1 path=$2 report
  case $path in close | empty) send_conns "$n" "$path"; return ;; esac
  local args=(--h1 -n "$n" -c1 -m1)
  [ "$path" = /json ] && args+=(-d "$out/body.json" -H 'Content-Type: application/json')
  report=$(h2load "${args[@]}" "http://127.0.0.1:$PORT$path")
  if ! grep -q "status codes: $n 2xx" <<<"$report"; then
    echo "callgrind-request: not every request got a 2xx:" >&2
    grep -E 'requests:|status codes:' <<<"$report" >&2
    exit 1
  fi
}

# The self cost per request of JIT code, by the name V8 gave it.
jit_names() {
  callgrind_annotate --inclusive=no --threshold=100 "$1" 2>/dev/null | python3 -c '
import bisect, re, sys
n = int(sys.argv[1])
spans = []
for line in open(sys.argv[2], errors="replace"):
    a, size, name = line.rstrip("\n").split(" ", 2)
    spans.append((int(a, 16), int(size, 16), name))
spans.sort()
starts = [s[0] for s in spans]
cost = {}
for line in sys.stdin:
    m = re.match(r"\s*([0-9,]+) .*\?\?\?:0x([0-9a-f]+) \[\?\?\?\]", line)
    if not m:
        continue
    ir, addr = int(m.group(1).replace(",", "")), int(m.group(2), 16)
    i = bisect.bisect_right(starts, addr) - 1
    name = spans[i][2] if i >= 0 and addr < spans[i][0] + spans[i][1] else "(unnamed)"
    cost[name] = cost.get(name, 0) + ir
for name, ir in sorted(cost.items(), key=lambda kv: -kv[1])[:40]:
    print("%8d  %s" % (ir // n, name))
' "$N" "$2"
}

measure() {
  local name=$1 path=$2 file="$out/callgrind.$1"
  rm -f "$file" "$file".*
  local flags=${SHOAL_V8_FLAGS:-} threads=no
  [ "${JIT_NAMES:-}" = 1 ] && flags="$flags --perf-basic-prof"
  case $path in close | empty) threads=yes ;; esac
  SHOAL_V8_FLAGS=$flags valgrind --tool=callgrind --instr-atstart=no --smc-check=all-non-file \
    --separate-threads=$threads --callgrind-out-file="$file" "$RUNTIME" run "$out/app.js" \
    2>"$out/valgrind.$name.log" &
  pid=$!
  local vgpid=$pid
  for _ in $(seq 1200); do
    curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break
    sleep 0.1
  done
  send "$WARM" "$path"
  callgrind_control -i on "$pid" >/dev/null 2>&1
  send "$N" "$path"
  callgrind_control -d "$name" "$pid" >/dev/null 2>&1
  callgrind_control -i off "$pid" >/dev/null 2>&1
  curl -s -o /dev/null "http://127.0.0.1:$PORT/__exit" || true
  wait "$pid" || true
  pid=
  local dump
  dump=$(ls -t "$file".* | grep -v -- '-0[2-9]$\|-[1-9][0-9]$' | head -1)
  local total
  total=$(sed -n 's/^summary: \([0-9]*\).*/\1/p' "$dump")
  echo "$name: $((total / N)) instructions/request ($total over $N requests; dump $dump)"
  if [ "${JIT_NAMES:-}" = 1 ]; then jit_names "$dump" "/tmp/perf-$vgpid.map"; fi
}

build_rev() { # REV -> prints the build folder
  local rev=$1 sha dir
  sha=$(git -C "$root" rev-parse --short=12 "$rev^{commit}")
  dir=$root/.bench/rev/$sha
  if [ ! -d "$dir" ]; then
    mkdir -p "$root/.bench/rev"
    git -C "$root" worktree add --detach "$dir" "$sha" >&2
    cp -a "$root/.deps" "$dir/.deps"
  fi
  if [ ! -x "$dir/build/shoal-runtime" ]; then
    cmake -S "$dir" -B "$dir/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    nice -n 15 cmake --build "$dir/build" -j"$(nproc)" --target shoal-runtime >&2
  fi
  echo "$dir/build"
}

[ $# -gt 0 ] || set -- "$root/build"
for what in "$@"; do
  if [ -x "$what/shoal-runtime" ]; then dir=$what; else dir=$(build_rev "$what"); fi
  RUNTIME=$dir/shoal-runtime
  echo "== $what ($RUNTIME)"
  for w in $WORKLOADS; do
    case $w in
      hello) measure hello / ;;
      json) measure json /json ;;
      close) measure close close ;;
      empty) measure empty empty ;;
      *) echo "callgrind-request: unknown workload $w (hello, json, close, empty)" >&2; exit 2 ;;
    esac
  done
done
