#!/usr/bin/env bash
# Start-up benchmark: `shoal run` against `node`, on the same machine, in the
# same run.  A benchmark, not a test: it never fails on slowness.
#
#   scripts/bench-startup.sh                 N=30 runs per case
#   N=100 SHOAL=/path/to/shoal scripts/bench-startup.sh
#   HYPERFINE=none scripts/bench-startup.sh   (force the bash-loop timer)
#
# Cases:
#   empty     an empty script
#   require10 a script requiring ten built-in modules (fs, path, events, util,
#             os, url, buffer, assert, timers, querystring)
# For each: median and mean wall time over N runs (hyperfine if installed,
# else a bash loop over `date +%s%N`), and peak RSS (/usr/bin/time -f %M,
# median of 5 runs).  Prints a table and the shoal/node ratios.
#
# Optional tools: `apt-get install hyperfine time`.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
N=${N:-30}
NODE=${NODE:-node}
SHOAL=${SHOAL:-$root/build/shoal}
RSS_RUNS=${RSS_RUNS:-5}
HYPERFINE=${HYPERFINE:-hyperfine}   # HYPERFINE=none forces the bash loop

work=$(mktemp -d "${TMPDIR:-/tmp}/shoal-bench-startup.XXXXXX")
trap 'rm -rf "$work"' EXIT

: > "$work/empty.js"
cat > "$work/require10.js" <<'EOF'
require("fs");
require("path");
require("events");
require("util");
require("os");
require("url");
require("buffer");
require("assert");
require("timers");
require("querystring");
EOF

# --- the runtimes under test ----------------------------------------------
names=() cmds=()
if command -v "$NODE" >/dev/null 2>&1; then
    names+=(node) cmds+=("$NODE")
else
    echo "warning: $NODE not found; benchmarking shoal alone" >&2
fi
if [ -x "$SHOAL" ]; then
    names+=(shoal) cmds+=("$SHOAL run")
else
    echo "warning: no shoal binary at $SHOAL (set SHOAL=...); benchmarking node alone" >&2
fi
[ ${#names[@]} -gt 0 ] || { echo "nothing to benchmark" >&2; exit 1; }
cases=(empty require10)

# Every command must work before it is timed.
for i in "${!names[@]}"; do
    for c in "${cases[@]}"; do
        if ! ${cmds[$i]} "$work/$c.js" >/dev/null 2>"$work/err"; then
            echo "error: ${names[$i]} fails on $c.js:" >&2
            cat "$work/err" >&2
            exit 1
        fi
    done
done

# --- wall time ---------------------------------------------------------------
# Writes "name case median_ms mean_ms" lines to $work/times.
: > "$work/times"
if command -v "$HYPERFINE" >/dev/null 2>&1; then
    method="hyperfine, $N runs after 3 warm-up runs"
    args=()
    for i in "${!names[@]}"; do
        for c in "${cases[@]}"; do
            args+=(-n "${names[$i]} $c" "${cmds[$i]} $work/$c.js")
        done
    done
    "$HYPERFINE" -N --style none --warmup 3 --runs "$N" \
        --export-json "$work/hf.json" "${args[@]}" >/dev/null
    python3 - "$work/hf.json" >> "$work/times" <<'EOF'
import json, statistics, sys
for r in json.load(open(sys.argv[1]))["results"]:
    times = r["times"]
    print(r["command"], statistics.median(times) * 1e3, statistics.mean(times) * 1e3)
EOF
else
    method="bash loop over date +%s%N, $N runs after 3 warm-up runs (install hyperfine for better numbers)"
    for i in "${!names[@]}"; do
        for c in "${cases[@]}"; do
            for _ in 1 2 3; do ${cmds[$i]} "$work/$c.js" >/dev/null; done
            : > "$work/samples"
            for _ in $(seq "$N"); do
                t0=$(date +%s%N)
                ${cmds[$i]} "$work/$c.js" >/dev/null
                t1=$(date +%s%N)
                echo $(( t1 - t0 )) >> "$work/samples"
            done
            sort -n "$work/samples" | awk -v name="${names[$i]} $c" '
                { v[NR] = $1; sum += $1 }
                END {
                    med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
                    printf "%s %f %f\n", name, med / 1e6, sum / NR / 1e6
                }' >> "$work/times"
        done
    done
fi

# --- peak RSS ----------------------------------------------------------------
# Writes "name case rss_kib" lines to $work/rss (median over RSS_RUNS runs).
: > "$work/rss"
if [ -x /usr/bin/time ]; then
    for i in "${!names[@]}"; do
        for c in "${cases[@]}"; do
            : > "$work/rss-samples"
            for _ in $(seq "$RSS_RUNS"); do
                /usr/bin/time -f %M -o "$work/one-rss" ${cmds[$i]} "$work/$c.js" >/dev/null
                cat "$work/one-rss" >> "$work/rss-samples"
            done
            echo "${names[$i]} $c $(sort -n "$work/rss-samples" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')" \
                >> "$work/rss"
        done
    done
else
    echo "warning: /usr/bin/time missing (apt-get install time): no peak RSS" >&2
fi

# --- report ------------------------------------------------------------------
echo "start-up benchmark: $method; peak RSS = median of $RSS_RUNS runs"
for i in "${!names[@]}"; do
    printf '  %-5s = %s (%s)\n' "${names[$i]}" "${cmds[$i]}" \
        "$( [ "${names[$i]}" = node ] && "$NODE" --version || echo "$SHOAL" )"
done
echo
python3 - "$work/times" "$work/rss" <<'EOF'
import sys
times, rss = {}, {}
for line in open(sys.argv[1]):
    name, case, med, mean = line.split()
    times[(name, case)] = (float(med), float(mean))
for line in open(sys.argv[2]):
    name, case, kib = line.split()
    rss[(name, case)] = int(kib)

def fmt_rss(key):
    return "%.1f" % (rss[key] / 1024) if key in rss else "-"

print("%-7s %-10s %11s %11s %14s" % ("runtime", "script", "median ms", "mean ms", "peak RSS MiB"))
for (name, case), (med, mean) in times.items():
    print("%-7s %-10s %11.1f %11.1f %14s" % (name, case, med, mean, fmt_rss((name, case))))

cases = sorted({c for (_, c) in times}, key=["empty", "require10"].index)
if all(("node", c) in times and ("shoal", c) in times for c in cases):
    print()
    print("ratio shoal/node (below 1 means shoal is faster or smaller)")
    print("%-10s %11s %11s %14s" % ("script", "median", "mean", "peak RSS"))
    for c in cases:
        (sm, sa), (nm, na) = times[("shoal", c)], times[("node", c)]
        r_rss = ("%.2f" % (rss[("shoal", c)] / rss[("node", c)])
                 if ("shoal", c) in rss and ("node", c) in rss else "-")
        print("%-10s %11.2f %11.2f %14s" % (c, sm / nm, sa / na, r_rss))
EOF
