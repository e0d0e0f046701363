#!/usr/bin/env python3
"""npm packages that watch for a client going away, unmodified, under shoal:
on-finished's callback, express's res.sendFile callback and an AbortSignal
tied to the response's 'close' (tests/apps/disconnect/disconnect_app.js).
Checked under `shoal run` and in a 1-worker `shoal start` cluster; the
expected records are what Node 20 (/usr/bin/node) gives for the same clients.

    python3 tests/apps/disconnect/test_disconnect_packages.py --shoal build/shoal

The packages come from package-lock.json, installed by scripts/setup.sh."""
import http.client
import os
import shutil
import socket
import struct
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "lib"))
sys.path.insert(0, os.path.join(HERE, "..", "..", "http"))
from npm_packages import link_node_modules  # noqa: E402
from shoaltest import App, Cluster, check, finish, parse_args, wait_for  # noqa: E402
from disconnect import wait_log  # noqa: E402  (GET /log?id=ID until it has N records)

# Recorded from Node 20 with the same app and clients.
EXPECTED = {
    # the client leaves a request never answered (FIN)
    "hang": ["signal aborted", "onFinished ok finished=false"],
    # the client reads 100 bytes of a 32 MiB file and closes (a reset)
    "file-aborted": ["onFinished ECONNRESET finished=false", "sendFile ECONNABORTED",
                     "signal aborted"],
    "ok": ["onFinished ok finished=true"],
    "file": ["sendFile ok", "onFinished ok finished=true"],
}


def arrived(port, rid):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        c.request("GET", f"/arrived?id={rid}")
        return c.getresponse().read() == b"true"
    finally:
        c.close()


def leave(port, rid, path, read=0):
    """Sends GET path, waits until the app has the request (and, with read,
    until that many bytes of the answer came), then closes: with read, by a
    TCP reset (SO_LINGER 0), as a client dropping a download does."""
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.sendall(f"GET {path}?id={rid} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    if read:
        s.recv(read)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    wait_for(lambda: arrived(port, rid), 15)
    s.close()


def full(port, path):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        c.request("GET", path)
        return len(c.getresponse().read())
    finally:
        c.close()


def scenarios(port, where):
    def run(mode, action, what):
        rid = f"{mode}-{where.replace(' ', '')}"
        action(rid)
        want = EXPECTED[mode]
        got = wait_log(port, rid, len(want))
        check(got == want, f"{where}: {what}", f"\n  got  {got}\n  want {want}")

    run("hang", lambda r: leave(port, r, "/hang"),
        "a client leaving an unanswered request: the AbortSignal fires, on-finished calls back")
    run("file-aborted", lambda r: leave(port, r, "/file", read=100),
        "a client leaving during res.sendFile: on-finished ECONNRESET, sendFile ECONNABORTED")
    run("ok", lambda r: full(port, f"/ok?id={r}"), "a normal response: on-finished calls back")
    n = [0]
    run("file", lambda r: n.__setitem__(0, full(port, f"/file?id={r}")),
        "a whole res.sendFile: its callback, then on-finished")
    check(n[0] == 32 << 20, f"{where}: the file arrived whole", str(n[0]))


def main():
    args = parse_args()
    shoal = os.path.abspath(args.shoal)
    d = tempfile.mkdtemp(prefix="shoal-disconnect-")
    try:
        shutil.copy(os.path.join(HERE, "disconnect_app.js"), d)
        link_node_modules(HERE, d, "apps/disconnect")
        with App([shoal, "run"], script="disconnect_app.js", cwd=d, port_timeout=30) as app:
            scenarios(app.port, "shoal run")
            check(app.alive(), "shoal run: the app is still running")
        with open(os.path.join(d, "disconnect_app.js")) as f:
            source = f.read()
        cl = Cluster(shoal, source, config={"workers": 1, "env": {"SHOAL_CLUSTER": "1"}},
                     remove_dir=True)  # (the app's 32 MiB file)
        link_node_modules(HERE, cl.dir, "apps/disconnect")
        try:
            cl.start()
            scenarios(cl.port, "cluster")
        finally:
            cl.close()
    finally:
        shutil.rmtree(d, ignore_errors=True)
    finish()


if __name__ == "__main__":
    main()
