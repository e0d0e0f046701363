#!/usr/bin/env python3
"""Driver of scripts/bench.sh: every workload against shoal and each peer.

A benchmark, not a test: it never fails on slowness; it prints Markdown
tables of medians over ROUNDS rounds, with ratios to Node.  All settings
come from the environment (see scripts/bench.sh).  Servers run side by side
on their own ports and rounds are interleaved (round 1 of every server, then
round 2, ...), so that a slow spell of the machine hits all of them alike.
"""

import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import apps  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def env(name, default):
    v = os.environ.get(name)
    return type(default)(v) if v not in (None, "") else default


ROUNDS = env("ROUNDS", 3)
DURATION = env("DURATION", 5)
WORKERS = env("WORKERS", 2)
CONNS = env("CONNS", 50)
BIG_CONNS = env("BIG_CONNS", 10)
H2_CLIENTS = env("H2_CLIENTS", 10)
H2_STREAMS = env("H2_STREAMS", 10)
WRK_THREADS = env("WRK_THREADS", 1)
WARMUP = env("WARMUP", 2)
STARTUP_RUNS = env("STARTUP_RUNS", 10)
STARTUP_RELOADS = env("STARTUP_RELOADS", 8)
LIGHT_RATE = env("LIGHT_RATE", 50)
HEAVY_CONC = env("HEAVY_CONC", max(1, WORKERS - 1))
PORT_BASE = env("PORT_BASE", 18100)
PIN = env("PIN", "none")  # none | split
# (absolute: servers run in the apps folder)
SHOAL = os.path.abspath(os.environ.get("SHOAL") or os.path.join(ROOT, "build", "shoal"))
NODE = os.environ.get("NODE") or "node"
BENCH = os.environ.get("BENCH_DIR") or os.path.join(ROOT, ".bench")
PEERS_BIN = os.path.join(BENCH, "peers", "bin")
BUN = os.environ.get("BUN") or (os.path.join(PEERS_BIN, "bun") if os.path.exists(os.path.join(PEERS_BIN, "bun")) else shutil.which("bun") or "")
DENO = os.environ.get("DENO") or (os.path.join(PEERS_BIN, "deno") if os.path.exists(os.path.join(PEERS_BIN, "deno")) else shutil.which("deno") or "")
ALL_SERVERS = ["shoal", "node", "node-cluster", "node-http2", "bun", "deno", "deno-parallel",
               "nginx", "shoal-health"]
