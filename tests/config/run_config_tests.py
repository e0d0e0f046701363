#!/usr/bin/env python3
"""`shoal check` against the configs in tests/config.

  good/NAME.json   must pass: exit 0, stdout "good/NAME.json: ok", no stderr
  bad/NAME.json    must fail: exit 1, stderr exactly bad/NAME.expected
                   ("{dir}" there stands for the absolute path of tests/config)

plus usage errors (exit 2) and a missing file. shoal runs in tests/config and
is given relative paths, so the expected messages do not depend on where the
tree is checked out.

  run_config_tests.py --shoal build/shoal [-v] [NAME...]
"""
import argparse
import glob
import os
import sys

HERE = os.path.dirname(os.path.realpath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
from shoaltest import check, fail, finish, run  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shoal", required=True)
    ap.add_argument("-v", "--verbose", action="store_true", help="(every check prints a line)")
    ap.add_argument("names", nargs="*", help="only these cases (e.g. bad/port_zero)")
    opts = ap.parse_args()
    shoal = os.path.realpath(opts.shoal)

    def case(name, args, want_rc, want_out, want_err):
        if opts.names and name not in opts.names:
            return
        rc, out, err = run([shoal, "check", *args], timeout=30, cwd=HERE)
        problems = []
        if rc != want_rc:
            problems.append(f"exit code {rc}, expected {want_rc}")
        if want_out is not None and out != want_out:
            problems.append(f"stdout {out!r}, expected {want_out!r}")
        if want_err is not None and err != want_err:
            problems.append(f"stderr:\n    got:      {err!r}\n    expected: {want_err!r}")
        check(not problems, name, "; ".join(problems))

    for path in sorted(glob.glob(os.path.join(HERE, "good", "*.json"))):
        rel = os.path.relpath(path, HERE)
        case(rel[:-5], [rel], 0, f"{rel}: ok\n", "")

    for path in sorted(glob.glob(os.path.join(HERE, "bad", "*.json"))):
        rel = os.path.relpath(path, HERE)
        exp = path[:-5] + ".expected"
        if not os.path.exists(exp):
            fail(rel, f"no {os.path.relpath(exp, HERE)}")
            continue
        with open(exp, encoding="utf-8") as f:
            want = f.read().replace("{dir}", HERE)
        if not want.endswith("\n"):
            want += "\n"
        case(rel[:-5], [rel], 1, "", want)

    case("missing-file", ["bad/no-such-file.json"], 1, "",
         "bad/no-such-file.json: cannot read: No such file or directory\n")
    case("usage/no-config", [], 2, "", None)
    case("usage/two-configs", ["good/minimal.json", "good/minimal.json"], 2, "", None)
    case("usage/unknown-option", ["--strict"], 2, "", None)

    finish()


if __name__ == "__main__":
    main()
