#!/usr/bin/env bash
# Sets everything up, builds shoal and runs the example app.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$ROOT/scripts/setup.sh"
exec "$ROOT/build/shoal" run "$ROOT/deploy/examples/hello.js" "$@"
