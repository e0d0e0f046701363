#!/usr/bin/env python3
"""npm packages against their authors' own test suites, under Node and under
`shoal run` (the test runner itself, mocha's bin or node:test, runs inside
the runtime under test).

Each folder here (express, body-parser, serve-static, koa, fastify) holds the
test directory of the package's git tag, unmodified, with the package's
LICENSE and UPSTREAM (repository, tag, commit). package-lock.json pins the
same versions from npm and the test runners (installed into node_modules by
scripts/setup.sh). npm tarballs hold no tests, and the tests reach the
package by relative paths (`require('..')`, `require('../lib/utils')`), so a
run lays out what the authors' checkout looks like: OUT/run/PKG is a copy of
node_modules/PKG (the published code) with the vendored tests copied into
it, and OUT/run/node_modules points at this folder's node_modules.

    python3 tests/package-suites/suites.py --shoal build/shoal [--node node] [--out DIR] [PKG...]

prints pkg | tests | pass node | pass shoal and writes, per package and
runtime, the runner's TAP output (OUT/results/PKG.RUNTIME.tap) and the
result of every test (OUT/results/PKG.RUNTIME.json: {"title": "pass"|...}).
scripts/package-suites.sh runs all of them; tests/package-suites/
test_package_suites.py (ctest apps/package-suites) a fast part."""
import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MOCHA = os.path.join(HERE, "node_modules", "mocha", "bin", "mocha.js")


def _files(pkg, pattern):
    root = os.path.join(HERE, pkg)
    return sorted(os.path.relpath(f, root) for f in glob.glob(os.path.join(root, pattern), recursive=True))


# Arguments as the package's `npm test` gives them, with the TAP reporter.
# express: test/ without test/acceptance (it runs examples/, absent from the
# npm tarball, with a dozen more devDependencies). serve-static: without
# --bail, so that every test runs. fastify: the 103 of its 144 top-level
# test/*.test.js files that need no devDependency beyond fastify-plugin and
# split2 (see docs/compatibility.md), by file as borp runs them.
SUITES = {
    "express": ("mocha", ["--require", "test/support/env", "--check-leaks", "test/"]),
    "body-parser": ("mocha", ["--check-leaks", "test/"]),
    "serve-static": ("mocha", ["--check-leaks", "test/"]),
    "koa": ("node:test", lambda: _files("koa", "__tests__/**/*.test.js")),
    "fastify": ("node:test", lambda: _files("fastify", "test/*.test.js")),
}


def prepare(out, pkg):
    """OUT/run/PKG: the npm package with its authors' tests copied in."""
    run = os.path.join(out, "run")
    os.makedirs(run, exist_ok=True)
    link = os.path.join(run, "node_modules")
    if not os.path.islink(link):
        os.symlink(os.path.join(HERE, "node_modules"), link)
    dst = os.path.join(run, pkg)
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(os.path.join(HERE, "node_modules", pkg), dst, symlinks=True)
    shutil.copytree(os.path.join(HERE, pkg), dst, dirs_exist_ok=True)
    return dst


def command(pkg, runtime, shoal=None, files=None):
    """argv running PKG's suite (or only its test files `files`): runtime is
    a node binary, or shoal's (`shoal run`)."""
    kind, args = SUITES[pkg]
    if callable(args):
        args = args()
    if files:
        args = [a for a in args if a != "test/"] + list(files) if kind == "mocha" else list(files)
    if kind == "mocha":
        head = [shoal, "run"] if shoal else [runtime]
        # mocha's default 2 s per test is a timing assertion on a shared,
        # loaded machine (body-parser's 10,000-parameter test went past it):
        # 30 s, as the node:test suites below get.
        return head + [MOCHA, "--reporter", "tap", "--no-color", "--timeout", "30000"] + args
    head = [shoal, "run", "--test"] if shoal else [runtime, "--test"]
    # borp, fastify's runner, gives each test 30 s; a test that hangs then
    # fails instead of stalling the whole run (node --test has no limit).
    return head + ["--test-reporter=tap", "--test-timeout=30000"] + args


_TAP = re.compile(r"^( *)(not ok|ok) \d+(?: -)? (.*?)(?: # (SKIP|TODO)\b.*)?$")
_SUBTEST = re.compile(r"^( *)# Subtest: (.*)$")


