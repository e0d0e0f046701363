#!/bin/sh
# Records tests/napi/expected/napi.stdout: the test addon, built by hand
# against Node's headers (Node-API is ABI-stable, so the same source serves
# both), run by Node 20 (/usr/bin/node). Run from the worktree root after
# changing addon.c or napi.js; tests never call node themselves.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gcc -shared -fPIC -O1 -Wall -Wextra -I"$root/.deps/root/usr/include/node" \
  -o "$tmp/addon.node" "$here/addon.c"
mkdir -p "$here/expected"
cd "$here"
/usr/bin/node --expose-gc napi.js "$tmp/addon.node" > expected/napi.stdout
echo "recorded $here/expected/napi.stdout with $(/usr/bin/node --version)"
