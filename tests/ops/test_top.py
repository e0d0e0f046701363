"""Seeing a live cluster: `shoal ctl top` (one snapshot with --once / --json
or without a terminal; redrawn on a terminal until `q`) and the master's
/dashboard page with its /status.json on metrics.listen. Both show every
worker, and the request counts they show go up by what the test sent; the
dashboard is also loaded in headless Chromium (its table filled by its own
script), and a screenshot of it is kept beside the test's cluster."""
import json
import os
import pty
import re
import select
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
                      "cpu_pct", "lag_ms", "heartbeat_age_ms", "requests"):
                assert k in w, (k, w)
        assert set(st["restarts"]) >= {"crash", "watchdog", "heap"}, st
        before = total(st)
        send(c, N)
        # the counts come with the workers' heartbeats (every 100 ms)
        assert wait_for(lambda: total(top_json(c)) >= before + N, 10), top_json(c)
        out = ctl(c, "top", "--once").stdout
        rows = [line for line in out.splitlines() if line.split()[:1] and line.split()[0].isdigit()]
        assert len(rows) == 2, out
        assert "REQ/S" in out and "CPU%" in out and "\033[" not in out, out
        pids = {str(w["pid"]) for w in top_json(c)["workers"]}
        assert {r.split()[1] for r in rows} == pids, out
        assert sum(int(r.split()[-1]) for r in rows) >= before + N, out
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
        assert b"<script>" in page and b"status.json" in page, page[:200]
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


def chromium(url, work, *what):
    """Runs headless Chromium on url (up to 3 attempts: a browser start can
    fail on a loaded machine); returns its stdout."""
    for attempt in range(3):
        p = subprocess.run(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--user-data-dir=%s/profile%d" % (work, attempt), "--window-size=1200,600",
             "--virtual-time-budget=4000", *what, url],
            capture_output=True, text=True, timeout=120, cwd=work)
        if p.returncode == 0:
            return p.stdout
    raise AssertionError("chromium failed: " + p.stderr[-1000:])


def test_dashboard_in_chromium(shoal):
    c, base = with_metrics(shoal)
    url = base + "/dashboard"
    try:
        send(c, N)
        assert wait_for(lambda: total(top_json(c)) >= N, 10), top_json(c)
        pids = {str(w["pid"]) for w in top_json(c)["workers"]}
        dom = chromium(url, c.dir, "--dump-dom")
        body = re.search(r'<tbody id="workers">(.*?)</tbody>', dom, re.S)
        assert body, dom[-2000:]
        rows = [re.findall(r"<td[^>]*>([^<]*)</td>", r) for r in
                re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S)]
        assert {r[1] for r in rows} == pids, rows
        assert sum(int(r[7]) for r in rows) >= N, rows  # the "requests" column
        assert "2 workers" in dom and "restarts: crash 0" in dom, dom[-2000:]
        shot = os.path.join(c.dir, "dashboard.png")
        chromium(url, c.dir, "--screenshot=" + shot)
        with open(shot, "rb") as f:
            assert f.read(8) == b"\x89PNG\r\n\x1a\n"
        print("artifact: dashboard screenshot %s" % shot)
    finally:
        c.close()


if __name__ == "__main__":
    sys.exit(run_tests(globals()))