# The machine's ceilings, measured on the hello-world workloads only: nginx
# (`return 200`, WORKERS worker processes) and shoal's health path (answered
# by the engine in C, no JavaScript).  shoal's row minus shoal-health's is the
# JavaScript's share of a request.
CEILINGS = ("nginx", "shoal-health")
CEILING_WORKLOADS = ("keepalive", "close")
HEALTH_PATH = "/healthz"
NGINX = os.environ.get("NGINX") or shutil.which("nginx") or (
    "/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else "")
SERVERS = os.environ.get("SERVERS", " ".join(ALL_SERVERS)).split()
ALL_WORKLOADS = ["keepalive", "close", "json", "h2", "big", "isolation", "startup", "rss", "reload",
                 "apps"]
WORKLOADS = os.environ.get("WORKLOADS", " ".join(ALL_WORKLOADS)).split()
# The workloads served by the handler.js servers started at the beginning;
# startup and apps start their own.
MAIN_SERVERS = SERVERS if set(WORKLOADS) - {"startup", "apps"} else []
# The apps workload: Express and Koa (npm, tests/apps/node_modules) on these
# servers; Bun and Deno run the Node apps through their Node compatibility.
APP_SERVERS = [n for n in ("shoal", "node-cluster", "bun", "deno") if n in SERVERS]
MODULES = os.path.join(ROOT, "tests", "apps", "node_modules")
APPS = os.path.join(BENCH, "apps")
RUN = os.path.join(BENCH, "run")
NCPU = os.cpu_count() or 1


def log(*a):
    print("bench:", *a, file=sys.stderr, flush=True)


# --- CPU placement ------------------------------------------------------------
# PIN=none: load generator and servers share every core (the default: with 2
# cores, pinning would leave a 2-worker server one core).  PIN=split: the load
# generator on the last core, the servers on the others.
def server_prefix():
    if PIN == "split" and NCPU > 1 and shutil.which("taskset"):
        return ["taskset", "-c", "0-%d" % (NCPU - 2)]
    return []


def client_prefix():
    if PIN == "split" and NCPU > 1 and shutil.which("taskset"):
        return ["taskset", "-c", str(NCPU - 1)]
    return []


def pin_note():
    if PIN == "split" and NCPU > 1:
        return "PIN=split: load generator pinned to CPU %d, servers to CPUs 0-%d" % (NCPU - 1, NCPU - 2)
    return ("PIN=none: load generator (wrk/h2load/python client, 1 thread) and servers share all "
            "%d cores; every server pays the same tax" % NCPU)


# --- HTTP helpers -------------------------------------------------------------
def http_get(port, path="/", timeout=2.0, close=True, body=None):
    """One request on a fresh connection (a POST of the JSON `body` when
    given); returns (status, body) or None."""
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    except OSError:
        return None
    post = "" if body is None else \
        "Content-Type: application/json\r\nContent-Length: %d\r\n" % len(body.encode())
    try:
        s.sendall(("%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s%s\r\n%s" %
                   ("GET" if body is None else "POST", path, post,
                    "Connection: close\r\n" if close else "", body or "")).encode())
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        m = re.match(rb"HTTP/1\.[01] (\d+)", data)
        return (int(m.group(1)), data.split(b"\r\n\r\n", 1)[-1]) if m else None
    except OSError:
        return None
    finally:
        s.close()


def wait_ready(port, proc, timeout=15.0, interval=0.05):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc is not None and proc.poll() is not None:
            return False
        r = http_get(port, timeout=1.0)
        if r and r[0] == 200:
            return True
        time.sleep(interval)
    return False


def speaks_h2c(port):
    if not shutil.which("curl"):
        return False
    r = subprocess.run(["curl", "-s", "-m", "3", "--http2-prior-knowledge", "-o", "/dev/null",
                        "-w", "%{http_version} %{http_code}", "http://127.0.0.1:%d/" % port],
                       capture_output=True, text=True)
    return r.stdout.strip() == "2 200"


def children(pid):
    """pid's child processes, except shoal's fork server (`shoal-runtime zygote`)."""
    try:
        out = subprocess.run(["ps", "-o", "pid=,args=", "--ppid", str(pid)], capture_output=True,
                             text=True).stdout
        return [int(line.split()[0]) for line in out.splitlines()
                if line.strip() and "shoal-runtime zygote" not in line]
    except Exception:
        return []


def tree_pids(pid):
    """pid and all its descendants (every process a server runs, fork server included)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            r = subprocess.run(["ps", "-o", "pid=", "--ppid", str(p)], capture_output=True, text=True)
            todo.extend(int(x) for x in r.stdout.split())
        except Exception:
            pass
    return out


def cpu_seconds(pids):
    """utime + stime of pids (user and kernel time, their syscalls included)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            with open("/proc/%d/stat" % pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        except (OSError, IndexError, ValueError):
            pass
    return total


def rss_kib(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def pss_kib(pid):
    """Proportional set size: shared pages (libnode's text) split between the processes mapping them."""
    try:
        with open("/proc/%d/smaps_rollup" % pid) as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


# --- servers ------------------------------------------------------------------
class Server:
    """A running server: name, port, processes, and which pids are workers."""

    def __init__(self, name, port):
        self.name, self.port = name, port
        self.procs = []
        self.error = None
        self.h2 = False
        self.note = ""
        self.config = None
        self.log = os.path.join(RUN, name + ".log")

    def spawn(self, argv, **kw):
        logf = open(self.log, "ab")
        p = subprocess.Popen(server_prefix() + argv, stdout=logf, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL, start_new_session=True, cwd=APPS, **kw)
        self.procs.append(p)
        return p

    def worker_pids(self):
        """(worker pids, supervisor pid or None)."""
        if self.name in ("shoal", "shoal-health", "node-cluster", "nginx"):
            top = self.procs[0].pid
            # shoal forks shoal-runtime via exec of the worker; node forks node.
            kids = children(top)
            if self.name == "shoal":
                # skip a possible wrapper (taskset execs, so no extra level)
                pass
            return kids, top
        return [p.pid for p in self.procs], None

    def alive(self):
        return self.procs and all(p.poll() is None for p in self.procs)

    def stop(self):
        for p in self.procs:
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for p in self.procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                p.wait()


def shoal_config(path, port, workers, health=None, app="handler.js"):
    cfg = {
        "app": os.path.join(APPS, app),
        "workers": workers,
        "listen": [{"host": "127.0.0.1", "port": port}],
        "control": {"socket": os.path.join(RUN, "shoal-%d.sock" % port)},
        "log": {"access": "off"},
    }
    if health:
        cfg["health"] = {"path": health}
    with open(path, "w") as f:
        json.dump(cfg, f, indent=2)
    return path


def nginx_config(port, workers):
    """A prefix directory and nginx.conf answering every request with 200 and
    the hello body, as the apps do (no access log, temp files under RUN)."""
    prefix = os.path.join(RUN, "nginx-%d" % port)
    os.makedirs(os.path.join(prefix, "logs"), exist_ok=True)
    conf = os.path.join(prefix, "nginx.conf")
    with open(conf, "w") as f:
        f.write("""worker_processes %d;
daemon off;
pid %s/nginx.pid;
error_log %s/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path %s/tmp;
  proxy_temp_path %s/tmp;
  fastcgi_temp_path %s/tmp;
  uwsgi_temp_path %s/tmp;
  scgi_temp_path %s/tmp;
  server {
    listen 127.0.0.1:%d;
    location / { default_type text/plain; return 200 'Hello, World!'; }
  }
}
""" % ((workers, prefix, prefix) + (prefix,) * 5 + (port,)))
    return prefix, conf


def wrk_path(name):
    return HEALTH_PATH if name == "shoal-health" else "/"


def port_busy(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


def start_server(name, port, workers=WORKERS, app="handler.js"):
    """name serving the request listener APPS/app; Bun and Deno serve the
    fetch-handler.mjs twin of handler.js, and other apps through their Node
    compatibility (Bun: node-cluster.js, WORKERS processes; Deno: one
    node-server.js process, its node:cluster having no fork)."""
    s = Server(name, port)
    a = APPS
    if port_busy(port):
        s.error = "port %d is already in use (PORT_BASE=...)" % port
        return s
    try:
        if name == "shoal":
            if not os.access(SHOAL, os.X_OK):
                s.error = "no shoal binary at %s" % SHOAL
                return s
            s.config = shoal_config(os.path.join(RUN, "shoal-%d.json" % port), port, workers, app=app)
            s.spawn([SHOAL, "start", s.config])
        elif name == "shoal-health":
            if not os.access(SHOAL, os.X_OK):
                s.error = "no shoal binary at %s" % SHOAL
                return s
            s.config = shoal_config(os.path.join(RUN, "shoal-%d.json" % port), port, workers, HEALTH_PATH)
            s.spawn([SHOAL, "start", s.config])
        elif name == "nginx":
            if not NGINX:
                s.error = "not installed (apt-get install nginx-light; scripts/setup.sh)"
                return s
            prefix, conf = nginx_config(port, workers)
            s.spawn([NGINX, "-p", prefix, "-c", conf, "-e", os.path.join(prefix, "logs", "error.log")])
        elif name == "node":
            s.spawn([NODE, os.path.join(a, "node-server.js"), str(port)])
        elif name == "node-cluster":
            s.spawn([NODE, os.path.join(a, "node-cluster.js"), str(port), str(workers), app])
        elif name == "node-http2":
            s.spawn([NODE, os.path.join(a, "node-h2.js"), str(port)])
        elif name == "bun":
            if not BUN:
                s.error = "not installed (scripts/bench/install-peers.sh)"
                return s
            if app != "handler.js":
                s.spawn([BUN, os.path.join(a, "node-cluster.js"), str(port), str(workers), app])
            for _ in range(workers if app == "handler.js" else 0):
                s.spawn([BUN, os.path.join(a, "bun-server.mjs"), str(port)])
        elif name == "deno":
            if not DENO:
                s.error = "not installed (scripts/bench/install-peers.sh)"
                return s
            if app != "handler.js":
                s.spawn([DENO, "run", "--allow-all", "--unstable-detect-cjs", os.path.join(a, "node-server.js"),
                         str(port), app])
            else:
                s.spawn([DENO, "run", "--allow-net", "--allow-env", os.path.join(a, "deno-server.mjs"), str(port)])
        elif name == "deno-parallel":
            if not DENO:
                s.error = "not installed (scripts/bench/install-peers.sh)"
                return s
            s.spawn([DENO, "serve", "--parallel", "--allow-net", "--host", "127.0.0.1", "--port", str(port),
                     os.path.join(a, "deno-serve.mjs")], env=dict(os.environ, DENO_JOBS=str(workers)))
        else:
            s.error = "unknown server"
            return s
    except OSError as e:
        s.error = "cannot start: %s" % e
        return s
    if name == "node-http2":
        # http2-only server: readiness by curl --http2-prior-knowledge
        end = time.monotonic() + 10
        while time.monotonic() < end and not speaks_h2c(port):
            time.sleep(0.1)
        s.h2 = speaks_h2c(port)
        if not s.h2:
            s.error = "did not start: " + tail(s.log)
        return s
    if not wait_ready(port, s.procs[0]):
        s.error = "did not start: " + tail(s.log)
        s.stop()
        return s
    # Let every worker of a multi-process server come up.
    if name in ("shoal", "shoal-health", "node-cluster", "deno-parallel", "bun", "nginx"):
        time.sleep(1.0)
    s.h2 = speaks_h2c(port)
    return s


def tail(path, n=3):
    try:
        with open(path, errors="replace") as f:
            lines = [l.strip() for l in f.read().splitlines() if l.strip()]
        return " / ".join(lines[-n:])[:300] or "(no output)"
    except OSError:
        return "(no log)"


# --- load generators ----------------------------------------------------------
def to_ms(v):
    m = re.match(r"([\d.]+)(us|ms|s|m)$", v)
    if not m:
        return None
    n = float(m.group(1))
    return n / 1000 if m.group(2) == "us" else n if m.group(2) == "ms" else n * 1000 if m.group(2) == "s" else n * 60000


def run_wrk(port, path="/", conns=CONNS, duration=DURATION, extra=(), env_extra=None):
    argv = client_prefix() + ["wrk", "-t%d" % WRK_THREADS, "-c%d" % conns, "-d%ds" % duration, "--latency",
                              *extra, "http://127.0.0.1:%d%s" % (port, path)]
    r = subprocess.run(argv, capture_output=True, text=True, env=dict(os.environ, **(env_extra or {})))
    out = r.stdout
    res = {"rps": None, "p50": None, "p99": None, "errors": 0, "raw": out[-2000:]}
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if m:
        res["rps"] = float(m.group(1))
    m = re.search(r"(\d+) requests in", out)
    if m:
        res["requests"] = int(m.group(1))
    for pct, key in (("50%", "p50"), ("99%", "p99")):
        m = re.search(r"^\s+%s\s+(\S+)" % re.escape(pct), out, re.M)
        if m:
            res[key] = to_ms(m.group(1))
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if m:
        res["errors"] += int(m.group(1))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if m:
        res["errors"] += sum(int(x) for x in m.groups())
    if res["rps"] is None:
        res["error"] = (r.stderr or out).strip()[-200:]
    return res


def run_h2load(port, duration=DURATION):
    argv = client_prefix() + ["h2load", "-t1", "-c%d" % H2_CLIENTS, "-m%d" % H2_STREAMS, "-D", str(duration),
                              "--warm-up-time=1", "http://127.0.0.1:%d/" % port]
    r = subprocess.run(argv, capture_output=True, text=True)
    out = r.stdout
    res = {"rps": None, "p50": None, "p99": None, "errors": 0, "raw": out[-2000:]}
    m = re.search(r"finished in .*?, ([\d.]+) req/s", out)
    if m:
        res["rps"] = float(m.group(1))
    m = re.search(r"requests: .*? (\d+) failed, (\d+) errored", out)
    if m:
        res["errors"] = int(m.group(1)) + int(m.group(2))
    m = re.search(r"time for request:\s+(\S+)\s+(\S+)\s+(\S+)", out)
    if m:
        res["mean_ms"] = to_ms(m.group(3))
    if res["rps"] is None:
        res["error"] = (r.stderr or out).strip()[-200:]
    return res


def measured(srv, run):
    """run() (a load generator's result dict) with the server's CPU time per
    request added: cpu_us for all its processes, master_us for shoal's master
    alone (its accept and hand-off per connection)."""
    pids = [q for top in srv.procs for q in tree_pids(top.pid)]
    master = [srv.procs[0].pid] if srv.name.startswith("shoal") else []
    cpu0, master0 = cpu_seconds(pids), cpu_seconds(master)
    r = run()
    if r.get("requests"):
        r["cpu_us"] = (cpu_seconds(pids) - cpu0) / r["requests"] * 1e6
        if master:
            r["master_us"] = (cpu_seconds(master) - master0) / r["requests"] * 1e6
    return r


# --- CPU isolation client -----------------------------------------------------
def isolation_round(port, heavy, seconds):
    """Light GETs at LIGHT_RATE/s on fresh connections for `seconds`, while
    `heavy` threads loop on /heavy.  Returns (p50_ms, p99_ms, n, heavy_done)."""
    stop = threading.Event()
    heavy_done = [0]

    def heavy_loop():
        while not stop.is_set():
            r = http_get(port, "/heavy", timeout=30)
            if r and r[0] == 200:
                heavy_done[0] += 1

    threads = [threading.Thread(target=heavy_loop, daemon=True) for _ in range(heavy)]
    for t in threads:
        t.start()
    if heavy:
        time.sleep(0.3)
    lat = []
    interval = 1.0 / LIGHT_RATE
    end = time.monotonic() + seconds
    nxt = time.monotonic()
    while time.monotonic() < end:
        t0 = time.perf_counter()
        r = http_get(port, "/light", timeout=30)
        t1 = time.perf_counter()
        if r and r[0] == 200:
            lat.append((t1 - t0) * 1000)
        nxt += interval
        d = nxt - time.monotonic()
        if d > 0:
            time.sleep(d)
        else:
            nxt = time.monotonic()
    stop.set()
    for t in threads:
        t.join(timeout=30)
    if not lat:
        return None
    lat.sort()
    return (pct(lat, 50), pct(lat, 99), len(lat), heavy_done[0])


def pct(sorted_vals, p):
    k = max(0, min(len(sorted_vals) - 1, int(round(p / 100.0 * len(sorted_vals) + 0.5)) - 1))
    return sorted_vals[k]


# --- start-up -------------------------------------------------------------------
def startup_once(name, port):
    """Wall ms from spawn to the first 200 on `GET /`, one worker/process."""
    s = Server(name + "-startup", port)
    a = APPS
    if name == "shoal":
        cfg = shoal_config(os.path.join(RUN, "shoal-startup.json"), port, 1)
        argv = [SHOAL, "start", cfg]
    elif name == "node":
        argv = [NODE, os.path.join(a, "node-server.js"), str(port)]
    elif name == "bun":
        argv = [BUN, os.path.join(a, "bun-server.mjs"), str(port)]
    elif name == "deno":
        argv = [DENO, "run", "--allow-net", "--allow-env", os.path.join(a, "deno-server.mjs"), str(port)]
    else:
        return None
    if port_busy(port):
        raise SystemExit("bench: start-up port %d is already in use (PORT_BASE=...)" % port)
    t0 = time.perf_counter()
    p = s.spawn(argv)
    ok = False
    while time.perf_counter() - t0 < 10:
        r = http_get(port, timeout=1.0)
        if r and r[0] == 200:
            ok = True
            break
        if p.poll() is not None:
            break
        time.sleep(0.0005)
    ms = (time.perf_counter() - t0) * 1000
    s.stop()
    return ms if ok else None


def worker_startups(port, fork_server):
    """shoal's own spawn-to-ready times (ms, `ctl status` startup_ms) of the
    workers of STARTUP_RELOADS reloads of a 2-worker cluster: clones of the
    fork server, or exec'd with SHOAL_NO_ZYGOTE=1."""
    s = Server("shoal-workers-%s" % ("fork" if fork_server else "exec"), port)
    s.config = shoal_config(os.path.join(RUN, "shoal-workers.json"), port, 2)
    env = dict(os.environ)
    if not fork_server:
        env["SHOAL_NO_ZYGOTE"] = "1"
    s.spawn([SHOAL, "start", s.config], env=env)
    times = []
    try:
        end = time.monotonic() + 10
        while time.monotonic() < end and not http_get(port, timeout=1.0):
            time.sleep(0.05)
        for _ in range(STARTUP_RELOADS):
            r = subprocess.run([SHOAL, "ctl", "--config", s.config, "reload"], capture_output=True,
                               text=True, timeout=60)
            if r.returncode != 0:
                break
            st = subprocess.run([SHOAL, "ctl", "--config", s.config, "status", "--json"],
                                capture_output=True, text=True, timeout=60)
            for w in json.loads(st.stdout).get("workers", []):
                if w.get("state") == "ready" and w.get("startup_ms"):
                    times.append(w["startup_ms"])
            time.sleep(0.2)
    finally:
        s.stop()
    return times


# --- reload -------------------------------------------------------------------
def reload_round(srv, duration):
    bfile = os.path.join(RUN, "buckets.txt")
    if os.path.exists(bfile):
        os.unlink(bfile)
    argv = client_prefix() + ["wrk", "-t1", "-c%d" % CONNS, "-d%ds" % duration, "-s",
                              os.path.join(APPS, "buckets.lua"), "http://127.0.0.1:%d/" % srv.port]
    w = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                         env=dict(os.environ, BUCKETS_FILE=bfile))
    time.sleep(duration * 0.4)
    t0 = time.time()
    r = subprocess.run([SHOAL, "ctl", "--config", srv.config, "reload"], capture_output=True, text=True)
    t1 = time.time()
    out, _ = w.communicate()
    errs = []
    m = re.search(r"Socket errors: (connect \d+, read \d+, write \d+, timeout \d+)", out)
    if m:
        errs.append(m.group(1))
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if m:
        errs.append("non-2xx %s" % m.group(1))
    errors = "; ".join(errs) or "0"
    buckets = {}
    try:
        for line in open(bfile):
            b, n = line.split()
            buckets[int(b)] = buckets.get(int(b), 0) + int(n)
    except OSError:
        pass
    if not buckets or r.returncode != 0:
        return {"error": "reload rc=%d %s" % (r.returncode, (r.stderr or r.stdout).strip()[-150:])}
    first, last = min(buckets), max(buckets)
    series = [(b, buckets.get(b, 0)) for b in range(first + 5, last)]  # drop ramp-up and partial last
    rb0, rb1 = int(t0 * 10), int(t1 * 10)
    before = [n for b, n in series if b < rb0 - 1]
    during = [n for b, n in series if rb0 <= b <= rb1 + 5]  # reload plus 0.5 s after
    after = [n for b, n in series if b > rb1 + 5]
    base = statistics.median(before) if before else 0
    # recovery: first bucket after the reload started at >= 90 % of the baseline
    rec = None
    for b, n in series:
        if b >= rb1 and base and n >= 0.9 * base:
            rec = (b - rb0) * 100
            break
    return {"reload_ms": (t1 - t0) * 1000, "base_rps": base * 10,
            "min_pct": 100.0 * min(during) / base if during and base else None,
            "mean_pct": 100.0 * statistics.mean(during) / base if during and base else None,
            "after_pct": 100.0 * statistics.median(after) / base if after and base else None,
            "recover_ms": rec, "errors": errors}


# --- reporting ----------------------------------------------------------------
def handoff_cost():
    """The hand-off's system calls alone (sendmsg with the descriptor,
    recvmsg, scripts/bench/handoff-cost.c), measured on this machine now."""
    src = os.path.join(ROOT, "scripts", "bench", "handoff-cost.c")
    exe = os.path.join(RUN, "handoff-cost")
    try:
        subprocess.run(["cc", "-O2", "-o", exe, src], check=True, capture_output=True)
        out = subprocess.run([exe, "100000"], check=True, capture_output=True, text=True).stdout
        us = float(out.split(":")[1].split()[0])
    except (OSError, subprocess.CalledProcessError, IndexError, ValueError):
        return ""
    return "; of which the hand-off's system calls (sendmsg with the descriptor, recvmsg; " \
        "`scripts/bench/handoff-cost.c`) %.1f µs, split between master and worker" % us


def med(vals):
    vals = [v for v in vals if v is not None]
    return statistics.median(vals) if vals else None


def f0(v):
    return "-" if v is None else "{:,.0f}".format(v)


def f1(v):
    return "-" if v is None else "%.1f" % v


def f2(v):
    return "-" if v is None else "%.2f" % v


def ratio(a, b):
    return "%.2fx" % (a / b) if a and b else "-"


def version(argv):
    try:
        r = subprocess.run(argv, capture_output=True, text=True, timeout=10)
        return (r.stdout or r.stderr).strip().splitlines()[0]
    except Exception:
        return "not available"


def rate_table(p, rows, bases, unit="req/s"):
    """A throughput table: rows are (server, round results), bases the
    (server, round results) each row is compared with, a column apiece."""
    bv = [(b, med(r["rps"] for r in rs)) for b, rs in bases]
    p("| server | %s | p50 ms | p99 ms | errors | %s | server CPU µs/req |"
      % (unit, " | ".join("vs " + b for b, _ in bv)))
    p("|---|---:|---:|---:|---:|%s---:|" % ("---:|" * len(bv)))
    for n, rs in rows:
        if not rs:
            continue
        v = med(r["rps"] for r in rs)
        p("| %s | %s | %s | %s | %d | %s | %s |" % (
            n, f0(v), f2(med(r["p50"] for r in rs)), f2(med(r["p99"] for r in rs)),
            sum(r["errors"] for r in rs), " | ".join(ratio(v, b) for _, b in bv),
            f1(med(r.get("cpu_us") for r in rs))))
        if v is None and rs[0].get("error"):
            p("|  ↳ %s | wrk: %s |%s" % (n, rs[0]["error"].replace("|", "/").replace("\n", " "),
                                        " |" * (4 + len(bv))))
    p("")


# --- the apps workload: Express and Koa ------------------------------------------
APP_ROUTES = {
    "express": {"hello": "Express 4, GET / (res.send)",
                "json": "Express 4, POST /json (express.json(), res.json)"},
    "koa": {"hello": "Koa 2, GET / (@koa/router, ctx.body)",
            "json": "Koa 2, POST /json (koa-body, ctx.body object)"},
}


def check_app(port):
    """None when both routes of a framework app answer as they should, else why not."""
    r = http_get(port)
    if not r or r[0] != 200 or r[1].decode(errors="replace") != apps.HELLO_FW:
        return "GET / answered %r" % (r,)
    r = http_get(port, "/json", body=apps.JSON_BODY)
    try:
        ok = r and r[0] == 200 and json.loads(r[1]) == apps.FW_JSON_ANSWER
    except ValueError:
        ok = False
    return None if ok else "POST /json answered %r" % (r,)


def framework_modules():
    """None when tests/apps/node_modules holds the frameworks (`npm ci` there
    when missing), else why not."""
    if os.path.exists(os.path.join(MODULES, "koa-body", "package.json")):
        return None
    log("npm ci in tests/apps (express, koa, @koa/router, koa-body)")
    try:
        r = subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"],
                           cwd=os.path.dirname(MODULES), capture_output=True, text=True)
    except OSError as e:
        return "npm ci in tests/apps: %s" % e
    return None if r.returncode == 0 else "npm ci in tests/apps failed: " + r.stderr.strip()[-200:]


def apps_workload():
    """Express and Koa, one framework at a time on every APP_SERVERS server:
    check both routes, warm up, then ROUNDS rounds (each route on every
    server in turn).  Returns ({(framework, route, server): [results]},
    {(framework, server): why it was not measured})."""
    results, errors = {}, {}
    why = framework_modules()
    if why:
        return results, {(fw, n): why for fw in apps.FRAMEWORKS for n in APP_SERVERS}
    post = ("-s", os.path.join(APPS, "post.lua"))
    for fw in apps.FRAMEWORKS:
        servers = {}
        for i, n in enumerate(APP_SERVERS):
            log("starting", n, "on", fw)
            srv = start_server(n, PORT_BASE + 60 + i, app=fw + "-app.js")
            err = srv.error or check_app(srv.port)
            if err:
                errors[(fw, n)] = err
                srv.stop()
            else:
                servers[n] = srv
        if WARMUP > 0:
            for n, srv in servers.items():
                log("warm-up", n, "on", fw)
                run_wrk(srv.port, duration=WARMUP)
                run_wrk(srv.port, duration=1, extra=post)
        for rnd in range(ROUNDS):
            for route in ("hello", "json"):
                for n, srv in servers.items():
                    if not srv.alive():
                        continue
                    log("round %d/%d %s %s %s" % (rnd + 1, ROUNDS, fw, route, n))
                    r = measured(srv, lambda: run_wrk(srv.port, extra=post if route == "json" else ()))
                    results.setdefault((fw, route, n), []).append(r)
                    time.sleep(0.5)
        for srv in servers.values():
            srv.stop()
    return results, errors


def apps_report(p, res, errors):
    p("### Express 4 and Koa 2 (npm packages of tests/apps, wrk -c%d; POST bodies: the %d-byte JSON "
      "of the JSON API table)" % (CONNS, len(apps.JSON_BODY)))
    p("")
    p("The same app files everywhere, each exporting a request listener: `shoal` = `shoal start` with "
      "%d workers and the listener as `app`; `node-cluster` = node-cluster.js (`cluster.fork()` x %d, "
      "`http.createServer(app)`); `bun` = the same node-cluster.js under Bun (its node:cluster, %d "
      "processes); `deno` = node-server.js under `deno run --unstable-detect-cjs`, one process "
      "(Deno's node:cluster does not fork)." % (WORKERS, WORKERS, WORKERS))
    p("")
    for (fw, n), e in sorted(errors.items()):
        p("- **%s on %s: not measured** — %s" % (n, fw, e))
    if errors:
        p("")
    for fw in apps.FRAMEWORKS:
        for route in ("hello", "json"):
            p("#### " + APP_ROUTES[fw][route])
            p("")
            rate_table(p, [(n, res.get((fw, route, n), [])) for n in APP_SERVERS],
                       [("node-cluster", res.get((fw, route, "node-cluster"), []))])


def main():
    os.makedirs(RUN, exist_ok=True)
    apps.write(APPS, MODULES)
    started = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    load0 = os.getloadavg()
    out = []
    p = out.append

    cpu = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    vers = {
        "shoal": version([SHOAL, "version"]) + " (%s)" % SHOAL,
        "node": version([NODE, "--version"]),
        "bun": version([BUN, "--version"]) if BUN else "not installed",
        "deno": version([DENO, "--version"]) if DENO else "not installed",
        "wrk": version(["wrk", "-v"]),
        "h2load": version(["h2load", "--version"]) if shutil.which("h2load") else "not installed (apt-get install nghttp2-client)",
    }
    if "apps" in WORKLOADS:
        for pkg in ("express", "koa", "@koa/router", "koa-body"):
            try:
                with open(os.path.join(MODULES, pkg, "package.json")) as f:
                    vers[pkg] = json.load(f)["version"]
            except (OSError, ValueError, KeyError):
                vers[pkg] = "not installed"

    # Start every server (distinct ports).
    servers = {}
    for i, name in enumerate(MAIN_SERVERS):
        log("starting", name)
        servers[name] = start_server(name, PORT_BASE + i)
        if servers[name].error:
            log(name, "->", servers[name].error)
    live = [n for n in MAIN_SERVERS if not servers[n].error]
    h1 = [n for n in live if n != "node-http2"]
    apps_h1 = [n for n in h1 if n not in CEILINGS]  # the servers running the handler

    # Idle RSS: after a short warm-up, before any load.
    rss = {}
    for n in h1 + [x for x in live if x == "node-http2"]:
        srv = servers[n]
        if n != "node-http2":
            for _ in range(20):
                http_get(srv.port)
        time.sleep(0.3)
        w, sup = srv.worker_pids()
        rss[n] = {"idle": [rss_kib(x) for x in w], "pss_idle": [pss_kib(x) for x in w], "sup_idle": rss_kib(sup) if sup else None, "loaded": []}

    # Warm-up (JIT): WARMUP seconds of keep-alive and json per server.
    if WARMUP > 0:
        for n in h1:
            log("warm-up", n)
            run_wrk(servers[n].port, path=wrk_path(n), duration=WARMUP)
            if n not in CEILINGS:
                run_wrk(servers[n].port, duration=1, extra=("-s", os.path.join(APPS, "post.lua")))

    results = {}  # (workload, server) -> list of round dicts

    def sample_rss(n, stop):
        srv = servers[n]
        peak = 0
        while not stop.wait(0.5):
            w, _ = srv.worker_pids()
            vals = [rss_kib(x) for x in w]
            if vals and sum(vals) > peak:
                peak = sum(vals)
                rss[n]["loaded"] = vals

    h2_servers = []
    if "h2" in WORKLOADS and shutil.which("h2load"):
        h2_servers = [n for n in live if servers[n].h2]

    thr = [w for w in ("keepalive", "close", "json", "big") if w in WORKLOADS]
    for rnd in range(ROUNDS):
        for wl in thr + (["h2"] if h2_servers else []):
            for n in (h2_servers if wl == "h2" else h1 if wl in CEILING_WORKLOADS else apps_h1):
                srv = servers[n]
                if not srv.alive():
                    continue
                log("round %d/%d %s %s" % (rnd + 1, ROUNDS, wl, n))
                if wl == "keepalive":
                    stop = threading.Event()
                    t = threading.Thread(target=sample_rss, args=(n, stop))
                    t.start()
                    r = measured(srv, lambda: run_wrk(srv.port, path=wrk_path(n)))
                    stop.set()
                    t.join()
                elif wl == "close":
                    r = measured(srv, lambda: run_wrk(srv.port, path=wrk_path(n), extra=("-H", "Connection: close")))
                elif wl == "json":
                    r = measured(srv, lambda: run_wrk(srv.port, extra=("-s", os.path.join(APPS, "post.lua"))))
                elif wl == "big":
                    r = measured(srv, lambda: run_wrk(srv.port, path="/big", conns=BIG_CONNS))
                else:
                    r = measured(srv, lambda: run_h2load(srv.port))
                results.setdefault((wl, n), []).append(r)
                time.sleep(0.5)

    # CPU isolation: shoal and node-cluster (both WORKERS workers).
    iso = {}
    if "isolation" in WORKLOADS:
        for rnd in range(ROUNDS):
            for n in [x for x in ("shoal", "node-cluster") if x in h1]:
                log("round %d/%d isolation %s" % (rnd + 1, ROUNDS, n))
                srv = servers[n]
                un = isolation_round(srv.port, 0, DURATION)
                lo = isolation_round(srv.port, HEAVY_CONC, DURATION)
                iso.setdefault(n, []).append((un, lo))
                time.sleep(0.5)

    # Reload cost (shoal only), last: it replaces the workers.
    rel = []
    if "reload" in WORKLOADS and "shoal" in h1:
        for rnd in range(ROUNDS):
            log("round %d/%d reload shoal" % (rnd + 1, ROUNDS))
            rel.append(reload_round(servers["shoal"], max(DURATION, 4)))
            time.sleep(1.0)

    # Server log tails for the report, then stop everything.
    for n in MAIN_SERVERS:
        servers[n].stop()

    # Express and Koa, each on its own servers.
    fw_res, fw_err = apps_workload() if "apps" in WORKLOADS else ({}, {})

    # Start-up (spawn to first response, one worker/process).
    startup = {}
    worker_start = {}
    if "startup" in WORKLOADS:
        cands = [n for n in ("shoal", "node", "bun", "deno")
                 if (n in ("shoal", "node") or (n == "bun" and BUN) or (n == "deno" and DENO))]
        for i in range(STARTUP_RUNS):
            for n in cands:
                if n == "shoal" and not os.access(SHOAL, os.X_OK):
                    continue
                startup.setdefault(n, []).append(startup_once(n, PORT_BASE + 50))
        if os.access(SHOAL, os.X_OK):
            for mode in ("fork", "exec"):
                worker_start[mode] = worker_startups(PORT_BASE + 51, mode == "fork")
        log("start-up done")
    load1 = os.getloadavg()

    # --- the report ---
    p("## Results")
    p("")
    # (paths inside the checkout shown relative to it: the report does not
    # depend on where the checkout lives)
    here = ROOT + os.sep
    p("- date: %s; command: `%s`" % (started, os.environ.get("BENCH_COMMAND", "scripts/bench.sh").replace(here, "")))
    p("- machine: %s, %d cores (`nproc`), %s, Linux %s; load average before/after: %.2f / %.2f"
      % (cpu, NCPU, platform.machine(), platform.release(), load0[0], load1[0]))
    p("- CPU placement: " + pin_note())
    p("- settings: ROUNDS=%d DURATION=%ds WORKERS=%d CONNS=%d BIG_CONNS=%d WRK_THREADS=%d "
      "H2 -c%d -m%d; medians over rounds; servers interleaved per round"
      % (ROUNDS, DURATION, WORKERS, CONNS, BIG_CONNS, WRK_THREADS, H2_CLIENTS, H2_STREAMS))
    p("- versions: " + "; ".join("%s %s" % kv for kv in vers.items()).replace(here, ""))
    p("")
    if MAIN_SERVERS:
        p("Servers: `shoal` = `shoal start` with %d workers (least-busy balancing, access log off); "
          "`node` = one process, `http.createServer`; `node-cluster` = `cluster.fork()` x %d; "
          "`node-http2` = one process, `http2.createServer` (h2c); `bun` = %d processes of `Bun.serve` with "
          "`reusePort`; `deno` = one `Deno.serve`; `deno-parallel` = `deno serve --parallel` with DENO_JOBS=%d. "
          "Ceilings, in the hello-world tables only: `nginx` = Debian's nginx, %d worker processes, "
          "`return 200 'Hello, World!'`; `shoal-health` = the same `shoal start` answering its health path "
          "(`%s`, `200 ok`) in C, without JavaScript: shoal's row minus this one is the JavaScript's share."
          % (WORKERS, WORKERS, WORKERS, WORKERS, WORKERS, HEALTH_PATH))
        p("")
    p("`server CPU µs/req`: user + system CPU time of all the server's processes (master, workers, "
      "fork server) during the run, divided by the requests answered: the cost of a request, less "
      "sensitive than req/s to what else the machine runs. Lower is better.")
    p("")
    bad = [n for n in MAIN_SERVERS if servers[n].error]
    for n in bad:
        p("- **%s: not measured** — %s" % (n, servers[n].error))
    if bad:
        p("")

    titles = {
        "keepalive": "HTTP/1.1 hello world, keep-alive (wrk -c%d)" % CONNS,
        "close": "HTTP/1.1 hello world, one request per connection (wrk -c%d -H 'Connection: close')" % CONNS,
        "json": "JSON API: POST %d-byte JSON body to /json, parse, answer JSON (wrk -c%d, lua)" % (len(apps.JSON_BODY), CONNS),
        "big": "1 MiB response (wrk -c%d /big)" % BIG_CONNS,
        "h2": "HTTP/2 cleartext hello world (h2load -c%d -m%d)" % (H2_CLIENTS, H2_STREAMS),
    }
    def js_share(wl):
        """Engine and JavaScript shares of shoal's CPU per request, from the
        health-path ceiling of the same run."""
        full = med(r.get("cpu_us") for r in results.get((wl, "shoal"), []))
        eng = med(r.get("cpu_us") for r in results.get((wl, "shoal-health"), []))
        ngx = med(r.get("cpu_us") for r in results.get((wl, "nginx"), []))
        if not full or not eng:
            return
        p("Server CPU per request: shoal %.1f µs = engine and master %.1f µs (health path, no JavaScript) "
          "+ JavaScript %.1f µs (%.0f %%)%s." % (full, eng, full - eng, (full - eng) / full * 100,
                                                 "; nginx %.1f µs" % ngx if ngx else ""))
        master = med(r.get("master_us") for r in results.get((wl, "shoal"), []))
        if wl == "close" and master:
            p("Of shoal's, the master's (accept, hand-off to a worker): %.1f µs a connection%s." %
              (master, handoff_cost()))
        p("")

    for wl in thr + (["h2"] if "h2" in WORKLOADS else []):
        p("### " + titles[wl])
        p("")
        if wl == "h2":
            if not shutil.which("h2load"):
                p("h2load is not installed (`apt-get install nghttp2-client`): skipped.")
                p("")
                continue
            no = [n for n in live if not servers[n].h2]
            if no:
                p("Not speaking h2c with prior knowledge (`curl --http2-prior-knowledge` failed): "
                  + ", ".join("**%s**" % n + (" (HTTP/2 support is being added)" if n == "shoal" else "")
                              for n in no) + ".")
                p("")
            p("| server | req/s | mean ms | errors | vs node-http2 |")
            p("|---|---:|---:|---:|---:|")
            base = med(r["rps"] for r in results.get(("h2", "node-http2"), []))
            for n in h2_servers:
                rs = results.get((wl, n), [])
                v = med(r["rps"] for r in rs)
                p("| %s | %s | %s | %d | %s |" % (n, f0(v), f2(med(r.get("mean_ms") for r in rs)),
                                                 sum(r["errors"] for r in rs), ratio(v, base)))
            p("")
            continue
        rate_table(p, [(n, results.get((wl, n), [])) for n in h1],
                   [(b, results.get((wl, b), [])) for b in ("node", "node-cluster")],
                   "MiB/s" if wl == "big" else "req/s")
        js_share(wl)

    if "isolation" in WORKLOADS:
        p("### CPU isolation: light GET /light at %d/s on fresh connections, with %d concurrent "
          "200 ms CPU-bound GET /heavy loops (%d workers)" % (LIGHT_RATE, HEAVY_CONC, WORKERS))
        p("")
        p("| server | unloaded p50 ms | unloaded p99 ms | loaded p50 ms | loaded p99 ms | heavy done/round |")
        p("|---|---:|---:|---:|---:|---:|")
        for n, rounds in iso.items():
            un = [r[0] for r in rounds if r[0]]
            lo = [r[1] for r in rounds if r[1]]
            p("| %s | %s | %s | %s | %s | %s |" % (
                n, f2(med(x[0] for x in un)), f2(med(x[1] for x in un)),
                f2(med(x[0] for x in lo)), f2(med(x[1] for x in lo)), f0(med(x[3] for x in lo))))
        p("")

    if "startup" in WORKLOADS:
        p("### Start-up: spawn to first 200 response, one worker/process (median of %d)" % STARTUP_RUNS)
        p("")
        p("| server | command | median ms | min ms | max ms | vs node |")
        p("|---|---|---:|---:|---:|---:|")
        cmd = {"shoal": "shoal start (workers 1)", "node": "node node-server.js",
               "bun": "bun bun-server.mjs", "deno": "deno run deno-server.mjs"}
        base = med(startup.get("node", []))
        for n, vals in startup.items():
            ok = [v for v in vals if v is not None]
            p("| %s | %s | %s | %s | %s | %s |" % (
                n, cmd[n], f1(med(ok)), f1(min(ok) if ok else None), f1(max(ok) if ok else None),
                ratio(med(ok), base) if n != "node" else "1.00x") +
              ("" if len(ok) == len(vals) else " (%d of %d runs failed)" % (len(vals) - len(ok), len(vals))))
        p("")
        if worker_start:
            p("### Worker start-up: a shoal worker's spawn to ready (`ctl status` startup_ms), "
              "workers of %d reloads of a 2-worker cluster" % STARTUP_RELOADS)
            p("")
            p("| started as | workers | median ms | min ms | max ms |")
            p("|---|---:|---:|---:|---:|")
            for mode, label in (("fork", "clone of the fork server (default)"),
                                ("exec", "exec of shoal-runtime (SHOAL_NO_ZYGOTE=1)")):
                v = worker_start.get(mode) or []
                p("| %s | %d | %s | %s | %s |" % (label, len(v), f1(med(v)),
                                                  f1(min(v) if v else None), f1(max(v) if v else None)))
            p("")

    if "rss" in WORKLOADS:
        p("### Memory: RSS per worker (ps/VmRSS), idle (after 20 requests) and loaded (peak during keep-alive)")
        p("")
        p("PSS splits shared pages (e.g. libnode.so's text, shared by all shoal workers) between the processes.")
        p("")
        p("| server | workers | idle RSS MiB/worker | idle PSS MiB/worker | loaded RSS MiB/worker | supervisor idle RSS MiB |")
        p("|---|---:|---:|---:|---:|---:|")
        for n in live:
            d = rss.get(n)
            if not d:
                continue
            idle, loaded, pss = d["idle"], d["loaded"], d.get("pss_idle", [])
            nw = len(idle)
            per = (lambda xs: sum(xs) / len(xs) / 1024 if xs else None)
            note = ""
            if n == "deno-parallel":
                note = " (one process, %d threads: total / %d)" % (WORKERS, WORKERS)
                idle = [x / WORKERS for x in idle] * WORKERS
                loaded = [x / WORKERS for x in loaded] * WORKERS
                pss = [x / WORKERS for x in pss] * WORKERS
                nw = WORKERS
            p("| %s%s | %d | %s | %s | %s | %s |" % (n, note, nw, f1(per(idle)), f1(per(pss)), f1(per(loaded)),
                                              f1(d["sup_idle"] / 1024) if d["sup_idle"] else "-"))
        p("")

    if "reload" in WORKLOADS and rel:
        p("### `shoal ctl reload` under load (wrk -c%d keep-alive, %d workers, reload at 40 %% of the run)" % (CONNS, WORKERS))
        p("")
        ok = [r for r in rel if "error" not in r]
        for r in rel:
            if "error" in r:
                p("- a round failed: %s" % r["error"])
        if ok:
            p("Errors are wrk's counts per round (socket errors, non-2xx).")
            p("")
            p("| reload duration ms | baseline req/s | worst 100 ms (% of baseline) | mean during reload+0.5 s (%) "
              "| after reload (%) | back to 90 % after ms | errors |")
            p("|---:|---:|---:|---:|---:|---:|---:|")
            p("| %s | %s | %s | %s | %s | %s | %s |" % (
                f0(med(r["reload_ms"] for r in ok)), f0(med(r["base_rps"] for r in ok)),
                f0(med(r["min_pct"] for r in ok)), f0(med(r["mean_pct"] for r in ok)),
                f0(med(r["after_pct"] for r in ok)), f0(med(r["recover_ms"] for r in ok)),
                " / ".join(str(r["errors"]) for r in ok)))
            p("")

    if "apps" in WORKLOADS:
        apps_report(p, fw_res, fw_err)

    # Targets (issue "Performance").
    p("### Targets")
    p("")

    def tgt(label, val, goal, ok):
        p("- %s: %s (target %s) — %s" % (label, val, goal, "met" if ok else "**not met**"))

    ka_s = med(r["rps"] for r in results.get(("keepalive", "shoal"), []))
    ka_c = med(r["rps"] for r in results.get(("keepalive", "node-cluster"), []))
    cl_s = med(r["rps"] for r in results.get(("close", "shoal"), []))
    cl_c = med(r["rps"] for r in results.get(("close", "node-cluster"), []))
    if ka_s and ka_c:
        tgt("HTTP/1.1 keep-alive, shoal / node-cluster", "%.2fx" % (ka_s / ka_c), ">= 1.5x", ka_s / ka_c >= 1.5)
    if cl_s and cl_c:
        tgt("Connection: close, shoal / node-cluster", "%.2fx" % (cl_s / cl_c), ">= 1.2x", cl_s / cl_c >= 1.2)
    ws = med(worker_start.get("fork") or [])
    if ws:
        tgt("worker start-up (spawn to ready, standard library loaded)", "%.1f ms" % ws, "< 30 ms",
            ws < 30)
    for fw in apps.FRAMEWORKS:
        for route in ("hello", "json"):
            fs = med(r["rps"] for r in fw_res.get((fw, route, "shoal"), []))
            fc = med(r["rps"] for r in fw_res.get((fw, route, "node-cluster"), []))
            if fs and fc:
                tgt("%s, shoal / node-cluster" % APP_ROUTES[fw][route], "%.2fx" % (fs / fc), ">= 1.5x",
                    fs / fc >= 1.5)
    if rss.get("shoal") and rss["shoal"]["idle"]:
        v = sum(rss["shoal"]["idle"]) / len(rss["shoal"]["idle"]) / 1024
        tgt("idle worker RSS", "%.1f MiB" % v, "< 30 MiB", v < 30)
    p("")

    text = "\n".join(out)
    print(text)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    os.makedirs(os.path.join(BENCH, "results"), exist_ok=True)
    with open(os.path.join(BENCH, "results", stamp + ".md"), "w") as f:
        f.write(text + "\n")
    with open(os.path.join(BENCH, "results", stamp + ".json"), "w") as f:
        json.dump({"results": {"%s/%s" % k: v for k, v in results.items()}, "isolation": iso,
                   "startup": startup, "worker_start": worker_start, "rss": rss, "reload": rel, "versions": vers}, f, indent=1, default=str)
    log("report saved to", os.path.join(BENCH, "results", stamp + ".md"))


if __name__ == "__main__":
    main()
