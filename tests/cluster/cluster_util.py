"""Helpers for the cluster integration tests: start a real `shoal start`
master on a temporary config and app, talk to it with real clients, stop it.
Standard library only."""
import argparse
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from ports import free_port  # noqa: E402  (one port allocator for every test)


class Cluster:
    def __init__(self, shoal, app_source, config=None, app_name="app.js", files=None):
        self.shoal = shoal
        self.dir = tempfile.mkdtemp(prefix="shoal-cluster-")
        self.port = free_port()
        self.host = "127.0.0.1"  # where get() connects (another namespace's address)
        with open(os.path.join(self.dir, app_name), "w") as f:
            f.write(app_source)
        for name, text in (files or {}).items():
            with open(os.path.join(self.dir, name), "w") as f:
                f.write(text)
        cfg = {"app": app_name, "workers": 2,
               "listen": [{"host": "127.0.0.1", "port": self.port}],
               "log": {"access": "off"}}
        cfg.update(config or {})
        self.config_path = os.path.join(self.dir, "shoal.json")
        with open(self.config_path, "w") as f:
            json.dump(cfg, f)
        self.out = open(os.path.join(self.dir, "master.out"), "w+")
        self.err = open(os.path.join(self.dir, "master.err"), "w+")
        self.proc = None

    def start(self, wait_port=None, timeout=15, wait_all=True):
        """Starts the master; returns once a request is answered and (wait_all) every
        configured worker said it is ready, or the timeout passed for the latter: tests
        then see the whole cluster, not just its first worker."""
        self.proc = subprocess.Popen([self.shoal, "start", self.config_path], cwd=self.dir,
                                     stdout=self.out, stderr=self.err,
                                     start_new_session=True)
        port = wait_port or self.port
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("master exited early:\n" + self.logs())
            try:
                status, _, _ = self.get("/__ping", port=port, timeout=1)
                if status:
                    if wait_all:
                        self.wait_all_ready(deadline)
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("cluster did not start:\n" + self.logs())

    def wait_all_ready(self, deadline):
        with open(self.config_path) as f:
            want = json.load(f).get("workers", 1)
        if not isinstance(want, int):
            return
        while time.time() < deadline and self.logs().count(") ready in ") < want:
            time.sleep(0.02)

    def logs(self):
        self.out.flush()
        self.err.flush()
        with open(self.out.name) as o, open(self.err.name) as e:
            return "--- stdout\n" + o.read() + "--- stderr\n" + e.read()

    def get(self, path, port=None, timeout=10, headers=None, method="GET", body=None):
        conn = http.client.HTTPConnection(self.host, port or self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            resp = conn.getresponse()
            return resp.status, dict(resp.getheaders()), resp.read()
        finally:
            conn.close()

    def worker_pids(self):
        """The master's live worker processes (its children `shoal-runtime worker`; the fork
        server, `shoal-runtime zygote`, is not one)."""
        out = subprocess.run(["ps", "-o", "pid=,args=", "--ppid", str(self.proc.pid)],
                             capture_output=True, text=True).stdout
        return [int(line.split()[0]) for line in out.splitlines() if "shoal-runtime worker" in line]

    def send_signal(self, sig):
        os.kill(self.proc.pid, sig)

    def stop(self, sig=signal.SIGTERM, timeout=20):
        if self.proc and self.proc.poll() is None:
            try:
                self.send_signal(sig)
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        return self.proc.returncode if self.proc else None

    def close(self):
        self.stop(signal.SIGQUIT)
        self.out.close()
        self.err.close()


def wait_for(pred, timeout=10, step=0.05):
    """pred()'s first truthy value within timeout seconds, else its last value."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        v = pred()
        if v:
            return v
        time.sleep(step)
    return pred()


def run_tests(namespace):
    """The test files' main: runs every test_* function of `namespace` (or
    those named on the command line) with --shoal, prints PASS/FAIL lines and
    the closing "N passed, N failed, N skipped" line; returns the exit code."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--shoal", required=True)
    ap.add_argument("names", nargs="*")
    a = ap.parse_args()
    shoal = os.path.abspath(a.shoal)
    tests = [v for k, v in sorted(namespace.items()) if k.startswith("test_") and callable(v)]
    passed = failed = 0
    for t in tests:
        if a.names and t.__name__ not in a.names:
            continue
        try:
            t(shoal)
            print(f"PASS {t.__name__}", flush=True)
            passed += 1
        except Exception:
            print(f"FAIL {t.__name__}", flush=True)
            traceback.print_exc()
            failed += 1
    print(f"{passed} passed, {failed} failed, 0 skipped")
    return 1 if failed else 0
