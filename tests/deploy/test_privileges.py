#!/usr/bin/env python3
"""Privileges: as root, a cluster with "user": "nobody" binds a port below
1024 (the master, as root) and serves it from workers that run as nobody.

Checks: a request on the privileged port is served; every shoal-runtime child
of the master has nobody's uid (real, effective, saved) and group in
/proc/PID/status; the app itself sees nobody's uid; the master keeps root;
the control socket belongs to nobody, who may use `shoal ctl`; after a reload
the new workers are nobody too. Skipped when not root.
"""
import grp
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from deploy_util import Cluster, Results, parse_args, proc_uids, wait_for  # noqa: E402
from ports import free_privileged_port  # noqa: E402

APP = r"""
module.exports = (req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ uid: process.getuid(), gid: process.getgid(), pid: process.pid }));
};
"""


def proc_gids(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("Gid:"):
                return tuple(int(x) for x in line.split()[1:5])
    return None


def ctl_copy(cl, shoal):
    """A copy of the shoal binary in the test's folder: another user may not
    reach the build (a checkout under /root is mode 0700)."""
    path = os.path.join(cl.dir, "shoal-ctl-copy")
    if not os.path.exists(path):
        shutil.copy(shoal, path)
        os.chmod(path, 0o755)
    return path


def as_user(uid, gid):
    def drop():
        os.setgroups([])
        os.setgid(gid)
        os.setuid(uid)
    return drop


def test_nobody(r, shoal, nobody):
    port = free_privileged_port()
    if port is None:
        r.skip("privileged port", "no free port below 1024 on 127.0.0.1")
        return
    cl = Cluster(shoal, APP, port=port, config={"user": "nobody", "workers": 2,
                                                 "health": {"path": "/healthz"}})
    try:
        cl.start()
        status, _, body = cl.get("/whoami")
        r.check("request served on privileged port %d" % port, status == 200,
                "%r %r\n%s" % (status, body, cl.logs()))
        seen = json.loads(body) if status == 200 else {}
        r.check("app runs with nobody's uid", seen.get("uid") == nobody.pw_uid, repr(seen))

        pids = wait_for(lambda: len(cl.workers()) == 2 and cl.workers(), timeout=5) or []
        r.check("two shoal-runtime workers", len(pids) == 2, "pids %r" % pids)
        uids = {pid: proc_uids(pid) for pid in pids}
        r.check("worker uids (real/effective/saved/fs) are nobody's",
                pids and all(u == (nobody.pw_uid,) * 4 for u in uids.values()),
                "uids %r, nobody %d" % (uids, nobody.pw_uid))
        gids = {pid: proc_gids(pid) for pid in pids}
        r.check("worker gids are nobody's group",
                pids and all(g == (nobody.pw_gid,) * 4 for g in gids.values()),
                "gids %r, expected %d" % (gids, nobody.pw_gid))
        r.check("master keeps root (it owns the privileged listener)",
                proc_uids(cl.proc.pid)[1] == 0, repr(proc_uids(cl.proc.pid)))

        sock = os.path.join(cl.dir, "shoal.sock")
        st = os.stat(sock)
        r.check("control socket owned by root, mode 0600 (not the workers' user)",
                st.st_uid == 0 and (st.st_mode & 0o777) == 0o600,
                "uid %d mode %o" % (st.st_uid, st.st_mode & 0o777))
        os.chmod(sock, 0o666)  # even when reachable, the peer check refuses nobody
        os.chmod(cl.dir, 0o755)
        p = subprocess.run([ctl_copy(cl, shoal), "ctl", "--socket", sock, "stop"],
                           capture_output=True, text=True, timeout=10,
                           preexec_fn=as_user(nobody.pw_uid, nobody.pw_gid))
        os.chmod(sock, 0o600)
        r.check("nobody (the app's user) may not use shoal ctl",
                p.returncode == 1 and "permission denied" in p.stderr and cl.proc.poll() is None,
                "exit %d: %s %s" % (p.returncode, p.stdout, p.stderr))

        p = subprocess.run([shoal, "ctl", "--config", cl.config_path, "reload"],
                           capture_output=True, text=True, timeout=60)
        r.check("reload as root succeeds", p.returncode == 0, p.stderr)
        new = wait_for(lambda: (lambda w: len(w) == 2 and not set(w) & set(pids) and w)(
            cl.workers()), timeout=10) or []
        r.check("new-generation workers run as nobody",
                len(new) == 2 and all(proc_uids(pid)[1] == nobody.pw_uid for pid in new),
                "new %r" % {p_: proc_uids(p_) for p_ in new})
        status, _, body = cl.get("/after")
        r.check("served after reload", status == 200, repr(body))
        rc = cl.stop(signal.SIGTERM)
        r.check("graceful stop exits 0", rc == 0, "exit %r\n%s" % (rc, cl.logs()))
    finally:
        cl.close()


def test_control_group(r, shoal, nobody):
    """control.group: the socket is root:GROUP 0660 and the group's members may use ctl."""
    group = grp.getgrgid(nobody.pw_gid).gr_name
    cl = Cluster(shoal, APP, port=None, config={"user": "nobody", "workers": 1,
                                                 "control": {"group": group}})
    try:
        cl.start()
        os.chmod(cl.dir, 0o755)
        sock = os.path.join(cl.dir, "shoal.sock")
        st = os.stat(sock)
        r.check("control socket root:%s 0660" % group,
                st.st_uid == 0 and st.st_gid == nobody.pw_gid and (st.st_mode & 0o777) == 0o660,
                "uid %d gid %d mode %o" % (st.st_uid, st.st_gid, st.st_mode & 0o777))
        p = subprocess.run([ctl_copy(cl, shoal), "ctl", "--socket", sock, "status", "--json"],
                           capture_output=True, text=True, timeout=10,
                           preexec_fn=as_user(nobody.pw_uid, nobody.pw_gid))
        r.check("a member of control.group may use shoal ctl",
                p.returncode == 0 and '"ok"' in p.stdout,
                "exit %d: %s %s" % (p.returncode, p.stdout, p.stderr))
    finally:
        cl.close()


LISTEN_APP = r"""
const http = require('http');
const own = http.createServer((q, r) => r.end('own'));
own.on('error', (e) => console.log('APP-LISTEN-ERROR ' + e.code));
own.listen(Number(process.env.OWN_PORT), () => console.log('APP-LISTENING'));
module.exports = (req, res) => res.end('ok');
"""


def test_app_listen_contained(r, shoal, nobody):
    """With "user", an app's own listen() on a port the config does not allow is refused
    (EACCES); the root master does not bind it. allow_app_listen lets it."""
    port = free_privileged_port()
    if port is None:
        r.skip("app listen", "no free port below 1024 on 127.0.0.1")
        return
    for allow, want in (([], "APP-LISTEN-ERROR EACCES"), ([port], "APP-LISTENING")):
        cl = Cluster(shoal, LISTEN_APP, config={"user": "nobody", "workers": 1,
                                                "allow_app_listen": allow,
                                                "env": {"OWN_PORT": str(port)}})
        try:
            cl.start()
            seen = wait_for(lambda: want in cl.logs(), timeout=10)
            r.check("allow_app_listen %r: %s" % (allow, want), seen, cl.logs()[-1500:])
            with socket.socket() as s:
                bound = s.connect_ex(("127.0.0.1", port)) == 0
            r.check("allow_app_listen %r: port %d %s" % (allow, port,
                                                         "bound" if allow else "not bound"),
                    bound == bool(allow), cl.logs()[-1500:])
        finally:
            cl.close()


def test_unreadable_tls_key(r, shoal, nobody):
    """A TLS key the workers' user cannot read: `shoal check`, start and reload refuse it
    with a message naming the key and the user (it used to pass, then fail every
    handshake)."""
    cl = Cluster(shoal, APP, config={"user": "nobody", "workers": 1})
    try:
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:P-256", "-nodes", "-keyout", cl.path("key.pem"),
                        "-out", cl.path("cert.pem"), "-days", "2", "-subj", "/CN=localhost"],
                       check=True, capture_output=True, timeout=30)
        os.chmod(cl.path("cert.pem"), 0o644)
        os.chmod(cl.path("key.pem"), 0o600)  # root only
        with open(cl.config_path) as f:
            cfg = json.load(f)
        cfg["listen"][0]["tls"] = {"cert": "cert.pem", "key": "key.pem"}
        with open(cl.config_path, "w") as f:
            json.dump(cfg, f)
        p = subprocess.run([shoal, "check", cl.config_path], capture_output=True, text=True,
                           timeout=10)
        r.check("check refuses a key nobody cannot read",
                p.returncode == 1 and "tls.key" in p.stderr and "nobody" in p.stderr
                and "key.pem" in p.stderr, "exit %d: %s" % (p.returncode, p.stderr))
        p = subprocess.run([shoal, "start", cl.config_path], capture_output=True, text=True,
                           timeout=20, cwd=cl.dir)
        r.check("start refuses it", p.returncode == 1 and "tls.key" in p.stderr,
                "exit %d: %s" % (p.returncode, p.stderr))
        os.chmod(cl.path("key.pem"), 0o644)
        cl.start(wait=False)
        ok = wait_for(lambda: "ready in" in cl.logs(), timeout=15)
        r.check("starts once readable", ok, cl.logs()[-1500:])
        os.chmod(cl.path("key.pem"), 0o600)
        p = subprocess.run([shoal, "ctl", "--config", cl.config_path, "reload"],
                           capture_output=True, text=True, timeout=60)
        r.check("reload refuses it", p.returncode == 1 and "tls.key" in p.stderr,
                "exit %d: %s" % (p.returncode, p.stderr))
    finally:
        cl.close()


def main():
    args = parse_args()
    r = Results()
    if os.geteuid() != 0:
        r.skip("privileges", "not root: cannot bind ports below 1024 nor switch users")
        r.finish()
    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        r.skip("privileges", "no user named nobody on this machine")
        r.finish()
    r.run("user nobody on a privileged port", test_nobody, r, args.shoal, nobody)
    r.run("control.group", test_control_group, r, args.shoal, nobody)
    r.run("app listen contained", test_app_listen_contained, r, args.shoal, nobody)
    r.run("unreadable TLS key", test_unreadable_tls_key, r, args.shoal, nobody)
    r.finish()


if __name__ == "__main__":
    main()
