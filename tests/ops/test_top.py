"""Seeing a live cluster: `shoal ctl top` (one snapshot with --once / --json
or without a terminal; redrawn on a terminal until `q`, under a pty and under
tmux) and the master's /dashboard page with /status.json and the /events
stream (server-sent events) on metrics.listen. They show every worker, the
request counts go up by what the test sent, p50/p99 appear once requests were
answered, and a replaced worker's slot shows how its predecessor ended. The
dashboard is loaded in headless Chromium driven over the DevTools protocol
(--remote-debugging-pipe): its table follows the event stream, and a
screenshot of it is kept as an artifact (artifacts/dashboard.png in the
test's working folder, and beside the test's cluster)."""
import base64
import json
import os
import pty
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from ops_util import Cluster, ctl, run_tests, wait_for  # noqa: E402
from ports import free_port  # noqa: E402

APP = "module.exports = (req, res) => res.end('ok');\n"
N = 40


def top_json(c):
    return json.loads(ctl(c, "top", "--json").stdout)


def total(st):
    return sum(w["requests"] for w in st["workers"])


def send(c, n):
    for _ in range(n):
        st, _, b = c.get("/")
        assert st == 200 and b == b"ok"


def test_top_once_and_json(shoal):
    c = Cluster(shoal, APP, config={"workers": 2})
    c.start()
    try:
        st = top_json(c)
        assert len(st["workers"]) == 2, st
        for w in st["workers"]:
            for k in ("pid", "generation", "state", "rps", "inflight", "open_conns", "rss",
                      "cpu_pct", "lag_ms", "heartbeat_age_ms", "requests", "p50_ms", "p99_ms",
                      "restarts", "last_exit"):
                assert k in w, (k, w)
            assert w["restarts"] == 0 and w["last_exit"] is None, w
        assert set(st["restarts"]) >= {"crash", "watchdog", "heap"}, st
        before = total(st)
        send(c, N)
        # the counts come with the workers' heartbeats (every 100 ms)
        assert wait_for(lambda: total(top_json(c)) >= before + N, 10), top_json(c)
        # the requests are in the last 10 s: percentiles, within the buckets' bounds
        # (the master samples the histograms once a second: wait for a sample
        # taken after the requests, not the clock)
        assert wait_for(lambda: top_json(c)["latency"]["window_requests"] >= N, 10), top_json(c)
        st = top_json(c)
        lat = st["latency"]
        assert lat["window_s"] == 10 and lat["window_requests"] >= N, lat
        assert 0 < lat["p50_ms"] <= lat["p99_ms"] <= 10000, lat
        assert any(w["p99_ms"] is not None for w in st["workers"]), st
        out = ctl(c, "top", "--once").stdout
        rows = [line for line in out.splitlines() if line.split()[:1] and line.split()[0].isdigit()]
        assert len(rows) == 2, out
        assert "REQ/S" in out and "P99" in out and "CPU%" in out and "\033[" not in out, out
        assert re.search(r"p99 [0-9.]+ms", out), out
        pids = {str(w["pid"]) for w in top_json(c)["workers"]}
        assert {r.split()[1] for r in rows} == pids, out
        # ID PID GEN STATE REQ/S P50 P99 INFLIGHT CONNS RSS HEAP CPU% LAG BEAT REQUESTS RST EXIT
        assert sum(int(r.split()[14]) for r in rows) >= before + N, out
        assert all(r.split()[15] == "0" and r.split()[16] == "-" for r in rows), out
        # not a terminal: one snapshot, as --once
        assert "REQ/S" in ctl(c, "top").stdout
        assert ctl(c, "top", "--bogus", check=2).returncode == 2
    finally:
        c.close()


def test_top_on_a_terminal_quits_on_q(shoal):
    c = Cluster(shoal, APP, config={"workers": 2})
    c.start()
    try:
        pid, fd = pty.fork()
        if pid == 0:
            os.execv(c.shoal, [c.shoal, "ctl", "--config", c.config_path, "top",
                               "--interval", "0.2"])
        seen = b""
        deadline = time.time() + 15
        while time.time() < deadline and seen.count(b"REQ/S") < 2:
            if select.select([fd], [], [], 0.5)[0]:
                try:
                    seen += os.read(fd, 65536)
                except OSError:
                    break
        assert seen.count(b"REQ/S") >= 2, seen  # drawn, then redrawn
        assert b"\033[?1049h" in seen and b"\033[H" in seen, seen
        os.write(fd, b"q")
        status = None
        for _ in range(100):
            wpid, status = os.waitpid(pid, os.WNOHANG)
            if wpid:
                break
            try:
                if select.select([fd], [], [], 0.1)[0]:
                    seen += os.read(fd, 65536)
            except OSError:
                pass
        assert status is not None and os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, status
        os.close(fd)
    finally:
        c.close()


