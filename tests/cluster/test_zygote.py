"""The fork server (`shoal-runtime zygote`, master/zygote.c, worker/zygote.c):
workers started after the first ones are clones of it, children of the master,
with their own environment, working directory, stdio, credentials and random
state; the cluster carries on when it dies; SHOAL_NO_ZYGOTE=1 turns it off;
nothing is left behind on stop.

    python3 test_zygote.py --shoal build/shoal [TEST...]"""
import json
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cluster_util import Cluster, run_tests, wait_for  # noqa: E402

APP = r"""
const crypto = require('crypto');
console.log(`hello from ${process.pid}`);
module.exports = (req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({
    pid: process.pid, ppid: process.ppid, cwd: process.cwd(), env: process.env.ZYGOTE_TEST,
    worker: process.env.SHOAL_WORKER_ID, math: Math.random(),
    bytes: crypto.randomBytes(16).toString('hex'),
  }));
};
"""


def start(shoal, env=None, workers=2):
    c = Cluster(shoal, APP, config={"workers": workers, "control": {"socket": "ctl.sock"},
                                    "env": {"ZYGOTE_TEST": "from-config"}})
    saved = dict(os.environ)
    os.environ.update(env or {})
    try:
        c.start()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return c


def ctl(c, *args):
    return c.ctl(*args, check=0).stdout


def status(c):
    return json.loads(ctl(c, "status", "--json"))


def zygotes(c):
    out = subprocess.run(["ps", "-o", "pid=,args=", "--ppid", str(c.proc.pid)],
                         capture_output=True, text=True).stdout
    return [int(line.split()[0]) for line in out.splitlines() if "shoal-runtime zygote" in line]


def answers(c, n=40):
    """What n requests saw, by worker pid."""
    seen = {}
    for _ in range(n):
        status_, _, body = c.get("/")
        assert status_ == 200, (status_, body)
        d = json.loads(body)
        seen[d["pid"]] = d
    return seen


def test_reloaded_workers_are_clones(shoal):
    c = start(shoal)
    try:
        assert wait_for(lambda: len(zygotes(c)) == 1), "no fork server next to the workers"
        ctl(c, "reload")

        def settled():  # the old generation gone (a slow one may still be draining)
            st = status(c)
            ready = [w for w in st["workers"] if w["state"] == "ready"]
            same = sorted(w["pid"] for w in ready) == sorted(c.worker_pids())
            return ready if same and len(ready) == 2 else None
        workers = wait_for(settled, 20)
        assert workers and all(w["forked"] for w in workers), (status(c), c.worker_pids())
        seen = answers(c)
        assert set(seen) == {w["pid"] for w in workers}, (seen.keys(), workers)
        for d in seen.values():
            assert d["ppid"] == c.proc.pid, d  # the master's child, not the zygote's
            assert d["cwd"] == os.path.realpath(c.dir), d
            assert d["env"] == "from-config", d
        assert len({d["worker"] for d in seen.values()}) == 2, seen
        # each clone seeds its own generators
        assert len({d["math"] for d in seen.values()}) == 2, seen
        assert len({d["bytes"] for d in seen.values()}) == 2, seen
        logs = c.logs()
        for pid in seen:
            assert f"hello from {pid}" in logs, logs[-3000:]  # stdout reaches the master's
        # a clone that dies is reaped and replaced
        victim = workers[0]["pid"]
        os.kill(victim, signal.SIGKILL)
        assert wait_for(lambda: victim not in c.worker_pids() and len(c.worker_pids()) == 2), \
            c.worker_pids()
        assert wait_for(lambda: f"(pid {victim}) exited on signal 9" in c.logs()), c.logs()[-2000:]
        defunct = subprocess.run(["ps", "-o", "stat=", "--ppid", str(c.proc.pid)],
                                 capture_output=True, text=True).stdout
        assert "Z" not in defunct, defunct
        answers(c, 10)
    finally:
        c.close()


def test_cluster_outlives_the_fork_server(shoal):
    c = start(shoal)
    try:
        z = wait_for(lambda: zygotes(c))
        assert z, "no fork server"
        os.kill(z[0], signal.SIGKILL)
        assert wait_for(lambda: "fork server" in c.logs()), c.logs()[-2000:]
        ctl(c, "reload")  # by exec meanwhile (or a new fork server)
        workers = [w for w in status(c)["workers"] if w["state"] == "ready"]
        assert len(workers) == 2, workers
        answers(c, 10)
        assert c.proc.poll() is None
    finally:
        c.close()


def test_rebuilt_binary_restarts_it(shoal):
    """shoal-runtime changes on disk (a rebuild, a deploy): the next worker is not a clone
    of the old image; the fork server restarts from the new file."""
    import shutil
    import tempfile
    bindir = tempfile.mkdtemp(prefix="shoal-bin-")
    for name in ("shoal", "shoal-runtime", "shoal-runtime.jscache"):
        src = os.path.join(os.path.dirname(shoal), name)
        if os.path.exists(src):
            shutil.copy2(src, os.path.join(bindir, name))
    c = start(os.path.join(bindir, "shoal"))
    try:
        old = wait_for(lambda: zygotes(c))
        assert old, "no fork server"
        runtime = os.path.join(bindir, "shoal-runtime")
        shutil.copy2(runtime, runtime + ".new")
        os.replace(runtime + ".new", runtime)  # a new inode, as a deploy makes
        ctl(c, "reload")
        assert "changed on disk: restarting the fork server" in c.logs(), c.logs()[-2000:]
        assert wait_for(lambda: zygotes(c) and zygotes(c) != old), (old, zygotes(c))
        def reload_all_forked():
            ctl(c, "reload")
            return all(w["forked"] for w in status(c)["workers"] if w["state"] == "ready")
        # the new fork server loads meanwhile: a reload soon finds it ready
        assert wait_for(reload_all_forked, 20, 0.2), status(c)
        answers(c, 10)
    finally:
        c.close()
        shutil.rmtree(bindir, ignore_errors=True)


def test_turned_off(shoal):
    c = start(shoal, env={"SHOAL_NO_ZYGOTE": "1"})
    try:
        ctl(c, "reload")
        time.sleep(0.3)
        assert zygotes(c) == [], "a fork server runs with SHOAL_NO_ZYGOTE=1"
        assert not any(w["forked"] for w in status(c)["workers"]), status(c)
        answers(c, 10)
    finally:
        c.close()


def test_nothing_left_after_stop(shoal):
    c = start(shoal)
    try:
        z = wait_for(lambda: zygotes(c))
        assert z
        ctl(c, "reload")
        pids = c.worker_pids() + z
        c.proc.send_signal(signal.SIGTERM)
        assert c.proc.wait(timeout=30) == 0, c.logs()[-2000:]
        for pid in pids:
            assert wait_for(lambda: not os.path.exists(f"/proc/{pid}"), 5), f"{pid} still runs"
    finally:
        c.close()


if __name__ == "__main__":
    sys.exit(run_tests(globals()))
