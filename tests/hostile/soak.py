"""Soak test: a long, bounded load run across periodic reloads, watching memory.

    python3 tests/hostile/soak.py --shoal build/shoal      (or scripts/soak.sh)

Starts a `shoal start` cluster on 127.0.0.1 (from a private copy of shoal and
shoal-runtime, so that a rebuild meanwhile does not disturb it) (2 workers, access log off), runs
wrk against it for SOAK_SECONDS (default 600) with keep-alive connections,
reloads it (SIGHUP: new workers, old ones drain) every SOAK_RELOAD_SECONDS
(default 20), and every 10 s prints one row: elapsed time, requests served so
far (2xx answers in the master's metrics, retired workers included), the
master's RSS and each worker's RSS.

Fails on: any non-2xx response or socket error reported by wrk; the master
dying; a reload that does not replace the workers; the master's RSS growing
by more than SOAK_MASTER_GROWTH_MB (default 8) from the first sample to the
last; the workers' RSS (the highest of a sample) growing by more than
SOAK_WORKER_GROWTH_MB (default 32) between the first and the last third of the
run. Not registered in ctest (it is long). Standard library, wrk, Linux /proc."""
import argparse
import os
import re
import shutil
import signal
import subprocess
import tempfile
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "cluster"))
from cluster_util import Cluster  # noqa: E402

APP = r"""
let served = 0;
module.exports = (req, res) => {
  served++;
  const body = `ok ${served} ${req.url}\n`;
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) });
  res.end(body);
};
"""


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def request_counts(c):
    """The master's shoal_requests_total{worker="all"} by status class (retired
    workers included): {"2xx": n, ...}."""
    out = subprocess.run([c.shoal, "ctl", "--config", c.config_path, "metrics"],
                         capture_output=True, text=True, timeout=20).stdout
    counts = {}
    for m in re.finditer(r'^shoal_requests_total\{worker="all",code="(\dxx)"\} (\d+)$', out, re.M):
        counts[m.group(1)] = int(m.group(2))
    return counts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shoal", required=True)
    ap.add_argument("--seconds", type=int, default=int(os.environ.get("SOAK_SECONDS", "600")))
    ap.add_argument("--reload", type=int, default=int(os.environ.get("SOAK_RELOAD_SECONDS", "20")))
    ap.add_argument("--sample", type=int, default=10)
    ap.add_argument("--connections", type=int, default=int(os.environ.get("SOAK_CONNECTIONS", "32")))
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    master_bound = int(os.environ.get("SOAK_MASTER_GROWTH_MB", "8")) * 1024
    worker_bound = int(os.environ.get("SOAK_WORKER_GROWTH_MB", "32")) * 1024

    # A private copy of the binaries: a rebuild of the tree during the run must
    # not change what the reloads start.
    bindir = tempfile.mkdtemp(prefix="shoal-soak-bin-")
    shoal = os.path.abspath(a.shoal)
    for name in ("shoal", "shoal-runtime"):
        shutil.copy2(os.path.join(os.path.dirname(shoal), name), os.path.join(bindir, name))
    c = Cluster(os.path.join(bindir, "shoal"), APP, config={"workers": 2})
    failures = []
    rows = []
    reloads = 0
    try:
        c.start()
        url = f"http://127.0.0.1:{c.port}/soak"
        wrk = subprocess.Popen(["wrk", f"-t{a.threads}", f"-c{a.connections}", f"-d{a.seconds}s",
                                "--timeout", "10s", url],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        t0 = time.time()
        next_sample = t0 + a.sample
        next_reload = t0 + a.reload
        print(f"soak: {a.seconds}s of wrk -t{a.threads} -c{a.connections} on {url}, reload every "
              f"{a.reload}s, sample every {a.sample}s", flush=True)
        header = f"{'t(s)':>6} {'2xx':>10} {'reloads':>7} {'master RSS':>11}  workers (pid: RSS)"
        print(header, flush=True)
        while wrk.poll() is None:
            now = time.time()
            if c.proc.poll() is not None:
                failures.append(f"the master exited ({c.proc.returncode}) at {now - t0:.0f}s")
                wrk.kill()
                break
            if now >= next_reload and now - t0 < a.seconds - 5:
                before = set(c.worker_pids())
                c.send_signal(signal.SIGHUP)
                reloads += 1
                next_reload += a.reload

                def check(before=before, n=reloads):
                    deadline = time.time() + 15
                    while time.time() < deadline:
                        now_pids = set(c.worker_pids())
                        if now_pids and not (now_pids & before):
                            return
                        time.sleep(0.2)
                    failures.append(f"reload {n}: workers {sorted(before)} not replaced "
                                    f"within 15 s (now {sorted(c.worker_pids())})")
                threading.Thread(target=check, daemon=True).start()
            if now >= next_sample:
                next_sample += a.sample
                pids = sorted(c.worker_pids())
                workers = {p: rss_kb(p) for p in pids}
                try:
                    counts = request_counts(c)
                except (OSError, subprocess.TimeoutExpired):
                    counts = {}
                reqs = counts.get("2xx", -1)
                others = sum(v for k, v in counts.items() if k != "2xx")
                if others:
                    failures.append(f"{others} non-2xx answers in the metrics at {now - t0:.0f}s: "
                                    f"{counts}")
                row = (now - t0, reqs, reloads, rss_kb(c.proc.pid), workers)
                rows.append(row)
                ws = " ".join(f"{p}: {kb / 1024:.1f}M" for p, kb in workers.items())
                print(f"{row[0]:6.0f} {reqs:10d} {reloads:7d} {row[3] / 1024:10.1f}M  {ws}",
                      flush=True)
            time.sleep(0.2)
        out = wrk.communicate()[0]
        print("--- wrk\n" + out.strip(), flush=True)
        m = re.search(r"(\d+) requests in", out)
        total = int(m.group(1)) if m else 0
        non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
        if wrk.returncode != 0:
            failures.append(f"wrk exited {wrk.returncode}")
        if non2xx:
            failures.append(f"{non2xx.group(1)} non-2xx responses")
        if sock:
            failures.append("socket errors: " + sock.group(0))
        if total == 0:
            failures.append("wrk made no requests")
        if len(rows) >= 3:
            m_growth = rows[-1][3] - rows[0][3]
            if m_growth > master_bound:
                failures.append(f"master RSS grew by {m_growth / 1024:.1f} MiB "
                                f"(bound {master_bound // 1024} MiB)")
            third = max(1, len(rows) // 3)
            first = max(max(r[4].values(), default=0) for r in rows[:third])
            last = max(max(r[4].values(), default=0) for r in rows[-third:])
            if last - first > worker_bound:
                failures.append(f"worker RSS grew by {(last - first) / 1024:.1f} MiB "
                                f"(bound {worker_bound // 1024} MiB)")
            print(f"master RSS {rows[0][3] / 1024:.1f}M -> {rows[-1][3] / 1024:.1f}M; "
                  f"highest worker RSS, first third {first / 1024:.1f}M, last third "
                  f"{last / 1024:.1f}M; {reloads} reloads; {total} requests", flush=True)
        time.sleep(0.5)
        if c.proc.poll() is not None:
            failures.append("the master is gone at the end")
    finally:
        c.close()
        shutil.rmtree(bindir, ignore_errors=True)
    for f in failures:
        print("FAIL: " + f, flush=True)
    print("soak: " + ("FAIL" if failures else "PASS"), flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
