#!/usr/bin/env python3
"""pino (Fastify's logger) with a thread transport, unmodified, under shoal:
`pino.transport({ target: 'pino/file' })` runs pino/file in a worker_threads
Worker that writes the log lines. Checked under `shoal run` and inside a
`shoal start` cluster worker.

    python3 tests/apps/threads/test_pino.py --shoal build/shoal

The packages come from package-lock.json, installed by scripts/setup.sh."""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "lib"))
from npm_packages import link_node_modules  # noqa: E402
from shoaltest import Cluster, run_tests, wait_for  # noqa: E402


def install(d):
    """A copy of the app beside the packages scripts/setup.sh installed from
    package-lock.json."""
    shutil.copy(os.path.join(HERE, "pino_app.js"), d)
    link_node_modules(HERE, d, "apps/threads")


def read_lines(path, want, timeout=20):
    def read():
        if not os.path.exists(path):
            return []
        with open(path) as f:
            return [json.loads(l) for l in f.read().splitlines() if l.strip()]
    lines = wait_for(lambda: len(read()) >= want and read(), timeout, 0.1)
    if not lines:
        raise AssertionError(f"expected {want} log lines in {path}, got {read()}")
    return lines


def test_run(shoal):
    """`shoal run`: the transport writes both lines before the process exits."""
    d = tempfile.mkdtemp(prefix="shoal-threads-apps-")
    try:
        install(d)
        dest = os.path.join(d, "run.log")
        env = dict(os.environ, PINO_DEST=dest)
        r = subprocess.run([shoal, "run", "pino_app.js"], cwd=d, env=env, capture_output=True,
                           text=True, timeout=60)
        assert r.returncode == 0, (r.returncode, r.stdout, r.stderr)
        lines = read_lines(dest, 2, timeout=5)
        assert [l["msg"] for l in lines] == ["hello from shoal", "second line"], lines
        assert lines[0]["level"] == 30 and lines[0]["n"] == 1 and lines[1]["level"] == 40, lines
        print("shoal run: pino/file transport wrote", len(lines), "lines")
    finally:
        shutil.rmtree(d, ignore_errors=True)


def test_cluster(shoal):
    """A cluster worker: the transport logs the app's start and its first request."""
    with open(os.path.join(HERE, "pino_app.js")) as f:
        source = f.read()
    c = Cluster(shoal, source, app_name="pino_app.js", workers=1, remove_dir=True,
                prefix="shoal-threads-apps-")
    dest = c.path("cluster.log")
    with open(c.config_path) as f:
        cfg = json.load(f)
    cfg["env"] = {"PINO_DEST": dest, "SHOAL_CLUSTER": "1"}
    with open(c.config_path, "w") as f:
        json.dump(cfg, f)
    link_node_modules(HERE, c.dir, "apps/threads")
    try:
        c.start(wait=False)  # the first request must be /hello: no readiness probe
        def hello():
            try:
                status, _, body = c.get("/hello", timeout=5)
                return body if status == 200 else None
            except OSError:
                return None
        body = wait_for(lambda: c.proc.poll() is not None or hello(), 30, 0.1)
        assert body not in (None, True), "no worker answered:\n" + c.logs()
        assert body == b"logged\n", body
        lines = read_lines(dest, 2)
        msgs = [l["msg"] for l in lines]
        assert msgs[0] == "hello from shoal" and "request" in msgs, lines
        req = [l for l in lines if l["msg"] == "request"][0]
        assert req["url"] == "/hello" and req["pid"] == lines[0]["pid"], lines
        print("shoal start: a cluster worker's pino/file transport wrote", len(lines), "lines")
    finally:
        c.stop(signal.SIGTERM)
        c.close()


if __name__ == "__main__":
    sys.exit(run_tests([test_run, test_cluster]))