def parse_tap(text):
    """{full title: "pass"|"fail"|"skip"|"todo"} and the summary counts.
    node:test nests subtests by four spaces; a title is its ancestors' and
    its own joined by " > ". A repeated title gets " #2", " #3"."""
    results, stack = {}, []
    for line in text.splitlines():
        m = _SUBTEST.match(line)
        if m:
            depth = len(m.group(1)) // 4
            del stack[depth:]
            stack.append(m.group(2))
            continue
        m = _TAP.match(line)
        if not m:
            continue
        depth = len(m.group(1)) // 4
        title = " > ".join(stack[:depth] + [m.group(3).strip()])
        del stack[depth:]
        status = (m.group(4) or "").lower() or ("pass" if m.group(2) == "ok" else "fail")
        key, n = title, 1
        while key in results:
            n += 1
            key = f"{title} #{n}"
        results[key] = status
    counts = {k: int(v) for k, v in re.findall(r"^# (tests|pass|fail|cancelled|skipped|todo|pending) (\d+)$",
                                               text, re.M)}
    return results, counts


def run_suite(out, pkg, name, runtime, shoal=None, timeout=1800, files=None):
    """Runs PKG's suite in OUT/run/PKG; returns (results, counts, exit code)
    and writes OUT/results/PKG.NAME.{tap,json}."""
    cwd = prepare(out, pkg)
    env = {k: v for k, v in os.environ.items() if not k.startswith("NODE_")}
    res = os.path.join(out, "results")
    os.makedirs(res, exist_ok=True)
    tap = os.path.join(res, f"{pkg}.{name}.tap")
    # To a file as it runs: a suite that hangs shows how far it got.
    with open(tap, "w") as f:
        try:
            code = subprocess.run(command(pkg, runtime, shoal, files), cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                  stdout=f, stderr=subprocess.STDOUT, timeout=timeout).returncode
        except subprocess.TimeoutExpired:
            code = "timeout"
    with open(tap, errors="replace") as f:
        text = f.read()
    results, counts = parse_tap(text)
    with open(os.path.join(res, f"{pkg}.{name}.json"), "w") as f:
        json.dump(results, f, indent=1, sort_keys=True)
    return results, counts, code


def tally(results, counts):
    """(tests, passed) as the runner's summary gives them, or counted from
    the per-test lines when the run ended without one."""
    if "tests" in counts and "pass" in counts:
        return counts["tests"], counts["pass"]
    return len(results), sum(1 for s in results.values() if s == "pass")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shoal", help="shoal binary (omit to run Node only)")
    ap.add_argument("--node", default="node")
    ap.add_argument("--out", default="/tmp/shoal-package-suites")
    ap.add_argument("--reuse-node", action="store_true",
                    help="take Node's results from an earlier run into the same --out")
    ap.add_argument("pkgs", nargs="*", default=list(SUITES))
    a = ap.parse_args()
    if not os.path.exists(MOCHA):
        sys.exit("tests/package-suites/node_modules is missing: run scripts/setup.sh --deps")
    shoal = os.path.abspath(a.shoal) if a.shoal else None
    out = os.path.abspath(a.out)
    rows = []
    for pkg in a.pkgs:
        if a.reuse_node:
            with open(os.path.join(out, "results", f"{pkg}.node.tap"), errors="replace") as f:
                nres, ncounts = parse_tap(f.read())
        else:
            nres, ncounts, _ = run_suite(out, pkg, "node", a.node)
        ntests, npass = tally(nres, ncounts)
        row = [pkg, str(ntests), str(npass), "-"]
        if shoal:
            sres, scounts, _ = run_suite(out, pkg, "shoal", None, shoal)
            stests, spass = tally(sres, scounts)
            row[3] = str(spass) + ("" if stests == ntests else f" (of {stests})")
            lost = sorted(t for t, s in nres.items() if s == "pass" and sres.get(t) != "pass")
            with open(os.path.join(out, "results", f"{pkg}.lost.txt"), "w") as f:
                f.write("".join(t + "\n" for t in lost))
        rows.append(row)
        print(" | ".join(row), flush=True)
    print("\npkg | tests | pass node | pass shoal")
    for row in rows:
        print(" | ".join(row))
    print(f"\nper-test results: {out}/results (PKG.node.json, PKG.shoal.json, PKG.lost.txt)")


if __name__ == "__main__":
    main()
