"""Control socket and `shoal ctl` integration tests: every command and signal,
and each refusal (bad JSON, unknown command, scale below 1, a peer with the
wrong uid through the peer-check code path, the socket's mode).

    python3 test_control.py --shoal build/shoal [TEST...]"""
import json
import re
import os
import signal
import socket
import stat
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cluster_util import Cluster, run_tests, wait_for  # noqa: E402

APP = """
module.exports = (req, res) => {
  if (req.url === '/slow') { setTimeout(() => res.end('slow\\n'), 400); return; }
  res.end(`gen ok pid=${process.pid} v=${require('./version.json').v}\\n`);
};
"""


def start(shoal, workers=2):
    c = Cluster(shoal, APP, config={"workers": workers, "control": {"socket": "ctl.sock"}},
                files={"version.json": '{"v": 1}'})
    c.start()
    c.sock = os.path.join(c.dir, "ctl.sock")
    return c


def ctl(c, *args, check=None):
    return c.ctl(*args, check=check)


def raw(c, *lines):
    s = socket.socket(socket.AF_UNIX)
    s.connect(c.sock)
    s.sendall(b"".join(l + b"\n" for l in lines))
    s.settimeout(5)
    out = b""
    while out.count(b"\n") < len(lines):
        chunk = s.recv(65536)
        if not chunk:
            break
        out += chunk
    s.close()
    return [json.loads(l) for l in out.splitlines()]


def status(c):
    p = ctl(c, "status", "--json", check=0)
    return json.loads(p.stdout)


def wait_workers(c, n, timeout=10):
    def ready():
        ws = [w for w in status(c)["workers"] if w["state"] == "ready"]
        return ws if len(ws) == n else None
    ws = wait_for(ready, timeout, 0.1)
    if ws is None:
        raise AssertionError(f"expected {n} ready workers: {status(c)}")
    return ws


c_ready_timeout_ms = 60000


def test_status_table_and_json(shoal):
    c = start(shoal)
    try:
        st = status(c)
        assert st["ok"] and st["master"]["pid"] == c.proc.pid, st
        pids = sorted(w["pid"] for w in st["workers"])
        assert pids == sorted(c.worker_pids()), (pids, c.worker_pids())
        for w in st["workers"]:
            for key in ("id", "pid", "generation", "state", "uptime_s", "startup_ms", "requests",
                        "inflight", "rss", "heap", "lag_ms"):
                assert key in w, (key, w)
            if w["state"] == "ready":  # spawn to ready, measured by the master
                assert 0 < w["startup_ms"] < c_ready_timeout_ms, w
        assert re.search(r"worker \d+ \(pid \d+\) ready in \d+\.\d ms", c.logs()), c.logs()[-2000:]
        table = ctl(c, "status", check=0).stdout
        assert "PID" in table and "STATE" in table and str(pids[0]) in table, table
    finally:
        c.close()


def test_socket_mode_and_peer_check(shoal):
    c = start(shoal)
    try:
        mode = stat.S_IMODE(os.stat(c.sock).st_mode)
        assert mode == 0o600, oct(mode)
        # The refusal path: a peer whose uid is neither ours nor root. Run a
        # client as 'nobody' when we can (root); the master must refuse it.
        if os.getuid() == 0:
            os.chmod(c.sock, 0o666)  # let the other uid reach the peer check
            os.chmod(c.dir, 0o755)
            # The master answers the refused peer at once and hangs up: read only.
            code = ("import socket,sys; s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]);"
                    "print(s.recv(4096).decode())")
            p = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                                sys.executable, "-c", code, c.sock],
                               capture_output=True, text=True, timeout=10)
            os.chmod(c.sock, 0o600)
            assert "permission denied" in p.stdout, (p.stdout, p.stderr)
            assert "refused a peer with uid 65534" in c.logs()
        else:
            print("  (not root: the foreign-uid refusal is not exercised)")
    finally:
        c.close()


def test_bad_requests(shoal):
    c = start(shoal)
    try:
        replies = raw(c, b"not json", b'{"cmd":"frobnicate"}', b'{"nocmd":1}', b"[1,2]",
                      b'{"cmd":"scale","workers":0}', b'{"cmd":"status"}')
        assert [r["ok"] for r in replies] == [False, False, False, False, False, True], replies
        assert "unknown command" in replies[1]["error"]
        assert "below 1" in replies[4]["error"]
        assert ctl(c, "scale", "0").returncode == 1
        assert ctl(c, "scale", "-5").returncode == 1
        assert ctl(c, "frob").returncode == 2
        assert ctl(c, "scale").returncode == 2
        assert c.proc.poll() is None
    finally:
        c.close()


