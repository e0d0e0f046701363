#!/usr/bin/env python3
"""require() of ES-module-only npm packages from CommonJS, unmodified, under
`shoal run`: cookie 2.0.2 ("type": "module", ESM only) required directly,
and fastify 5, whose inject() (light-my-request) requires cookie 2. app.js
prints one JSON line per check; EXPECTED is what Node v20.20.2 printed
(`node app.js` beside the installed packages).

    python3 tests/apps/requireesm/test_requireesm.py --shoal build/shoal --work build/tests/apps/requireesm

The packages come from package-lock.json, installed by scripts/setup.sh."""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "lib"))
from npm_packages import link_node_modules  # noqa: E402
from shoaltest import check, summary  # noqa: E402

EXPECTED = [
    ["cookie namespace", ["[object Module]",
                          ["parseCookie", "parseSetCookie", "stringifyCookie", "stringifySetCookie"]]],
    ["cookie parse", {"a": "1", "b": "two words", "c": "\"q\""}],
    ["cookie serialize", "sid=x%20y; Max-Age=60; Path=/; HttpOnly"],
    ["inject GET", [200, {"hello": "world", "cookie": "k=v"}]],
    ["inject POST", [200, {"n": 42}, [{"name": "seen", "value": "21", "path": "/"}]]],
    ["inject 404", [404, "Not Found"]],
    ["inject raw", [200, {"x-a": "1", "date": "string", "connection": "keep-alive",
                          "transfer-encoding": "chunked"}, "ab"]],
    ["done", True],
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shoal", required=True)
    ap.add_argument("--work", default=None)
    args = ap.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="shoal-requireesm-")
    os.makedirs(work, exist_ok=True)
    shutil.copy(os.path.join(HERE, "app.js"), work)
    link_node_modules(HERE, work, "apps/requireesm")
    r = subprocess.run([os.path.abspath(args.shoal), "run", "app.js"], cwd=work,
                       capture_output=True, text=True, timeout=120)
    got = [json.loads(line) for line in r.stdout.splitlines() if line.startswith("[")]
    for i, want in enumerate(EXPECTED):
        have = got[i] if i < len(got) else None
        check(have == want, want[0], "expected %s, got %s" % (want, have))
    check(r.returncode == 0, "exit status 0", "exit status %d\n%s" % (r.returncode, r.stderr))
    return summary()


if __name__ == "__main__":
    sys.exit(main())
