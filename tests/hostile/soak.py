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
run. Not registered in ctest (it is long). Standard library, wrk, Linux /proc.

With --hostile (or SOAK_HOSTILE=1), hostile clients run beside wrk the whole
time, one every 0.3 s in turn: an obs-fold after an empty first line (must
get 400), a 32 KiB chunk-extension bomb (413, or a reset that lost it), an HTTP/2 connection with a
zero stream window asking for 4 responses (must be ended by the server), and
5 idle connections to the metrics listener (must be closed by the master).
Any other outcome fails the soak, as does any wrk error meanwhile."""
import argparse
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import tempfile
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "cluster"))
from cluster_util import Cluster, free_port  # noqa: E402
from shoaltest import fail, ok, rss_kb, summary  # noqa: E402

APP = r"""
let served = 0;
module.exports = (req, res) => {
  served++;
  const body = `ok ${served} ${req.url}\n`;
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) });
  res.end(body);
};
"""


def request_counts(c):
    """The master's shoal_requests_total{worker="all"} by status class (retired
    workers included): {"2xx": n, ...}."""
    out = c.ctl("metrics", timeout=20).stdout
    counts = {}
    for m in re.finditer(r'^shoal_requests_total\{worker="all",code="(\dxx)"\} (\d+)$', out, re.M):
        counts[m.group(1)] = int(m.group(2))
    return counts


def _exchange(port, data, timeout=15):
    """Sends data on a fresh connection; returns what came back until the server closed
    (None when it did not close within timeout)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        try:
            s.sendall(data)
        except OSError:
            pass
        out = b""
        while True:
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                return None
            except OSError:
                return out
            if not chunk:
                return out
            out += chunk
    finally:
        s.close()


def _h2_zero_window(port):
    settings = struct.pack(">HI", 4, 0)
    data = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + struct.pack(">I", len(settings))[1:] + \
        bytes([4, 0]) + struct.pack(">I", 0) + settings
    block = b"\x82\x86\x04\x05/soak\x01\x01x"
    for i in range(4):
        data += struct.pack(">I", len(block))[1:] + bytes([1, 5]) + \
            struct.pack(">I", 1 + 2 * i) + block
    return data


def _metrics_idle(port):
    socks = [socket.create_connection(("127.0.0.1", port), timeout=15) for _ in range(5)]
    closed = 0
    for s in socks:
        try:
            if s.recv(1) == b"":
                closed += 1
        except OSError:
            closed += 1
        s.close()
    return closed == 5


def _refused_413(out):
    """413 (after the app's early answer, as it does not read the body), or a reset that
    lost it (the server closed with our bytes unread); never a hang."""
    return out is not None and (b"HTTP/1.1 413" in out or b"HTTP/1.1" not in out)


def hostile_clients(c, metrics_port, stop, failures, counts):
    """The hostile mix of --hostile, in turn until stop is set."""
    cases = [
        ("obs-fold", lambda: (_exchange(c.port, b"POST / HTTP/1.1\r\nHost: x\r\n"
                                        b"Transfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n")
                              or b"").startswith(b"HTTP/1.1 400")),
        ("chunk-ext", lambda: _refused_413(_exchange(
            c.port, b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1"
            + (b";" + b"e" * 1023) * 32))),
        ("h2-zero-window", lambda: _exchange(c.port, _h2_zero_window(c.port), 30) is not None),
        ("metrics-idle", lambda: _metrics_idle(metrics_port)),
    ]
    i = 0
    while not stop.is_set():
        name, fn = cases[i % len(cases)]
        i += 1
        try:
            good = fn()
        except OSError as e:
            good = False
            name += f" ({e!r})"
        counts[name.split(" ")[0]] = counts.get(name.split(" ")[0], 0) + 1
        if not good:
            failures.append(f"hostile client {name}: unexpected outcome")
        stop.wait(0.3)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shoal", required=True)
    ap.add_argument("--seconds", type=int, default=int(os.environ.get("SOAK_SECONDS", "600")))
    ap.add_argument("--reload", type=int, default=int(os.environ.get("SOAK_RELOAD_SECONDS", "20")))
    ap.add_argument("--sample", type=int, default=10)
    ap.add_argument("--connections", type=int, default=int(os.environ.get("SOAK_CONNECTIONS", "32")))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--hostile", action="store_true",
                    default=os.environ.get("SOAK_HOSTILE", "") not in ("", "0"))
    a = ap.parse_args()
    master_bound = int(os.environ.get("SOAK_MASTER_GROWTH_MB", "8")) * 1024
    worker_bound = int(os.environ.get("SOAK_WORKER_GROWTH_MB", "32")) * 1024

    # A private copy of the binaries: a rebuild of the tree during the run must
    # not change what the reloads start.
    bindir = tempfile.mkdtemp(prefix="shoal-soak-bin-")
    shoal = os.path.abspath(a.shoal)
    for name in ("shoal", "shoal-runtime"):
        shutil.copy2(os.path.join(os.path.dirname(shoal), name), os.path.join(bindir, name))
    metrics_port = free_port()
    c = Cluster(os.path.join(bindir, "shoal"), APP,
                config={"workers": 2, "metrics": {"listen": f"127.0.0.1:{metrics_port}"}})
    failures = []
    hostile_stop = threading.Event()
    hostile_counts = {}
    rows = []
    reloads = 0
    try:
        c.start()
        url = f"http://127.0.0.1:{c.port}/soak"
        wrk = subprocess.Popen(["wrk", f"-t{a.threads}", f"-c{a.connections}", f"-d{a.seconds}s",
                                "--timeout", "10s", url],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if a.hostile:
            threading.Thread(target=hostile_clients, daemon=True,
                             args=(c, metrics_port, hostile_stop, failures,
                                   hostile_counts)).start()
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
        hostile_stop.set()
        if a.hostile:
            print(f"hostile clients run: {hostile_counts}", flush=True)
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
        fail("soak", f)
    if not failures:
        ok("soak")
    return summary()


if __name__ == "__main__":
    sys.exit(main())
