#!/usr/bin/env bash
# HTTP/2 benchmark: the same hello-world app under `shoal run` and Node 20
# (http2.createServer and http2.createSecureServer), one process each, driven
# by h2load in the same run. A benchmark, not a test.
#
#   scripts/bench-h2.sh                          3 rounds per case
#   ROUNDS=5 REQUESTS=200000 CONNS=50 STREAMS=20 scripts/bench-h2.sh
#
# Cases: h2c (prior knowledge) and h2 over TLS (TLS 1.3, ALPN h2). Prints the
# median requests/s of each server and the shoal/node ratio. Needs h2load
# (apt-get install nghttp2-client), openssl and node.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
SHOAL=${SHOAL:-$root/build/shoal}
NODE=${NODE:-node}
ROUNDS=${ROUNDS:-3}
REQUESTS=${REQUESTS:-100000}
CONNS=${CONNS:-20}
STREAMS=${STREAMS:-10}
THREADS=${THREADS:-1}
for t in h2load openssl curl "$NODE"; do
  command -v "$t" >/dev/null || { echo "$t is not installed" >&2; exit 2; }
done
[ -x "$SHOAL" ] || { echo "no shoal binary at $SHOAL (set SHOAL=...)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/shoal-bench-h2.XXXXXX")
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
  -subj /CN=localhost -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null

cat > "$work/hello.js" <<'JS'
const http2 = require('http2');
const fs = require('fs');
const path = require('path');
const [port, securePort] = process.argv.slice(2).map(Number);
const dir = path.dirname(process.argv[1]);
const handler = (req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('Hello, Node.js!');
};
http2.createServer(handler).listen(port, '127.0.0.1');
http2.createSecureServer({
  key: fs.readFileSync(path.join(dir, 'key.pem')),
  cert: fs.readFileSync(path.join(dir, 'cert.pem')),
}, handler).listen(securePort, '127.0.0.1', () => console.log(`listening on ${port} ${securePort}`));
JS

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start() { # name cmd port secure_port
  $2 "$work/hello.js" "$3" "$4" >"$work/$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do
    curl -sk -o /dev/null --http2 "https://127.0.0.1:$4/" &&
      curl -s -o /dev/null --http2-prior-knowledge "http://127.0.0.1:$3/" && return 0
    sleep 0.05
  done
  echo "$1 did not start: $(cat "$work/$1.log")" >&2
  exit 1
}

# h2load URL -> requests/s (fails when any request failed)
run_h2load() {
  h2load -t"$THREADS" -n"$REQUESTS" -c"$CONNS" -m"$STREAMS" "$1" >"$work/h2load.out" 2>&1 || true
  local failed rps
  failed=$(awk '/^requests:/ {for (i=1;i<=NF;i++) if ($i ~ /^failed/) print $(i-1)}' "$work/h2load.out")
  rps=$(awk '/^finished in/ {gsub(",", "", $4); print $4}' "$work/h2load.out")
  if [ -z "$rps" ] || [ "${failed:-1}" != "0" ]; then
    echo "h2load failed against $1:" >&2
    tail -5 "$work/h2load.out" >&2
    echo 0
    return
  fi
  echo "$rps"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

sp=$(free_port); ssp=$(free_port); np=$(free_port); nsp=$(free_port)
start shoal "$SHOAL run" "$sp" "$ssp"
start node "$NODE" "$np" "$nsp"

echo "h2load -n $REQUESTS -c $CONNS -m $STREAMS, $ROUNDS rounds, median requests/s"
echo "shoal: $SHOAL; node: $($NODE --version)"
printf '%-22s %12s %12s %8s\n' case shoal node ratio
for case in h2c tls; do
  s_rps=(); n_rps=()
  for _ in $(seq "$ROUNDS"); do
    if [ "$case" = h2c ]; then
      s_rps+=("$(run_h2load "http://127.0.0.1:$sp/")")
      n_rps+=("$(run_h2load "http://127.0.0.1:$np/")")
    else
      s_rps+=("$(run_h2load "https://127.0.0.1:$ssp/")")
      n_rps+=("$(run_h2load "https://127.0.0.1:$nsp/")")
    fi
  done
  s=$(printf '%s\n' "${s_rps[@]}" | median)
  n=$(printf '%s\n' "${n_rps[@]}" | median)
  ratio=$(awk -v s="$s" -v n="$n" 'BEGIN { if (n > 0) printf "%.2f", s / n; else print "n/a" }')
  label=$([ "$case" = h2c ] && echo "h2c (prior knowledge)" || echo "h2 over TLS 1.3")
  printf '%-22s %12.0f %12.0f %8s\n' "$label" "$s" "$n" "$ratio"
done
