"""Hostile-client integration tests: a real `shoal start` cluster on 127.0.0.1
against slow, malformed, oversized, stalled and abusive clients, crashing and
leaking apps, killed workers and signal storms. Every test also checks that a
well-behaved client is served meanwhile (or right after, where the abuse is a
signal), and that the master stays up.

    python3 test_hostile.py --shoal build/shoal [TEST...]

Each test prints PASS/FAIL; the last line is "N passed, N failed, 0 skipped".
Standard library only; every loop is bounded in count and time."""
import argparse
import os
import random
import re
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "cluster"))
from cluster_util import Cluster  # noqa: E402

HOST = "127.0.0.1"

APP = r"""
let served = 0;
module.exports = (req, res) => {
  served++;
  if (req.url === '/big') {
    // 64 MiB in 1 MiB chunks, respecting back-pressure
    const chunk = Buffer.alloc(1 << 20, 'x');
    let n = 0;
    const pump = () => {
      while (n < 64) {
        n++;
        if (!res.write(chunk)) { res.once('drain', pump); return; }
      }
      res.end();
    };
    res.writeHead(200, { 'content-type': 'application/octet-stream',
                         'content-length': String(64 << 20) });
    pump();
    return;
  }
  if (req.url.startsWith('/echo')) {
    let len = 0;
    req.on('data', (d) => { len += d.length; });
    req.on('end', () => res.end(`len=${len}\n`));
    return;
  }
  res.setHeader('content-type', 'text/plain');
  res.end(`ok pid=${process.pid} served=${served}\n`);
};
"""

THROW_APP = r"""
module.exports = (req, res) => {
  if (req.url === '/ok' || req.url === '/__ping') { res.end('ok\n'); return; }
  throw new Error('handler exploded on ' + req.url);
};
"""

LEAK_APP = r"""
const leak = [];
module.exports = (req, res) => {
  if (req.url === '/leak') {
    for (let i = 0; i < 4; i++) leak.push(new Array(256 * 1024).fill(i + leak.length));
  }
  res.end(`pid=${process.pid} chunks=${leak.length}\n`);
};
"""

SLOW_APP = r"""
module.exports = (req, res) => {
  if (req.url === '/slow') { setTimeout(() => res.end('slow\n'), 1500); return; }
  res.end(`ok pid=${process.pid}\n`);
};
"""


# --- helpers -------------------------------------------------------------------------


def cluster(shoal, app=APP, limits=None, **config):
    cfg = {"workers": 2}
    cfg.update(config)
    if limits:
        cfg["limits"] = limits
    c = Cluster(shoal, app, config=cfg)
    try:
        return c.start()
    except BaseException:
        c.close()  # never leave a master behind
        raise


def served(c, path="/", timeout=5):
    """A well-behaved client: one GET that must answer 200."""
    status, _, body = c.get(path, timeout=timeout)
    assert status == 200, (path, status, body)
    return body


def raw(c, data, timeout=5.0, read_until_close=True):
    """Sends DATA on a fresh connection; returns (everything read, closed_by_server)."""
    s = socket.create_connection((HOST, c.port), timeout=timeout)
    try:
        s.sendall(data)
        out = b""
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                return out, True
            except socket.timeout:
                return out, False
            if not chunk:
                return out, True
            out += chunk
            if not read_until_close and b"\r\n\r\n" in out:
                return out, False
        return out, False
    finally:
        s.close()


def status_lines(data):
    return re.findall(rb"HTTP/1\.[01] \d{3}[^\r\n]*", data)


