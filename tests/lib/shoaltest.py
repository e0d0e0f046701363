"""The integration tests' harness (Python standard library only).

One module for every area (http, h2, cluster, ops, deploy, hostile, apps):

  results   check / ok / fail / skip / finish, the Results object and
            run_tests all print one line per check (expect raises instead,
            for run_tests' test functions),
                ok   WHAT
                FAIL WHAT: detail
                SKIP WHAT: why     (never for a missing tool: see BRIEF)
            end with "N passed, N failed, N skipped" and exit non-zero
            when anything failed: ctest counts on the exit status (CMake's
            "^FAIL" matches only at the very start of the output; use
            "(^|\n)FAIL " to match any FAIL line).
  App       `shoal run APP` (or any command) on a temporary folder, or on
            an app file of the tests' own; the app prints its port(s) on
            stdout, or listens on a port it was given.
  Cluster   `shoal start CONFIG` with a generated config (listen on a free
            port, control socket in the folder), real clients, stop.
  ports     free_port (tests/lib/ports.py), accepts, wait_for, http_get.

The area modules (tests/http/httptest.py, tests/h2/h2util.py,
tests/cluster/cluster_util.py, tests/deploy/deploy_util.py,
tests/ops/ops_util.py) re-export these names and keep only their
protocol helpers. A test script puts tests/lib on sys.path:

    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
    from shoaltest import App, check, finish, parse_args
"""
import argparse
import http.client
import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback

from ports import free_port  # noqa: F401  (one port allocator for every test)

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# --- results ------------------------------------------------------------------

FAILURES = []  # names of the failed checks, in order
_counts = {"passed": 0, "skipped": 0}


def ok(what, detail=""):
    _counts["passed"] += 1
    print(f"ok   {what}" + (f": {detail}" if detail else ""), flush=True)


def fail(what, detail=""):
    FAILURES.append(what)
    print(f"FAIL {what}" + (f": {str(detail)[:2000]}" if detail else ""), flush=True)


def skip(what, why):
    _counts["skipped"] += 1
    print(f"SKIP {what}: {why}", flush=True)


def check(cond, what, detail=""):
    """ok or FAIL for WHAT; returns cond."""
    if cond:
        ok(what)
    else:
        fail(what, detail)
    return cond


def expect(cond, what, detail=""):
    """For run_tests-style tests, whose failure is an exception: raises
    AssertionError("WHAT: DETAIL") unless cond; returns cond."""
    if not cond:
        raise AssertionError(f"{what}: {str(detail)[-3000:]}" if detail != "" else what)
    return cond


def summary():
    """The closing line; returns the exit status (1 when anything failed)."""
    print(f"{_counts['passed']} passed, {len(FAILURES)} failed, {_counts['skipped']} skipped",
          flush=True)
    if FAILURES:
        print(f"failed: {', '.join(FAILURES)}", flush=True)
    return 1 if FAILURES else 0


def finish():
    sys.exit(summary())


class Results:
    """The checks as an object (the deploy tests' style): same lines, same
    counters as the module functions."""

    passed = property(lambda self: _counts["passed"])
    failed = property(lambda self: len(FAILURES))
    skipped = property(lambda self: _counts["skipped"])

    def ok(self, name, detail=""):
        ok(name, detail)

    def fail(self, name, why):
        fail(name, why)

    def skip(self, name, why):
        skip(name, why)

    def check(self, name, cond, why=""):
        return bool(check(cond, name, why or "condition false"))

    def run(self, name, fn, *args):
        """Runs fn(*args); an exception is a FAIL of `name` with its message."""
        try:
            return fn(*args)
        except Exception as e:  # noqa: BLE001 - report, carry on
            fail(name, "%s: %s" % (type(e).__name__, e))
            traceback.print_exc(file=sys.stdout)
            return None

    def finish(self):
        finish()


