#!/usr/bin/env bash
# Instructions (valgrind callgrind) and CPU µs (wrk) per keep-alive hello-world
# request of a shoal worker, for one or more builds or git revisions, so that
# two versions can be compared on a busy machine. A benchmark, not a test.
#
#   scripts/callgrind-request.sh                        this checkout's build/
#   scripts/callgrind-request.sh 437aa77 HEAD           two revisions
#   scripts/callgrind-request.sh /path/to/build         a build folder
#   COUNTS=0,2000 WRK_SECONDS=0 scripts/callgrind-request.sh   fewer runs, no wrk
#
# A revision is checked out into .bench/rev/REV (a git worktree, detached),
# given this checkout's .deps and built with cmake (RelWithDebInfo, the
# default of scripts/setup.sh) on first use; the worktree stays for the next
# run (`git worktree remove --force .bench/rev/REV` to drop it). The method
# is in scripts/bench/callgrind_request.py and docs/performance.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
COUNTS=${COUNTS:-0,2000,4000,10000,16000}
WRK_SECONDS=${WRK_SECONDS:-5}
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }

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
  if [ -x "$what/shoal-runtime" ]; then
    dir=$what
    label=$what
  else
    dir=$(build_rev "$what")
    label="$what ($(git -C "$root" rev-parse --short "$what^{commit}"))"
  fi
  python3 "$root/scripts/bench/callgrind_request.py" "$dir/shoal-runtime" --counts "$COUNTS" \
    --wrk-seconds "$WRK_SECONDS" --label "$label"
done
