#!/usr/bin/env python3
"""Real npm frameworks (express 4 + cookie-parser + compression, koa 2 +
@koa/router + koa-body, hono 4 + @hono/node-server), unmodified, under shoal:
each small app in this folder runs under `shoal run`, then in a 2-worker
cluster (`shoal start`) where the app calls listen() itself, and is checked
with Python's http.client. hono_fetch exports `{ fetch }` (the Web handler
contract): it runs only under `shoal start`, with `listen` in the config, and
the worker calls app.fetch().

    python3 tests/apps/test_frameworks.py --shoal build/shoal [-k express]

The packages come from package-lock.json, installed into
tests/apps/node_modules by scripts/setup.sh."""
import argparse
import gzip
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
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from shoaltest import fail, free_port, ok, summary  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
APPS = ["express", "koa", "hono", "hono_fetch"]
# Apps following the fetch contract: the master listens (config `listen`).
FETCH_APPS = {"hono_fetch"}


def ensure_modules():
    marker = os.path.join(HERE, "node_modules", ".package-lock.json")
    if not os.path.exists(marker):
        raise SystemExit("FAIL apps/frameworks: tests/apps/node_modules is missing: "
                         "run scripts/setup.sh (it installs package-lock.json)")


def request(port, method, path, body=None, headers=None, timeout=10, all_headers=False):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        if all_headers:  # repeated fields (Set-Cookie) kept as lists
            hs = {}
            for k, v in resp.getheaders():
                hs.setdefault(k.lower(), []).append(v)
            return resp.status, hs, resp.read()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def wait_port(port, proc, logs, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"exited early ({proc.returncode}):\n{logs()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("did not start listening:\n" + logs())


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def jbody(b):
    return json.loads(b.decode())


# --- per-framework checks (port) -> None, raising on failure -------------------

def check_common(port, name):
    s, h, b = request(port, "GET", "/")
    check(s == 200 and b == f"hello {name}".encode(), (s, b))
    check(h.get("x-middleware") == name, h)
    s, h, b = request(port, "GET", "/users/42?q=x")
    check(s == 200 and jbody(b) == {"id": "42", "q": "x"}, (s, b))
    check(h.get("content-type", "").startswith("application/json"), h)
    s, h, b = request(port, "POST", "/echo", body=json.dumps({"a": [1, 2]}),
                      headers={"Content-Type": "application/json"})
    check(s == 201 and jbody(b)["got"] == {"a": [1, 2]}, (s, b))
    # keep-alive: several requests on one connection
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        for i in range(3):
            conn.request("GET", f"/users/{i}")
            r = conn.getresponse()
            check(r.status == 200 and jbody(r.read())["id"] == str(i), "keep-alive")
    finally:
        conn.close()


def check_express(port):
    check_common(port, "express")
    s, h, b = request(port, "GET", "/static/index.html")
    check(s == 200 and b"static hello" in b and h.get("content-type", "").startswith("text/html"),
          (s, h, b))
    check("etag" in h and "last-modified" in h, h)
    s, h, b = request(port, "GET", "/static/index.html", headers={"If-None-Match": h["etag"]})
    check(s == 304 and b == b"", (s, b))
    # Range: the first 5 bytes (send module) -> 206 + Content-Range
    size = os.path.getsize(os.path.join(HERE, "public", "index.html"))
    s, h, b = request(port, "GET", "/static/index.html", headers={"Range": "bytes=0-4"})
    check(s == 206 and b == b"<h1>s" and h.get("content-range") == f"bytes 0-4/{size}"
          and h.get("content-length") == "5", (s, h, b))
    s, h, b = request(port, "GET", "/static/index.html", headers={"Range": f"bytes={size + 10}-"})
    check(s == 416 and jbody(b) == {"error": "Range Not Satisfiable"}, (s, h, b))
    # res.sendFile: same file, its own ETag, 304 on If-None-Match
    s, h, b = request(port, "GET", "/file")
    check(s == 200 and b"static hello" in b and h.get("content-type", "").startswith("text/html")
          and "etag" in h, (s, h, b))
    s, h, b = request(port, "GET", "/file", headers={"If-None-Match": h["etag"]})
    check(s == 304 and b == b"", (s, h, b))
    # cookie-parser: req.cookies / req.signedCookies, res.cookie -> Set-Cookie
    s, h, b = request(port, "GET", "/cookies", headers={"Cookie": "a=1; b=two%20words"},
                      all_headers=True)
    j = jbody(b)
    check(s == 200 and j["cookies"] == {"a": "1", "b": "two words"} and j["signed"] == {},
          (s, b))
    cookies = h.get("set-cookie", [])
    check(len(cookies) == 2, h)
    check(any(c.startswith("seen=yes;") and "HttpOnly" in c and "Path=/" in c for c in cookies),
          cookies)
    signed = [c.split(";")[0] for c in cookies if c.startswith("signed=")]
    check(len(signed) == 1 and signed[0].startswith("signed=s%3Av1."), cookies)
    s, h, b = request(port, "GET", "/cookies", headers={"Cookie": signed[0]})
    check(s == 200 and jbody(b)["signed"] == {"signed": "v1"}, (s, b))
    # compression: gzip when asked for, identity otherwise
    expect = b"shoal compresses " * 200
    s, h, b = request(port, "GET", "/gz/text", headers={"Accept-Encoding": "gzip"})
    check(s == 200 and h.get("content-encoding") == "gzip" and "accept-encoding" in
          h.get("vary", "").lower(), (s, h))
    check(len(b) < len(expect) and gzip.decompress(b) == expect, (len(b), b[:40]))
    s, h, b = request(port, "GET", "/gz/json", headers={"Accept-Encoding": "gzip, deflate"})
    check(s == 200 and h.get("content-encoding") == "gzip", (s, h))
    check(json.loads(gzip.decompress(b))["items"][99] == {"i": 99}, b[:40])
    s, h, b = request(port, "GET", "/gz/text")
    check(s == 200 and "content-encoding" not in h and b == expect, (s, h, b[:40]))
    # res.redirect with a status
    s, h, b = request(port, "GET", "/moved")
    check(s == 301 and h.get("location") == "/users/1?q=moved", (s, h))
    s, h, b = request(port, "POST", "/echo", body="a=1&b=2",
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
    check(s == 201 and jbody(b)["got"] == {"a": "1", "b": "2"}, (s, b))
    s, h, b = request(port, "GET", "/static/style.css")
    check(s == 200 and h.get("content-type", "").startswith("text/css"), (s, h))
    s, h, b = request(port, "POST", "/form", body="name=shoal",
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
    check(s == 200 and b == b"name=shoal", (s, b))
    s, h, b = request(port, "GET", "/boom")
    check(s == 500 and jbody(b) == {"error": "kaboom"}, (s, b))
    s, h, b = request(port, "GET", "/async-boom")
    check(s == 500 and jbody(b) == {"error": "later"}, (s, b))
    s, h, b = request(port, "GET", "/nope")
    check(s == 404 and b == b"not here", (s, b))
    s, h, b = request(port, "GET", "/redirect")
    check(s == 302 and h.get("location") == "/", (s, h))
    s, h, b = request(port, "GET", "/api/items")
    check(s == 200 and jbody(b) == [1, 2, 3], (s, b))
    s, h, b = request(port, "POST", "/echo", body="{bad json",
                      headers={"Content-Type": "application/json"})
    check(s == 400 or s == 500, (s, b))


def check_koa(port):
    check_common(port, "koa")
    s, h, b = request(port, "GET", "/stream")
    check(s == 200 and b == b"abc", (s, b))
    s, h, b = request(port, "GET", "/boom")
    check(s == 418 and jbody(b) == {"error": "teapot here"}, (s, b))
    s, h, b = request(port, "GET", "/crash")
    check(s == 500 and jbody(b) == {"error": "crashed"}, (s, b))
    s, h, b = request(port, "GET", "/users/7")
    check("x-response-time" in h, h)
    s, h, b = request(port, "GET", "/nope")
    check(s == 404, (s, b))
    s, h, b = request(port, "PUT", "/users/1")
    check(s == 405 and "allow" in h, (s, h))
    # koa-body: JSON and urlencoded bodies
    s, h, b = request(port, "POST", "/body", body=json.dumps({"x": 1, "y": ["z"]}),
                      headers={"Content-Type": "application/json"})
    check(s == 200 and jbody(b) == {"body": {"x": 1, "y": ["z"]}, "type": "application/json"},
          (s, b))
    s, h, b = request(port, "POST", "/body", body="name=shoal&n=2",
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
    check(s == 200 and jbody(b) == {"body": {"name": "shoal", "n": "2"},
                                     "type": "application/x-www-form-urlencoded"}, (s, b))


def check_hono(port):
    check_common(port, "hono")
    s, h, b = request(port, "GET", "/boom")
    check(s == 500 and jbody(b) == {"error": "hono kaboom"}, (s, b))
    s, h, b = request(port, "GET", "/nope")
    check(s == 404 and b == b"not here", (s, b))


def check_hono_fetch(port):
    check_common(port, "hono")
    s, h, b = request(port, "GET", "/boom")
    check(s == 500 and jbody(b) == {"error": "hono kaboom"}, (s, b))
    s, h, b = request(port, "GET", "/nope")
    check(s == 404 and b == b"not here", (s, b))
    s, h, b = request(port, "POST", "/form", body="name=fetch",
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
    check(s == 200 and jbody(b) == {"name": "fetch"}, (s, b))
    s, h, b = request(port, "GET", "/headers?x=1", headers={"User-Agent": "shoal-test"})
    check(s == 200 and jbody(b) == {"ua": "shoal-test",
                                     "url": f"http://127.0.0.1:{port}/headers?x=1"}, (s, b))


CHECKS = {"express": check_express, "koa": check_koa, "hono": check_hono,
          "hono_fetch": check_hono_fetch}


# --- runners ------------------------------------------------------------------

def run_under_shoal(shoal, script, cwd, check_fn, env=None):
    """`shoal run SCRIPT` on a port of its own (PORT), then check_fn(port);
    the app's output is printed when the check fails. Shared by the app
    tests of this folder."""
    port = free_port()
    env = dict(os.environ, PORT=str(port), **(env or {}))
    out = tempfile.TemporaryFile(mode="w+")
    proc = subprocess.Popen([shoal, "run", script], cwd=cwd, env=env, stdout=out,
                            stderr=subprocess.STDOUT, start_new_session=True)

    def logs():
        out.seek(0)
        return out.read()
    try:
        wait_port(port, proc, logs)
        check_fn(port)
    except Exception:
        print(logs())
        raise
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        out.close()


def run_single(shoal, name):
    run_under_shoal(shoal, os.path.join(HERE, f"{name}_app.js"), HERE, CHECKS[name])


def run_cluster(shoal, name):
    port = free_port()
    d = tempfile.mkdtemp(prefix="shoal-apps-")
    cfg = {
        "app": os.path.join(HERE, f"{name}_app.js"),
        "workers": 2,
        # The app calls listen(PORT) itself; the workers share that port.
        "listen": [],
        "env": {"PORT": str(port)},
        "log": {"access": "off"},
    }
    if name in FETCH_APPS:
        # fetch contract: the master binds, the worker calls app.fetch()
        cfg["listen"] = [{"host": "127.0.0.1", "port": port}]
    cfg_path = os.path.join(d, "shoal.json")
    with open(cfg_path, "w") as f:
        json.dump(cfg, f)
    out = open(os.path.join(d, "master.out"), "w+")
    proc = subprocess.Popen([shoal, "start", cfg_path], cwd=HERE, stdout=out,
                            stderr=subprocess.STDOUT, start_new_session=True)

    def logs():
        out.flush()
        with open(out.name) as f:
            return f.read()
    try:
        wait_port(port, proc, logs)
        # wait until a worker answers
        deadline = time.time() + 20
        while True:
            try:
                s, _, _ = request(port, "GET", "/", timeout=2)
                if s == 200:
                    break
            except OSError:
                pass
            if time.time() > deadline:
                raise RuntimeError("no worker answered:\n" + logs())
            time.sleep(0.1)
        CHECKS[name](port)
        pids = set()
        for _ in range(30):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", "/pid")
            pids.add(conn.getresponse().read())
            conn.close()
        check(len(pids) >= 1, pids)
    except Exception:
        print(logs())
        raise
    finally:
        if proc.poll() is None:
            try:
                os.kill(proc.pid, signal.SIGTERM)
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        out.close()
        shutil.rmtree(d, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shoal", required=True)
    ap.add_argument("-k", default="", help="run only apps whose name contains this")
    args = ap.parse_args()
    shoal = os.path.abspath(args.shoal)
    ensure_modules()
    for name in APPS:
        if args.k not in name:
            continue
        modes = (("run", run_single), ("cluster", run_cluster))
        if name in FETCH_APPS:  # `shoal run` has no listener for a handler export
            modes = (("cluster", run_cluster),)
        for mode, fn in modes:
            label = f"{name}/{mode}"
            try:
                fn(shoal, name)
                ok(label)
            except Exception:
                fail(label)
                traceback.print_exc(file=sys.stdout)
            sys.stdout.flush()
    sys.exit(summary())


if __name__ == "__main__":
    main()
