#!/usr/bin/env bash
# HTTP/1.1 benchmark: the same hello-world app under `shoal run` and `node`,
# one process each, driven by wrk in the same run. A benchmark, not a test.
#
#   scripts/bench-http.sh                  3 rounds of 5 s per case
#   ROUNDS=5 DURATION=10 CONNS=100 scripts/bench-http.sh
#
# Cases: keep-alive, and one request per connection (Connection: close).
# Prints median requests/s, p50/p99 latency, RSS after the load, and the
# shoal/node ratio. Needs wrk (apt-get install wrk). For the cluster, peers,
# and every other workload see scripts/bench.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
SHOAL=${SHOAL:-$root/build/shoal}
NODE=${NODE:-node}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5}
CONNS=${CONNS:-50}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/shoal-bench-http.XXXXXX")
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

cat > "$work/hello.js" <<'JS'
const http = require('http');
const port = Number(process.argv[2]);
http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.end('Hello, Node.js!');
}).listen(port, '127.0.0.1', () => console.log(`listening on ${port}`));
JS

start() { # name cmd port
  local port=$3
  $2 "$work/hello.js" "$port" >"$work/$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do
    curl -s -o /dev/null "http://127.0.0.1:$port/" && return 0
    sleep 0.05
  done
  echo "$1 did not start: $(cat "$work/$1.log")" >&2
  exit 1
}

# run PORT [wrk args...] -> "rps p50_ms p99_ms"
run_wrk() {
  local port=$1; shift
  wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency "$@" "http://127.0.0.1:$port/" >"$work/wrk.out" 2>&1
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.out")
  p50=$(awk '$1=="50%" {print $2}' "$work/wrk.out")
  p99=$(awk '$1=="99%" {print $2}' "$work/wrk.out")
  echo "$rps $(to_ms "$p50") $(to_ms "$p99")"
}

to_ms() { # wrk prints 1.23ms, 456.00us or 1.2s
  awk -v v="$1" 'BEGIN { n=v+0; if (v ~ /us$/) n/=1000; else if (v ~ /ms$/) n=n; else if (v ~ /s$/) n*=1000; printf "%.3f", n }'
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

rss_kb() { ps -o rss= -p "$1" | tr -d ' '; }

start shoal "$SHOAL run" 18081
shoal_pid=${pids[-1]}
start node "$NODE" 18082
node_pid=${pids[-1]}

printf 'machine: %s cores; wrk -t1 -c%s, %s rounds of %ss\n' "$(nproc)" "$CONNS" "$ROUNDS" "$DURATION"
printf 'CPU: wrk and the servers are not pinned and share all %s cores; load average %s\n\n' "$(nproc)" "$(cut -d' ' -f1 /proc/loadavg)"
printf '%-12s %-6s %12s %9s %9s %10s\n' case server 'req/s' 'p50 ms' 'p99 ms' 'RSS MiB'
for case in keepalive close; do
  args=()
  [ "$case" = close ] && args=(-H "Connection: close")
  declare -A rps=()
  for who in shoal node; do
    port=18081; pid=$shoal_pid
    [ "$who" = node ] && { port=18082; pid=$node_pid; }
    : >"$work/r"; : >"$work/p50"; : >"$work/p99"
    for _ in $(seq "$ROUNDS"); do
      read -r r a b < <(run_wrk "$port" "${args[@]}")
      echo "$r" >>"$work/r"; echo "$a" >>"$work/p50"; echo "$b" >>"$work/p99"
    done
    rps[$who]=$(median <"$work/r")
    printf '%-12s %-6s %12.0f %9s %9s %10.1f\n' "$case" "$who" "${rps[$who]}" \
      "$(median <"$work/p50")" "$(median <"$work/p99")" "$(echo "$(rss_kb "$pid") / 1024" | bc -l)"
  done
  printf '%-12s ratio shoal/node: %.2fx\n\n' "$case" "$(echo "${rps[shoal]} / ${rps[node]}" | bc -l)"
done
