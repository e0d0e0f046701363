"""`"sticky": "cookie"` listeners (master/sticky_cookie.h): the master peeks at a new
connection's request head for the shoal_worker cookie and hands the connection to that
worker; workers set the cookie on their responses; no cookie, a cookie naming a worker that
is gone, or nothing sent within the peek's time go by balance."""
import json
import os
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cluster_util import Cluster, run_tests, wait_for  # noqa: E402

APP = r"""
module.exports = (req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ id: require('cluster').worker.id, cookie: req.headers.cookie || null }));
};
"""


def start(shoal, listen_extra=None, workers=2):
    c = Cluster(shoal, APP, config={"workers": workers, "control": {"socket": "ctl.sock"}})
    with open(c.config_path) as f:
        cfg = json.load(f)
    cfg["listen"][0]["sticky"] = "cookie"
    cfg["listen"][0].update(listen_extra or {})
    with open(c.config_path, "w") as f:
        json.dump(cfg, f)
    return c.start()


def ask(c, cookie=None):
    status, headers, body = c.get("/", headers={"Cookie": cookie} if cookie else {})
    assert status == 200, (status, body)
    return json.loads(body)["id"], headers.get("Set-Cookie")


def raw(c, chunks, pause=0.0):
    """Sends a request in chunks (pausing between them) on a new connection; the id."""
    s = socket.create_connection((c.host, c.port), timeout=10)
    try:
        for i, chunk in enumerate(chunks):
            if i:
                time.sleep(pause)
            s.sendall(chunk)
        data = b""
        while b"}" not in data:
            got = s.recv(4096)
            if not got:
                break
            data += got
        return json.loads(data.split(b"\r\n\r\n", 1)[1])["id"]
    finally:
        s.close()


def ctl(c, *args):
    p = subprocess.run([c.shoal, "ctl", "--socket", os.path.join(c.dir, "ctl.sock"), *args],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, (args, p.stdout, p.stderr, c.logs()[-2000:])
    return p.stdout


def ids(c):
    return sorted(w["id"] for w in json.loads(ctl(c, "status", "--json"))["workers"]
                  if w["state"] == "ready")


def test_cookie_picks_the_worker(shoal):
    c = start(shoal)
    try:
        live = ids(c)
        assert len(live) == 2, live
        # without the cookie: balance picks; the answer sets the answering worker's cookie
        wid, setc = ask(c)
        assert setc == "shoal_worker=%d; Path=/; HttpOnly; SameSite=Lax" % wid, setc
        for w in live:
            for _ in range(12):
                got, setc = ask(c, "theme=dark; shoal_worker=%d; x=y" % w)
                assert got == w, (got, w)
                assert setc is None, setc  # it had the right cookie already
        # the head arrives in pieces: the master looks again until the cookie is there
        for w in live:
            head = b"GET / HTTP/1.1\r\nHost: x\r\n"
            assert raw(c, [head, b"Cookie: shoal_worker=%d\r\nConnection: close\r\n\r\n" % w],
                       pause=0.05) == w
    finally:
        c.close()


def test_silent_client_and_unknown_worker_go_by_balance(shoal):
    c = start(shoal)
    try:
        live = ids(c)
        # nothing sent within the peek's 500 ms: handed over by balance, still answered
        got = raw(c, [b"", b"GET / HTTP/1.1\r\nHost: x\r\nCookie: shoal_worker=%d\r\n"
                           b"Connection: close\r\n\r\n" % live[0]], pause=0.8)
        assert got in live, got
        wid, setc = ask(c, "shoal_worker=999")
        assert wid in live and setc == "shoal_worker=%d; Path=/; HttpOnly; SameSite=Lax" % wid
    finally:
        c.close()


def test_gone_worker_rehashes(shoal):
    c = start(shoal)
    try:
        live = ids(c)
        ctl(c, "scale", "1")
        assert wait_for(lambda: len(ids(c)) == 1, 20), ids(c)
        gone = (set(live) - set(ids(c))).pop()
        wid, setc = ask(c, "shoal_worker=%d" % gone)
        assert wid != gone and setc == "shoal_worker=%d; Path=/; HttpOnly; SameSite=Lax" % wid
        # and with its new cookie it stays there
        assert ask(c, "shoal_worker=%d" % wid) == (wid, None)
    finally:
        c.close()


def test_tls_listener_refuses_cookie(shoal):
    c = Cluster(shoal, APP)
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=localhost", "-keyout", os.path.join(c.dir, "k.pem"),
                    "-out", os.path.join(c.dir, "c.pem")], check=True, capture_output=True)
    with open(c.config_path) as f:
        cfg = json.load(f)
    cfg["listen"][0].update({"sticky": "cookie", "tls": {"cert": "c.pem", "key": "k.pem"}})
    with open(c.config_path, "w") as f:
        json.dump(cfg, f)
    r = subprocess.run([shoal, "check", c.config_path], capture_output=True, text=True, cwd=c.dir)
    assert r.returncode != 0 and "needs a cleartext listener" in r.stdout + r.stderr, r


if __name__ == "__main__":
    sys.exit(run_tests(globals()))
