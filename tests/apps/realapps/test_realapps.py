#!/usr/bin/env python3
"""Real applications on unmodified npm packages (tests/apps/realapps/
package-lock.json, installed by scripts/setup.sh): koa 3 (@koa/router,
koa-bodyparser), NestJS 10 (platform-express, decorators applied by hand),
pg + ioredis against a real PostgreSQL and Redis the test starts, undici and
axios as clients, fs-extra; and a Next.js 16 app (nextjs/, its own lock
file) built by scripts/setup.sh with output: 'standalone', whose generated
.next/standalone/server.js runs unmodified. Each app serves HTTP; the same
requests are
sent to it under `shoal run` and in a 2-worker `shoal start` cluster, and
the answers (status, content type, body) must equal
tests/apps/realapps/expected/NAME.out, recorded from Node 20:

    python3 tests/apps/realapps/test_realapps.py --shoal build/shoal [-k koa] [-x nextjs]
    python3 tests/apps/realapps/test_realapps.py --record /usr/bin/node   # re-record

The requests are sequential (but for one concurrent burst on Next.js) and
the apps keep no state that differs between workers, so the answers are the
same whichever worker takes each. Next.js pages are compared by what they
render (title, the <main> element, the scripts they load), not byte for
byte: the error digest Next puts in a 500 page hashes the error's stack,
which depends on when the timers ran, in Node too."""
import argparse
import concurrent.futures
import gzip
import http.client
import os
import re
import shutil
import subprocess
import sys
import tempfile
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "lib"))
from dbservers import Postgres, Redis, pg_bin  # noqa: E402
from shoaltest import App, Cluster, check, finish, free_port  # noqa: E402

JSON = {"Content-Type": "application/json"}

REQUESTS = {
    "koa3_app.js": [
        ("GET", "/api/users/1"), ("GET", "/api/users/9"),
        ("POST", "/api/users", '{"name":"grace"}', JSON),
        ("POST", "/api/users", '{"name":7}', JSON),
        ("POST", "/api/users", '{"name":', JSON),
        ("GET", "/api/teapot"), ("GET", "/api/boom"),
        ("GET", "/api/q?a=1&b=two&b=2"), ("DELETE", "/api/users/1"), ("GET", "/nowhere"),
    ],
    "nest_app.js": [
        ("GET", "/items"), ("GET", "/items?limit=0"), ("GET", "/items/1"), ("GET", "/items/7"),
        ("GET", "/items/abc"), ("POST", "/items", '{"name":"  hammer "}', JSON),
        ("POST", "/items", '{"name":"x"}', JSON), ("GET", "/items/async/later"),
        ("PATCH", "/items/1"), ("GET", "/missing"),
    ],
    "clients_app.js": [
        ("GET", "/undici/request"), ("GET", "/undici/fetch"), ("GET", "/undici/pool"),
        ("GET", "/undici/error"), ("GET", "/axios/get"), ("GET", "/axios/post"),
        ("GET", "/axios/interceptors"), ("GET", "/axios/error"),
    ],
    "fsextra_app.js": [("GET", "/fs"), ("GET", "/fs"), ("GET", "/other")],
    "pgredis_app.js": [
        ("GET", "/item/1"), ("GET", "/item/1"), ("GET", "/item/2"), ("GET", "/item/1"),
        ("GET", "/item/99"), ("GET", "/count"), ("GET", "/sql-error"), ("GET", "/pipeline"),
    ],
    "nextjs": [
        ("GET", "/greet/ada?times=2&b=1", None, {"X-Test-Client": "realapps"}),
        ("GET", "/greet/zo%C3%A9"), ("GET", "/greet/gzip", None, {"Accept-Encoding": "gzip"}),
        ("GET", "/boom"), ("GET", "/ssr?x=1", None, {"Accept-Language": "fr"}),
        ("GET", "/ssr?go=ann"), ("GET", "/ssr?missing=1"),
        ("GET", "/_next/data/shoal-nextjs-test/ssr.json?x=2"),
        ("GET", "/api/items"), ("GET", "/api/items?name=rope"),
        ("POST", "/api/items", '{"name":" Grace "}', JSON),
        ("POST", "/api/items", '{"name":', JSON), ("POST", "/api/items", '{"name":7}', JSON),
        ("DELETE", "/api/items"), ("OPTIONS", "/api/items"),
        ("GET", "/hello.txt"), ("HEAD", "/hello.txt"), ("GET", "/hello.txt", None, {"Range": "bytes=0-4"}),
        ("GET", "/data.json"), ("GET", "/_next/static/missing.js"), ("GET", "/nowhere"),
    ],
}
APPS = list(REQUESTS)
# Apps whose script is not NAME itself: Next's generated standalone server.
SCRIPTS = {"nextjs": "nextjs/.next/standalone/server.js"}
NEXT_STATIC = os.path.join(HERE, "nextjs", ".next", "standalone", ".next", "static")
# Response headers the Next.js answers show (the others carry dates or
# mtimes, or are framing: see docs/compatibility.md on Content-Length).
NEXT_HEADERS = ("location", "cache-control", "content-encoding", "content-range", "allow",
                "x-powered-by", "x-item-id")
