"""Growing past one machine: two shoal nodes behind HAProxy, upgraded one
after the other under load without a failed request (docs/deployment.md).

Each node is a network namespace of its own, joined to the test's namespace
by a veth pair on a private subnet (10.213.1.0/24, 10.213.2.0/24; no other
address, no route), running a real `shoal start` cluster (2 workers, the
health path on) through `ip netns exec`. HAProxy runs in the test's
namespace with `option httpchk` on the health path and `balance roundrobin`,
and `retries 0`: nothing hides a request the nodes fail. Under steady load
(keep-alive and fresh connections), each node in turn: `shoal ctl drain`
(health 503, every other request still served), wait until HAProxy's
`show stat` says DOWN, `shoal ctl upgrade`, wait until UP. Root only (network
namespaces); the suite runs as root inside tests/lib/isolated."""
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from ops_util import Cluster, ctl_status, run_tests, wait_for, wrapped  # noqa: E402
from ports import free_port  # noqa: E402

HEALTH = "/healthz"
NODE_PORT = 8080  # inside a node's own namespace: nothing else listens there
APP = "module.exports = (req, res) => res.end('%s ' + process.pid);\n"


def sh(*cmd):
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}: exit {p.returncode}: {p.stderr.strip()}")


class Node:
    """A namespace NAME with address 10.213.N.2 (the test's side: 10.213.N.1)
    and a shoal cluster in it."""

    def __init__(self, shoal, name, n, tag):
        self.name, self.addr = f"{tag}{name}", f"10.213.{n}.2"
        self.label = name
        host_if, node_if = f"{tag}{name}h", f"{tag}{name}n"
        self.host_if = host_if
        sh("ip", "netns", "add", self.name)
        try:
            sh("ip", "link", "add", host_if, "type", "veth", "peer", "name", node_if, "netns",
               self.name)
            sh("ip", "addr", "add", f"10.213.{n}.1/24", "dev", host_if)
            sh("ip", "link", "set", host_if, "up")
            for cmd in (["link", "set", "lo", "up"],
                        ["addr", "add", f"{self.addr}/24", "dev", node_if],
                        ["link", "set", node_if, "up"]):
                sh("ip", "-n", self.name, *cmd)
        except Exception:
            subprocess.run(["ip", "netns", "del", self.name], capture_output=True)
            raise
        # idle_timeout_ms above HAProxy's: as docs/configuration.md says for
        # any balancer. HAProxy keeps idle server connections for reuse; with
        # the 5 s default a node could close one just as HAProxy sends on it,
        # and HAProxy (retries 0) then closes its client without an answer,
        # the keep-alive race every HTTP/1.1 proxy has, not a lost request.
        self.c = Cluster(shoal, APP % name, config={
            "workers": 2, "health": {"path": HEALTH}, "control": {"socket": "ctl.sock"},
            "drain_ms": 10000, "limits": {"idle_timeout_ms": 120000},
            "listen": [{"host": self.addr, "port": NODE_PORT}]})
        self.c.host, self.c.port, self.c.real_shoal = self.addr, NODE_PORT, shoal
        self.c.shoal = wrapped(f"ip netns exec {self.name} {shoal}", self.c.dir, ":")
        self.sock = os.path.join(self.c.dir, "ctl.sock")

    def ctl(self, *args):
        p = self.c.ctl(*args, timeout=120)
        assert p.returncode == 0, (self.label, args, p.stdout, p.stderr, self.c.logs())
        return p.stdout

    def pids(self):
        return subprocess.run(["ip", "netns", "pids", self.name], capture_output=True,
                              text=True).stdout.split()

    def close(self):
        self.c.close()
        left = wait_for(lambda: not self.pids(), 20)
        for pid in self.pids():  # only what this test started in its namespace
            os.kill(int(pid), signal.SIGKILL)
        # The pair first, at once: a namespace's deletion frees its devices
        # later (the kernel's cleanup work), and a veth left for a moment
        # would make the next test's `ip link add` fail with "File exists".
        subprocess.run(["ip", "link", "del", self.host_if], capture_output=True)
        subprocess.run(["ip", "netns", "del", self.name], capture_output=True)
        shutil.rmtree(self.c.dir, ignore_errors=True)
        return left


HAPROXY_CFG = """global
    stats socket {dir}/haproxy.sock mode 600 level admin
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    retries 0
frontend web
    bind 127.0.0.1:{port}
    default_backend shoal
backend shoal
    balance roundrobin
    option httpchk
    http-check send meth GET uri {health} ver HTTP/1.1 hdr Host shoal
    http-check expect status 200
    default-server check inter 200ms fall 2 rise 2
    server a {a}:{node_port}
    server b {b}:{node_port}
"""


class HAProxy:
    def __init__(self, a, b):
        self.dir = tempfile.mkdtemp(prefix="shoal-2nodes-")
        self.port = free_port()
        cfg = os.path.join(self.dir, "haproxy.cfg")
        with open(cfg, "w") as f:
            f.write(HAPROXY_CFG.format(dir=self.dir, port=self.port, health=HEALTH, a=a.addr,
                                       b=b.addr, node_port=NODE_PORT))
        self.log = open(os.path.join(self.dir, "haproxy.log"), "w+")
        self.proc = subprocess.Popen(["haproxy", "-db", "-f", cfg], stdout=self.log,
                                     stderr=subprocess.STDOUT)

    def states(self):
        """{server: status} from `show stat` ({} while the socket is not there)."""
        try:
            s = socket.socket(socket.AF_UNIX)
            s.settimeout(5)
            s.connect(os.path.join(self.dir, "haproxy.sock"))
            s.sendall(b"show stat\n")
            out = b""
            while chunk := s.recv(65536):
                out += chunk
            s.close()
        except OSError:
            return {}
        lines = out.decode().splitlines()
        head = lines[0].lstrip("# ").split(",")
        rows = [dict(zip(head, ln.split(","))) for ln in lines[1:] if ln]
        return {r["svname"]: r["status"] for r in rows if r["pxname"] == "shoal"
                and r["svname"] not in ("BACKEND", "FRONTEND")}

    def wait(self, server, status, timeout=60):
        assert wait_for(lambda: self.states().get(server) == status, timeout), \
            (server, status, self.states())

    def close(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=20)
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


