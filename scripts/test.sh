#!/usr/bin/env bash
# Sets everything up and runs the whole test suite (ctest).
#
#   scripts/test.sh            the regular build, in build/
#   scripts/test.sh --asan     the AddressSanitizer + UndefinedBehaviorSanitizer build, in build-asan/
#
# Extra arguments after the first go to ctest (e.g. -R js/ to pick tests).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

if [ "${1:-}" = "--asan" ]; then
  shift
  export SHOAL_BUILD_DIR="$ROOT/build-asan" SHOAL_BUILD_TYPE=Debug
  export SHOAL_CMAKE_ARGS="-DSHOAL_SANITIZE=ON"
  # V8 (not instrumented) keeps memory until exit: leaks are not reported.
  # A small quarantine: tests that bound memory use (uploads) stay meaningful.
  export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:quarantine_size_mb=16:${ASAN_OPTIONS:-}"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}"
fi
BUILD_DIR=${SHOAL_BUILD_DIR:-$ROOT/build}

scripts/setup.sh
cd "$BUILD_DIR"
ctest --output-on-failure -j"$(nproc)" "$@"
