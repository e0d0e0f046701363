"""HTTP/2 clients across a drain lose nothing: h2load (-c 8 -m 8) across
`ctl reload`, `ctl scale` down and `ctl upgrade`, and Node's http2 client
(sequential and concurrent requests on a session per worker) across
`kill -HUP`, `ctl scale` down and `ctl upgrade`.

nghttp2, under h2load, curl and Node's client, fails every request it
queues after it received any GOAWAY, without sending it, and h2load never
retries. So a draining worker keeps serving a busy HTTP/2 connection, new
streams included, and sends it the two-step GOAWAY only once it had no open
stream for an idle grace (1 s) or in the drain's last phase (a quarter of
drain_ms, at most 10 s, before the close): worker/http/h2.c h2_drain,
worker/worker.c start_drain.

Deterministic, not timed: the app holds every /load request while the file
`gate` exists, so the clients' connections are busy on the old workers when
the operation starts; once the gate opens, the clients go on with new
streams on those same connections (the app counts requests that arrived
while its worker was draining). Each old worker must then exit by itself
(code 0, not killed at drain_ms), and new connections meet the new code.
Two more cases: a session busy without a pause past the drain's last phase
gets GOAWAY then, and a client that moves to a new session on GOAWAY (and
sends again the requests its nghttp2 refused unsent) loses nothing; an
idle session gets GOAWAY after the grace, long before that phase.

    python3 tests/h2/drain.py --shoal build/shoal [test_name ...]"""
import glob
import json
import os
import re
import signal
import subprocess
import threading
import time

from h2util import curl, h2load_ok, need
from shoaltest import Cluster, free_port, run_tests, wait_for

HERE = os.path.dirname(os.path.abspath(__file__))
CLIENT = os.path.join(HERE, "drain_client.js")

APP = r"""
const fs = require('fs');
const http = require('http');
const path = require('path');
const v = require('./version.json').v;
const gate = path.join(__dirname, 'gate');
let draining = false;
let receivedDraining = 0;
const held = [];
process.on('shoal:drain', () => { draining = true; });
process.on('exit', () => {
  fs.writeFileSync(path.join(__dirname, `stats-${process.pid}.json`),
                   JSON.stringify({ receivedDraining }));
});
function note() {
  fs.writeFileSync(path.join(__dirname, `held-${process.pid}`), String(held.length));
}
setInterval(() => {
  if (held.length === 0 || fs.existsSync(gate)) return;
  const answers = held.splice(0);
  note();
  for (const answer of answers) answer();
}, 20);
const server = http.createServer((req, res) => {
  const whileDraining = draining;
  if (whileDraining) receivedDraining++;
  const answer = () => {
    res.setHeader('x-worker', String(process.pid));
    res.setHeader('x-version', String(v));
    if (whileDraining) res.setHeader('x-draining', '1');
    res.end(`ok ${process.pid} v=${v}\n`);
  };
  if (req.url.startsWith('/load') && fs.existsSync(gate)) {
    held.push(answer);
    note();
    return;
  }
  answer();
}).listen(Number(process.env.APP_PORT));
// What many apps do: closing the server must not cut busy HTTP/2 clients.
if (process.env.CLOSE_ON_DRAIN) process.on('shoal:drain', () => server.close());
"""


def start(shoal, drain_ms, close_on_drain=False):
    """close_on_drain: the app calls server.close() on 'shoal:drain'."""
    port = free_port()
    env = {"APP_PORT": str(port)}
    if close_on_drain:
        env["CLOSE_ON_DRAIN"] = "1"
    # round-robin: h2load's 8 connections are shared by both workers
    c = Cluster(shoal, APP, config={"drain_ms": drain_ms, "balance": "round-robin", "env": env},
                files={"version.json": '{"v": 1}'}, port=port, prefix="shoal-h2-drain-")
    c.start()
    c.drain_ms = drain_ms
    return c


def set_gate(c, closed):
    if closed:
        open(c.path("gate"), "w").close()
    else:
        os.unlink(c.path("gate"))


def set_version(c, v):
    with open(c.path("version.json"), "w") as f:
        json.dump({"v": v}, f)


def held(c):
    """Requests the app holds, by worker pid."""
    out = {}
    for p in glob.glob(c.path("held-*")):
        try:
            out[int(p.rsplit("-", 1)[1])] = int(open(p).read() or 0)
        except ValueError:
            pass
    return out


def received_draining(c, pid):
    try:
        with open(c.path(f"stats-{pid}.json")) as f:
            return json.load(f)["receivedDraining"]
    except (OSError, ValueError):
        return None


def status(c):
    p = c.ctl("status", "--json")
    return json.loads(p.stdout) if p.returncode == 0 else {"workers": []}


