#!/bin/sh
# The authors' own test suites of express 5, body-parser, serve-static
# (mocha + supertest), koa 3 and fastify 5 (node:test; a subset, see
# docs/compatibility.md), each run under Node and under `shoal run` (the
# runner itself, mocha's bin or node:test, inside the runtime).
#
#   scripts/package-suites.sh [--out DIR] [PKG...]
#
# Prints pkg | tests | pass node | pass shoal; per-test results (TAP, JSON,
# and PKG.lost.txt: the tests that pass under Node and not under shoal) go
# to DIR/results (default /tmp/shoal-package-suites). Takes ~15 minutes on
# two cores (fastify most of it); not part of ctest, whose apps/package-suites
# runs a fast part. Needs scripts/setup.sh --deps (the npm packages and test
# runners from tests/package-suites/package-lock.json) and a build.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
exec python3 "$root/tests/package-suites/suites.py" --shoal "${SHOAL:-$root/build/shoal}" \
  --node "${NODE:-node}" "$@"
