#!/usr/bin/env bash
# Rewrites the includes of C files written before the layer split (commit
# "Layers ...", docs/architecture.md) to the new form: a header is named
# without its folder ("binding.h", not "bindings/binding.h"); each layer's
# library has the include folders it may use. Useful after merging a branch
# that added files in the old style.
#   scripts/migrate-includes.sh [FILE...]   (default: every tracked C file)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -eq 0 ]; then
  mapfile -t files < <(git ls-files '*.c' '*.h' '*.cc')
else
  files=("$@")
fi
sed -i -E 's@#include "(master|worker|worker/http|ipc|bindings|bindings/core|tests/fuzz)/([a-z0-9_]+\.h)"@#include "\2"@' \
  "${files[@]}"
python3 tests/style/check_layers.py .
