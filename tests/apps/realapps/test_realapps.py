#!/usr/bin/env python3
"""Real applications on unmodified npm packages (tests/apps/realapps/
package-lock.json, installed by scripts/setup.sh): koa 3 (@koa/router,
koa-bodyparser), NestJS 10 (platform-express, decorators applied by hand),
pg + ioredis against a real PostgreSQL and Redis the test starts, undici and
axios as clients, fs-extra. Each app serves HTTP; the same requests are
sent to it under `shoal run` and in a 2-worker `shoal start` cluster, and
the answers (status, content type, body) must equal
tests/apps/realapps/expected/NAME.out, recorded from Node 20:

    python3 tests/apps/realapps/test_realapps.py --shoal build/shoal [-k koa]
    python3 tests/apps/realapps/test_realapps.py --record /usr/bin/node   # re-record

The requests are sequential and the apps keep no state that differs between
workers, so the answers are the same whichever worker takes each."""
import argparse
import http.client
import os
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
}
APPS = list(REQUESTS)
PG_SCHEMA = ("CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, price numeric(8,2));"
             "INSERT INTO items VALUES (1, 'anvil', 12.50), (2, 'rope', 3.25);")


def call(port, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        kind = (r.getheader("Content-Type") or "-").replace(" ", "")
        return f"{method} {path} -> {r.status} {kind} {r.read().decode()}"
    finally:
        conn.close()


def answers(port, name):
    return "".join(call(port, *req) + "\n" for req in REQUESTS[name])


def expected_path(name):
    return os.path.join(HERE, "expected", os.path.splitext(name)[0] + ".out")


def under_process(cmd, name, env, label, want):
    port = free_port()
    try:
        p = App(cmd, script=name, cwd=HERE, env=dict(env, PORT=str(port)), port=port,
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
    cl = Cluster(shoal, None, app_name=os.path.join(HERE, name), port=port, remove_dir=True,
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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shoal")
    ap.add_argument("-k", help="only apps whose name contains this")
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
            if args.k and args.k not in name:
                continue
            if name == "pgredis_app.js":
                run_pgredis(args, tmp)
            else:
                run_app(args, name, lambda mode: {})
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    finish()


if __name__ == "__main__":
    main()
