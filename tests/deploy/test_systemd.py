#!/usr/bin/env python3
"""systemd integration: socket activation and sd_notify, driven for real.

The real master runs under `systemd-socket-activate -l 127.0.0.1:PORT`
(which binds the port, waits for the first connection and execs the master
with LISTEN_PID/LISTEN_FDS) with NOTIFY_SOCKET pointing at a Unix datagram
socket this test listens on, as systemd's manager would. Checks:
  - the connection that triggered the activation is served, through the
    passed socket (the master adopts it instead of binding);
  - READY=1 with MAINPID = the master's pid arrives once every worker is ready;
  - kill -HUP gives RELOADING=1 then READY=1 (with a new generation serving);
  - TERM gives STOPPING=1 and a clean exit;
  - `systemd-analyze verify` accepts deploy/systemd/shoal.service and .socket.
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from deploy_util import REPO, Cluster, Results, free_port, parse_args  # noqa: E402

APP = r"""
module.exports = (req, res) => {
  res.setHeader('content-type', 'text/plain');
  res.end('activated pid=' + process.pid + '\n');
};
"""


class Notify:
    """A datagram socket standing in for systemd's notify socket."""

    def __init__(self, path):
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(path)
        self.messages = []  # (time, {key: value})

    def wait(self, key, value=None, timeout=20, after=0):
        """The first message (index >= after) with KEY(=VALUE); returns (index, fields)."""
        deadline = time.time() + timeout
        i = after
        while True:
            while i < len(self.messages):
                fields = self.messages[i][1]
                if key in fields and (value is None or fields[key] == value):
                    return i, fields
                i += 1
            left = deadline - time.time()
            if left <= 0:
                return None, None
            self.sock.settimeout(left)
            try:
                data = self.sock.recv(4096)
            except socket.timeout:
                return None, None
            fields = {}
            for line in data.decode(errors="replace").splitlines():
                if "=" in line:
                    k, v = line.split("=", 1)
                    fields[k] = v
            self.messages.append((time.time(), fields))

    def close(self):
        self.sock.close()


def ctl_status(shoal, config):
    r = subprocess.run([shoal, "ctl", "--config", config, "status", "--json"],
                       capture_output=True, text=True, timeout=10)
    if r.returncode != 0:
        return None
    return json.loads(r.stdout)


