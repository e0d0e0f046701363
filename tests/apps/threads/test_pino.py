#!/usr/bin/env python3
"""pino (Fastify's logger) with a thread transport, unmodified, under shoal:
`pino.transport({ target: 'pino/file' })` runs pino/file in a worker_threads
Worker that writes the log lines. Checked under `shoal run` and inside a
`shoal start` cluster worker.

    python3 tests/apps/threads/test_pino.py --shoal build/shoal

The packages come from package-lock.json, installed by scripts/setup.sh."""
import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "lib"))
from npm_packages import link_node_modules  # noqa: E402


def install(d):
    """A copy of the app beside the packages scripts/setup.sh installed from
    package-lock.json."""
    shutil.copy(os.path.join(HERE, "pino_app.js"), d)
    link_node_modules(HERE, d, "apps/threads")


def read_lines(path, want, timeout=20):
    deadline = time.time() + timeout
    lines = []
    while time.time() < deadline:
        if os.path.exists(path):
            with open(path) as f:
                lines = [json.loads(l) for l in f.read().splitlines() if l.strip()]
            if len(lines) >= want:
                return lines
        time.sleep(0.1)
    raise AssertionError(f"expected {want} log lines in {path}, got {lines}")


def check_run(shoal, d):
    dest = os.path.join(d, "run.log")
    env = dict(os.environ, PINO_DEST=dest)
    r = subprocess.run([shoal, "run", "pino_app.js"], cwd=d, env=env, capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0, (r.returncode, r.stdout, r.stderr)
    lines = read_lines(dest, 2, timeout=5)
    assert [l["msg"] for l in lines] == ["hello from shoal", "second line"], lines
    assert lines[0]["level"] == 30 and lines[0]["n"] == 1 and lines[1]["level"] == 40, lines
    print("ok: shoal run: pino/file transport wrote", len(lines), "lines")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def check_cluster(shoal, d):
    dest = os.path.join(d, "cluster.log")
    port = free_port()
    cfg = {
        "app": os.path.join(d, "pino_app.js"),
        "workers": 1,
        "listen": [{"host": "127.0.0.1", "port": port}],
        "env": {"PINO_DEST": dest, "SHOAL_CLUSTER": "1"},
        "log": {"access": "off"},
    }
    cfg_path = os.path.join(d, "shoal.json")
    with open(cfg_path, "w") as f:
        json.dump(cfg, f)
    out = open(os.path.join(d, "master.out"), "w+")
    proc = subprocess.Popen([shoal, "start", cfg_path], cwd=d, stdout=out,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.time() + 30
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/hello")
                resp = conn.getresponse()
                body = resp.read()
                conn.close()
                if resp.status == 200:
                    break
            except OSError:
                pass
            if time.time() > deadline or proc.poll() is not None:
                out.flush()
                raise AssertionError("no worker answered:\n" + open(out.name).read())
            time.sleep(0.1)
        assert body == b"logged\n", body
        lines = read_lines(dest, 2)
        msgs = [l["msg"] for l in lines]
        assert msgs[0] == "hello from shoal" and "request" in msgs, lines
        req = [l for l in lines if l["msg"] == "request"][0]
        assert req["url"] == "/hello" and req["pid"] == lines[0]["pid"], lines
        print("ok: shoal start: a cluster worker's pino/file transport wrote", len(lines), "lines")
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        out.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shoal", required=True)
    args = ap.parse_args()
    shoal = os.path.abspath(args.shoal)
    d = tempfile.mkdtemp(prefix="shoal-threads-apps-")
    try:
        install(d)
        check_run(shoal, d)
        check_cluster(shoal, d)
    except AssertionError as e:
        print(f"FAIL apps/threads: {e}")
        sys.exit(1)
    finally:
        shutil.rmtree(d, ignore_errors=True)
    print("PASS apps/threads")


if __name__ == "__main__":
    main()
