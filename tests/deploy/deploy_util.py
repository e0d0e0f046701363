"""Shared helpers for the deployment tests (tests/deploy/test_*.py).

Standard library only. Every test script:
  - takes `--shoal PATH` (the master binary; shoal-runtime sits beside it),
  - prints one `PASS name`, `FAIL name: why` or `SKIP name: why` line per check,
  - ends with `N passed, N failed, N skipped` and exits 1 only when a check
    failed (skips are not failures).
"""
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
import traceback

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cluster"))
from cluster_util import wait_for  # noqa: E402,F401  (re-exported to the deploy tests)
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from ports import free_port  # noqa: E402  (one port allocator for every test)

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class Results:
    def __init__(self):
        self.passed = self.failed = self.skipped = 0

    def ok(self, name, detail=""):
        self.passed += 1
        print("PASS %s%s" % (name, (": " + detail) if detail else ""), flush=True)

    def fail(self, name, why):
        self.failed += 1
        print("FAIL %s: %s" % (name, why), flush=True)

    def skip(self, name, why):
        self.skipped += 1
        print("SKIP %s: %s" % (name, why), flush=True)

    def check(self, name, cond, why=""):
        if cond:
            self.ok(name)
        else:
            self.fail(name, why or "condition false")
        return bool(cond)

    def run(self, name, fn, *args):
        """Runs fn(*args); an exception is a FAIL of `name` with its message."""
        try:
            return fn(*args)
        except Exception as e:  # noqa: BLE001 - report, carry on
            self.fail(name, "%s: %s" % (type(e).__name__, e))
            traceback.print_exc(file=sys.stdout)
            return None

    def finish(self):
        print("%d passed, %d failed, %d skipped" % (self.passed, self.failed, self.skipped),
              flush=True)
        sys.exit(1 if self.failed else 0)


def parse_args(extra=None):
    p = argparse.ArgumentParser()
    p.add_argument("--shoal", default=os.path.join(REPO, "build", "shoal"),
                   help="path to the shoal master binary")
    if extra:
        extra(p)
    a = p.parse_args()
    a.shoal = os.path.abspath(a.shoal)
    return a


def http_get(port, path, host="127.0.0.1", timeout=10, method="GET", body=None, headers=None):
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, dict(resp.getheaders()), resp.read()
    finally:
        conn.close()




def children(pid, name="shoal-runtime worker"):
    """Pids of pid's direct children whose command line mentions name."""
    out = subprocess.run(["ps", "-o", "pid=,args=", "--ppid", str(pid)],
                         capture_output=True, text=True).stdout
    return [int(line.split()[0]) for line in out.splitlines() if name in line]


def proc_uids(pid):
    """(real, effective, saved, fs) uids of pid from /proc/PID/status."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("Uid:"):
                return tuple(int(x) for x in line.split()[1:5])
    return None


class Cluster:
    """A real `shoal start` master on a temporary config and app."""

    def __init__(self, shoal, app_source, config=None, app_name="app.js", port=None,
                 wrap=None, env=None, pass_fds=()):
        self.shoal = shoal
        self.dir = tempfile.mkdtemp(prefix="shoal-deploy-")
        os.chmod(self.dir, 0o755)
        self.port = port or free_port()
        with open(os.path.join(self.dir, app_name), "w") as f:
            f.write(app_source)
        os.chmod(os.path.join(self.dir, app_name), 0o644)
        cfg = {"app": app_name, "workers": 1,
               "listen": [{"host": "127.0.0.1", "port": self.port}],
               "log": {"access": "off"}}
        cfg.update(config or {})
        self.config_path = os.path.join(self.dir, "shoal.json")
        with open(self.config_path, "w") as f:
            json.dump(cfg, f, indent=2)
        self.out = open(os.path.join(self.dir, "master.out"), "w+")
        self.err = open(os.path.join(self.dir, "master.err"), "w+")
        self.wrap = wrap or []
        self.env = env
        self.pass_fds = pass_fds
        self.proc = None

    def path(self, name):
        return os.path.join(self.dir, name)

    def start(self, wait=True, timeout=15):
        self.proc = subprocess.Popen(self.wrap + [self.shoal, "start", self.config_path],
                                     cwd=self.dir, stdout=self.out, stderr=self.err,
                                     start_new_session=True, env=self.env,
                                     pass_fds=self.pass_fds)
        if wait:
            self.wait_serving(timeout)
        return self

    def wait_serving(self, timeout=15, path="/__ping"):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("master exited early (%s):\n%s" % (self.proc.returncode,
                                                                       self.logs()))
            try:
                status, _, _ = http_get(self.port, path, timeout=1)
                if status:
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("cluster did not start:\n" + self.logs())

    def logs(self):
        self.out.flush()
        self.err.flush()
        with open(self.out.name) as o, open(self.err.name) as e:
            return "--- stdout\n" + o.read() + "--- stderr\n" + e.read()

    def get(self, path, **kw):
        return http_get(self.port, path, **kw)

    def workers(self):
        return children(self.proc.pid)

    def kill(self, sig):
        os.kill(self.proc.pid, sig)

    def stop(self, sig=signal.SIGTERM, timeout=20):
        if self.proc and self.proc.poll() is None:
            try:
                self.kill(sig)
                self.proc.wait(timeout=timeout)
            except (subprocess.TimeoutExpired, ProcessLookupError):
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proc.wait()
        return self.proc.returncode if self.proc else None

    def close(self):
        """Stops the master; removes the folder unless SHOAL_KEEP_TMP is set."""
        self.stop(signal.SIGQUIT)
        self.out.close()
        self.err.close()
        if not os.environ.get("SHOAL_KEEP_TMP"):
            shutil.rmtree(self.dir, ignore_errors=True)
