"""Overload shedding (limits.queue_ms), made deterministic: both workers of
a cluster are held inside a request's JavaScript (saturated, as the master
sees them), then more requests arrive: each waits queue_ms in the master
and gets the master's own 503 with Retry-After, none reaches a worker and
none times out; once the workers are released, requests are served again.
The metrics count the shed connections and the queue time."""
import http.client
import json
import os
import shutil
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ops_util import Cluster, run_tests, wait_for  # noqa: E402

# /hold writes held-PID, then runs JavaScript until the test creates
# "release": the worker is busy in JS the whole time, whatever the load.
APP = r"""
const fs = require('fs');
module.exports = (req, res) => {
  if (req.url === '/__ping') return res.end('pong');
  if (req.url === '/burn') {
    const end = Date.now() + 100;
    while (Date.now() < end) {}
    return res.end('done');
  }
  if (req.url === '/hold') {
    fs.writeFileSync(`held-${process.pid}`, '');
    while (!fs.existsSync('release')) {}
    return res.end('held');
  }
  res.end('done');
};
"""


def one(port, results, lock, path):
    t0 = time.time()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers={"Connection": "close"})
        r = conn.getresponse()
        item = (r.status, r.getheader("Retry-After"), r.read(), time.time() - t0)
    except Exception as e:  # a timeout or reset is a failure of the test
        item = ("error", repr(e), b"", time.time() - t0)
    finally:
        conn.close()
    with lock:
        results.append(item)


def held(c):
    return [f for f in os.listdir(c.dir) if f.startswith("held-")]


def test_overload_sheds_503(shoal):
    c = Cluster(shoal, APP, config={"workers": 2, "limits": {"queue_ms": 300},
                                    "watchdog_ms": 120000, "control": {"socket": "ctl.sock"}})
    c.start()
    holds, lock = [], threading.Lock()
    try:
        # One hold at a time, so that each lands on a free worker.
        for n in (1, 2):
            t = threading.Thread(target=one, args=(c.port, holds, lock, "/hold"))
            t.start()
            assert wait_for(lambda: len(held(c)) == n, 60), (held(c), c.logs())
        results, threads = [], []
        for _ in range(20):
            t = threading.Thread(target=one, args=(c.port, results, lock, "/work"))
            t.start()
            threads.append(t)
        for t in threads:
            t.join(60)
        errors = [r for r in results if r[0] == "error"]
        assert len(results) == 20 and not errors, errors[:5]
        # Every worker was held: each request was shed by the master.
        assert all(r[0] == 503 and r[1] == "1" for r in results), results[:3]
        open(os.path.join(c.dir, "release"), "w").close()
        assert wait_for(lambda: len(holds) == 2, 60)
        assert all(r[0] == 200 and r[2] == b"held" for r in holds), holds
        m = c.ctl("metrics", timeout=20).stdout
        line = [ln for ln in m.splitlines() if ln.startswith("shoal_shed_total ")]
        assert line and int(line[0].split()[1]) == 20, line
        assert "shoal_queue_wait_seconds_count" in m
        # the same in `status` (ctl top, /status.json and the dashboard show it)
        q = json.loads(c.ctl("status", "--json", timeout=20).stdout)["queue"]
        assert q["enabled"] and q["shed"] == 20 and q["waited"] >= 20 and q["length"] == 0, q
        top = c.ctl("top", "--once", timeout=20).stdout
        assert "queue 0 waiting" in top and "shed 20" in top, top
        # the overload is over: normal service again
        st, _, b = c.get("/work")
        assert st == 200 and b == b"done"
    finally:
        open(os.path.join(c.dir, "release"), "w").close()
        c.close()
        shutil.rmtree(c.dir, ignore_errors=True)


def test_offered_three_times_capacity(shoal):
    """The load the issue names: ~100 ms of CPU a request on 2 workers
    (capacity ~20/s), offered ~60/s for 3 s. What is asserted holds at any
    speed: every request is answered (200 from the app or the master's 503
    with Retry-After), none errs or times out, and the metric counts every
    503. How many are shed and how fast depends on the machine: printed."""
    c = Cluster(shoal, APP, config={"workers": 2, "limits": {"queue_ms": 300},
                                    "control": {"socket": "ctl.sock"}})
    c.start()
    try:
        results, lock, threads = [], threading.Lock(), []
        for _ in range(180):
            t = threading.Thread(target=one, args=(c.port, results, lock, "/burn"))
            t.start()
            threads.append(t)
            time.sleep(1 / 60)
        for t in threads:
            t.join(60)
        errors = [r for r in results if r[0] == "error"]
        ok = [r for r in results if r[0] == 200]
        shed = [r for r in results if r[0] == 503]
        print(f"200: {len(ok)}, 503: {len(shed)}, errors: {len(errors)}; slowest 200 "
              f"{max((r[3] for r in ok), default=0):.2f} s, slowest 503 "
              f"{max((r[3] for r in shed), default=0):.2f} s")
        assert len(results) == 180 and not errors, errors[:5]
        assert len(ok) + len(shed) == 180
        assert all(r[2] == b"done" for r in ok) and all(r[1] == "1" for r in shed)
        m = c.ctl("metrics", timeout=20).stdout
        line = [ln for ln in m.splitlines() if ln.startswith("shoal_shed_total ")]
        assert line and int(line[0].split()[1]) == len(shed), (line, len(shed))
    finally:
        c.close()
        shutil.rmtree(c.dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(run_tests(globals()))
