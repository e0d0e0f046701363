"""Cluster integration tests: real `shoal start` masters with real clients.

    python3 test_cluster.py --shoal build/shoal [TEST...]

Each test prints ok/FAIL; the last line is "N passed, N failed, N skipped"."""
import json
import os
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cluster_util import Cluster, accepts, free_port, run_tests, wait_for  # noqa: E402

LISTENER_APP = """
module.exports = (req, res) => {
  if (req.url === '/burn' || req.url === '/burn3') {
    const end = Date.now() + (req.url === '/burn3' ? 3000 : 1000);
    while (Date.now() < end) {}
  }
  if (req.url === '/slow') {
    setTimeout(() => res.end(`slow from ${process.pid}\\n`), 700);
    return;
  }
  if (req.url === '/until-drain') {
    // Answered once the worker drains (or after 20 s): in flight for sure
    // when TERM arrives, however slow the machine is.
    console.log('until-drain in');
    const done = () => res.end(`slow from ${process.pid}\\n`);
    const t = setTimeout(done, 20000);
    process.once('shoal:drain', () => { clearTimeout(t); setImmediate(done); });
    return;
  }
  res.setHeader('Content-Type', 'text/plain');
  res.end(`listener pid=${process.pid} url=${req.url}\\n`);
};
"""

FETCH_APP = """
module.exports = {
  async fetch(request) {
    const url = new URL(request.url);
    const body = request.method === 'POST' ? await request.text() : '';
    return new Response(`fetch pid=${process.pid} path=${url.pathname} body=${body}\\n`, {
      status: 200, headers: { 'content-type': 'text/plain', 'x-contract': 'fetch' },
    });
  },
};
"""

ESM_APP = """
const started = await Promise.resolve(Date.now());
export default (req, res) => res.end(`esm pid=${process.pid} started=${typeof started}\\n`);
"""

LISTEN_APP = """
const http = require('http');
const port = Number(process.env.APP_PORT);
http.createServer((req, res) => res.end(`own listen pid=${process.pid}\\n`))
  .listen(port, () => console.log('listening on', port));
"""


def test_listener_contract(shoal):
    c = Cluster(shoal, LISTENER_APP).start()
    try:
        pids = set()
        for i in range(10):
            status, headers, body = c.get(f"/x{i}")
            assert status == 200, (status, body)
            assert body.startswith(b"listener pid="), body
            pids.add(int(body.split(b"pid=")[1].split()[0]))
        workers = set(c.worker_pids())
        assert len(workers) == 2, workers
        assert pids <= workers, (pids, workers)
        # (least-busy may give sequential requests to one worker; the
        # balance tests check that both serve)
    finally:
        c.close()


def test_fetch_contract(shoal):
    c = Cluster(shoal, FETCH_APP).start()
    try:
        status, headers, body = c.get("/hello")
        assert status == 200, (status, body)
        assert headers.get("x-contract") == "fetch", headers
        assert b"path=/hello" in body, body
        status, _, body = c.get("/post", method="POST", body=b"payload")
        assert b"body=payload" in body, body
    finally:
        c.close()


def test_esm_default_export(shoal):
    c = Cluster(shoal, ESM_APP, config={"app": "app.mjs"}, app_name="app.mjs").start()
    try:
        status, _, body = c.get("/")
        assert status == 200 and body.startswith(b"esm pid="), body
        assert b"started=number" in body, body
    finally:
        c.close()


def test_app_listens_itself(shoal):
    port = free_port()
    c = Cluster(shoal, LISTEN_APP, config={"listen": [], "env": {"APP_PORT": str(port)}})
    c.start(wait_port=port)
    try:
        status, _, body = c.get("/", port=port)
        assert status == 200 and body.startswith(b"own listen pid="), body
    finally:
        c.close()


def test_cpu_isolation(shoal):
    """A request burning 3 s of CPU blocks one worker; light requests on new
    connections meanwhile are answered by the other, before the heavy one ends
    (an ordering, not a timing threshold: the margin absorbs a busy machine)."""
    c = Cluster(shoal, LISTENER_APP).start()
    try:
        c.get("/warm")
        order = []
        lock = threading.Lock()

        def heavy():
            c.get("/burn3", timeout=20)
            with lock:
                order.append("heavy")

        t = threading.Thread(target=heavy)
        t.start()
        time.sleep(0.25)  # the burn has started (its worker stops heartbeating)
        heavy_pid = None
        for i in range(5):
            status, _, body = c.get(f"/light{i}", timeout=20)
            assert status == 200
            with lock:
                order.append("light")
        t.join()
        assert order[:5] == ["light"] * 5, order
    finally:
        c.close()


