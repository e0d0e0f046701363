#!/usr/bin/env python3
"""Node-API: the test addon (tests/napi/addon.c) under `shoal run`, compared
with the output recorded from Node 20 (expected/napi.stdout, made by
record-expected.sh), then in a `shoal start` cluster of 2 workers, where an
addon that crashes takes down only its worker, which the master replaces."""
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "cluster"))
from cluster_util import Cluster, run_tests, wait_for  # noqa: E402

ADDON = None
LEGACY = None
CXX_ABI = None
REGISTER = None


def run_script(shoal, *args, env_extra=None):
    env = dict(os.environ)
    env.update(env_extra or {})
    return subprocess.run([shoal, "run", *args], cwd=HERE, env=env, capture_output=True,
                          text=True, timeout=120)


def test_differential_against_node(shoal):
    r = run_script(shoal, "napi.js", ADDON, env_extra={"SHOAL_V8_FLAGS": "--expose-gc"})
    with open(os.path.join(HERE, "expected", "napi.stdout")) as f:
        expected = f.read()
    assert r.returncode == 0, (r.returncode, r.stderr)
    if r.stdout != expected:
        import difflib
        diff = "".join(difflib.unified_diff(expected.splitlines(True), r.stdout.splitlines(True),
                                            "node", "shoal"))
        raise AssertionError("output differs from Node's:\n" + diff + r.stderr)


def test_addon_binds_to_shoal_napi(shoal):
    """The addon's napi_create_object is shoal-runtime's, not libnode's."""
    r = run_script(shoal, os.path.join(HERE, "fixtures", "where.js"), ADDON)
    assert r.returncode == 0, r.stderr
    assert os.path.basename(r.stdout.splitlines()[0]) == "shoal-runtime", r.stdout


def test_legacy_and_unregistered_addons(shoal):
    """A C++ addon (node_module_register) and a library that does not register
    are refused with ERR_DLOPEN_FAILED naming the file."""
    load = os.path.join(HERE, "fixtures", "load.js")
    r = run_script(shoal, load, LEGACY)
    assert r.stdout.startswith("ERR_DLOPEN_FAILED The module '%s' is a Node.js C++ addon" % LEGACY), (
        r.stdout, r.stderr)
    assert "Node's C++ ABI" in r.stdout, r.stdout
    r = run_script(shoal, load, CXX_ABI)
    assert r.stdout.startswith("ERR_DLOPEN_FAILED The module '%s' is a Node.js C++ addon"
                               % CXX_ABI), (r.stdout, r.stderr)
    assert "undefined symbol: _ZN2v88internal18ShoalNoSuchSymbolEi" in r.stdout, r.stdout
    lib = "/lib/x86_64-linux-gnu/libz.so.1"
    if os.path.exists(lib):
        r = run_script(shoal, os.path.join(HERE, "fixtures", "dlopen.js"), lib)
        assert r.stdout == "ERR_DLOPEN_FAILED Module did not self-register: '%s'.\n" % lib, (
            r.stdout, r.stderr)


def test_registration_from_static_constructor(shoal):
    """napi_module_register from the constructor: every load gets the module."""
    r = run_script(shoal, os.path.join(HERE, "fixtures", "register.js"), REGISTER)
    assert r.stdout == "napi_module_register " * 3 + "true\n", (r.stdout, r.stderr)


def cluster(shoal):
    src = ("process.env.NAPI_TEST_ADDON = %s;\nmodule.exports = require(%s);\n"
           % (json.dumps(ADDON), json.dumps(os.path.join(HERE, "server.js"))))
    return Cluster(shoal, src, config={"workers": 2})


def test_cluster_two_workers(shoal):
    c = cluster(shoal).start()
    try:
        pids = set()
        for _ in range(12):
            status, _, body = c.get("/count")
            assert status == 200, body
            pids.add(json.loads(body)["pid"])
        status, _, body = c.get("/sum")
        assert status == 200 and json.loads(body) == {"sum": 10}, body
        status, _, body = c.get("/thread")
        assert status == 200 and json.loads(body) == {"n": 20, "seen": 20}, body
        status, _, body = c.get("/throw")
        assert status == 500 and json.loads(body)["code"] == "E_ADDON", body
        status, _, body = c.get("/bad")
        assert status == 200 and body == b"1", body
        assert len(c.worker_pids()) == 2, c.logs()
    finally:
        c.close()


def test_cluster_addon_crash_replaces_worker(shoal):
    c = cluster(shoal).start()
    try:
        before = set(c.worker_pids())
        assert len(before) == 2, c.logs()
        try:
            c.get("/crash", timeout=10)
        except OSError:
            pass  # the worker died with the connection
        replaced = wait_for(lambda: (lambda now: len(now) == 2 and now != before and now)(
            set(c.worker_pids())), timeout=20)
        assert replaced, ("worker not replaced", before, c.worker_pids(), c.logs())
        assert len(before & replaced) == 1, (before, replaced)
        time.sleep(0.2)
        for _ in range(4):
            status, _, body = c.get("/sum")
            assert status == 200 and json.loads(body) == {"sum": 10}, body
        assert c.proc.poll() is None, "the master must stay up"
    finally:
        c.close()


if __name__ == "__main__":
    args = sys.argv[1:]
    for flag in ("--addon", "--legacy", "--cxx-abi", "--register"):
        i = args.index(flag)
        globals()[flag[2:].upper().replace("-", "_")] = os.path.abspath(args[i + 1])
        del args[i:i + 2]
    sys.argv[1:] = args
    sys.exit(run_tests(globals()))
