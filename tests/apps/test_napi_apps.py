#!/usr/bin/env python3
"""npm packages with native addons (Node-API), unmodified, under shoal:
better-sqlite3 13 (node-addon-api, prebuilt binary in its tarball), bcrypt 6
(node-gyp-build prebuilds), @node-rs/argon2 (napi-rs platform package) and
sharp 0.34 (libvips from the @img platform packages), behind the HTTP API of
tests/apps/napi/app.js. It runs under `shoal run`, then in a 2-worker
`shoal start` cluster sharing one SQLite file.

    python3 tests/apps/test_napi_apps.py --shoal build/shoal --workdir build/tests/apps/napi-apps [test_name]

The packages come from tests/apps/napi/package-lock.json, installed by
scripts/setup.sh; the work folder gets the app and its databases."""
import json
import os
import shutil
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "cluster"))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
from npm_packages import link_node_modules  # noqa: E402
from cluster_util import Cluster, run_tests  # noqa: E402
from shoaltest import expect  # noqa: E402
from test_frameworks import jbody, request, run_under_shoal  # noqa: E402

SRC = os.path.join(HERE, "napi")


def ensure_modules(work):
    """The packages scripts/setup.sh installed from napi/package-lock.json
    (every one ships its binary: no install script runs), linked into work."""
    link_node_modules(SRC, work, "apps/napi")


def png_size(data):
    expect(data[:8] == b"\x89PNG\r\n\x1a\n", data[:16])
    return struct.unpack(">II", data[16:24])


def post(port, path, body):
    return request(port, "POST", path, body=json.dumps(body),
                   headers={"Content-Type": "application/json"})


def check_api(port):
    s, _, b = post(port, "/items", {"name": "apple", "qty": 3})
    expect(s == 201, (s, b))
    item = jbody(b)
    expect(item["name"] == "apple" and item["qty"] == 3, item)
    iid = item["id"]
    s, _, b = request(port, "GET", f"/items/{iid}")
    expect(s == 200 and jbody(b) == item, (s, b))
    s, _, b = request(port, "PUT", f"/items/{iid}", body=json.dumps({"qty": 7}))
    expect(s == 200 and jbody(b)["qty"] == 7, (s, b))
    s, _, b = request(port, "GET", "/items")
    expect(s == 200 and any(r["id"] == iid for r in jbody(b)), (s, b))
    s, _, _ = request(port, "DELETE", f"/items/{iid}")
    expect(s == 204, s)
    s, _, _ = request(port, "GET", f"/items/{iid}")
    expect(s == 404, s)
    s, _, b = post(port, "/bcrypt", {"password": "hunter2"})
    expect(s == 200 and jbody(b) == {"prefix": "$2b$04$", "ok": True, "wrong": False}, (s, b))
    s, _, b = post(port, "/argon2", {"password": "hunter2"})
    expect(s == 200 and jbody(b) == {"prefix": "$argon2id$", "ok": True, "wrong": False}, (s, b))
    s, h, b = request(port, "GET", "/thumb?w=20&h=10")
    expect(s == 200 and h.get("content-type") == "image/png", (s, h))
    expect(png_size(b) == (20, 10), png_size(b))
    expect(json.loads(h["x-meta"]) == ["png", 20, 10], h)


def run_single(shoal, work):
    run_under_shoal(shoal, os.path.join(work, "app.js"), work, check_api,
                    env={"DB_PATH": os.path.join(work, "single.db")})


def run_cluster(shoal, work):
    app = "module.exports = require(%s);\n" % json.dumps(os.path.join(work, "app.js"))
    c = Cluster(shoal, app, config={"workers": 2, "env": {"DB_PATH": os.path.join(work, "cluster.db")}})
    c.start()
    try:
        check_api(c.port)
        pids = set()
        for i in range(20):  # both workers write the same database
            s, h, b = post(c.port, "/items", {"name": f"n{i}", "qty": i})
            expect(s == 201, (s, b))
            pids.add(h.get("x-pid"))
        s, _, b = request(c.port, "GET", "/items")
        expect(s == 200 and len(jbody(b)) == 20, b)
        expect(len(c.worker_pids()) == 2, c.logs())
    except Exception:
        print(c.logs())
        raise
    finally:
        c.close()


def test_shoal_run(shoal):
    run_single(shoal, WORK)


def test_shoal_start_two_workers(shoal):
    run_cluster(shoal, WORK)


WORK = None

if __name__ == "__main__":
    i = sys.argv.index("--workdir")
    WORK = os.path.abspath(sys.argv[i + 1])
    del sys.argv[i:i + 2]
    ensure_modules(WORK)
    shutil.copy(os.path.join(SRC, "app.js"), WORK)
    for name in ("single.db", "single.db-wal", "single.db-shm", "cluster.db", "cluster.db-wal",
                 "cluster.db-shm"):
        if os.path.exists(os.path.join(WORK, name)):
            os.remove(os.path.join(WORK, name))
    sys.exit(run_tests(globals()))
