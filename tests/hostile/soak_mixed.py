"""The mixed soak (scripts/soak.sh; not in ctest: it is long).

    python3 tests/hostile/soak_mixed.py --shoal build/shoal [--minutes 30]

A `shoal start` cluster of 2 workers on 127.0.0.1 (from a private copy of the
binaries: a rebuild meanwhile must not change what reloads start), access log
on stdout (through the master's relay), under mixed load for the whole run:

- wrk, keep-alive connections, and wrk with `Connection: close` (a new
  connection per request);
- h2load in back-to-back 3 s runs (HTTP/2, prior knowledge, multiplexed);
- slow clients: a request head sent in 5 pieces over 1.2 s; a slow reader
  taking a 1 MiB response 64 KiB every 100 ms;
- uploads (256 KiB POST bodies);
- WebSocket churn: connect, upgrade, one echoed frame, close;
- the hostile clients of soak.py --hostile (obs-fold, chunk-extension bombs,
  HTTP/2 zero-window stalls, idle metrics connections);
- every SOAK_OP_SECONDS (15) one operation in turn: `ctl reload`,
  `ctl scale 3`, `ctl scale 2`, `ctl upgrade`;
- in the middle, the master's stdout reader stops reading for 60 s.

Every 10 s one row: master RSS and descriptors, each worker's RSS and
descriptors, established client connections, requests failed so far.

Fails on: any wrk socket error or non-2xx answer; a failed request of the
other clients (h2load runs, slow clients, uploads, WebSocket) outside an
operation's window (from its start to 3 s after `ctl` returned: h2load's
client fails requests it had queued when GOAWAY came, docs/reliability.md);
an operation `ctl` refuses; the master exiting; a torn line on stdout;
master RSS growing by more than SOAK_MASTER_GROWTH_MB (8) or its
descriptors by more than 16, or the highest worker RSS by more than
SOAK_WORKER_GROWTH_MB (32) or its descriptors by more than 32, between the
first and the last third of the run (highest sample of each). Standard
library, wrk, h2load, Linux /proc."""
import argparse
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "cluster"))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "apps", "websocket"))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "http"))
from cluster_util import Cluster, free_port  # noqa: E402
from httptest import recv_until_close  # noqa: E402
from soak import hostile_clients, rss_kb  # noqa: E402
from shoaltest import fail, ok, summary  # noqa: E402
from wsutil import WS, TEXT  # noqa: E402

APP = r"""
const http = require('http');
const crypto = require('crypto');
const big = Buffer.alloc(1 << 20, 'b');
let served = 0;
const server = http.createServer((req, res) => {
  served++;
  if (req.url === '/big') {
    res.writeHead(200, { 'content-length': big.length });
    return res.end(big);
  }
  if (req.method === 'POST') {
    let n = 0;
    req.on('data', (c) => { n += c.length; });
    req.on('end', () => res.end(`got ${n}\n`));
    return;
  }
  if (served % 100 === 0) console.log(`served ${served} ` + 'y'.repeat(300));
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end(`ok ${served}\n`);
});
// WebSocket by hand: the handshake, then the client's frames echoed as they are.
server.on('upgrade', (req, socket) => {
  const accept = crypto.createHash('sha1')
    .update(req.headers['sec-websocket-key'] + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11')
    .digest('base64');
  socket.on('error', () => {});
  socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n' +
               'Connection: Upgrade\r\nSec-WebSocket-Accept: ' + accept + '\r\n\r\n');
  socket.on('data', (d) => socket.write(d));
  socket.on('end', () => socket.end()); // half-open, as in Node: the app closes its side
});
server.listen(Number(process.env.APP_PORT));
"""

OPS = ["reload", "scale 3", "scale 2", "upgrade"]


class PipedCluster(Cluster):
    """Its stdout is a pipe the soak reads (logs() is stderr only)."""

    def logs(self):
        self.err.flush()
        with open(self.err.name) as e:
            return "--- stderr\n" + e.read()