def fd_count(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def wait_for(pred, timeout, step=0.1):
    deadline = time.time() + timeout
    while time.time() < deadline:
        v = pred()
        if v:
            return v
        time.sleep(step)
    return pred()


def ctl(c, *args, timeout=30):
    return subprocess.run([c.shoal, "ctl", "--config", c.config_path, *args], capture_output=True,
                          text=True, timeout=timeout)


class Prober:
    """Well-behaved clients in the background while a test misbehaves."""

    def __init__(self, c, path="/", threads=2, pause=0.05):
        self.c, self.path, self.pause = c, path, pause
        self.ok = self.bad = 0
        self.errors = []
        self.stop_ev = threading.Event()
        self.threads = [threading.Thread(target=self.run, daemon=True) for _ in range(threads)]

    def run(self):
        while not self.stop_ev.is_set():
            try:
                status, _, _ = self.c.get(self.path, timeout=5)
                if status == 200:
                    self.ok += 1
                else:
                    self.bad += 1
                    self.errors.append(status)
            except OSError as e:
                self.bad += 1
                self.errors.append(repr(e))
            self.stop_ev.wait(self.pause)

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop_ev.set()
        for t in self.threads:
            t.join(10)


# --- slow clients --------------------------------------------------------------------


def test_slowloris_headers(shoal):
    """One header byte per 500 ms: 408 after header_timeout_ms (1500), others served."""
    c = cluster(shoal, limits={"header_timeout_ms": 1500})
    try:
        socks = []
        for _ in range(20):
            s = socket.create_connection((HOST, c.port), timeout=10)
            s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
            socks.append(s)
        start = time.time()
        answers = {}
        with Prober(c) as p:
            payload = b"X-Slow: " + b"a" * 40
            i = 0
            while len(answers) < len(socks) and time.time() - start < 10:
                for k, s in enumerate(socks):
                    if k in answers:
                        continue
                    try:
                        s.sendall(payload[i % len(payload):i % len(payload) + 1])
                    except OSError:
                        pass
                    s.setblocking(False)
                    try:
                        data = s.recv(4096)
                        answers[k] = (data, time.time() - start)
                    except BlockingIOError:
                        pass
                    except OSError as e:
                        answers[k] = (repr(e).encode(), time.time() - start)
                    s.setblocking(True)
                i += 1
                time.sleep(0.5)
        for s in socks:
            s.close()
        assert len(answers) == len(socks), f"only {len(answers)} of {len(socks)} answered"
        for k, (data, t) in answers.items():
            assert data.startswith(b"HTTP/1.1 408"), (k, data[:80])
            assert 1.2 <= t <= 4.0, (k, t)
        assert p.ok > 10 and p.bad == 0, (p.ok, p.bad, p.errors[:5])
        assert c.proc.poll() is None
    finally:
        c.close()


def test_slow_body(shoal):
    """A body trickling in (1 byte / 500 ms, 3 s in all, past header_timeout_ms) is still
    read to the end and answered; the header timeout does not cut it; others served."""
    c = cluster(shoal, limits={"header_timeout_ms": 1500})
    try:
        with Prober(c) as p:
            s = socket.create_connection((HOST, c.port), timeout=10)
            s.sendall(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\n")
            for b in b"abcdef":
                time.sleep(0.5)
                s.sendall(bytes([b]))
            data = b""
            while b"len=" not in data:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
            s.close()
        assert data.startswith(b"HTTP/1.1 200") and b"len=6" in data, data
        assert p.ok > 10 and p.bad == 0, (p.ok, p.bad, p.errors[:5])
    finally:
        c.close()


def test_many_idle_connections(shoal):
    """1000 idle sockets: others are served meanwhile; all idle ones are closed by the
    server after idle_timeout_ms (2000); the master holds none of them."""
    c = cluster(shoal, limits={"idle_timeout_ms": 2000})
    try:
        mfd = fd_count(c.proc.pid)
        socks = []
        for _ in range(1000):
            s = socket.create_connection((HOST, c.port), timeout=10)
            socks.append(s)
        opened = time.time()
        for _ in range(5):
            served(c)
        assert time.time() - opened < 1.9, "could not check serving before the idle timeout"
        assert c.proc.poll() is None
        # closed by the server: recv sees EOF (or a reset)
        open_left = set(range(len(socks)))
        deadline = opened + 2 + 10
        while open_left and time.time() < deadline:
            for k in list(open_left):
                s = socks[k]
                s.setblocking(False)
                try:
                    if s.recv(1) == b"":
                        open_left.discard(k)
                except BlockingIOError:
                    pass
                except OSError:
                    open_left.discard(k)
            if open_left:
                time.sleep(0.2)
        closed_at = time.time() - opened
        for s in socks:
            s.close()
        assert not open_left, f"{len(open_left)} idle connections still open after {closed_at:.1f}s"
        assert closed_at >= 1.8, f"idle connections closed too early ({closed_at:.1f}s)"
        served(c)
        assert wait_for(lambda: fd_count(c.proc.pid) <= mfd, 5), (mfd, fd_count(c.proc.pid))
    finally:
        c.close()


# --- malformed and oversized requests ------------------------------------------------

SMUGGLING = {
    "cl_te": b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n"
             b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
    "te_cl": b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
             b"Content-Length: 4\r\n\r\n5c\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n0\r\n\r\n",
    "duplicate_content_length": b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
                                b"Content-Length: 40\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
    "obs_fold": b"GET / HTTP/1.1\r\nHost: x\r\nX-Folded: one\r\n two\r\n\r\n"
                b"GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
    "bare_lf": b"GET / HTTP/1.1\nHost: x\n\nGET /smuggled HTTP/1.1\nHost: x\n\n",
    "te_obfuscated": b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n"
                     b"0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
    "te_space_before_colon": b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n\r\n"
                             b"0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
    "te_chunked_not_last": b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n"
                           b"\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
    "content_length_plus": b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: +3\r\n\r\nabc"
                           b"GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
    "chunk_size_overflow": b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                           b"10000000000000001\r\na\r\n0\r\n\r\n",
    "nul_in_header": b"GET / HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n"
                     b"GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
}


def test_request_smuggling(shoal):
    """Each ambiguous framing gets 400 and a closed connection; never two requests
    parsed out of one (exactly one status line comes back)."""
    c = cluster(shoal)
    failures = []
    try:
        for name, payload in SMUGGLING.items():
            data, closed = raw(c, payload)
            lines = status_lines(data)
            if not (data.startswith(b"HTTP/1.1 400") and closed and len(lines) == 1):
                failures.append(f"{name}: closed={closed} responses={lines}")
            served(c)
        assert c.proc.poll() is None
        assert not failures, "\n  " + "\n  ".join(failures)
    finally:
        c.close()


def test_header_and_url_bombs(shoal):
    """Headers over header_bytes: 431; a huge URL: 414 or 431; 5000 tiny headers: 431;
    the connection closes and others are served."""
    c = cluster(shoal, limits={"header_bytes": 16384})
    try:
        cases = {
            "big_header": (b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n",
                           (b"431",)),
            "big_url": (b"GET /" + b"u" * 20000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", (b"414", b"431")),
            "many_headers": (b"GET / HTTP/1.1\r\n" + b"".join(b"X-%d: y\r\n" % i for i in range(5000))
                             + b"\r\n", (b"431",)),
            "endless_header": (b"GET / HTTP/1.1\r\nX-Endless: " + b"z" * 200000, (b"431",)),
        }
        failures = []
        with Prober(c) as p:
            for name, (payload, want) in cases.items():
                try:
                    data, closed = raw(c, payload)
                except (BrokenPipeError, ConnectionResetError):
                    # the server answered and closed while we were still sending: the
                    # kernel may drop the answer with the reset, so only "closed" is known
                    print(f"  {name}: connection reset while sending (answer lost)", flush=True)
                    continue
                code = data[9:12]
                print(f"  {name}: {data[:40]!r} closed={closed}", flush=True)
                if code not in want or not closed:
                    failures.append(f"{name}: got {data[:60]!r} closed={closed}")
                served(c)
        assert not failures, failures
        assert p.ok >= 1 and p.bad == 0, (p.ok, p.bad, p.errors[:5])
    finally:
        c.close()


def test_body_over_limit(shoal):
    """A declared body over body_bytes: 413 before it is sent; a chunked body that grows
    past it: 413; the connection closes; others served."""
    c = cluster(shoal, limits={"body_bytes": 1 << 20})
    try:
        data, closed = raw(c, b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2097152\r\n\r\n")
        assert data.startswith(b"HTTP/1.1 413") and closed, data[:80]
        chunk = b"%x\r\n%s\r\n" % (65536, b"c" * 65536)
        s = socket.create_connection((HOST, c.port), timeout=10)
        s.sendall(b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
        sent = 0
        try:
            for _ in range(40):  # 2.5 MiB at most
                s.sendall(chunk)
                sent += 65536
        except OSError:
            pass
        data = b""
        try:
            while True:
                d = s.recv(4096)
                if not d:
                    break
                data += d
        except OSError:
            pass
        s.close()
        assert data.startswith(b"HTTP/1.1 413"), (sent, data[:80])
        body = served(c, "/echo")
        assert body == b"len=0\n", body
    finally:
        c.close()


def test_client_stops_reading(shoal):
    """A client asks for 64 MiB and never reads: the (only) worker keeps serving others
    and its memory stays bounded (back-pressure, not buffering)."""
    c = cluster(shoal, workers=1)
    try:
        served(c)
        pid = c.worker_pids()[0]
        base = rss_kb(pid)
        stuck = []
        for _ in range(4):
            s = socket.create_connection((HOST, c.port), timeout=10)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            s.sendall(b"GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
            stuck.append(s)
        peak = base
        with Prober(c) as p:
            end = time.time() + 4
            while time.time() < end:
                peak = max(peak, rss_kb(pid))
                time.sleep(0.2)
        for s in stuck:
            s.close()
        assert c.worker_pids() == [pid], "the worker was replaced"
        assert p.ok > 10 and p.bad == 0, (p.ok, p.bad, p.errors[:5])
        # 4 x 64 MiB would be 256 MiB if buffered
        assert peak - base < 64 * 1024, f"worker RSS grew by {(peak - base) // 1024} MiB"
        served(c)
    finally:
        c.close()


# --- process-level abuse ---------------------------------------------------------------


def test_kill9_workers_under_load(shoal):
    """SIGKILL a random worker every 0.5 s for 6 s under load: the master stays up, a
    worker always comes back and serves, the master leaks no descriptors."""
    c = cluster(shoal, workers=3)
    try:
        for _ in range(5):
            served(c)
        time.sleep(0.5)
        before = fd_count(c.proc.pid)
        killed = 0
        with Prober(c, threads=3, pause=0.01) as p:
            end = time.time() + 6
            while time.time() < end:
                pids = c.worker_pids()
                if pids:
                    try:
                        os.kill(random.choice(pids), signal.SIGKILL)
                        killed += 1
                    except ProcessLookupError:
                        pass
                time.sleep(0.5)
        assert c.proc.poll() is None, "the master died"
        assert wait_for(lambda: len(c.worker_pids()) == 3, 30), c.worker_pids()
        assert wait_for(lambda: ctl(c, "status").returncode == 0, 10)
        for _ in range(10):
            served(c)
        assert p.ok > 20, (p.ok, p.bad, p.errors[:5])
        after = wait_for(lambda: fd_count(c.proc.pid) <= before and fd_count(c.proc.pid), 10) or \
            fd_count(c.proc.pid)
        assert after <= before, f"master descriptors: {before} before, {after} after {killed} kills"
        print(f"  killed {killed} workers; {p.ok} requests ok, {p.bad} failed during the kills; "
              f"master fds {before} -> {after}", flush=True)
    finally:
        c.close()


def test_throwing_app(shoal):
    """Every request's handler throws (except /ok): the client gets 500 or a closed
    connection (a worker dies of an uncaught exception, as in Node), the master stays
    up, restarts are throttled by the crash back-off (no spin), and once the storm is
    over a worker serves /ok again within the back-off bound."""
    c = cluster(shoal, THROW_APP)
    try:
        outcomes = {}
        t0 = time.time()
        for i in range(8):
            try:
                status, _, _ = c.get(f"/boom{i}", timeout=3)
                outcomes[status] = outcomes.get(status, 0) + 1
            except OSError as e:  # http.client.RemoteDisconnected is an OSError too
                outcomes[type(e).__name__] = outcomes.get(type(e).__name__, 0) + 1
        storm = time.time() - t0
        assert c.proc.poll() is None, "the master died"
        # 500, a cut connection, or (while every worker waits out its back-off) no answer
        assert set(outcomes) <= {500, "RemoteDisconnected", "ConnectionResetError",
                                 "TimeoutError", "ConnectionRefusedError"}, outcomes
        t1 = time.time()
        assert wait_for(lambda: _try_ok(c, "/ok"), 30), "no worker serves /ok 30 s after the storm"
        recovered = time.time() - t1
        logs = c.logs()
        started = logs.count(") ready")
        assert started <= 2 + 8, f"{started} workers started for 8 throwing requests: a spin"
        m = ctl(c, "metrics").stdout
        crashes = [ln for ln in m.splitlines() if 'cause="crash"' in ln]
        print(f"  outcomes {outcomes} in {storm:.1f}s; {started} worker starts; /ok served "
              f"again after {recovered:.1f}s; {crashes}", flush=True)
        assert c.proc.poll() is None, "the master died"
    finally:
        c.close()


def _try_ok(c, path):
    try:
        return c.get(path, timeout=3)[0] == 200
    except OSError:
        return False


def test_heap_leak_replaced(shoal):
    """An app that leaks ~4 MB per request with heap_mb 64: the worker is replaced
    (cause heap, not crash) and requests keep being served."""
    c = cluster(shoal, LEAK_APP, workers=1, limits={"heap_mb": 64})
    try:
        first = c.worker_pids()
        pids = set()
        failures = 0
        end = time.time() + 40
        replaced = False
        while time.time() < end and not replaced:
            try:
                status, _, body = c.get("/leak", timeout=10)
                if status == 200:
                    pids.add(body.split()[0])
                else:
                    failures += 1
            except OSError:
                failures += 1
            replaced = len(pids) > 1
            time.sleep(0.15)
        assert c.proc.poll() is None, "the master died"
        assert replaced, f"the leaking worker was never replaced ({pids}, {failures} failures)"
        served(c)
        m = ctl(c, "metrics").stdout
        heap = [ln for ln in m.splitlines() if 'shoal_worker_restarts_total{cause="heap"}' in ln]
        crash = [ln for ln in m.splitlines() if 'shoal_worker_restarts_total{cause="crash"}' in ln]
        print(f"  pids {first} -> {sorted(pids)}; failed requests {failures}; {heap} {crash}",
              flush=True)
        assert heap and not heap[0].endswith(" 0"), m
        assert failures == 0, f"{failures} requests failed while the worker was replaced"
    finally:
        c.close()


def test_signals_in_quick_succession(shoal):
    """HUP during a reload, then TERM during a reload: the master finishes cleanly
    (exit 0) and serves until it stops."""
    c = cluster(shoal, SLOW_APP, drain_ms=5000)
    try:
        served(c)
        c.send_signal(signal.SIGHUP)
        time.sleep(0.05)
        c.send_signal(signal.SIGHUP)  # a second reload while the first runs
        time.sleep(0.05)
        c.send_signal(signal.SIGHUP)
        for _ in range(10):
            served(c)
            time.sleep(0.1)
        assert wait_for(lambda: _try_ok(c, "/"), 10)
        assert c.proc.poll() is None, "the master died during HUP storms"
        # wait for the reloads to settle, then TERM in the middle of another one
        wait_for(lambda: len(c.worker_pids()) == 2, 15)
        time.sleep(1)
        c.send_signal(signal.SIGHUP)
        time.sleep(0.1)
        c.send_signal(signal.SIGTERM)
        try:
            rc = c.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            raise AssertionError("the master did not stop within 20 s of TERM during a reload")
        assert rc == 0, f"exit {rc}\n{c.logs()[-3000:]}"
        left = subprocess.run(["pgrep", "-f", c.config_path], capture_output=True, text=True).stdout
        assert not left.strip(), f"processes left behind: {left}"
    finally:
        c.close()


TESTS = [v for k, v in sorted(globals().items()) if k.startswith("test_")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shoal", required=True)
    ap.add_argument("names", nargs="*")
    a = ap.parse_args()
    shoal = os.path.abspath(a.shoal)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = min(hard, 65536) if hard != resource.RLIM_INFINITY else 65536
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    passed = failed = 0
    for t in TESTS:
        if a.names and t.__name__ not in a.names:
            continue
        t0 = time.time()
        try:
            t(shoal)
            print(f"PASS {t.__name__} ({time.time() - t0:.1f}s)", flush=True)
            passed += 1
        except Exception:
            print(f"FAIL {t.__name__} ({time.time() - t0:.1f}s)", flush=True)
            traceback.print_exc()
            failed += 1
    print(f"{passed} passed, {failed} failed, 0 skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
