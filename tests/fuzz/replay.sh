#!/bin/sh
# replay.sh FUZZER DIR...: runs every file under the DIRs through FUZZER once
# (libFuzzer executes file arguments and exits). Fails on the first crash.
set -eu
fuzzer=$1
shift
n=0
for d in "$@"; do
  [ -d "$d" ] || continue
  for f in "$d"/*; do
    [ -f "$f" ] || continue
    case $(basename "$f") in .gitkeep|README*) continue ;; esac
    "$fuzzer" -runs=1 "$f" >/dev/null 2>"${TMPDIR:-/tmp}/replay.$$.log" || {
      echo "FAIL: $f"
      cat "${TMPDIR:-/tmp}/replay.$$.log"
      rm -f "${TMPDIR:-/tmp}/replay.$$.log"
      exit 1
    }
    n=$((n + 1))
  done
done
rm -f "${TMPDIR:-/tmp}/replay.$$.log"
echo "replayed $n inputs through $(basename "$fuzzer"): all clean"