def test_kill_worker_under_load(shoal):
    c = Cluster(shoal, LISTENER_APP).start()
    errors = {"refused": 0, "other": 0, "ok": 0}
    stop = threading.Event()

    def load():
        while not stop.is_set():
            try:
                status, _, _ = c.get("/", timeout=5)
                errors["ok" if status == 200 else "other"] += 1
            except ConnectionRefusedError:
                errors["refused"] += 1
            except OSError:
                errors["other"] += 1  # a request cut by the kill itself

    threads = [threading.Thread(target=load) for _ in range(4)]
    try:
        for t in threads:
            t.start()
        time.sleep(0.3)
        before = c.worker_pids()
        os.kill(before[0], signal.SIGKILL)
        time.sleep(1.5)
        after = c.worker_pids()
        stop.set()
        for t in threads:
            t.join()
        assert c.proc.poll() is None, "the master died"
        assert len(after) == 2 and before[0] not in after, (before, after)
        assert errors["refused"] == 0, errors
        assert errors["ok"] > 50, errors
        status, _, _ = c.get("/after")
        assert status == 200
    finally:
        stop.set()
        c.close()


def test_term_drains_in_flight(shoal):
    c = Cluster(shoal, LISTENER_APP).start()
    results = []

    def slow():
        try:
            results.append(c.get("/until-drain", timeout=30))
        except OSError as e:
            results.append(e)

    try:
        threads = [threading.Thread(target=slow) for _ in range(6)]
        for t in threads:
            t.start()
        # TERM once all six are in the app (counted, not timed).
        wait_for(lambda: c.logs().count("until-drain in") >= 6, timeout=30)
        c.send_signal(signal.SIGTERM)
        for t in threads:
            t.join()
        code = c.proc.wait(timeout=15)
        assert code == 0, (code, c.logs())
        assert len(results) == 6
        for r in results:
            assert not isinstance(r, Exception), r
            status, headers, body = r
            assert status == 200 and body.startswith(b"slow from"), r
            assert headers.get("Connection", "").lower() == "close", headers
        # after the stop nothing listens any more
        assert not accepts(c.port), "the port still accepts after stop"
    finally:
        c.close()


def test_bad_config_rejected(shoal):
    c = Cluster(shoal, LISTENER_APP, config={"workerz": 3})
    try:
        p = subprocess.run([shoal, "start", c.config_path], capture_output=True, text=True,
                           timeout=10)
        assert p.returncode == 1, (p.returncode, p.stderr)
        assert f"{c.config_path}:1:" in p.stderr and "workerz" in p.stderr, p.stderr
    finally:
        c.close()


def test_crash_at_start_backs_off(shoal):
    """A worker that throws while loading is restarted with back-off, not in a spin."""
    c = Cluster(shoal, "throw new Error('broken app');\n", config={"workers": 1})
    c.start(wait=False)
    try:
        time.sleep(3)
        assert c.proc.poll() is None, "the master must stay up"
        logs = c.logs()
        starts = logs.count("broken app")
        assert 2 <= starts <= 12, (starts, logs)
        assert "keep crashing" in logs, logs
    finally:
        c.close()


def test_request_cpu_limit(shoal):
    """limits.request_cpu_ms: JavaScript running past it is terminated inside V8,
    the request gets 503, and the same worker goes on serving."""
    c = Cluster(shoal, LISTENER_APP, config={"workers": 1, "limits": {"request_cpu_ms": 200}})
    c.start()
    try:
        pid = c.worker_pids()
        status, _, body = c.get("/burn", timeout=10)
        assert status == 503, (status, body)
        status, _, body = c.get("/after", timeout=10)
        assert status == 200 and b"url=/after" in body, body
        assert c.worker_pids() == pid, "the worker was not replaced"
        assert "request_cpu_ms" in c.logs(), c.logs()
    finally:
        c.close()


STACK_APP = """
function spin(ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {}
}
function stuckForever() {
  for (;;) {}
}
module.exports = function handler(req, res) {
  if (req.url === '/spin') spin(800);
  if (req.url === '/spin-forever') spin(1e9);
  if (req.url === '/stuck') setTimeout(stuckForever, 10);
  res.end(`pid=${process.pid}\\n`);
};
"""


def wait_log(c, text, timeout=30):
    return bool(wait_for(lambda: text in c.logs(), timeout, 0.1))


