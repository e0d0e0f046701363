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
import sys
import traceback
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from shoaltest import App, Cluster, expect, fail, free_port, ok, summary  # noqa: E402

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


def jbody(b):
    return json.loads(b.decode())


# --- per-framework checks (port) -> None, raising on failure -------------------

def check_common(port, name):
    s, h, b = request(port, "GET", "/")
    expect(s == 200 and b == f"hello {name}".encode(), (s, b))
    expect(h.get("x-middleware") == name, h)
    s, h, b = request(port, "GET", "/users/42?q=x")
    expect(s == 200 and jbody(b) == {"id": "42", "q": "x"}, (s, b))
    expect(h.get("content-type", "").startswith("application/json"), h)
    s, h, b = request(port, "POST", "/echo", body=json.dumps({"a": [1, 2]}),
                      headers={"Content-Type": "application/json"})
    expect(s == 201 and jbody(b)["got"] == {"a": [1, 2]}, (s, b))
    # keep-alive: several requests on one connection
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        for i in range(3):
            conn.request("GET", f"/users/{i}")
            r = conn.getresponse()
            expect(r.status == 200 and jbody(r.read())["id"] == str(i), "keep-alive")
    finally:
        conn.close()


def check_express(port):
    check_common(port, "express")
    s, h, b = request(port, "GET", "/static/index.html")
    expect(s == 200 and b"static hello" in b and h.get("content-type", "").startswith("text/html"),
           (s, h, b))
    expect("etag" in h and "last-modified" in h, h)
    s, h, b = request(port, "GET", "/static/index.html", headers={"If-None-Match": h["etag"]})
    expect(s == 304 and b == b"", (s, b))
    # Range: the first 5 bytes (send module) -> 206 + Content-Range
    size = os.path.getsize(os.path.join(HERE, "public", "index.html"))
    s, h, b = request(port, "GET", "/static/index.html", headers={"Range": "bytes=0-4"})
    expect(s == 206 and b == b"<h1>s" and h.get("content-range") == f"bytes 0-4/{size}"
           and h.get("content-length") == "5", (s, h, b))
    s, h, b = request(port, "GET", "/static/index.html", headers={"Range": f"bytes={size + 10}-"})
    expect(s == 416 and jbody(b) == {"error": "Range Not Satisfiable"}, (s, h, b))
    # res.sendFile: same file, its own ETag, 304 on If-None-Match
    s, h, b = request(port, "GET", "/file")
    expect(s == 200 and b"static hello" in b and h.get("content-type", "").startswith("text/html")
           and "etag" in h, (s, h, b))
    s, h, b = request(port, "GET", "/file", headers={"If-None-Match": h["etag"]})
    expect(s == 304 and b == b"", (s, h, b))
    # cookie-parser: req.cookies / req.signedCookies, res.cookie -> Set-Cookie
    s, h, b = request(port, "GET", "/cookies", headers={"Cookie": "a=1; b=two%20words"},
                      all_headers=True)
    j = jbody(b)
    expect(s == 200 and j["cookies"] == {"a": "1", "b": "two words"} and j["signed"] == {},
           (s, b))
    cookies = h.get("set-cookie", [])
    expect(len(cookies) == 2, h)
    expect(any(c.startswith("seen=yes;") and "HttpOnly" in c and "Path=/" in c for c in cookies),
           cookies)
    signed = [c.split(";")[0] for c in cookies if c.startswith("signed=")]
    expect(len(signed) == 1 and signed[0].startswith("signed=s%3Av1."), cookies)
    s, h, b = request(port, "GET", "/cookies", headers={"Cookie": signed[0]})
    expect(s == 200 and jbody(b)["signed"] == {"signed": "v1"}, (s, b))
    # compression: gzip when asked for, identity otherwise
    text = b"shoal compresses " * 200
    s, h, b = request(port, "GET", "/gz/text", headers={"Accept-Encoding": "gzip"})
    expect(s == 200 and h.get("content-encoding") == "gzip" and "accept-encoding" in
           h.get("vary", "").lower(), (s, h))
    expect(len(b) < len(text) and gzip.decompress(b) == text, (len(b), b[:40]))
    s, h, b = request(port, "GET", "/gz/json", headers={"Accept-Encoding": "gzip, deflate"})
    expect(s == 200 and h.get("content-encoding") == "gzip", (s, h))
    expect(json.loads(gzip.decompress(b))["items"][99] == {"i": 99}, b[:40])
    s, h, b = request(port, "GET", "/gz/text")
    expect(s == 200 and "content-encoding" not in h and b == text, (s, h, b[:40]))
    # res.redirect with a status
    s, h, b = request(port, "GET", "/moved")
    expect(s == 301 and h.get("location") == "/users/1?q=moved", (s, h))
    s, h, b = request(port, "POST", "/echo", body="a=1&b=2",
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
    expect(s == 201 and jbody(b)["got"] == {"a": "1", "b": "2"}, (s, b))
    s, h, b = request(port, "GET", "/static/style.css")
    expect(s == 200 and h.get("content-type", "").startswith("text/css"), (s, h))
    s, h, b = request(port, "POST", "/form", body="name=shoal",
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
    expect(s == 200 and b == b"name=shoal", (s, b))
    s, h, b = request(port, "GET", "/boom")
    expect(s == 500 and jbody(b) == {"error": "kaboom"}, (s, b))
    s, h, b = request(port, "GET", "/async-boom")
    expect(s == 500 and jbody(b) == {"error": "later"}, (s, b))
    s, h, b = request(port, "GET", "/nope")
    expect(s == 404 and b == b"not here", (s, b))
    s, h, b = request(port, "GET", "/redirect")
    expect(s == 302 and h.get("location") == "/", (s, h))
    s, h, b = request(port, "GET", "/api/items")
    expect(s == 200 and jbody(b) == [1, 2, 3], (s, b))
    s, h, b = request(port, "POST", "/echo", body="{bad json",
                      headers={"Content-Type": "application/json"})
    expect(s == 400 or s == 500, (s, b))


def check_koa(port):
    check_common(port, "koa")
    s, h, b = request(port, "GET", "/stream")
    expect(s == 200 and b == b"abc", (s, b))
    s, h, b = request(port, "GET", "/boom")
    expect(s == 418 and jbody(b) == {"error": "teapot here"}, (s, b))
    s, h, b = request(port, "GET", "/crash")
    expect(s == 500 and jbody(b) == {"error": "crashed"}, (s, b))
    s, h, b = request(port, "GET", "/users/7")
    expect("x-response-time" in h, h)
    s, h, b = request(port, "GET", "/nope")
    expect(s == 404, (s, b))
    s, h, b = request(port, "PUT", "/users/1")
    expect(s == 405 and "allow" in h, (s, h))
    # koa-body: JSON and urlencoded bodies
    s, h, b = request(port, "POST", "/body", body=json.dumps({"x": 1, "y": ["z"]}),
                      headers={"Content-Type": "application/json"})
    expect(s == 200 and jbody(b) == {"body": {"x": 1, "y": ["z"]}, "type": "application/json"},
           (s, b))
    s, h, b = request(port, "POST", "/body", body="name=shoal&n=2",
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
    expect(s == 200 and jbody(b) == {"body": {"name": "shoal", "n": "2"},
                                     "type": "application/x-www-form-urlencoded"}, (s, b))


def check_hono(port):
    check_common(port, "hono")
    s, h, b = request(port, "GET", "/boom")
    expect(s == 500 and jbody(b) == {"error": "hono kaboom"}, (s, b))
    s, h, b = request(port, "GET", "/nope")
    expect(s == 404 and b == b"not here", (s, b))


def check_hono_fetch(port):
    check_common(port, "hono")
    s, h, b = request(port, "GET", "/boom")
    expect(s == 500 and jbody(b) == {"error": "hono kaboom"}, (s, b))
    s, h, b = request(port, "GET", "/nope")
    expect(s == 404 and b == b"not here", (s, b))
    s, h, b = request(port, "POST", "/form", body="name=fetch",
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
    expect(s == 200 and jbody(b) == {"name": "fetch"}, (s, b))
    s, h, b = request(port, "GET", "/headers?x=1", headers={"User-Agent": "shoal-test"})
    expect(s == 200 and jbody(b) == {"ua": "shoal-test",
                                     "url": f"http://127.0.0.1:{port}/headers?x=1"}, (s, b))


CHECKS = {"express": check_express, "koa": check_koa, "hono": check_hono,
          "hono_fetch": check_hono_fetch}


# --- runners ------------------------------------------------------------------

def run_under_shoal(shoal, script, cwd, check_fn, env=None):
    """`shoal run SCRIPT` in CWD on a port of its own (PORT), then
    check_fn(port); the app's stderr is printed when the check fails. Shared
    by the app tests of this folder."""
    port = free_port()
    with App([shoal, "run"], script=script, cwd=cwd, env=dict(env or {}, PORT=str(port)),
             port=port, port_timeout=20, prefix="shoal-apps-") as app:
        try:
            check_fn(port)
        except Exception:
            print(app.stderr())
            raise


def run_single(shoal, name):
    run_under_shoal(shoal, os.path.join(HERE, f"{name}_app.js"), HERE, CHECKS[name])


def run_cluster(shoal, name):
    """NAME's app in 2 workers: it calls listen(PORT) itself (the workers
    share that port), or, under the fetch contract, the master listens."""
    port = free_port()
    app = os.path.join(HERE, f"{name}_app.js")
    config = {"workers": 2, "app": app, "env": {"PORT": str(port)},
              "listen": [{"host": "127.0.0.1", "port": port}] if name in FETCH_APPS else []}
    c = Cluster(shoal, None, config=config, app_name=app, port=port, cwd=HERE, remove_dir=True,
                prefix="shoal-apps-")
    try:
        c.start(timeout=30)
        CHECKS[name](c.port)
        pids = {c.get("/pid")[2] for _ in range(30)}
        expect(len(pids) >= 1, "answers with a pid", pids)
    except Exception:
        print(c.logs())
        raise
    finally:
        c.close()


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
