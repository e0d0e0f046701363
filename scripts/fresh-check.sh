#!/usr/bin/env bash
# The release check: the README's two commands on a fresh Debian 12 machine.
#
#   scripts/fresh-check.sh [--keep] [--tarball FILE]
#
# Makes a minimal Debian 12 root with debootstrap (--variant=minbase, Debian's
# own apt sources), clones the current commit (HEAD; uncommitted changes are
# not part of it) into /root/shoal inside it, and runs there, as root, in
# this order:
#   1. scripts/test.sh
#   2. scripts/start-example.sh, checked with curl: / on 8080, / on 8443
#      (TLS), /healthz over HTTP/1.1, cleartext HTTP/2 and TLS HTTP/2; then
#      SIGTERM, which must end it with exit 0
#   3. scripts/test.sh again (nothing cleaned in between)
#   4. CI=true bash .ci/run
# and prints one line per step and "N passed, M failed". Nothing is left
# mounted or running; the root is deleted unless --keep.
#
# --tarball FILE reuses (or writes, when FILE does not exist) a debootstrap
# tarball of the base system: still a fresh root each run, without fetching
# the base packages again.
#
# Needs root, debootstrap and Debian's package mirror; takes 30 to 60 minutes
# on 2 cores. Too slow for CI: it is the check a release gets. Logs go to
# .fresh/logs/DATE-PID/ (git-ignored), one folder per run.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KEEP=0
TARBALL=""
while [ $# -gt 0 ]; do
  case $1 in
    --keep) KEEP=1 ;;
    --tarball) TARBALL=$(realpath -m "$2"); shift ;;
    *) echo "usage: scripts/fresh-check.sh [--keep] [--tarball FILE]" >&2; exit 2 ;;
  esac
  shift
done
[ "$(id -u)" -eq 0 ] || { echo "fresh-check: must run as root (debootstrap, chroot)" >&2; exit 2; }