class Load:
    """Requests through HAProxy until stopped: keep-alive clients and clients
    opening a connection per request. Every response must be 200 from a node."""

    def __init__(self, port, keepalive=3, fresh=2):
        self.port, self.phase = port, "before"
        self.served = {}  # phase -> set of node labels
        self.ok, self.failures = 0, []
        self.lock, self.stop = threading.Lock(), threading.Event()
        self.threads = [threading.Thread(target=self.run, args=(k,), daemon=True)
                        for k in [True] * keepalive + [False] * fresh]
        for t in self.threads:
            t.start()

    def one(self, conn):
        conn.request("GET", "/")
        r = conn.getresponse()
        body = r.read().decode()
        return r.status, body, r.getheader("connection", "")

    def run(self, keepalive):
        conn = None
        while not self.stop.is_set():
            phase = self.phase
            try:
                conn = conn or http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                status, body, connection = self.one(conn)
                if status != 200:
                    raise AssertionError(f"{status} {body!r}")
                with self.lock:
                    self.ok += 1
                    self.served.setdefault(phase, set()).add(body.split()[0])
                if not keepalive or connection.lower() == "close":
                    conn.close()
                    conn = None
            except Exception as e:  # noqa: BLE001 (every kind of failure counts)
                with self.lock:
                    self.failures.append(f"{phase}: {type(e).__name__}: {e}")
                if conn:
                    conn.close()
                conn = None

    def seen(self, phase):
        with self.lock:
            return set(self.served.get(phase, ()))

    def finish(self):
        self.stop.set()
        for t in self.threads:
            t.join(60)


def upgrade(node):
    """`shoal ctl upgrade`: the same master pid, new workers, sockets kept."""
    assert "upgrade" in node.ctl("upgrade")
    assert ctl_status(node.c)["master"]["health_down"] is False  # a new image starts undrained


def restart(node):
    """The node goes away and comes back (a package upgrade with a service
    restart, a reboot): `shoal ctl stop`, then a new `shoal start`."""
    assert node.ctl("stop") == "stopping (graceful)\n"
    assert node.c.proc.wait(timeout=60) == 0, node.c.logs()
    node.c.start(timeout=30)


def roll(node, other, hp, load, step):
    """The rolling step for one node: drain, out of rotation, step, back."""
    pids = sorted(node.c.worker_pids())
    load.phase = f"drain {node.label}"
    assert node.ctl("drain") == "drain: ok\n"
    # The node still serves; only its health path says 503.
    assert node.c.get(HEALTH)[0] == 503 and node.c.get("/")[0] == 200
    hp.wait(node.label, "DOWN")
    hp.wait(other.label, "UP")
    # Out of rotation means out: a hundred requests later, none reached it.
    load.phase = f"out {node.label}"
    start = load.ok
    assert wait_for(lambda: load.ok > start + 100, 60), load.ok
    assert load.seen(load.phase) == {other.label}, load.served
    load.phase = f"{step.__name__} {node.label}"
    step(node)
    assert wait_for(lambda: not set(node.c.worker_pids()) & set(pids), 30), \
        (pids, node.c.worker_pids())
    hp.wait(node.label, "UP")
    load.phase = f"after {node.label}"


def test_rolling_upgrade_behind_haproxy(shoal):
    rolling(shoal, upgrade)


def test_rolling_restart_behind_haproxy(shoal):
    rolling(shoal, restart)


ROLLS = []  # rolling()'s runs in this process


def rolling(shoal, step):
    if os.geteuid() != 0:
        print("  skipped: not root (network namespaces)", flush=True)
        return
    # Names unique on this machine (/run/netns is shared) and to each test.
    ROLLS.append(step)
    tag = f"s{os.getpid() % 100000}{len(ROLLS)}"
    nodes, hp, load = [], None, None
    try:
        nodes.append(Node(shoal, "a", 1, tag))
        nodes.append(Node(shoal, "b", 2, tag))
        a, b = nodes
        a.c.start(timeout=30)
        b.c.start(timeout=30)
        hp = HAProxy(a, b)
        hp.wait("a", "UP")
        hp.wait("b", "UP")
        load = Load(hp.port)
        assert wait_for(lambda: load.seen("before") == {"a", "b"}, 30), load.served
        roll(a, b, hp, load, step)
        roll(b, a, hp, load, step)
        load.phase = "after"
        assert wait_for(lambda: load.seen("after") == {"a", "b"} and load.ok > 200, 60), \
            (load.served, load.ok)
        load.finish()
        print(f"  {load.ok} requests, {len(load.failures)} failed; served by phase: "
              f"{ {k: sorted(v) for k, v in load.served.items()} }", flush=True)
        assert not load.failures, (len(load.failures), load.failures[:10])
    finally:
        if load:
            load.finish()
        if hp:
            hp.close()
        left = [n.label for n in nodes if not n.close()]
    assert not left, f"processes left in the namespaces of {left}"
    out = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout
    assert tag not in out, out


if __name__ == "__main__":
    sys.exit(run_tests(globals()))
