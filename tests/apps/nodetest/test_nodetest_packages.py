#!/usr/bin/env python3
"""npm packages whose published tarball holds their own node:test suite
(@fastify/error 4.2.1: test/*.test.js with t.plan and t.assert;
process-warning 5.1.1: test/, which spawns process.execPath children with
NODE_NO_WARNINGS / NODE_OPTIONS), run unmodified with `shoal run --test` in
the package's folder, as their `npm test` runs `node --test`. Each must exit
0 with the pass count Node 20 reports (recorded below), and a failing file
must make `shoal run --test` exit 1.

    python3 tests/apps/nodetest/test_nodetest_packages.py --shoal build/shoal

The packages come from package-lock.json, installed into
tests/apps/nodetest/node_modules by scripts/setup.sh."""
import argparse
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
from shoaltest import check, fail  # noqa: E402
from shoaltest import summary as harness_summary  # noqa: E402  (summary() here reads node:test's)

HERE = os.path.dirname(os.path.abspath(__file__))
# package folder, `--test` arguments, tests Node 20.20 counts (all passing).
SUITES = [
    ("@fastify/error", [], 29),
    ("process-warning", ["test/"], 26),
]


def summary(out):
    return {k: int(v) for k, v in re.findall(r"^# (tests|pass|fail|cancelled) (\d+)$", out, re.M)}


def run_suite(shoal, pkg, args, want):
    cwd = os.path.join(HERE, "node_modules", pkg)
    env = {k: v for k, v in os.environ.items() if not k.startswith("NODE_")}
    p = subprocess.run([shoal, "run", "--test", "--test-reporter=tap"] + args, cwd=cwd, env=env,
                       stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=600)
    got = summary(p.stdout)
    ok = p.returncode == 0 and got.get("tests") == want and got.get("pass") == want
    return ok, f"{pkg}: exit {p.returncode}, {got} (want {want} passing)", p.stdout + p.stderr


def failing_exit_code(shoal):
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "bad.test.js"), "w") as f:
            f.write("require('node:test')('fails', () => { throw new Error('x'); });\n")
        with open(os.path.join(d, "good.test.js"), "w") as f:
            f.write("require('node:test')('passes', () => {});\n")
        p = subprocess.run([shoal, "run", "--test"], cwd=d, stdin=subprocess.DEVNULL,
                           capture_output=True, text=True, timeout=120)
        got = summary(p.stdout)
        ok = p.returncode == 1 and got.get("pass") == 1 and got.get("fail") == 1
        return ok, f"failing file: exit {p.returncode}, {got}", p.stdout + p.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shoal", required=True)
    a = ap.parse_args()
    shoal = os.path.abspath(a.shoal)
    if not os.path.exists(os.path.join(HERE, "node_modules", "process-warning", "package.json")):
        fail("apps/nodetest", "tests/apps/nodetest/node_modules is missing: "
             "run scripts/setup.sh (it installs package-lock.json)")
        return harness_summary()
    results = [run_suite(shoal, pkg, args, want) for pkg, args, want in SUITES]
    results.append(failing_exit_code(shoal))
    for ok, what, output in results:
        if not check(ok, what):
            print(output[-4000:])
    return harness_summary()


if __name__ == "__main__":
    sys.exit(main())