def test_no_master(shoal):
    p = subprocess.run([shoal, "ctl", "--socket", "/tmp/shoal-none.sock", "status"],
                       capture_output=True, text=True)
    assert p.returncode == 3, (p.returncode, p.stderr)


def test_scale_up_and_down(shoal):
    c = start(shoal)
    try:
        p = ctl(c, "scale", "4", check=0)
        assert "now 4 workers" in p.stdout, p.stdout
        assert "ready" in p.stderr, p.stderr  # progress lines
        assert len(wait_workers(c, 4)) == 4
        ctl(c, "scale", "-3", check=0)
        assert len(wait_workers(c, 1)) == 1
        ctl(c, "scale", "+1", check=0)
        assert len(wait_workers(c, 2)) == 2
        status_code, _, _ = c.get("/")
        assert status_code == 200
    finally:
        c.close()


def test_scale_down_never_cuts_requests(shoal):
    c = start(shoal, workers=3)
    results = []

    def slow():
        try:
            results.append(c.get("/slow", timeout=10)[0])
        except OSError as e:
            results.append(repr(e))

    try:
        threads = [threading.Thread(target=slow) for _ in range(6)]
        for t in threads:
            t.start()
        time.sleep(0.15)
        ctl(c, "scale", "1", check=0)
        for t in threads:
            t.join()
        assert results == [200] * 6, results
    finally:
        c.close()


def test_reload_new_code(shoal):
    c = start(shoal)
    try:
        old = {w["pid"] for w in status(c)["workers"]}
        with open(os.path.join(c.dir, "version.json"), "w") as f:
            f.write('{"v": 2}')
        p = ctl(c, "reload", check=0)
        assert "generation 2" in p.stdout, p.stdout
        ws = wait_workers(c, 2)
        assert all(w["generation"] == 2 for w in ws), ws
        assert not old & {w["pid"] for w in ws}
        _, _, body = c.get("/")
        assert b"v=2" in body, body
    finally:
        c.close()


SLOW_START_APP = """
// Worker 2 of the first generation takes 3 s to load: it is still starting
// when the reload below runs.
if (process.env.SHOAL_WORKER_ID === '2') { const end = Date.now() + 3000; while (Date.now() < end); }
module.exports = (req, res) => res.end(`gen ok pid=${process.pid}\\n`);
"""


def test_reload_replaces_workers_still_starting(shoal):
    """A worker of the old generation that was still starting when a reload ran does not
    survive it (once ready it would serve the old code): afterwards only the new
    generation is left."""
    c = Cluster(shoal, SLOW_START_APP, config={"workers": 2, "control": {"socket": "ctl.sock"}})
    c.start(wait_all=False)
    c.sock = os.path.join(c.dir, "ctl.sock")
    try:
        st = status(c)
        assert any(w["state"] == "starting" for w in st["workers"]), st
        ctl(c, "reload", check=0)
        def replaced():
            ws = status(c)["workers"]
            return len(ws) == 2 and all(w["generation"] == 2 and w["state"] == "ready"
                                        for w in ws)
        wait_for(replaced, 20, 0.1)
        ws = status(c)["workers"]
        assert len(ws) == 2 and all(w["generation"] == 2 for w in ws), ws
        time.sleep(3.5)  # past the old worker's slow start: still gone, not serving
        ws = status(c)["workers"]
        assert len(ws) == 2 and all(w["generation"] == 2 for w in ws), ws
        assert sorted(w["pid"] for w in ws) == sorted(c.worker_pids()), (ws, c.worker_pids())
    finally:
        c.close()


def test_reload_broken_app_keeps_old(shoal):
    c = start(shoal)
    try:
        old = {w["pid"] for w in status(c)["workers"]}
        app = os.path.join(c.dir, "app.js")
        good = open(app).read()
        with open(app, "w") as f:
            f.write("syntax error here (\n")
        p = ctl(c, "reload")
        assert p.returncode == 1, (p.stdout, p.stderr)
        assert "before it was ready" in p.stderr, p.stderr
        ws = wait_workers(c, 2)
        assert {w["pid"] for w in ws} == old, (ws, old)
        assert c.get("/")[0] == 200
        # a config that does not validate is refused the same way
        cfg = open(c.config_path).read()
        with open(c.config_path, "w") as f:
            f.write('{"app": "app.js", "workers": "many"}')
        p = ctl(c, "reload")
        assert p.returncode == 1 and "workers" in p.stderr, p.stderr
        with open(c.config_path, "w") as f:
            f.write(cfg)
        with open(app, "w") as f:
            f.write(good)
        ctl(c, "reload", check=0)
    finally:
        c.close()