def run_tests(tests):
    """The test files' main: runs every test_* function of the namespace
    `tests` (sorted by name; or a list of functions, in order), or those
    named on the command line, with the shoal path: a test passes when it
    returns and fails when it raises. Returns the exit status."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--shoal", required=True)
    ap.add_argument("names", nargs="*")
    a = ap.parse_args()
    shoal = os.path.abspath(a.shoal)
    if isinstance(tests, dict):
        tests = [v for k, v in sorted(tests.items()) if k.startswith("test_") and callable(v)]
    for t in tests:
        if a.names and t.__name__ not in a.names:
            continue
        t0 = time.time()
        try:
            t(shoal)
            ok(f"{t.__name__} ({time.time() - t0:.1f}s)")
        except Exception:
            fail(f"{t.__name__} ({time.time() - t0:.1f}s)")
            traceback.print_exc()
            sys.stdout.flush()
    return summary()


def parse_args(extra=None):
    """--shoal PATH (default build/shoal; made absolute), -v; extra(parser)
    adds a test's own options."""
    p = argparse.ArgumentParser()
    p.add_argument("--shoal", default=os.path.join(REPO, "build", "shoal"),
                   help="path to the shoal binary")
    p.add_argument("-v", "--verbose", action="store_true")
    if extra:
        extra(p)
    a = p.parse_args()
    a.shoal = os.path.abspath(a.shoal)
    return a


def need(*tools):
    """Every tool is installed by scripts/setup.sh: a missing one is a FAIL."""
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        print(f"FAIL: missing {' '.join(missing)}: run scripts/setup.sh")
        sys.exit(1)


def run(cmd, timeout=60, input=None, cwd=None):
    """Runs a client (in cwd): (returncode, stdout, stderr) as text."""
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, input=input,
                           cwd=cwd)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        return -1, e.stdout or "", f"timeout after {timeout}s"


