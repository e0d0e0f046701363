#!/bin/sh
# Record Node's output for the differential JavaScript tests.
#
#   scripts/record-node-expected.sh                 every tests/js/*.js|*.mjs and tests/js-unit/*.js
#   scripts/record-node-expected.sh FILE...         only these scripts
#
# For DIR/NAME.js it writes DIR/expected/NAME.stdout, NAME.stderr (normalised
# the same way tests/run_js_diff.py normalises shoal's stderr) and NAME.status.
# Node is run with cwd = DIR. Set NODE=/path/to/node to use another binary.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -eq 0 ]; then
    set -- $(ls "$root"/tests/js/*.js "$root"/tests/js/*.mjs "$root"/tests/js-unit/*.js 2>/dev/null)
fi
node_version=$("${NODE:-node}" --version)
case $node_version in
    v20.*) ;;
    *) echo "warning: reference is Node 20, ${NODE:-node} is $node_version" >&2 ;;
esac
exec python3 "$root/tests/run_js_diff.py" --record --node "${NODE:-node}" "$@"