PG_SCHEMA = ("CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, price numeric(8,2));"
             "INSERT INTO items VALUES (1, 'anvil', 12.50), (2, 'rope', 3.25);")


def fetch(port, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return r, r.read()
    finally:
        conn.close()


def call(port, method, path, body=None, headers=None, show=None):
    r, data = fetch(port, method, path, body, headers)
    kind = (r.getheader("Content-Type") or "-").replace(" ", "")
    shown = show(port, path, r, data) if show else data.decode()
    return f"{method} {path} -> {r.status} {kind} {shown}"


def next_page(html):
    """What a Next.js page rendered: its title, its <main> element, and the
    scripts it loads."""
    title = re.search(r"<title>(.*?)</title>", html)
    main = re.search(r'<main id="out">.*?</main>', html)
    scripts = len(re.findall(r'<script src="/_next/static/', html))
    digest = re.search(r'digest\\?":\\?"\d+', html) is not None  # plain or in the RSC payload
    return (f"title={title.group(1) if title else '-'} main={main.group(0) if main else '-'} "
            f"scripts={scripts} digest={digest}")


def next_static(port, html):
    """Every /_next/static file the page names, fetched: each must be the
    build's own bytes."""
    names = sorted(set(re.findall(r'(?:src|href)="/_next/static/([^"]+)"', html)))
    bad = []
    for n in names:
        r, data = fetch(port, "GET", "/_next/static/" + n)
        with open(os.path.join(NEXT_STATIC, n), "rb") as f:
            if r.status != 200 or data != f.read() or "javascript" not in r.getheader(
                    "Content-Type", ""):
                bad.append(f"{n}: {r.status} {len(data)} bytes")
        cache = r.getheader("Cache-Control")
    return f"{len(names)} files, cache-control {cache}, wrong: {bad}"


def next_show(port, path, r, data):
    heads = " ".join(f"{h}={r.getheader(h)}" for h in NEXT_HEADERS if r.getheader(h))
    if r.getheader("Content-Encoding") == "gzip":
        data = gzip.decompress(data)
    text = data.decode()
    if (r.getheader("Content-Type") or "").startswith("text/html"):
        page = text
        text = next_page(page)
        if path == REQUESTS["nextjs"][0][1]:  # the first page: the files it loads
            text += "; static: " + next_static(port, page)
    return f"[{heads}] {text}"


def next_burst(port):
    """16 requests at once, each with its own header: Next reads it through
    AsyncLocalStorage (headers()), so each page must show its own."""
    def one(i):
        r, data = fetch(port, "GET", f"/greet/n{i}?times={i % 3 + 1}",
                        headers={"X-Test-Client": f"client-{i}"})
        html = data.decode()
        return (r.status == 200 and f'<p id="agent">client-{i}</p>' in html
                and html.count(f"Hello, n{i}!") >= i % 3 + 1)
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        good = sum(pool.map(one, range(16)))
    return f"burst of 16 concurrent pages -> {good} answered with their own request\n"


SHOW = {"nextjs": next_show}
EXTRA = {"nextjs": next_burst}


def answers(port, name):
    show = SHOW.get(name)
    out = "".join(call(port, *req, show=show) + "\n" for req in REQUESTS[name])
    return out + (EXTRA[name](port) if name in EXTRA else "")


def expected_path(name):
    return os.path.join(HERE, "expected", os.path.splitext(name)[0] + ".out")


def under_process(cmd, name, env, label, want):
    port = free_port()
    try:
        p = App(cmd, script=SCRIPTS.get(name, name), cwd=HERE, env=dict(env, PORT=str(port)), port=port,
                port_timeout=60, prefix="shoal-realapps-")
    except RuntimeError as e:
        return check(False, label, str(e))
    try:
        got = answers(port, name)
        if want is None:  # --record
            os.makedirs(os.path.dirname(expected_path(name)), exist_ok=True)
            with open(expected_path(name), "w") as f:
                f.write(got)
            return check(True, f"recorded {label}")
        return check(got == want, label, f"\n--- want\n{want}--- got\n{got}--- output\n{p.stderr()[-3000:]}")
    except Exception as e:  # noqa: BLE001  (a FAIL line)
        return check(False, label, f"{type(e).__name__}: {e}\n{p.stderr()[-3000:]}")
    finally:
        p.stop()


def under_cluster(shoal, name, env, label, want):
    port = free_port()
    cl = Cluster(shoal, None, app_name=os.path.join(HERE, SCRIPTS.get(name, name)), port=port,
                 remove_dir=True,
                 config={"listen": [], "env": dict(env, PORT=str(port))})
    try:
        cl.start(timeout=60)
        got = answers(port, name)
        return check(got == want, label, f"\n--- want\n{want}--- got\n{got}{cl.logs()[-3000:]}")
    except Exception as e:  # noqa: BLE001  (a FAIL line)
        return check(False, label, f"{type(e).__name__}: {e}\n{cl.logs()[-3000:]}")
    finally:
        cl.close()


def run_app(args, name, env_for):
    """env_for(mode) gives the app's environment for one run (fresh keys)."""
    if args.record:
        return under_process([args.record], name, env_for("node"), f"{name} (node)", None)
    with open(expected_path(name)) as f:
        want = f.read()
    a = under_process([args.shoal, "run"], name, env_for("run"), f"{name} (shoal run)", want)
    b = under_cluster(args.shoal, name, env_for("cluster"), f"{name} (shoal start, 2 workers)", want)
    return a and b


def run_pgredis(args, tmp):
    if not (pg_bin("initdb") and pg_bin("postgres") and shutil.which("redis-server")):
        return check(False, "pgredis_app.js", "PostgreSQL or redis-server missing: run scripts/setup.sh")
    pg, redis = Postgres(tmp), Redis(tmp)
    try:
        pg.start()
        redis.start()
        db_env = {"PGHOST": "127.0.0.1", "PGPORT": str(pg.port), "PGUSER": "shoal",
                  "PGPASSWORD": "s3cret", "PGDATABASE": "postgres"}
        subprocess.run([pg_bin("psql"), "-v", "ON_ERROR_STOP=1", "-qc", PG_SCHEMA], check=True,
                       capture_output=True, env=dict(os.environ, **db_env), timeout=60)
        run_id = uuid.uuid4().hex[:8]
        return run_app(args, "pgredis_app.js", lambda mode: dict(
            db_env, REDIS_PORT=str(redis.port), KEY_PREFIX=f"{run_id}:{mode}:"))
    finally:
        redis.stop()
        pg.stop()


def run_nextjs(args):
    if not os.path.exists(os.path.join(HERE, SCRIPTS["nextjs"])):
        return check(False, "nextjs", "tests/apps/realapps/nextjs not built: run scripts/setup.sh")
    return run_app(args, "nextjs", lambda mode: {"HOSTNAME": "127.0.0.1",
                                                 "NEXT_TELEMETRY_DISABLED": "1"})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shoal")
    ap.add_argument("-k", help="only apps whose name contains this")
    ap.add_argument("-x", help="not the apps whose name contains this")
    ap.add_argument("--record", metavar="NODE", help="record expected/*.out with Node 20 instead")
    args = ap.parse_args()
    if args.shoal:
        args.shoal = os.path.abspath(args.shoal)
    elif not args.record:
        ap.error("--shoal or --record")
    if not os.path.exists(os.path.join(HERE, "node_modules", ".package-lock.json")):
        check(False, "apps/realapps", "tests/apps/realapps/node_modules missing: run scripts/setup.sh")
        finish()
    tmp = tempfile.mkdtemp(prefix="shoal-realapps-")
    try:
        for name in APPS:
            if (args.k and args.k not in name) or (args.x and args.x in name):
                continue
            if name == "pgredis_app.js":
                run_pgredis(args, tmp)
            elif name == "nextjs":
                run_nextjs(args)
            else:
                run_app(args, name, lambda mode: {})
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    finish()


if __name__ == "__main__":
    main()