def new_connection(c):
    """A fresh h2 connection's answer: (version, worker pid, draining?)."""
    rc, out, err = curl("-sS", "-D", "-", "--http2-prior-knowledge",
                        f"http://127.0.0.1:{c.port}/new")
    assert rc == 0 and out.startswith("HTTP/2 200"), (rc, out, err)
    h = dict(re.findall(r"^([a-z-]+): (.*?)\r?$", out, re.M))
    return h.get("x-version"), int(h.get("x-worker", 0)), "x-draining" in h


def exited(c, pid):
    """'code 0' once the worker exited by itself; the log line otherwise."""
    m = re.search(rf"\(pid {pid}\) (exited with code \d+|exited on signal \d+)", c.logs())
    return m and m.group(1)


def assert_exit_in_time(c, pids, since):
    """Every drained worker exits by itself (code 0; a worker still draining
    at drain_ms is killed and logged) within drain_ms of the operation."""
    left = c.drain_ms / 1000 + 5 - (time.time() - since)
    wait_for(lambda: all(exited(c, p) for p in pids), timeout=max(left, 1), step=0.1)
    for p in pids:
        assert exited(c, p) == "exited with code 0", (p, exited(c, p), c.logs()[-3000:])
    assert "still draining after" not in c.logs(), c.logs()[-3000:]


def wait_held(c, pids, at_least):
    """Until the app holds at_least requests and every worker of pids some."""
    ok = wait_for(lambda: sum(held(c).values()) >= at_least and
                  all(held(c).get(p, 0) > 0 for p in pids), timeout=60)
    assert ok, ("the clients' requests were not held by every worker", held(c), pids)


