#!/usr/bin/env python3
"""deploy/examples: the example cluster and one example per app contract,
run for real.

  - make-cert.sh writes a usable self-signed certificate (into a temporary
    folder here) and certs/ is git-ignored;
  - cluster.json passes `shoal check` and, started with its ports moved to
    free ones, serves the light route, the JSON route (valid and invalid
    bodies), the CPU-heavy route while another worker keeps answering, the
    health path, and TLS on the second listener;
  - listener.js, fetch.js, esm.mjs (config listener) and listen-itself.js
    (the app binds its own port through the master) each serve a request.
"""
import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from deploy_util import REPO, Cluster, Results, free_port, http_get, parse_args  # noqa: E402

EX = os.path.join(REPO, "deploy", "examples")


def make_cert(r, tmp):
    p = subprocess.run(["sh", os.path.join(EX, "make-cert.sh"), tmp], capture_output=True,
                       text=True, timeout=60)
    ok = p.returncode == 0 and os.path.getsize(os.path.join(tmp, "cert.pem")) > 0
    r.check("make-cert.sh writes cert.pem and key.pem", ok, p.stdout + p.stderr)
    p2 = subprocess.run(["sh", os.path.join(EX, "make-cert.sh"), tmp], capture_output=True,
                        text=True, timeout=60)
    r.check("make-cert.sh is idempotent", p2.returncode == 0 and "exists" in p2.stdout,
            p2.stdout + p2.stderr)
    if shutil.which("openssl"):
        p3 = subprocess.run(["openssl", "x509", "-in", os.path.join(tmp, "cert.pem"), "-noout",
                             "-subject", "-ext", "subjectAltName"], capture_output=True, text=True)
        r.check("certificate is for localhost", "localhost" in p3.stdout, p3.stdout + p3.stderr)
    if shutil.which("git") and os.path.isdir(os.path.join(REPO, ".git")):
        p4 = subprocess.run(["git", "-C", REPO, "check-ignore", "-q",
                             "deploy/examples/certs/key.pem"])
        r.check("deploy/examples/certs/ is git-ignored", p4.returncode == 0)
    return ok


def test_cluster(r, shoal, tmp):
    with open(os.path.join(EX, "cluster.json")) as f:
        cfg = json.load(f)
    p = subprocess.run([shoal, "check", os.path.join(EX, "cluster.json")], capture_output=True,
                       text=True, timeout=30)
    have_certs = os.path.exists(os.path.join(EX, "certs", "key.pem"))
    r.check("cluster.json passes shoal check" + ("" if have_certs else " (but for its certs)"),
            p.returncode == 0 or (not have_certs and "certs/" in p.stderr), p.stderr)
    http_port, tls_port, mport = free_port(), free_port(), free_port()
    listen = []
    for l in cfg["listen"]:
        l = dict(l, host="127.0.0.1")
        if "tls" in l:
            l["port"] = tls_port
            l["tls"] = {"cert": os.path.join(tmp, "cert.pem"), "key": os.path.join(tmp, "key.pem")}
        else:
            l["port"] = http_port
        listen.append(l)
    with open(os.path.join(EX, "app.js")) as f:
        app = f.read()
    over = {k: v for k, v in cfg.items() if k not in ("app", "control")}
    over.update(workers=2, listen=listen, metrics={"listen": "127.0.0.1:%d" % mport},
                log={"access": "off"})
    cl = Cluster(shoal, app, config=over, port=http_port)
    try:
        cl.start()
        s, _, b = cl.get("/")
        r.check("light route", s == 200 and b.startswith(b"hello from worker"), repr(b))
        s, h, b = cl.get("/echo", method="POST", body=json.dumps({"a": [1, 2]}),
                         headers={"content-type": "application/json"})
        r.check("JSON route parses the body", s == 200 and json.loads(b)["received"] == {
            "a": [1, 2]}, repr(b))
        s, _, b = cl.get("/echo", method="POST", body="{nope")
        r.check("JSON route rejects bad JSON with 400", s == 400, "%r %r" % (s, b))
        health = cfg["health"]["path"]
        s, _, b = cl.get(health)
        r.check("health path", s == 200 and b == b"ok\n", repr(b))

        heavy = {}
        t = threading.Thread(target=lambda: heavy.update(r=cl.get("/fib?n=34", timeout=60)))
        t0 = time.time()
        t.start()
        time.sleep(0.2)
        s, _, b = cl.get("/", timeout=10)
        light_s = time.time() - t0
        t.join(60)
        hs, _, hb = heavy.get("r", (None, None, b""))
        r.check("CPU-heavy route answers", hs == 200 and json.loads(hb)["value"] == 5702887,
                repr(hb))
        r.check("light route served while a worker computes", s == 200, "%r after %.2fs" % (
            s, light_s))

        ctx = ssl.create_default_context(cafile=os.path.join(tmp, "cert.pem"))
        try:
            with socket.create_connection(("127.0.0.1", tls_port), timeout=5) as raw:
                with ctx.wrap_socket(raw, server_hostname="localhost") as tls:
                    tls.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    data = b""
                    while True:
                        chunk = tls.recv(65536)
                        if not chunk:
                            break
                        data += chunk
            r.check("TLS listener serves the app", data.startswith(b"HTTP/1.1 200") and
                    b"hello from worker" in data, repr(data[:200]))
        except (OSError, ssl.SSLError) as e:
            r.fail("TLS listener serves the app",
                   "TLS handshake on the 8443 listener failed (%s: %s)" % (type(e).__name__, e))
        s, _, b = http_get(mport, "/metrics")
        r.check("metrics listener", s == 200 and b"shoal_" in b, repr(b[:100]))
    finally:
        cl.close()


def test_contract(r, shoal, name, path="/", expect=b"", own_port=False, body=None):
    with open(os.path.join(EX, name)) as f:
        src = f.read()
    port = free_port()
    env = dict(os.environ, PORT=str(port)) if own_port else None
    config = {"listen": []} if own_port else {}
    cl = Cluster(shoal, src, app_name=name, port=port, env=env, config=config)
    try:
        cl.start()
        s, _, b = cl.get(path, method="POST" if body else "GET", body=body,
                         headers={"content-type": "application/json"} if body else {})
        r.check("%s serves %s" % (name, path), s == 200 and expect in b, "%r %r\n%s" % (
            s, b, cl.logs()))
    finally:
        cl.close()


def main():
    args = parse_args()
    r = Results()
    tmp = tempfile.mkdtemp(prefix="shoal-examples-")
    try:
        if r.run("make-cert.sh", make_cert, r, tmp):
            r.run("example cluster", test_cluster, r, args.shoal, tmp)
        r.run("listener.js", test_contract, r, args.shoal, "listener.js", "/hello",
              b"GET /hello served by pid")
        r.run("fetch.js", test_contract, r, args.shoal, "fetch.js", "/greet?name=shoal",
              b"hello, shoal")
        r.run("fetch.js POST", test_contract, r, args.shoal, "fetch.js", "/echo", b'{"x":1}',
              False, b'{"x":1}')
        r.run("esm.mjs", test_contract, r, args.shoal, "esm.mjs", "/", b'"module":"esm"')
        r.run("listen-itself.js", test_contract, r, args.shoal, "listen-itself.js", "/",
              b"listening itself on", True)
        r.check("hello.js kept", os.path.exists(os.path.join(EX, "hello.js")))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    r.finish()


if __name__ == "__main__":
    main()
