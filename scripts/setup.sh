#!/usr/bin/env bash
# Installs everything shoal needs to build and test on Debian 12, and builds it.
#
#   scripts/setup.sh            install dependencies (idempotent), configure and build into build/
#   scripts/setup.sh --deps     dependencies only
#
# Apt packages are installed system-wide. V8 (from Debian's libnode108 /
# libnode-dev) and llhttp's C sources (node-llhttp) are fetched with
# `apt-get download` and unpacked into the git-ignored prefix .deps/root:
# a plain `apt-get install libnode-dev` conflicts with the nodejs package
# that many machines carry. A system-wide libnode-dev is used when present.
# A second run with nothing to do takes well under a second plus the build.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DEPS="$ROOT/.deps"
BUILD_DIR=${SHOAL_BUILD_DIR:-$ROOT/build}
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

# Build and test tools, libraries, and the runtime libraries libnode108 links.
APT_PACKAGES=(
  build-essential cmake pkg-config git ca-certificates
  libuv1-dev libnghttp2-dev libssl-dev libjansson-dev zlib1g-dev libbrotli-dev
  libicu72 libc-ares2 libuv1 libnghttp2-14 libssl3 libbrotli1 zlib1g
  python3 curl time procps clang-format
)

log() { printf 'setup: %s\n' "$*" >&2; }

missing_packages() {
  local p
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
}

install_apt() {
  local missing
  missing=$(missing_packages)
  [ -z "$missing" ] && return 0
  log "installing apt packages: $(echo $missing)"
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
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

install_v8_and_llhttp() {
  local pkgs=(node-llhttp)
  if [ -f /usr/include/node/v8.h ] && [ -e /usr/lib/x86_64-linux-gnu/libnode.so ]; then
    log "using the system-wide libnode-dev"
  else
    pkgs+=(libnode108 libnode-dev)
  fi
  install_local_debs "${pkgs[@]}"
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
  if ! command -v npm >/dev/null 2>&1; then
    log "installing npm"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends npm >/dev/null
  fi
  log "installing bundled npm packages into .deps/npm"
  rm -rf "$dst"
  mkdir -p "$dst"
  cp "$src/package.json" "$src/package-lock.json" "$dst/"
  (cd "$dst" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
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
[ "${1:-}" = "--deps" ] || build
