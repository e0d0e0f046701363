#!/usr/bin/env python3
"""ctest apps/package-suites: a fast part of the authors' own test suites
(tests/package-suites/suites.py) under `shoal run`: body-parser's whole
mocha suite, express's res.sendFile and res.download files and koa's
application, response/status and response/body node:test files. Every test that passes under
Node 20 (recorded in expected/PKG.json) must pass under shoal, except
the KNOWN failures below, each with its reason; a known failure that passes
fails the test too, so that the list stays true.

    python3 tests/package-suites/test_package_suites.py --shoal build/shoal
    python3 tests/package-suites/test_package_suites.py --record node   # re-record expected/

scripts/package-suites.sh runs the five suites in full."""
import argparse
import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
import suites  # noqa: E402
from shoaltest import check, fail, summary  # noqa: E402

PARTS = {
    "body-parser": None,
    "express": ["test/res.sendFile.js", "test/res.download.js"],
    "koa": suites._files("koa", "__tests__/application/*.test.js") +
    ["__tests__/response/status.test.js", "__tests__/response/body.test.js"],
}

# Tests that pass under Node and fail under shoal, with the reason.
KNOWN = {
    # "pkg": {"full test title": "why it fails under shoal"},
}


def expected_path(pkg):
    return os.path.join(HERE, "expected", f"{pkg}.json")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shoal")
    ap.add_argument("--record", metavar="NODE", help="record expected/*.json with Node 20 instead")
    a = ap.parse_args()
    if not (a.shoal or a.record):
        ap.error("--shoal or --record")
    if not os.path.exists(suites.MOCHA):
        fail("apps/package-suites", "tests/package-suites/node_modules is missing: "
             "run scripts/setup.sh (it installs package-lock.json)")
        return summary()
    with tempfile.TemporaryDirectory(prefix="shoal-package-suites-") as out:
        for pkg, files in PARTS.items():
            if a.record:
                res, counts, code = suites.run_suite(out, pkg, "node", a.record, files=files, timeout=300)
                os.makedirs(os.path.dirname(expected_path(pkg)), exist_ok=True)
                with open(expected_path(pkg), "w") as f:
                    json.dump(res, f, indent=1, sort_keys=True)
                    f.write("\n")
                check(counts.get("fail", 1) == 0, f"recorded {pkg}: {counts}")
                continue
            with open(expected_path(pkg)) as f:
                want = json.load(f)
            got, counts, code = suites.run_suite(out, pkg, "shoal", None, os.path.abspath(a.shoal),
                                                 files=files, timeout=300)
            known = KNOWN.get(pkg, {})
            lost = [t for t, s in want.items() if s == "pass" and got.get(t) != "pass" and t not in known]
            fixed = [t for t in known if got.get(t) == "pass"]
            passing = sum(1 for s in got.values() if s == "pass")
            node_passing = sum(1 for s in want.values() if s == "pass")
            ok = check(not lost and not fixed and want,
                       f"{pkg}: {passing} tests and suites pass under shoal, {node_passing} under Node "
                       f"({len(known)} known failures), exit {code}, {counts}")
            if not ok:
                for t in lost:
                    print(f"  fails under shoal, passes under Node: {t} -> {got.get(t)}")
                for t in fixed:
                    print(f"  passes now, remove from KNOWN: {t}")
                with open(os.path.join(out, "results", f"{pkg}.shoal.tap"), errors="replace") as f:
                    print(f.read()[-3000:])
    return summary()


if __name__ == "__main__":
    sys.exit(main())