def fetch(url):
    p = subprocess.run(["curl", "-sS", "-i", "--max-time", "10", url], capture_output=True,
                       timeout=20)
    assert p.returncode == 0, p.stderr
    head, _, body = p.stdout.partition(b"\r\n\r\n")
    return head.decode(), body


def with_metrics(shoal):
    """A started 2-worker cluster with metrics.listen, and that listener's URL."""
    mport = free_port()
    c = Cluster(shoal, APP, config={"workers": 2, "metrics": {"listen": "127.0.0.1:%d" % mport}})
    return c.start(), "http://127.0.0.1:%d" % mport


def test_dashboard_and_status_json(shoal):
    c, base = with_metrics(shoal)
    try:
        head, page = fetch(base + "/dashboard")
        assert " 200 " in head.splitlines()[0] and "text/html" in head, head
        assert b"<script>" in page and b"EventSource" in page and b"status.json" in page, \
            page[:200]
        # self-contained: no script, style or image from elsewhere
        assert b"src=" not in page and b"<link" not in page and b"http" not in page, page
        head, body = fetch(base + "/status.json")
        assert "application/json" in head, head
        st = json.loads(body)
        assert len(st["workers"]) == 2, st
        before = total(st)
        send(c, N)
        assert wait_for(lambda: total(json.loads(fetch(base + "/status.json")[1])) >= before + N,
                        10)
        assert " 404 " in fetch(base + "/nope")[0]
        assert "shoal_requests_total" in fetch(base + "/metrics")[1].decode()
    finally:
        c.close()


def test_top_under_tmux(shoal):
    """`shoal ctl top` in a tmux pane of a fixed size: the table is drawn
    (capture-pane), redrawn, and `q` ends it with exit code 0."""
    c = Cluster(shoal, APP, config={"workers": 2})
    c.start()
    sock = os.path.join(c.dir, "tmux.sock")
    tmux = ["tmux", "-S", sock, "-f", "/dev/null"]
    try:
        rc_file = os.path.join(c.dir, "top.rc")
        cmd = "%s ctl --config %s top --interval 0.2; echo $? > %s.tmp; mv %s.tmp %s" % (
            c.shoal, c.config_path, rc_file, rc_file, rc_file)
        subprocess.run(tmux + ["new-session", "-d", "-s", "top", "-x", "200", "-y", "40", cmd,
                               ";", "set-option", "-t", "top", "remain-on-exit", "on"],
                       check=True, timeout=20)

        def screen():
            return subprocess.run(tmux + ["capture-pane", "-p", "-t", "top"], capture_output=True,
                                  text=True, timeout=20).stdout

        pids = {str(w["pid"]) for w in top_json(c)["workers"]}

        def rows():
            """The worker rows on the screen (a row being redrawn may be cut)."""
            cells = [ln.split() for ln in screen().splitlines()]
            return [r for r in cells if len(r) >= 17 and r[0].isdigit() and r[14].isdigit()]

        assert wait_for(lambda: {r[1] for r in rows()} == pids, 15), screen()
        send(c, N)  # redrawn: the counts go up on the screen
        assert wait_for(lambda: sum(int(r[14]) for r in rows()) >= N, 15), screen()
        assert "q: quit" in screen(), screen()
        subprocess.run(tmux + ["send-keys", "-t", "top", "q"], check=True, timeout=20)

        # the exit status, as the pane's shell saw it
        assert wait_for(lambda: os.path.exists(rc_file) and open(rc_file).read().strip(), 15), \
            screen()
        assert open(rc_file).read().strip() == "0", open(rc_file).read()
        assert "REQ/S" not in screen(), screen()  # the alternate screen is gone
    finally:
        subprocess.run(tmux + ["kill-server"], capture_output=True, timeout=20)
        c.close()


def read_events(base, seconds):
    """GET /events with curl for about `seconds`: (headers, [status dicts])."""
    p = subprocess.run(["curl", "-sS", "-N", "-i", "--max-time", str(seconds), base + "/events"],
                       capture_output=True, timeout=seconds + 20)
    assert p.returncode == 28, (p.returncode, p.stderr)  # still streaming when curl gave up
    head, _, body = p.stdout.partition(b"\r\n\r\n")
    events = []
    for block in body.decode().split("\n\n"):
        fields = dict(ln.split(": ", 1) for ln in block.splitlines() if ": " in ln)
        if fields.get("event") == "status":
            events.append(json.loads(fields["data"]))
    return head.decode(), events