def fd_count(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return 0


def established(port):
    """Client connections to port held by the server side (ESTABLISHED)."""
    n = 0
    for path in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(path) as f:
                next(f)
                for line in f:
                    p = line.split()
                    if p[3] == "01" and int(p[1].rsplit(":", 1)[1], 16) == port:
                        n += 1
        except OSError:
            pass
    return n


class Soak:
    def __init__(self, c, minutes, op_seconds):
        self.c = c
        self.seconds = minutes * 60
        self.op_seconds = op_seconds
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.windows = []  # (start, end) of each operation, end None while running
        self.failed = []   # (time, what) of failed requests
        self.counts = {}   # what -> requests done
        self.failures = []
        self.stdout_lines = 0
        self.stdout_reading = threading.Event()
        self.stdout_reading.set()

    # --- bookkeeping -------------------------------------------------------------
    def done(self, what, ok, t0, detail=""):
        with self.lock:
            self.counts[what] = self.counts.get(what, 0) + 1
            if not ok:
                self.failed.append((t0, time.time(), f"{what} {detail}"))

    def in_window(self, t0, t1):
        with self.lock:
            for s, e in self.windows:
                if t0 <= (e if e else time.time()) + 3 and t1 >= s:
                    return True
        return False

    def loop(self, what, fn, pause):
        while not self.stop.is_set():
            t0 = time.time()
            try:
                ok, detail = fn()
            except (OSError, http.client.HTTPException, ConnectionError) as e:
                ok, detail = False, repr(e)
            self.done(what, ok, t0, detail)
            self.stop.wait(pause)

    # --- clients -----------------------------------------------------------------
    def slow_head(self):
        s = socket.create_connection(("127.0.0.1", self.c.port), timeout=15)
        try:
            req = b"GET /slow HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\nConnection: close\r\n\r\n"
            step = len(req) // 5 + 1
            for i in range(0, len(req), step):
                s.sendall(req[i:i + step])
                time.sleep(0.3)
            out = recv_until_close(s, 15)
            return out.startswith(b"HTTP/1.1 200"), out[:60]
        finally:
            s.close()

    def slow_reader(self):
        s = socket.create_connection(("127.0.0.1", self.c.port), timeout=15)
        try:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16384)
            s.sendall(b"GET /big HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            n = 0
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                n += len(chunk)
                time.sleep(0.1)
            return n > (1 << 20), f"{n} bytes"
        finally:
            s.close()

    def upload(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.c.port, timeout=15)
        try:
            conn.request("POST", "/upload", body=b"u" * 262144)
            r = conn.getresponse()
            body = r.read()
            return r.status == 200 and body == b"got 262144\n", f"{r.status} {body[:40]!r}"
        finally:
            conn.close()

    def websocket(self):
        ws = WS(self.c.port, "/ws", timeout=15)
        try:
            if ws.status != 101 or not ws.accept_ok:
                return False, ws.head[:60]
            frame = ws.frame(TEXT, "soak " * 20)
            ws.sock.sendall(frame)
            got = ws.buf
            while len(got) < len(frame):
                chunk = ws.sock.recv(65536)
                if not chunk:
                    break
                got += chunk
            return got == frame, f"echo {len(got)} of {len(frame)}"
        finally:
            ws.sock.close()

    def h2load_runs(self):
        url = f"http://127.0.0.1:{self.c.port}/h2"
        while not self.stop.is_set():
            t0 = time.time()
            r = subprocess.run(["h2load", "-c2", "-m4", "-D3", "--warm-up-time=0", url],
                               capture_output=True, text=True, timeout=60)
            t1 = time.time()
            m = re.search(r"requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, "
                          r"(\d+) failed, (\d+) errored, (\d+) timeout", r.stdout)
            if not m:
                with self.lock:
                    self.failed.append((t0, t1, f"h2load: no summary ({r.stdout[-200:]!r})"))
                continue
            done, ok, failed, errored = (int(m.group(i)) for i in (3, 4, 5, 6))
            with self.lock:
                self.counts["h2load"] = self.counts.get("h2load", 0) + done
                if failed or errored or ok < done:
                    self.failed.append((t0, t1, f"h2load: {failed} failed, {errored} errored "
                                                f"of {done}"))

    def read_stdout(self, fd):
        """The master's stdout: counts lines, checks each is whole (an access record or a
        tagged worker line), and stops reading while stdout_reading is clear."""
        rest = b""
        while True:
            self.stdout_reading.wait()
            try:
                chunk = os.read(fd, 1 << 16)
            except OSError:
                return
            if not chunk:
                return
            lines = (rest + chunk).split(b"\n")
            rest = lines.pop()
            for line in lines:
                if not (line.startswith(b'{"time":"') and line.endswith(b"}")) and \
                        not line.startswith(b"[worker ") and not line.startswith(b"[shoal] "):
                    self.failures.append(f"a torn line on stdout: {line[:80]!r}")
            self.stdout_lines += len(lines)

    # --- operations ----------------------------------------------------------------
    def operations(self):
        i = 0
        while not self.stop.wait(self.op_seconds):
            op = OPS[i % len(OPS)]
            i += 1
            t0 = time.time()
            with self.lock:
                self.windows.append((t0, None))
            r = subprocess.run([self.c.shoal, "ctl", "--config", self.c.config_path] + op.split(),
                               capture_output=True, text=True, timeout=120)
            with self.lock:
                self.windows[-1] = (t0, time.time())
            if r.returncode != 0:
                self.failures.append(f"ctl {op} exited {r.returncode}: {r.stderr.strip()[-200:]}")
            self.counts["op " + op] = self.counts.get("op " + op, 0) + 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shoal", required=True)
    ap.add_argument("--minutes", type=float, default=float(os.environ.get("SOAK_MINUTES", "30")))
    ap.add_argument("--op-seconds", type=float,
                    default=float(os.environ.get("SOAK_OP_SECONDS", "15")))
    a = ap.parse_args()
    master_bound = int(os.environ.get("SOAK_MASTER_GROWTH_MB", "8")) * 1024
    worker_bound = int(os.environ.get("SOAK_WORKER_GROWTH_MB", "32")) * 1024

    bindir = tempfile.mkdtemp(prefix="shoal-soak-bin-")
    for name in ("shoal", "shoal-runtime"):
        shutil.copy2(os.path.join(os.path.dirname(os.path.abspath(a.shoal)), name),
                     os.path.join(bindir, name))
    metrics_port = free_port()
    c = PipedCluster(os.path.join(bindir, "shoal"), APP,
                config={"workers": 2, "listen": [], "drain_ms": 10000,
                        "log": {"access": "stdout"},
                        "metrics": {"listen": f"127.0.0.1:{metrics_port}"}})
    with open(c.config_path) as f:
        cfg = json.load(f)
    cfg["env"] = {"APP_PORT": str(c.port)}
    with open(c.config_path, "w") as f:
        json.dump(cfg, f)
    r, w = os.pipe()
    c.out.close()
    c.out = os.fdopen(w, "w")
    s = Soak(c, a.minutes, a.op_seconds)
    threading.Thread(target=s.read_stdout, args=(r,), daemon=True).start()
    rows = []
    wrks = []
    try:
        c.start(timeout=30)
        c.out.close()  # the master has its copy
        url = f"http://127.0.0.1:{c.port}/"
        dur = f"{int(s.seconds)}s"
        wrks = [subprocess.Popen(["wrk", "-t1", "-c8", "-d" + dur, "--timeout", "10s", url + "ka"],
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True),
                subprocess.Popen(["wrk", "-t1", "-c4", "-d" + dur, "--timeout", "10s",
                                  "-H", "Connection: close", url + "close"],
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)]
        threads = [threading.Thread(target=s.h2load_runs),
                   threading.Thread(target=s.loop, args=("slow-head", s.slow_head, 0.5)),
                   threading.Thread(target=s.loop, args=("slow-reader", s.slow_reader, 0.5)),
                   threading.Thread(target=s.loop, args=("upload", s.upload, 0.2)),
                   threading.Thread(target=s.loop, args=("websocket", s.websocket, 0.2)),
                   threading.Thread(target=s.operations)]
        hostile_failures, hostile_counts = [], {}
        threads.append(threading.Thread(target=hostile_clients, args=(
            c, metrics_port, s.stop, hostile_failures, hostile_counts)))
        for t in threads:
            t.daemon = True
            t.start()
        t0 = time.time()
        stall_at, stall_end = t0 + s.seconds / 2 - 30, t0 + s.seconds / 2 + 30
        print(f"soak: {a.minutes:g} min, 2 workers, port {c.port}; ops every {a.op_seconds:g}s: "
              f"{', '.join(OPS)}; stdout reader stalled from {stall_at - t0:.0f}s to "
              f"{stall_end - t0:.0f}s", flush=True)
        print(f"{'t(s)':>6} {'master RSS':>10} {'fds':>4} {'conns':>5} {'failed':>6} {'in ops':>6}"
              f"  workers (pid: RSS/fds)", flush=True)
        next_sample = t0 + 10
        while time.time() < t0 + s.seconds:
            now = time.time()
            if c.proc.poll() is not None:
                s.failures.append(f"the master exited ({c.proc.returncode}) at {now - t0:.0f}s")
                break
            if stall_at <= now < stall_end:
                s.stdout_reading.clear()
            else:
                s.stdout_reading.set()
            if now >= next_sample:
                next_sample += 10
                pids = sorted(c.worker_pids())
                workers = {p: (rss_kb(p), fd_count(p)) for p in pids}
                with s.lock:
                    failed = list(s.failed)
                inside = sum(1 for f in failed if s.in_window(f[0], f[1]))
                row = (now - t0, rss_kb(c.proc.pid), fd_count(c.proc.pid), workers)
                rows.append(row)
                ws = " ".join(f"{p}: {kb / 1024:.0f}M/{n}" for p, (kb, n) in workers.items())
                print(f"{row[0]:6.0f} {row[1] / 1024:9.1f}M {row[2]:4d} {established(c.port):5d} "
                      f"{len(failed) - inside:6d} {inside:6d}  {ws}", flush=True)
            time.sleep(0.5)
        s.stop.set()
        s.stdout_reading.set()
        for t in threads:
            t.join(90)
        for wp in wrks:
            try:
                out = wp.communicate(timeout=60)[0]
            except subprocess.TimeoutExpired:
                wp.kill()
                out = wp.communicate()[0]
            print("--- " + " ".join(wp.args[5:]) + "\n" + out.strip(), flush=True)
            m = re.search(r"(\d+) requests in", out)
            s.counts["wrk " + wp.args[-1].rsplit("/", 1)[1]] = int(m.group(1)) if m else 0
            for pat in (r"Non-2xx or 3xx responses: \d+", r"Socket errors: [^\n]+"):
                e = re.search(pat, out)
                if e:
                    s.failures.append(f"wrk {wp.args[-1]}: {e.group(0)}")
            if not m:
                s.failures.append(f"wrk {wp.args[-1]} made no requests")
        s.failures += hostile_failures
        outside = [f for f in s.failed if not s.in_window(f[0], f[1])]
        inside = [f for f in s.failed if s.in_window(f[0], f[1])]
        for f in outside[:20]:
            s.failures.append(f"failed outside an operation, at {f[0] - t0:.0f}s: {f[2]}")
        print(f"requests: {s.counts}", flush=True)
        print(f"hostile clients: {hostile_counts}", flush=True)
        print(f"stdout: {s.stdout_lines} lines, all whole" if not any(
            "torn" in f for f in s.failures) else "stdout: torn lines", flush=True)
        print(f"failed inside operation windows ({len(inside)}): "
              + "; ".join(f"{f[0] - t0:.0f}s {f[2]}" for f in inside[:10]), flush=True)
        if len(rows) >= 6:
            third = len(rows) // 3

            def top(rs, f):
                return max(f(r) for r in rs)
            checks = [
                ("master RSS (KiB)", lambda r: r[1], master_bound),
                ("master fds", lambda r: r[2], 16),
                ("highest worker RSS (KiB)", lambda r: max((v[0] for v in r[3].values()), default=0),
                 worker_bound),
                ("highest worker fds", lambda r: max((v[1] for v in r[3].values()), default=0), 32),
            ]
            for name, f, bound in checks:
                first, last = top(rows[:third], f), top(rows[-third:], f)
                print(f"{name}: first third {first}, last third {last} (bound +{bound})",
                      flush=True)
                if last - first > bound:
                    s.failures.append(f"{name} grew from {first} to {last}")
    finally:
        s.stop.set()
        for wp in wrks:
            if wp.poll() is None:
                wp.kill()
        c.close()
        shutil.rmtree(bindir, ignore_errors=True)
    for f in s.failures:
        fail("soak", f)
    if not s.failures:
        ok("soak")
    return summary()


if __name__ == "__main__":
    sys.exit(main())