def test_slow_request_logs_its_stack(shoal):
    """log.slow_ms: a request whose JavaScript runs past it has its stack
    logged once, with the request line and the worker, and still completes."""
    c = Cluster(shoal, STACK_APP, config={"workers": 1, "log": {"access": "off", "slow_ms": 200}})
    c.start()
    try:
        status, _, body = c.get("/spin", timeout=30)
        assert status == 200, (status, body)
        assert wait_log(c, "at spin ("), c.logs()
        logs = c.logs()
        assert "slow request (log.slow_ms 200): GET /spin has run JavaScript" in logs, logs
        assert "[worker 1]     at spin (" in logs and "app.js:4:" in logs, logs
        assert "at handler (" in logs, logs
        assert logs.count("slow request") == 1, logs
        status, _, _ = c.get("/fast", timeout=10)
        assert status == 200 and logs.count("slow request") == c.logs().count("slow request")
    finally:
        c.close()


def test_terminated_request_logs_its_stack(shoal):
    """limits.request_cpu_ms: the request's stack is logged when it is
    terminated (503), naming the function that was running."""
    c = Cluster(shoal, STACK_APP, config={"workers": 1, "limits": {"request_cpu_ms": 300}})
    c.start()
    try:
        status, _, body = c.get("/spin-forever", timeout=30)
        assert status == 503, (status, body)
        assert wait_log(c, "at spin ("), c.logs()
        assert "request terminated (limits.request_cpu_ms 300): GET /spin-forever" in c.logs()
        status, _, _ = c.get("/after", timeout=10)
        assert status == 200
    finally:
        c.close()


def test_stuck_worker_logs_its_stack(shoal):
    """Before the master's watchdog kills a worker whose event loop is
    blocked (here by a timer, outside any request), the worker logs the
    JavaScript stack that blocks it; the worker is then replaced."""
    c = Cluster(shoal, STACK_APP, config={"workers": 1, "watchdog_ms": 4000})
    c.start()
    try:
        pid = c.worker_pids()
        status, _, _ = c.get("/stuck", timeout=10)
        assert status == 200
        assert wait_log(c, "at stuckForever ("), c.logs()
        assert "event loop blocked for over" in c.logs(), c.logs()
        assert wait_for(lambda: c.worker_pids() and c.worker_pids() != pid, timeout=60), c.logs()
    finally:
        c.close()

def test_kernel_and_round_robin_balance(shoal):
    for balance in ("kernel", "round-robin"):
        c = Cluster(shoal, LISTENER_APP, config={"balance": balance})
        c.start()
        try:
            pids = set()
            # A worker whose heartbeat is late (a loaded machine, a sanitizer
            # build) is skipped for a moment: allow a few rounds.
            for i in range(200):
                status, _, body = c.get(f"/k{i}")
                assert status == 200, (balance, status)
                pids.add(int(body.split(b"pid=")[1].split()[0]))
                if i >= 40 and (balance != "round-robin" or len(pids) == 2):
                    break
            assert pids <= set(c.worker_pids()), (balance, pids)
            if balance == "round-robin":
                assert len(pids) == 2, (balance, pids)
        finally:
            c.close()


def test_access_log_not_world_readable(shoal):
    """A new access log file is created 0640 (it holds client addresses and URLs)."""
    c = Cluster(shoal, "module.exports = (req, res) => res.end('ok');\n",
                config={"workers": 1, "log": {"access": "access.log"}})
    try:
        old = os.umask(0o022)
        try:
            c.start()
        finally:
            os.umask(old)
        assert c.get("/")[0] == 200
        path = os.path.join(c.dir, "access.log")
        assert wait_for(lambda: os.path.exists(path)), c.logs()
        mode = os.stat(path).st_mode & 0o777
        assert mode == 0o640, oct(mode)
    finally:
        c.close()


LATE_LISTEN_APP = r"""
const http = require('http');
// as NestJS or an app that connects to its database first: listen() later
setTimeout(() => {
  http.createServer((req, res) => res.end('late ' + process.pid))
    .listen(Number(process.env.APP_PORT));
}, 1500);
"""


def test_ready_when_app_listens(shoal):
    """A connection that arrives before the app's asynchronous listen() waits for it
    instead of being dropped: the worker is ready once its app listens."""
    c = Cluster(shoal, LATE_LISTEN_APP, config={"workers": 1})
    with open(c.config_path) as f:
        cfg = json.load(f)
    cfg["env"] = {"APP_PORT": str(c.port)}
    with open(c.config_path, "w") as f:
        json.dump(cfg, f)
    c.start(wait=False)
    try:
        assert wait_for(lambda: accepts(c.port), 10), c.logs()
        status, _, body = c.get("/", timeout=15)
        assert status == 200 and body.startswith(b"late "), (status, body, c.logs())
        assert "cannot serve a connection" not in c.logs(), c.logs()
    finally:
        c.close()


if __name__ == "__main__":
    sys.exit(run_tests(globals()))
