#!/usr/bin/env python3
"""h2load across a drain, measured: RUNS runs (default 10) of each
operation (`ctl reload`, `ctl scale 1`, `ctl upgrade`) on a fresh cluster of
2 workers (balance round-robin, so both hold h2load connections), each
during `h2load -c 8 -m 8 -D SECONDS` (default 6) over HTTP/2 prior
knowledge; the operation starts once the workers have served 500 requests.
Prints h2load's failed and errored counts per run and their sums. The
results are in docs/reliability.md ("HTTP/2 across reloads").

    scripts/h2-drain-measure.py [--shoal build/shoal] [--runs 10] [--seconds 6] [OP ...]

No assertion: tests/h2/drain.py asserts the same deterministically."""
import argparse
import json
import os
import re
import subprocess
import sys
import threading

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "lib"))
from shoaltest import Cluster, wait_for  # noqa: E402

APP = "module.exports = (req, res) => res.end(`ok ${require('./version.json').v}\\n`);\n"


def served(c):
    p = c.ctl("status", "--json")
    if p.returncode != 0:
        return 0
    return sum(w["requests"] for w in json.loads(p.stdout)["workers"])


def operate(c, op):
    if op == "reload":
        with open(c.path("version.json"), "w") as f:
            f.write('{"v": 2}')
        return c.ctl("reload", timeout=120).returncode
    if op == "scale":
        return c.ctl("scale", "1", timeout=120).returncode
    return c.ctl("upgrade", timeout=120).returncode


def one(shoal, op, seconds):
    c = Cluster(shoal, APP, config={"balance": "round-robin"}, files={"version.json": '{"v": 1}'},
                prefix="shoal-h2-measure-", remove_dir=True)
    c.start()
    try:
        h2 = subprocess.Popen(["h2load", "-c", "8", "-m", "8", "-D", str(seconds),
                               f"http://127.0.0.1:{c.port}/"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        wait_for(lambda: served(c) >= 500, timeout=30, step=0.1)
        rc = []
        t = threading.Thread(target=lambda: rc.append(operate(c, op)))
        t.start()
        out, _ = h2.communicate(timeout=seconds + 120)
        during = t.is_alive() or bool(rc)  # the operation began before h2load ended
        t.join(180)
        m = re.search(r"requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, "
                      r"(\d+) failed, (\d+) errored", out)
        total, _, done, ok, failed, errored = map(int, m.groups()) if m else (0,) * 6
        return {"op": op, "rc": rc[0] if rc else None, "during": during, "done": done,
                "succeeded": ok, "failed": failed, "errored": errored}
    finally:
        c.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shoal", default=os.path.join(ROOT, "build", "shoal"))
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--seconds", type=int, default=6)
    ap.add_argument("ops", nargs="*", default=["reload", "scale", "upgrade"])
    a = ap.parse_args()
    shoal = os.path.abspath(a.shoal)
    for op in a.ops:
        rows = [one(shoal, op, a.seconds) for _ in range(a.runs)]
        for r in rows:
            print(json.dumps(r), flush=True)
        print(f"{op}: {a.runs} runs, failed {[r['failed'] for r in rows]} "
              f"(sum {sum(r['failed'] for r in rows)}), errored "
              f"{[r['errored'] for r in rows]}, succeeded {sum(r['succeeded'] for r in rows)}, "
              f"ctl exit codes {sorted(set(r['rc'] for r in rows), key=str)}", flush=True)


if __name__ == "__main__":
    main()