def wait_for(pred, timeout=10, step=0.05):
    """pred()'s first truthy value within timeout seconds, else its last value."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        v = pred()
        if v:
            return v
        time.sleep(step)
    return pred()


def accepts(port, host="127.0.0.1", timeout=1.0):
    """Whether a TCP connection to host:port is accepted (something listens)."""
    try:
        socket.create_connection((host, port), timeout=timeout).close()
        return True
    except OSError:
        return False


def http_get(port, path, host="127.0.0.1", timeout=10, method="GET", body=None, headers=None):
    """One request on a new connection: (status, headers dict, body bytes)."""
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


def rss_kb(pid):
    """The resident memory of process pid in KiB (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _write(directory, name, text, mode=None):
    path = os.path.join(directory, name)
    with open(path, "w") as f:
        f.write(text)
    if mode is not None:
        os.chmod(path, mode)
    return path


# --- App: `shoal run APP` -------------------------------------------------------


class App:
    """A JavaScript app run by CMD (`[shoal, "run"]`, or any command) on a
    temporary folder with FILES beside it: SOURCE is written there as app.js,
    or SCRIPT (a file of the tests' own) is run instead, in CWD (default: the
    folder), with ARGS after it and ENV added to the environment.

    Its port is the number that ends its first line on stdout (`port`); with
    digit_lines, the first NPORTS lines that are only a number are its ports
    (`ports`); with PORT (an app told its port, e.g. by ENV), it is ready
    once that port accepts a connection. An app that exits or is not ready
    within port_timeout seconds raises RuntimeError with its stderr."""

    def __init__(self, cmd, source=None, port_timeout=10.0, env=None, nports=1, files=None,
                 digit_lines=False, prefix="shoal-http-", script=None, cwd=None, args=(),
                 port=None):
        self.dir = tempfile.mkdtemp(prefix=prefix)
        for name, text in (files or {}).items():
            _write(self.dir, name, text)
        self.path = script if script else _write(self.dir, "app.js", source)
        full_env = dict(os.environ)
        if env:
            full_env.update(env)
        self.proc = subprocess.Popen(cmd + [self.path, *args], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, cwd=cwd or self.dir, env=full_env)
        self.out = queue.Queue()
        self.err_lines = []
        threading.Thread(target=self._pump, args=(self.proc.stdout, self.out.put),
                         daemon=True).start()
        self.err_pump = threading.Thread(target=self._pump,
                                         args=(self.proc.stderr, self.err_lines.append),
                                         daemon=True)
        self.err_pump.start()
        self.port = port
        self.ports = []
        if port:
            self._wait_listening(port, port_timeout)
            return
        self.first_line = self.line(port_timeout)
        if digit_lines:
            self._digit_ports(nports, port_timeout)
        else:
            self._first_line_port()
        self.port = self.ports[0]

    def _wait_listening(self, port, timeout):
        self.ports = [port]
        if not wait_for(lambda: not self.alive() or accepts(port), timeout) or not self.alive():
            self.stop()
            raise RuntimeError(f"the app did not listen on {port} (exit {self.proc.returncode});"
                               " stderr:\n" + self.stderr())

    def _first_line_port(self):
        if self.first_line is None:
            self.stop()
            raise RuntimeError("app did not print its port; stderr:\n" + self.stderr())
        m = re.search(r"(\d+)\D*$", self.first_line)
        if not m:
            self.stop()
            raise RuntimeError(f"no port in first line {self.first_line!r}")
        self.ports = [int(m.group(1))]

    def _digit_ports(self, nports, timeout):
        deadline = time.time() + timeout
        ln = self.first_line
        while ln is not None:
            if ln.strip().isdigit():
                self.ports.append(int(ln))
            if len(self.ports) >= nports:
                return
            ln = self.line(max(0.01, deadline - time.time()))
        self.stop()
        raise RuntimeError("the app did not print its ports:\n" + self.stderr())

    @staticmethod
    def _pump(stream, put):
        for raw in iter(stream.readline, b""):
            put(raw.decode("utf-8", "replace").rstrip("\n"))
        stream.close()

    def line(self, timeout=5.0):
        try:
            return self.out.get(timeout=timeout)
        except queue.Empty:
            return None

    def lines_until(self, marker, timeout=5.0):
        got = []
        deadline = time.time() + timeout
        while time.time() < deadline:
            ln = self.line(max(0.01, deadline - time.time()))
            if ln is None:
                break
            got.append(ln)
            if ln == marker:
                break
        return got

    def stderr(self):
        # Once the app has exited, all it wrote is read before answering
        # (the reader thread may still be draining the pipe).
        if self.proc.poll() is not None:
            self.err_pump.join(10)
        return "\n".join(self.err_lines)

    def alive(self):
        return self.proc.poll() is None

    def rss_kb(self):
        return rss_kb(self.proc.pid) or None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)
        return self.proc.returncode

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def shoal_app(args, source, **kw):
    """App under `shoal run` (args: parse_args()'s result)."""
    return App([args.shoal, "run"], source, **kw)


# --- Cluster: `shoal start CONFIG` ----------------------------------------------


