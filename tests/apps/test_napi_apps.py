#!/usr/bin/env python3
"""npm packages with native addons (Node-API), unmodified, under shoal:
better-sqlite3 13 (node-addon-api, prebuilt binary in its tarball), bcrypt 6
(node-gyp-build prebuilds), @node-rs/argon2 (napi-rs platform package) and
sharp 0.34 (libvips from the @img platform packages), behind the HTTP API of
tests/apps/napi/app.js. It runs under `shoal run`, then in a 2-worker
`shoal start` cluster sharing one SQLite file.

    python3 tests/apps/test_napi_apps.py --shoal build/shoal --workdir build/tests/apps/napi-apps

The packages come from tests/apps/napi/package-lock.json: `npm ci` into the
work folder (cached there). Without npm or the registry: a SKIP line, exit 0."""
import argparse
import json
import os
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from test_frameworks import check, free_port, jbody, request, wait_port  # noqa: E402

SRC = os.path.join(HERE, "napi")


def skip(msg):
    print(f"SKIP apps/napi: {msg}")
    sys.exit(0)


def ensure_modules(work):
    """npm ci into work (once: the lock's copy there marks a finished install)."""
    os.makedirs(work, exist_ok=True)
    lock = os.path.join(SRC, "package-lock.json")
    done = os.path.join(work, "node_modules", ".shoal-installed-lock.json")
    if os.path.exists(done) and open(done).read() == open(lock).read():
        return
    for name in ("package.json", "package-lock.json"):
        shutil.copy(os.path.join(SRC, name), work)
    npm = shutil.which("npm")
    if not npm:
        skip("npm not found")
    # Every package here ships its binary: no install script needs to run.
    try:
        r = subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=work,
                           capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        skip("npm ci timed out (registry unreachable?)")
    if r.returncode != 0:
        tail = r.stderr.strip().splitlines()[-1:]
        skip("npm ci failed (registry unreachable?): " + (tail[0] if tail else ""))
    shutil.copy(lock, done)


def png_size(data):
    check(data[:8] == b"\x89PNG\r\n\x1a\n", data[:16])
    return struct.unpack(">II", data[16:24])


def post(port, path, body):
    return request(port, "POST", path, body=json.dumps(body),
                   headers={"Content-Type": "application/json"})


def check_api(port):
    s, _, b = post(port, "/items", {"name": "apple", "qty": 3})
    check(s == 201, (s, b))
    item = jbody(b)
    check(item["name"] == "apple" and item["qty"] == 3, item)
    iid = item["id"]
    s, _, b = request(port, "GET", f"/items/{iid}")
    check(s == 200 and jbody(b) == item, (s, b))
    s, _, b = request(port, "PUT", f"/items/{iid}", body=json.dumps({"qty": 7}))
    check(s == 200 and jbody(b)["qty"] == 7, (s, b))
    s, _, b = request(port, "GET", "/items")
    check(s == 200 and any(r["id"] == iid for r in jbody(b)), (s, b))
    s, _, _ = request(port, "DELETE", f"/items/{iid}")
    check(s == 204, s)
    s, _, _ = request(port, "GET", f"/items/{iid}")
    check(s == 404, s)
    s, _, b = post(port, "/bcrypt", {"password": "hunter2"})
    check(s == 200 and jbody(b) == {"prefix": "$2b$04$", "ok": True, "wrong": False}, (s, b))
    s, _, b = post(port, "/argon2", {"password": "hunter2"})
    check(s == 200 and jbody(b) == {"prefix": "$argon2id$", "ok": True, "wrong": False}, (s, b))
    s, h, b = request(port, "GET", "/thumb?w=20&h=10")
    check(s == 200 and h.get("content-type") == "image/png", (s, h))
    check(png_size(b) == (20, 10), png_size(b))
    check(json.loads(h["x-meta"]) == ["png", 20, 10], h)


def run_single(shoal, work):
    port = free_port()
    env = dict(os.environ, PORT=str(port), DB_PATH=os.path.join(work, "single.db"))
    out = tempfile.TemporaryFile(mode="w+")
    proc = subprocess.Popen([shoal, "run", os.path.join(work, "app.js")], cwd=work, env=env,
                            stdout=out, stderr=subprocess.STDOUT, start_new_session=True)

    def logs():
        out.seek(0)
        return out.read()
    try:
        wait_port(port, proc, logs)
        check_api(port)
    except Exception:
        print(logs())
        raise
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        out.close()


def run_cluster(shoal, work):
    port = free_port()
    d = tempfile.mkdtemp(prefix="shoal-napi-apps-")
    cfg = {"app": os.path.join(work, "app.js"), "workers": 2, "listen": [],
           "env": {"PORT": str(port), "DB_PATH": os.path.join(d, "cluster.db")},
           "log": {"access": "off"}}
    cfg_path = os.path.join(d, "shoal.json")
    with open(cfg_path, "w") as f:
        json.dump(cfg, f)
    out = open(os.path.join(d, "master.out"), "w+")
    proc = subprocess.Popen([shoal, "start", cfg_path], cwd=work, stdout=out,
                            stderr=subprocess.STDOUT, start_new_session=True)

    def logs():
        out.flush()
        with open(out.name) as f:
            return f.read()
    try:
        wait_port(port, proc, logs)
        deadline = time.time() + 30
        while logs().count(") ready in ") < 2 and time.time() < deadline:
            time.sleep(0.05)
        check_api(port)
        pids = set()
        for i in range(20):  # both workers write the same database
            s, h, b = post(port, "/items", {"name": f"n{i}", "qty": i})
            check(s == 201, (s, b))
            pids.add(h.get("x-pid"))
        s, _, b = request(port, "GET", "/items")
        check(s == 200 and len(jbody(b)) == 20, b)
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
    ap.add_argument("--workdir", required=True, help="where npm ci installs (cached)")
    args = ap.parse_args()
    shoal = os.path.abspath(args.shoal)
    work = os.path.abspath(args.workdir)
    ensure_modules(work)
    shutil.copy(os.path.join(SRC, "app.js"), work)
    for db in ("single.db", "single.db-wal", "single.db-shm"):
        if os.path.exists(os.path.join(work, db)):
            os.remove(os.path.join(work, db))
    passed = failed = 0
    for name, fn in (("shoal run", run_single), ("shoal start, 2 workers", run_cluster)):
        try:
            fn(shoal, work)
            print(f"PASS napi apps under {name}", flush=True)
            passed += 1
        except Exception:
            import traceback
            print(f"FAIL napi apps under {name}", flush=True)
            traceback.print_exc()
            failed += 1
    print(f"{passed} passed, {failed} failed, 0 skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
