#!/usr/bin/env bash
# scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Builds the libFuzzer targets (clang, -DSHOAL_FUZZ=ON -DSHOAL_SANITIZE=ON, in
# build-fuzz/) and runs each for SECONDS (default 60), one after another.
#   - seeds: tests/fuzz/corpus/NAME/ (read only); what the fuzzer finds on top
#     goes to build-fuzz/fuzz-corpus/NAME/ and is kept between runs
#   - crashing, leaking or hanging inputs are saved in tests/fuzz/regressions/NAME/
#     (replayed by `ctest --test-dir build-fuzz -L fuzz`); after a crash the
#     target is restarted until its time is up (at most 5 restarts)
#   - logs: build-fuzz/fuzz-logs/NAME.log; a summary is printed at the end
# Environment: SHOAL_FUZZ_BUILD (build folder, default build-fuzz),
# SHOAL_FUZZ_NO_BUILD=1 (use the binaries as they are).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_ipc_frames fuzz_config fuzz_control fuzz_http1 fuzz_h2 fuzz_tls)
build=${SHOAL_FUZZ_BUILD:-$root/build-fuzz}

if [ -z "${SHOAL_FUZZ_NO_BUILD:-}" ]; then
  command -v clang >/dev/null || { echo "fuzz.sh: clang is needed (apt-get install -y clang)" >&2; exit 2; }
  if [ ! -f "$build/CMakeCache.txt" ]; then
    CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DSHOAL_FUZZ=ON -DSHOAL_SANITIZE=ON >/dev/null
  fi
  cmake --build "$build" --target "${targets[@]}" -j"$(nproc)"
fi

# per-target input size limits (bytes)
max_len() {
  case $1 in
    fuzz_control) echo 70000 ;; # one line over the master's 64 KiB line limit
    fuzz_config) echo 16384 ;;
    *) echo 8192 ;;
  esac
}

mkdir -p "$build/fuzz-logs"
summary=()
status=0
for t in "${targets[@]}"; do
  bin="$build/tests/fuzz/$t"
  seeds="$root/tests/fuzz/corpus/$t"
  work="$build/fuzz-corpus/$t"
  regress="$root/tests/fuzz/regressions/$t"
  mkdir -p "$work" "$regress"
  log="$build/fuzz-logs/$t.log"
  : >"$log"
  deadline=$(($(date +%s) + seconds))
  crashes=0
  restarts=0
  execs=0
  while :; do
    left=$((deadline - $(date +%s)))
    [ "$left" -gt 0 ] || break
    set +e
    "$bin" "$work" "$seeds" -max_total_time="$left" -timeout=10 -rss_limit_mb=2048 \
      -max_len="$(max_len "$t")" -print_final_stats=1 -artifact_prefix="$regress/" \
      >>"$log" 2>&1
    rc=$?
    set -e
    n=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)
    execs=$((execs + ${n:-0}))
    sed -i 's/stat::number_of_executed_units/stat::counted_units/' "$log"
    [ "$rc" -eq 0 ] && break
    crashes=$((crashes + 1))
    status=1
    restarts=$((restarts + 1))
    [ "$restarts" -le 5 ] || break
  done
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
  summary+=("$t: ${seconds}s, $execs execs, ${cov:-cov: ?}, $crashes crash(es)")
done

echo
echo "fuzz.sh summary (logs in $build/fuzz-logs, crashes in tests/fuzz/regressions/):"
printf '  %s\n' "${summary[@]}"
exit $status