def test_signals(shoal):
    c = start(shoal)
    try:
        c.send_signal(signal.SIGTTIN)
        wait_workers(c, 3)
        c.send_signal(signal.SIGTTOU)
        wait_workers(c, 2)
        gen_before = status(c)["master"]["generation"]
        c.send_signal(signal.SIGHUP)
        wait_for(lambda: status(c)["master"]["generation"] != gen_before, 10, 0.1)
        assert status(c)["master"]["generation"] == gen_before + 1
        wait_workers(c, 2)
        c.send_signal(signal.SIGTERM)
        assert c.proc.wait(timeout=15) == 0
    finally:
        c.close()


def test_metrics(shoal):
    c = start(shoal)
    try:
        for _ in range(5):
            c.get("/")
        time.sleep(0.3)  # a heartbeat carries the counts
        text = ctl(c, "metrics", check=0).stdout
        assert "# TYPE shoal_requests_total counter" in text, text
        total = [l for l in text.splitlines()
                 if l.startswith('shoal_requests_total{worker="all",code="2xx"}')]
        assert total and int(total[0].split()[-1]) >= 5, total
        assert "shoal_request_duration_seconds_bucket" in text
        assert "shoal_worker_restarts_total" in text
    finally:
        c.close()


def test_drain_undrain_health_only(shoal):
    """`ctl drain`: the health path answers 503 on every worker, also one
    started afterwards, while every other request is still served; `undrain`
    brings 200 back (the step before an upgrade behind a load balancer)."""
    c = Cluster(shoal, APP, config={"workers": 2, "control": {"socket": "ctl.sock"},
                                    "health": {"path": "/healthz"}},
                files={"version.json": '{"v": 1}'})
    c.start()
    c.sock = os.path.join(c.dir, "ctl.sock")
    try:
        def health():
            return [c.get("/healthz")[0] for _ in range(6)]
        assert set(health()) == {200}
        assert status(c)["master"]["health_down"] is False
        assert ctl(c, "drain", check=0).stdout == "drain: ok\n"
        assert set(health()) == {503}
        assert all(c.get("/")[0] == 200 for _ in range(6))  # still serving
        assert status(c)["master"]["health_down"] is True
        ctl(c, "scale", "3", check=0)  # a worker started after the drain
        wait_workers(c, 3)
        assert set(health()) == {503}
        assert raw(c, b'{"cmd":"undrain"}') == [{"ok": True, "health_down": False}]
        assert set(health()) == {200}
        ctl(c, "drain", "now", check=2)
    finally:
        c.close()


def test_stop_command(shoal):
    c = start(shoal)
    try:
        p = ctl(c, "stop", check=0)
        assert "stopping" in p.stdout
        assert c.proc.wait(timeout=15) == 0
        assert not os.path.exists(c.sock), "the socket is removed on exit"
    finally:
        c.close()


def test_help_and_structured_log(shoal):
    p = subprocess.run([shoal, "help"], capture_output=True, text=True)
    assert p.returncode == 0 and "ctl [--socket PATH" in p.stdout, p.stdout
    for cmd in ("run", "start", "check", "ctl", "version"):
        p = subprocess.run([shoal, "help", cmd], capture_output=True, text=True)
        assert p.returncode == 0 and f"usage: shoal {cmd}" in p.stdout, (cmd, p.stdout)
    p = subprocess.run([shoal, "help", "frob"], capture_output=True, text=True)
    assert p.returncode == 2, p.returncode
    c = start(shoal)
    try:
        ctl(c, "reload", check=0)
    finally:
        c.close()
    events = []
    for line in open(c.err.name):
        if line.startswith("{"):
            rec = json.loads(line)
            assert rec["source"] == "master" and rec["pid"] == c.proc.pid and rec["time"], rec
            events.append(rec["msg"])
    assert any("ready" in e for e in events), events
    assert any("reload done" in e for e in events), events
    assert any(e == "stopped" for e in events), events


def test_master_closes_first(shoal):
    """A control socket whose peer closes at once (a master stopping): ctl exits 3 with
    a message, never dies of SIGPIPE (it used to, 7 times in 10)."""
    import tempfile
    path = os.path.join(tempfile.mkdtemp(prefix="shoal-ctl-"), "ctl.sock")
    srv = socket.socket(socket.AF_UNIX)
    srv.bind(path)
    srv.listen(64)

    def closer():
        while True:
            try:
                c, _ = srv.accept()
            except OSError:
                return
            c.close()
    threading.Thread(target=closer, daemon=True).start()
    try:
        for _ in range(30):
            p = subprocess.run([shoal, "ctl", "--socket", path, "status"], capture_output=True,
                               text=True, timeout=10)
            assert p.returncode in (1, 3), (p.returncode, p.stderr)
            assert p.stderr.startswith("shoal ctl: "), p.stderr
    finally:
        srv.close()


if __name__ == "__main__":
    sys.exit(run_tests(globals()))