def test_events_stream(shoal):
    c, base = with_metrics(shoal)
    try:
        head, events = read_events(base, 3)
        assert " 200 " in head.splitlines()[0] and "text/event-stream" in head, head
        assert len(events) >= 2, events  # one at once, then one a second
        assert all(len(e["workers"]) == 2 and "latency" in e for e in events), events
        send(c, N)

        def caught_up():
            # (heartbeats every 100 ms, latency samples once a second: events
            # until one carries them, not a sleep)
            last = read_events(base, 2)[1][-1]
            return last if total(last) >= N and last["latency"]["p99_ms"] is not None else None
        assert wait_for(caught_up, 20), read_events(base, 2)[1][-1]
    finally:
        c.close()


def test_events_are_bounded(shoal):
    """At most 16 event streams at once: the 17th gets 503, /metrics is still
    answered, and a closed stream frees its place."""
    c, base = with_metrics(shoal)
    port = int(base.rsplit(":", 1)[1])
    streams = []
    try:
        for _ in range(16):
            s = socket.create_connection(("127.0.0.1", port), timeout=10)
            s.sendall(b"GET /events HTTP/1.1\r\nHost: x\r\n\r\n")
            assert b"text/event-stream" in s.recv(65536), "no stream"
            streams.append(s)
        head, body = fetch(base + "/events")
        assert " 503 " in head.splitlines()[0], head
        assert " 200 " in fetch(base + "/metrics")[0].splitlines()[0]
        streams.pop().close()
        assert wait_for(lambda: len(read_events(base, 1.5)[1]) >= 1, 10)
    finally:
        for s in streams:
            s.close()
        c.close()


def test_last_exit_of_a_slot(shoal):
    """A worker killed by a signal: its replacement shows that exit and one
    restart; after a reload each new worker shows its predecessor drained
    for the reload."""
    c = Cluster(shoal, APP, config={"workers": 2})
    c.start()
    try:
        st = top_json(c)
        victim = st["workers"][0]
        os.kill(victim["pid"], signal.SIGKILL)

        def replaced():
            ws = [w for w in top_json(c)["workers"] if w["last_exit"]]
            return ws[0] if ws and ws[0]["state"] == "ready" else None

        assert wait_for(replaced, 15), top_json(c)
        w = replaced()
        e = w["last_exit"]
        assert e["worker"] == victim["id"] and e["pid"] == victim["pid"], e
        assert e["cause"] == "crash" and e["signal"] == 9 and e["code"] is None, e
        assert e["text"] == "crash (SIGKILL)" and w["restarts"] == 1, w
        out = ctl(c, "top", "--once").stdout
        assert "crash (SIGKILL)" in out, out
        ctl(c, "reload", timeout=60)
        # the old workers drain, then exit: their successors show it
        def reloaded():
            ws = top_json(c)["workers"]
            causes = sorted(str((w["last_exit"] or {}).get("text")) for w in ws)
            return causes == ["reload (exit 0)", "reload (exit 0)"]

        assert wait_for(reloaded, 20), top_json(c)
        st = top_json(c)
        assert sorted(w["restarts"] for w in st["workers"]) == [1, 2], st
    finally:
        c.close()


def test_last_exit_watchdog(shoal):
    """A worker that stops answering (SIGSTOP) is killed by the watchdog: its
    replacement says so."""
    c = Cluster(shoal, APP, config={"workers": 1, "watchdog_ms": 1500})
    c.start()
    try:
        victim = top_json(c)["workers"][0]
        os.kill(victim["pid"], signal.SIGSTOP)

        def replaced():
            ws = [w for w in top_json(c)["workers"] if w["last_exit"] and w["state"] == "ready"]
            return ws[0] if ws else None

        assert wait_for(replaced, 20), top_json(c)
        w = replaced()
        assert w["last_exit"]["text"] == "watchdog (SIGKILL)", w
        assert w["last_exit"]["pid"] == victim["pid"] and w["restarts"] == 1, w
        assert top_json(c)["restarts"]["watchdog"] == 1
    finally:
        c.close()


