#!/usr/bin/env python3
"""supertest (unmodified npm package) driving an express app under
`shoal run`: request(app) over http and request(httpsServer) over https.
supertest chooses https by `app instanceof tls.Server`, so https.Server must
be a tls.Server (issue 15 item 5).

    python3 tests/apps/tlsserver/test_supertest.py --shoal build/shoal [--work DIR]
    python3 tests/apps/tlsserver/test_supertest.py --record /usr/bin/node   # re-record

The output must equal expected/supertest_app.out, recorded from Node 20. The
packages come from tests/apps/tlsserver/package-lock.json, installed by
scripts/setup.sh; the certificates are tests/js/fixtures/tls."""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
from npm_packages import link_node_modules  # noqa: E402
from shoaltest import check, summary  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.abspath(os.path.join(HERE, "..", "..", "js", "fixtures", "tls"))
APPS = ["supertest_app.js"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shoal", default="build/shoal")
    ap.add_argument("--work")
    ap.add_argument("--record", help="write the expected output with this Node binary")
    args = ap.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="shoal-tlsserver-")
    os.makedirs(work, exist_ok=True)
    for name in APPS:
        shutil.copy(os.path.join(HERE, name), os.path.join(work, name))
    link_node_modules(HERE, work, "apps/tlsserver")
    env = dict(os.environ, TLS_FIXTURES=FIXTURES)
    for name in APPS:
        cmd = [args.record, name] if args.record else [os.path.abspath(args.shoal), "run", name]
        r = subprocess.run(cmd, cwd=work, capture_output=True, text=True, timeout=120, env=env)
        out_path = os.path.join(HERE, "expected", os.path.splitext(name)[0] + ".out")
        if args.record:
            with open(out_path, "w") as f:
                f.write(r.stdout)
            print(f"recorded {name} (exit {r.returncode})")
            continue
        with open(out_path) as f:
            expected = f.read()
        if not check(r.returncode == 0 and r.stdout == expected, name, f"exit {r.returncode}"):
            print("--- expected\n" + expected + "--- got\n" + r.stdout + "--- stderr\n" + r.stderr[-3000:])
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