def h2load_across(shoal, operation, close_on_drain=False):
    """h2load -n 1600 -c 8 -m 8 while the old workers hold its first 64
    streams; operation(c) starts the drain and returns the pids that drain,
    the version new connections must meet and a check to run at the end
    (or None); then the gate opens and h2load's other 1536 requests go over
    the same connections."""
    need("h2load", "curl")
    c = start(shoal, 20000, close_on_drain)
    try:
        old = c.worker_pids()
        set_gate(c, True)
        h2 = subprocess.Popen(["h2load", "-n", "1600", "-c", "8", "-m", "8",
                               f"http://127.0.0.1:{c.port}/load"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        wait_held(c, old, 64)
        since = time.time()
        drained, version, at_end = operation(c)
        v, pid, draining = new_connection(c)
        assert v == version and pid not in drained and not draining, (v, pid, drained)
        set_gate(c, False)
        out, err = h2.communicate(timeout=120)
        assert h2load_ok(out) and " 0 errored" in out, out[-900:] + err
        assert_exit_in_time(c, drained, since)
        for p in drained:
            n = received_draining(c, p)
            assert n and n > 0, f"worker {p} took no new stream while draining ({n})"
        if at_end:
            at_end()
    finally:
        c.close()


def reload_op(c):
    old = c.worker_pids()
    set_version(c, 2)
    c.ctl("reload", check=0)
    return old, "2", None


def hup_op(c):
    old = c.worker_pids()
    set_version(c, 2)
    c.send_signal(signal.SIGHUP)
    assert wait_for(lambda: "reload done" in c.logs(), timeout=60), c.logs()[-3000:]
    return old, "2", None


def scale_down_op(c):
    # `ctl scale` returns once the drained worker exited: after the clients
    done = []
    t = threading.Thread(target=lambda: done.append(c.ctl("scale", "1", timeout=120)))
    t.start()
    draining = wait_for(lambda: [w["pid"] for w in status(c)["workers"]
                                 if w["state"] == "draining"], timeout=30)
    assert len(draining) == 1, status(c)

    def at_end():
        t.join(120)
        assert done and done[0].returncode == 0, done and (done[0].stdout, done[0].stderr)
    return draining, "1", at_end


def upgrade_op(c):
    old = c.worker_pids()
    set_version(c, 2)
    c.ctl("upgrade", check=0, timeout=120)
    return old, "2", None


def test_h2load_across_reload(shoal):
    h2load_across(shoal, reload_op, close_on_drain=True)


def test_h2load_across_scale_down(shoal):
    h2load_across(shoal, scale_down_op)


def test_h2load_across_upgrade(shoal):
    h2load_across(shoal, upgrade_op)


def node_client(c, **opt):
    need("node")
    return subprocess.Popen(["node", CLIENT, f"http://127.0.0.1:{c.port}", json.dumps(opt)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def node_result(p, timeout=120):
    out, err = p.communicate(timeout=timeout)
    assert p.returncode == 0, (p.returncode, out, err)
    return json.loads(out)


def answers_of(stats, pid=None, draining=None, version=None):
    n = 0
    for key, count in stats["answers"].items():
        p, d, v = key.split(" ")
        if pid is not None and int(p) != pid:
            continue
        if draining is not None and (d == "draining=true") != draining:
            continue
        if version is not None and v != f"v={version}":
            continue
        n += count
    return n


def node_across(shoal, operation):
    """Node's client, two sessions (one process each; round-robin puts one
    on each worker), sequential and concurrent requests on each across
    operation(c): none fails, no GOAWAY, each session stays on its worker,
    and every drained worker takes new streams while draining, though its
    app closes its server on 'shoal:drain'."""
    c = start(shoal, 20000, close_on_drain=True)
    try:
        set_gate(c, True)
        procs = [node_client(c, requests=120, burst=8) for _ in range(2)]
        # the first sequential request and the first burst of each session
        wait_held(c, c.worker_pids(), 18)
        since = time.time()
        drained, version, at_end = operation(c)
        v, new_pid, draining = new_connection(c)
        assert v == version and new_pid not in drained and not draining, (v, new_pid, drained)
        set_gate(c, False)
        results = [node_result(p) for p in procs]
        for stats in results:
            assert stats["errors"] == [] and stats["goaways"] == [], stats
            assert stats["sessions"] == 1 and stats["ok"] == 240, stats
            pids = {int(key.split(" ")[0]) for key in stats["answers"]}
            assert len(pids) == 1, ("one session, one worker", stats)
        for pid in drained:
            assert any(answers_of(st, pid=pid, draining=True) > 0 for st in results), \
                (f"worker {pid} took no new stream while draining", results)
        assert_exit_in_time(c, drained, since)
        if at_end:
            at_end()
    finally:
        c.close()


def test_node_sessions_across_hup(shoal):
    node_across(shoal, hup_op)


def test_node_sessions_across_scale_down(shoal):
    node_across(shoal, scale_down_op)


def test_node_sessions_across_upgrade(shoal):
    node_across(shoal, upgrade_op)


def test_node_busy_session_gets_goaway_before_deadline(shoal):
    """A session that never pauses is served while draining and gets GOAWAY
    in the drain's last phase; the client moves to a new session (new code)
    and loses nothing (it sends again what its nghttp2 refused, unsent,
    after the GOAWAY); the old worker exits by itself before drain_ms."""
    c = start(shoal, 6000)
    stop = c.path("stop")
    try:
        old = c.worker_pids()
        p = node_client(c, stopFile=stop, reconnect=True, retryRefused=True, burst=4)
        assert wait_for(lambda: sum(w["requests"] for w in status(c)["workers"]) >= 50,
                        timeout=60), status(c)
        since = time.time()
        set_version(c, 2)
        c.ctl("reload", check=0)
        assert_exit_in_time(c, old, since)
        # then a few answers from the new generation on the new session
        n = sum(w["requests"] for w in status(c)["workers"])
        wait_for(lambda: sum(w["requests"] for w in status(c)["workers"]) >= n + 20, timeout=30)
        open(stop, "w").close()
        stats = node_result(p)
        assert stats["errors"] == [], stats
        assert len(stats["goaways"]) >= 1 and stats["sessions"] >= 2, stats
        assert answers_of(stats, draining=True, version=1) > 0, \
            ("the busy session was not served while draining", stats)
        assert answers_of(stats, version=2) > 0, stats
        print(f"     (sent again after its nghttp2 refused them unsent: {stats['retried']})")
    finally:
        c.close()


def test_node_idle_session_gets_goaway_after_grace(shoal):
    """An idle session of a draining worker gets GOAWAY after the idle
    grace: the worker exits long before the drain's last phase (drain_ms
    60 s: that phase would start after 49 s)."""
    c = start(shoal, 60000)
    try:
        old = c.worker_pids()
        p = node_client(c, idle=60000)
        assert p.stderr.readline().strip() == "idle"
        since = time.time()
        c.ctl("reload", check=0)
        stats = node_result(p, timeout=90)
        assert stats["errors"] == [] and len(stats["goaways"]) >= 1, stats
        pid = int(next(iter(stats["answers"])).split(" ")[0])
        assert pid in old, (pid, old)
        wait_for(lambda: exited(c, pid), timeout=30, step=0.1)
        assert exited(c, pid) == "exited with code 0", (exited(c, pid), c.logs()[-3000:])
        assert time.time() - since < 40, "the idle session was not let go before the last phase"
    finally:
        c.close()


if __name__ == "__main__":
    raise SystemExit(run_tests(globals()))