def test_heap_snapshot_alias(shoal):
    c = Cluster(shoal, APP, config={"workers": 1})
    c.start()
    try:
        wid = top_json(c)["workers"][0]["id"]
        out = ctl(c, "heap-snapshot", str(wid), "alias.heapsnapshot").stdout
        assert "heap snapshot of worker %d" % wid in out, out
        with open(os.path.join(c.dir, "alias.heapsnapshot")) as f:
            assert "snapshot" in json.load(f)
        assert ctl(c, "heap-snapshot", check=2).returncode == 2
        h = subprocess.run([c.shoal, "help", "ctl"], capture_output=True, text=True, timeout=20)
        assert "heap-snapshot WORKER [FILE]" in h.stdout, h.stdout
    finally:
        c.close()


class Chromium:
    """Headless Chromium driven over the DevTools protocol on a pipe
    (--remote-debugging-pipe: it reads commands on fd 3 and answers on fd 4,
    each message JSON ended by a NUL byte)."""

    def __init__(self, work):
        cmd_r, self.cmd_w = os.pipe()
        self.out_r, out_w = os.pipe()
        self.proc = subprocess.Popen(
            ["sh", "-c", 'exec "$0" "$@" 3<&%d 4>&%d' % (cmd_r, out_w), "chromium",
             "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--user-data-dir=%s/profile" % work, "--window-size=1400,700",
             "--remote-debugging-pipe", "about:blank"],
            pass_fds=(cmd_r, out_w), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(cmd_r)
        os.close(out_w)
        self.buf = b""
        self.next_id = 0
        self.session = None

    def call(self, method, timeout=30, **params):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params}
        if self.session:
            msg["sessionId"] = self.session
        os.write(self.cmd_w, json.dumps(msg).encode() + b"\0")
        deadline = time.time() + timeout
        while time.time() < deadline:
            while b"\0" in self.buf:
                raw, _, self.buf = self.buf.partition(b"\0")
                reply = json.loads(raw)
                if reply.get("id") == self.next_id:
                    assert "error" not in reply, reply
                    return reply["result"]
            if select.select([self.out_r], [], [], 1)[0]:
                chunk = os.read(self.out_r, 1 << 20)
                assert chunk, "chromium closed its pipe"
                self.buf += chunk
        raise AssertionError("chromium did not answer " + method)

    def open(self, url):
        target = self.call("Target.createTarget", url=url)["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target,
                                 flatten=True)["sessionId"]

    def eval(self, expr):
        """expr's value; None while it throws (the page is still loading)."""
        return self.call("Runtime.evaluate", expression=expr,
                         returnByValue=True)["result"].get("value")

    def close(self):
        self.session = None
        try:
            self.call("Browser.close", timeout=10)
        except (AssertionError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self.cmd_w)
        os.close(self.out_r)


PAGE_STATE = """JSON.stringify({
  events: +(document.body.dataset.events || 0),
  head: document.getElementById('head').textContent,
  rows: [...document.querySelectorAll('#workers tr')].map(
    (tr) => [...tr.cells].map((td) => td.textContent)),
})"""


def test_dashboard_in_chromium(shoal):
    c, base = with_metrics(shoal)
    browser = Chromium(c.dir)
    try:
        pids = {str(w["pid"]) for w in top_json(c)["workers"]}
        browser.open(base + "/dashboard")

        def state():
            return json.loads(browser.eval(PAGE_STATE) or '{"events": 0, "head": "", "rows": []}')

        assert wait_for(lambda: {r[1] for r in state()["rows"]} == pids, 60), state()
        first = state()
        before = sum(int(r[9]) for r in first["rows"])
        send(c, N)

        def updated():
            st = state()
            # id pid gen state req/s p50 p99 in-flight conns requests ...
            done = sum(int(r[9]) for r in st["rows"]) >= before + N
            return st if done and any(r[6].endswith(" ms") for r in st["rows"]) else None

        assert wait_for(updated, 30), state()
        st = updated()
        assert st["events"] > first["events"] >= 1, (first, st)  # by the event stream
        assert "2 workers" in st["head"] and "restarts: crash 0" in st["head"], st
        assert re.search(r"p99 [0-9.]+ ms", st["head"]), st
        time.sleep(1.5)  # a point or two more on the plot
        shot = base64.b64decode(browser.call("Page.captureScreenshot", format="png")["data"])
        assert shot[:8] == b"\x89PNG\r\n\x1a\n"
        path = os.path.join(c.dir, "dashboard.png")
        with open(path, "wb") as f:
            f.write(shot)
        os.makedirs("artifacts", exist_ok=True)
        shutil.copy(path, os.path.join("artifacts", "dashboard.png"))
        print("artifact: dashboard screenshot %s" % os.path.abspath("artifacts/dashboard.png"))
    finally:
        browser.close()
        c.close()


if __name__ == "__main__":
    sys.exit(run_tests(globals()))
