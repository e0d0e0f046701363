#!/usr/bin/env bash
# Installs the peer runtimes that scripts/bench.sh compares shoal with, into
# the git-ignored .bench/peers/ (npm install --prefix, pinned versions).
# Bun and Deno publish their Linux binaries as npm packages; the binary is
# taken from inside the package, no install script runs.
#
#   scripts/bench/install-peers.sh                     pinned versions below
#   BUN_VERSION=1.4.5 DENO_VERSION=2.9.6 scripts/bench/install-peers.sh
#
# The packages are recorded in .bench/peers/package.json (so a second install
# does not prune the first).  Afterwards: .bench/peers/bin/bun and .bench/peers/bin/deno (symlinks).
# A peer that cannot be installed or does not run is reported and skipped;
# the script exits 0 so that bench.sh carries on and says so in its table.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
BUN_VERSION=${BUN_VERSION:-1.4.5}
DENO_VERSION=${DENO_VERSION:-2.9.6}
# Bun's default x64 build needs AVX2; fall back to the baseline build.
BUN_PKG=@oven/bun-linux-x64
grep -qw avx2 /proc/cpuinfo || BUN_PKG=@oven/bun-linux-x64-baseline
DENO_PKG=@deno/linux-x64-glibc
prefix=$root/.bench/peers
mkdir -p "$prefix/bin"
grep -qx '/.bench/' "$root/.gitignore" 2>/dev/null || echo '/.bench/' >>"$root/.gitignore"

command -v npm >/dev/null || { echo "install-peers: npm not found; no peers installed" >&2; exit 0; }

install_one() { # name package version binary-path-in-package
  local name=$1 pkg=$2 ver=$3 rel=$4 bin
  bin=$prefix/node_modules/$pkg/$rel
  if [ ! -x "$bin" ] || ! "$bin" --version 2>/dev/null | grep -q "$ver"; then
    echo "install-peers: npm install $pkg@$ver" >&2
    if ! npm install --silent --save-exact --ignore-scripts --no-audit --no-fund \
        --prefix "$prefix" "$pkg@$ver" >"$prefix/$name.npm.log" 2>&1; then
      echo "install-peers: $name: npm install failed (see $prefix/$name.npm.log)" >&2
      return 0
    fi
  fi
  chmod +x "$bin" 2>/dev/null
  if "$bin" --version >/dev/null 2>&1; then
    ln -sfn "$bin" "$prefix/bin/$name"
    echo "install-peers: $name $("$bin" --version | head -1)" >&2
  else
    rm -f "$prefix/bin/$name"
    echo "install-peers: $name: $bin does not run" >&2
  fi
}

install_one bun "$BUN_PKG" "$BUN_VERSION" bin/bun
install_one deno "$DENO_PKG" "$DENO_VERSION" deno
exit 0