WORK="$ROOT/.fresh"
FS="$WORK/root.$$"
LOGS="$WORK/logs/$(date -u +%Y%m%d-%H%M%S)-$$" # one folder per run
COMMIT=$(git -C "$ROOT" rev-parse HEAD)
MIRROR=${SHOAL_DEBIAN_MIRROR:-http://deb.debian.org/debian}
mkdir -p "$WORK" "$LOGS"
passed=0 failed=0

say() { printf 'fresh-check: %s\n' "$*" >&2; }
result() { # name status detail
  if [ "$2" = 0 ]; then passed=$((passed + 1)); echo "PASS $1${3:+: $3}"
  else failed=$((failed + 1)); echo "FAIL $1${3:+: $3}"; fi
}

# Every process whose root is inside FS, then every mount below it.
cleanup() {
  local pid
  for pid in $(ls /proc | grep -E '^[0-9]+$'); do
    if [ "$(readlink "/proc/$pid/root" 2>/dev/null)" = "$FS" ]; then
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
  sleep 1
  grep -o " $FS[^ ]*" /proc/mounts | sort -r | while read -r m; do
    umount -l "$m" 2>/dev/null || true
  done
  if [ "$KEEP" = 0 ] && [ -d "$FS" ] && ! grep -q " $FS" /proc/mounts; then
    rm -rf "$FS"
  fi
}
trap cleanup EXIT

command -v debootstrap >/dev/null ||
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null

make_root() {
  local include=netbase,ca-certificates
  if [ -n "$TARBALL" ] && [ ! -f "$TARBALL" ]; then
    say "writing the base tarball $TARBALL"
    debootstrap --variant=minbase --include=$include --make-tarball="$TARBALL" \
      bookworm "$WORK/tarball-tmp.$$" "$MIRROR" >"$LOGS/debootstrap.log" 2>&1
    rm -rf "$WORK/tarball-tmp.$$"
  fi
  say "debootstrap into $FS"
  if [ -n "$TARBALL" ]; then
    debootstrap --variant=minbase --include=$include --unpack-tarball="$TARBALL" \
      bookworm "$FS" "$MIRROR" >"$LOGS/debootstrap.log" 2>&1
  else
    debootstrap --variant=minbase --include=$include bookworm "$FS" "$MIRROR" \
      >"$LOGS/debootstrap.log" 2>&1
  fi
  # Debian's own apt sources (bookworm, -updates, -security), as on the host.
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    cp /etc/apt/sources.list.d/debian.sources "$FS/etc/apt/sources.list.d/"
    : >"$FS/etc/apt/sources.list"
  fi
  # The machine's concerns, not the project's: its apt settings, the CA
  # certificates of its outbound proxy, its resolver.
  cp /etc/apt/apt.conf.d/99* "$FS/etc/apt/apt.conf.d/" 2>/dev/null || true
  if ls /usr/local/share/ca-certificates/*.crt >/dev/null 2>&1; then
    cp /usr/local/share/ca-certificates/*.crt "$FS/usr/local/share/ca-certificates/"
    chroot "$FS" update-ca-certificates >/dev/null 2>&1
  fi
  cp /etc/resolv.conf "$FS/etc/resolv.conf"
  # A chroot has no init: packages must not try to start their services.
  printf '#!/bin/sh\nexit 101\n' >"$FS/usr/sbin/policy-rc.d"
  chmod +x "$FS/usr/sbin/policy-rc.d"
  # The root a mount point of its own, as / is on a booted machine: `ip
  # netns exec` and `ip -n` make / a slave mount in their new mount
  # namespace, which fails ("Invalid argument") on a plain chroot folder.
  mount --bind "$FS" "$FS"
  mount -t proc proc "$FS/proc"
  # /sys with what is mounted below it (the cgroup hierarchies), as on a
  # booted machine.
  mount --rbind /sys "$FS/sys"
  mount --make-rslave "$FS/sys"
  mount --rbind /dev "$FS/dev"
  mount --make-rslave "$FS/dev"
  mount -t tmpfs tmpfs "$FS/run"
  mkdir -p "$FS/run/shm" "$FS/dev/shm"
  mount -t tmpfs -o mode=1777 tmpfs "$FS/tmp"
  # git is a README prerequisite (you clone with it); the clone is made here.
  git clone -q "$ROOT" "$FS/root/shoal"
  git -C "$FS/root/shoal" checkout -q "$COMMIT"
}

# in_root LOG COMMAND: runs COMMAND (bash) in the root as root, with a clean
# environment like a login shell's; its output goes to LOG.
in_root() {
  local log=$1; shift
  env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    chroot "$FS" /bin/bash -c "cd /root/shoal && $*" </dev/null >"$LOGS/$log" 2>&1
}

summary_of() { # the ctest summary line of a log
  grep -E 'tests passed|tests failed' "$LOGS/$1" | tail -1 || true
}

run_tests() { # step name, log
  local rc=0
  say "$1"
  in_root "$2" scripts/test.sh || rc=$?
  local skipped
  skipped=$(grep -cE '\(Skipped\)|^SKIP|^skip' "$LOGS/$2" || true)
  if [ "$skipped" != 0 ] && [ "$rc" = 0 ]; then rc=1; fi
  result "$1" "$rc" "$(summary_of "$2"), $skipped skipped (log $LOGS/$2)"
}

check_example() {
  say "scripts/start-example.sh"
  local log="$LOGS/example.log" rc=0 pid i
  env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    chroot "$FS" /bin/bash -c 'cd /root/shoal && exec scripts/start-example.sh' \
    </dev/null >"$log" 2>&1 &
  pid=$!
  for i in $(seq 1 1200); do
    curl -s -o /dev/null --max-time 2 http://127.0.0.1:8080/healthz && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  local c out
  for c in "/ HTTP/1.1|--http1.1 http://127.0.0.1:8080/|200 1.1" \
    "/ TLS|-k https://127.0.0.1:8443/|200 2" \
    "/healthz HTTP/1.1|--http1.1 http://127.0.0.1:8080/healthz|200 1.1" \
    "/healthz cleartext HTTP/2|--http2-prior-knowledge http://127.0.0.1:8080/healthz|200 2" \
    "/healthz TLS HTTP/2|-k --http2 https://127.0.0.1:8443/healthz|200 2"; do
    IFS='|' read -r name args want <<<"$c"
    # shellcheck disable=SC2086
    out=$(curl -s -o /dev/null --max-time 10 -w '%{http_code} %{http_version}' $args || true)
    if [ "$out" = "$want" ]; then result "example: $name" 0 "$out"
    else result "example: $name" 1 "got '$out', want '$want'"; fi
  done
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" || rc=$?
  result "example: SIGTERM exits 0" "$rc" "exit $rc (log $log)"
}

make_root
run_tests "scripts/test.sh (first run)" test1.log
check_example
run_tests "scripts/test.sh (second run)" test2.log
say "CI=true bash .ci/run"
rc=0
in_root ci.log CI=true bash .ci/run || rc=$?
result "CI=true bash .ci/run" "$rc" "$(grep -E 'tests passed|tests failed' "$LOGS/ci.log" |
  tr '\n' ';') (log $LOGS/ci.log)"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
