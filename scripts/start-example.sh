#!/usr/bin/env bash
# Sets everything up, builds shoal and starts the example cluster
# (deploy/examples/cluster.json: HTTP on 8080, TLS on 8443 with a self-signed
# certificate made here, health on /healthz, metrics on 127.0.0.1:9100).
# Stop it with Ctrl-C (a graceful drain).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$ROOT/scripts/setup.sh"
"$ROOT/deploy/examples/make-cert.sh" >/dev/null
echo "shoal: the example cluster answers on http://localhost:8080/ and https://localhost:8443/" >&2
exec "$ROOT/build/shoal" start "$ROOT/deploy/examples/cluster.json" "$@"