def first_request(port, timeout=25):
    """Connects (this wakes systemd-socket-activate, which execs the master)
    and sends a request on that same connection; returns the raw response."""
    deadline = time.time() + timeout
    while True:
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=1)
            break
        except OSError:
            if time.time() > deadline:
                raise
            time.sleep(0.05)
    with s:
        s.settimeout(timeout)
        s.sendall(b"GET /first HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    return data


def test_activation(r, shoal, activate):
    port = free_port()
    tmp = tempfile.mkdtemp(prefix="shoal-notify-")
    notify = Notify(os.path.join(tmp, "notify.sock"))
    wrap = [activate, "-l", "127.0.0.1:%d" % port, "-E", "NOTIFY_SOCKET=" + notify.path]
    cl = Cluster(shoal, APP, port=port, wrap=wrap,
                 config={"workers": 2, "drain_ms": 5000, "health": {"path": "/healthz"}})
    try:
        cl.start(wait=False)
        # Before the first connection the master is not running: nothing but
        # systemd-socket-activate holds the port, and no READY was sent.
        time.sleep(0.3)
        r.check("no READY before activation", not notify.messages and cl.proc.poll() is None,
                "messages %r, exit %r" % (notify.messages, cl.proc.poll()))

        resp = first_request(port)
        r.check("activating connection served", resp.startswith(b"HTTP/1.1 200")
                and b"activated pid=" in resp, "response %r\n%s" % (resp[:200], cl.logs()))

        i, ready = notify.wait("READY", "1")
        if not r.check("READY=1 received", ready is not None,
                       "messages %r\n%s" % (notify.messages, cl.logs())):
            return
        r.check("READY carries MAINPID of the master", ready.get("MAINPID") == str(cl.proc.pid),
                "MAINPID %r, master pid %d" % (ready.get("MAINPID"), cl.proc.pid))
        st = ctl_status(shoal, cl.config_path)
        workers = st["workers"] if st else []
        r.check("READY only after every worker is ready",
                len(workers) == 2 and all(w["state"] == "ready" for w in workers),
                "status %r" % st)
        exe = os.readlink("/proc/%d/exe" % cl.proc.pid)
        r.check("systemd-socket-activate exec'd the master in place (same pid)",
                os.path.basename(exe).startswith("shoal"), "exe %s" % exe)

        # Served through the passed socket: the master did not bind its own
        # (it logged the adoption) and keeps serving on it.
        logs = cl.logs()
        r.check("master adopted the activated socket", "socket activation" in logs, logs)
        listeners = st.get("listeners", []) if st else []
        r.check("exactly one listener on the port", len([
            x for x in listeners if x.get("port") == port]) == 1, "listeners %r" % listeners)
        status, _, body = cl.get("/again")
        r.check("later connections served", status == 200 and body.startswith(b"activated"),
                "%r %r" % (status, body))

        # HUP: RELOADING=1, then READY=1 once the new generation serves.
        n = len(notify.messages)
        gen0 = st["master"].get("generation") if st else None
        cl.kill(signal.SIGHUP)
        j, reloading = notify.wait("RELOADING", "1", after=n)
        r.check("HUP sends RELOADING=1", reloading is not None, "messages %r" % notify.messages)
        k, ready2 = notify.wait("READY", "1", after=(j + 1) if j is not None else n)
        r.check("READY=1 after RELOADING=1", ready2 is not None and j is not None and k > j,
                "messages %r" % notify.messages[n:])
        if ready2 is not None:
            r.check("reload READY carries MAINPID", ready2.get("MAINPID") == str(cl.proc.pid),
                    repr(ready2))
        st2 = ctl_status(shoal, cl.config_path)
        gens = sorted({w["generation"] for w in st2["workers"]
                       if w["state"] != "draining"}) if st2 else []
        r.check("new generation serving after READY",
                st2 is not None and gen0 is not None and gens and min(gens) > gen0
                and sum(1 for w in st2["workers"] if w["state"] == "ready") == 2,
                "before gen %r, after %r" % (gen0, st2))
        status, _, _ = cl.get("/after-reload")
        r.check("serving after reload", status == 200, str(status))

        # TERM: STOPPING=1 and a clean exit.
        n = len(notify.messages)
        cl.kill(signal.SIGTERM)
        _, stopping = notify.wait("STOPPING", "1", after=n)
        r.check("TERM sends STOPPING=1", stopping is not None, "messages %r" % notify.messages[n:])
        if stopping is not None:
            r.check("STOPPING carries MAINPID", stopping.get("MAINPID") == str(cl.proc.pid),
                    repr(stopping))
        try:
            rc = cl.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            rc = None
        r.check("master exits 0 after TERM", rc == 0, "exit %r\n%s" % (rc, cl.logs()))
    finally:
        cl.close()
        notify.close()
        shutil.rmtree(tmp, ignore_errors=True)


def test_verify(r, shoal):
    analyze = shutil.which("systemd-analyze")
    if not analyze:
        raise RuntimeError("systemd-analyze is not installed: run scripts/setup.sh")
    src = os.path.join(REPO, "deploy", "systemd")
    tmp = tempfile.mkdtemp(prefix="shoal-units-")
    try:
        # verify insists that ExecStart's binary exists: point it at the build.
        for name in ("shoal.service", "shoal.socket"):
            with open(os.path.join(src, name)) as f:
                text = f.read().replace("/usr/local/bin/shoal", shoal)
            with open(os.path.join(tmp, name), "w") as f:
                f.write(text)
        p = subprocess.run([analyze, "verify", os.path.join(tmp, "shoal.service"),
                            os.path.join(tmp, "shoal.socket")],
                           capture_output=True, text=True, timeout=60)
        # verify exits 0 on unknown keys too: any diagnostic is a failure.
        out = (p.stdout + p.stderr).strip()
        r.check("systemd-analyze verify shoal.service shoal.socket",
                p.returncode == 0 and not out, "exit %d: %s" % (p.returncode, out))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def test_unit_fields(r):
    """The settings the brief fixes, read back from the unit files."""
    def parse(name):
        d = {}
        with open(os.path.join(REPO, "deploy", "systemd", name)) as f:
            for line in f:
                line = line.strip()
                if line and not line.startswith(("#", ";", "[")) and "=" in line:
                    k, v = line.split("=", 1)
                    d.setdefault(k.strip(), []).append(v.strip())
        return d
    svc, sock = parse("shoal.service"), parse("shoal.socket")
    one = lambda d, k: (d.get(k) or [None])[-1]  # noqa: E731
    r.check("service Type=notify", one(svc, "Type") == "notify")
    r.check("service NotifyAccess=main", one(svc, "NotifyAccess") == "main")
    r.check("service ExecStart", one(svc, "ExecStart") ==
            "/usr/local/bin/shoal start /etc/shoal/shoal.json")
    r.check("service ExecReload", one(svc, "ExecReload") ==
            "/usr/local/bin/shoal ctl --config /etc/shoal/shoal.json reload")
    r.check("service KillSignal=SIGTERM", one(svc, "KillSignal") == "SIGTERM")
    r.check("service Restart=on-failure", one(svc, "Restart") == "on-failure")
    with open(os.path.join(REPO, "deploy", "systemd", "shoal.json")) as f:
        drain_ms = json.load(f).get("drain_ms", 30000)
    tss = one(svc, "TimeoutStopSec") or "0"
    r.check("service TimeoutStopSec > drain_ms", tss.isdigit() and int(tss) * 1000 > drain_ms,
            "TimeoutStopSec=%s drain_ms=%d" % (tss, drain_ms))
    r.check("service uses the socket", "shoal.socket" in " ".join(svc.get("Requires", []))
            and "shoal.socket" in " ".join(svc.get("After", []))
            and "shoal.socket" in " ".join(svc.get("Sockets", [])))
    r.check("service does not set User= (root binds, workers drop)", "User" not in svc)
    caps = " ".join(svc.get("CapabilityBoundingSet", []))
    r.check("capabilities keep bind/setuid/setgid/kill/chown",
            all(c in caps for c in ("CAP_NET_BIND_SERVICE", "CAP_SETUID", "CAP_SETGID",
                                    "CAP_KILL", "CAP_CHOWN")), caps)
    r.check("no MemoryDenyWriteExecute (V8 JIT)", one(svc, "MemoryDenyWriteExecute") in
            (None, "no", "false"))
    r.check("socket ListenStream=8080", one(sock, "ListenStream") == "8080")


def main():
    args = parse_args()
    r = Results()
    activate = shutil.which("systemd-socket-activate")
    if activate:
        r.run("socket activation", test_activation, r, args.shoal, activate)
    else:
        r.fail("socket activation and sd_notify",
               "systemd-socket-activate is not installed: run scripts/setup.sh")
    r.run("systemd-analyze verify", test_verify, r, args.shoal)
    r.run("unit fields", test_unit_fields, r)
    r.finish()


if __name__ == "__main__":
    main()