class Cluster:
    """A real `shoal start` master on a temporary folder: the app (and FILES),
    a config listening on a free port of 127.0.0.1 with WORKERS workers and
    no access log, updated with CONFIG; ctl() talks to its control socket
    (control.socket, by default shoal.sock in the folder). APP_SOURCE is
    written to APP_NAME in the folder; with app_source None, APP_NAME is an
    app of the tests' own (an absolute path). The master runs in CWD
    (default: the folder). WRAP is a command the master runs under, ENV
    its environment, PASS_FDS descriptors it inherits (socket activation).

    start() returns once a request is answered and (wait_all) every
    configured worker said it is ready; close() stops the master (SIGQUIT)
    and, with remove_dir, removes the folder unless SHOAL_KEEP_TMP is set."""

    def __init__(self, shoal, app_source, config=None, app_name="app.js", files=None, port=None,
                 wrap=None, env=None, pass_fds=(), workers=2, indent=None, remove_dir=False,
                 wait_all=True, prefix="shoal-cluster-", cwd=None):
        self.shoal = shoal
        self.dir = tempfile.mkdtemp(prefix=prefix)
        os.chmod(self.dir, 0o755)  # readable by the workers' user ("user" in the config)
        self.port = port or free_port()
        self.host = "127.0.0.1"  # where get() connects (another namespace's address)
        if app_source is not None:
            _write(self.dir, app_name, app_source, 0o644)
        self.cwd = cwd or self.dir
        for name, text in (files or {}).items():
            _write(self.dir, name, text)
        cfg = {"app": app_name, "workers": workers,
               "listen": [{"host": "127.0.0.1", "port": self.port}],
               "log": {"access": "off"}}
        cfg.update(config or {})
        self.config_path = os.path.join(self.dir, "shoal.json")
        with open(self.config_path, "w") as f:
            json.dump(cfg, f, indent=indent)
        self.control_socket = os.path.join(self.dir,
                                           cfg.get("control", {}).get("socket", "shoal.sock"))
        self.real_shoal = shoal  # ctl's binary when `shoal` becomes a wrapper script
        self.out = open(os.path.join(self.dir, "master.out"), "w+")
        self.err = open(os.path.join(self.dir, "master.err"), "w+")
        self.wrap = wrap or []
        self.env = env
        self.pass_fds = pass_fds
        self.remove_dir = remove_dir
        self.default_wait_all = wait_all
        self.proc = None

    def path(self, name):
        return os.path.join(self.dir, name)

    def start(self, wait=True, timeout=15, wait_port=None, wait_all=None, probe="http"):
        """Starts the master; with wait, returns once a request on wait_port
        (default: the listener) is answered (probe "http"; "tcp": once a
        connection is accepted, for a listener that does not speak plain
        HTTP/1.1, e.g. TLS) and, with wait_all, every configured worker said
        it is ready or the timeout passed for that: tests then see the whole
        cluster, not just its first worker."""
        self.proc = subprocess.Popen(self.wrap + [self.shoal, "start", self.config_path],
                                     cwd=self.cwd, stdout=self.out, stderr=self.err,
                                     start_new_session=True, env=self.env,
                                     pass_fds=self.pass_fds)
        if wait:
            deadline = self.wait_serving(timeout, port=wait_port, probe=probe)
            if self.default_wait_all if wait_all is None else wait_all:
                self.wait_all_ready(deadline)
        return self

    def wait_serving(self, timeout=15, path="/__ping", port=None, probe="http"):
        """Until a request is answered (probe "tcp": a connection accepted);
        returns the deadline."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("master exited early (%s):\n%s" % (self.proc.returncode,
                                                                       self.logs()))
            if probe == "tcp":
                if accepts(port or self.port, self.host):
                    return deadline
                time.sleep(0.05)
                continue
            try:
                status, _, _ = self.get(path, port=port, timeout=1)
                if status:
                    return deadline
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

    def get(self, path, port=None, timeout=10, headers=None, method="GET", body=None, host=None):
        return http_get(port or self.port, path, host=host or self.host, timeout=timeout,
                        method=method, body=body, headers=headers)

    def ctl(self, *args, timeout=60, check=None, cwd=None):
        """`shoal ctl ARGS` on the control socket, run in cwd: the
        CompletedProcess (text); check: the exit status it must have
        (AssertionError otherwise)."""
        p = subprocess.run([self.real_shoal, "ctl", "--socket", self.control_socket, *args],
                           capture_output=True, text=True, timeout=timeout, cwd=cwd)
        if check is not None:
            assert p.returncode == check, (args, p.returncode, p.stdout, p.stderr,
                                           self.logs()[-2000:])
        return p

    def worker_pids(self):
        """The master's live worker processes (its children `shoal-runtime worker`; the fork
        server, `shoal-runtime zygote`, is not one)."""
        return children(self.proc.pid)

    workers = worker_pids

    def send_signal(self, sig):
        os.kill(self.proc.pid, sig)

    kill = send_signal

    def stop(self, sig=signal.SIGTERM, timeout=20):
        if self.proc and self.proc.poll() is None:
            try:
                self.send_signal(sig)
                self.proc.wait(timeout=timeout)
            except (subprocess.TimeoutExpired, ProcessLookupError):
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proc.wait()
        return self.proc.returncode if self.proc else None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        self.stop(signal.SIGQUIT)
        self.out.close()
        self.err.close()
        if self.remove_dir and not os.environ.get("SHOAL_KEEP_TMP"):
            shutil.rmtree(self.dir, ignore_errors=True)
