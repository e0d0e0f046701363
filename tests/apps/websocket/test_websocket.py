#!/usr/bin/env python3
"""WebSocket and Socket.IO under shoal, with unmodified libraries (ws 8,
socket.io 4, socket.io-client 4, pinned in package-lock.json) and real
clients: Node's ws and socket.io-client run under `shoal run`, Python's
standard library over a raw socket (the handshake and RFC 6455 framing by
hand: wsutil.py), headless Chromium's WebSocket against a TLS listener.
The app (server.js) runs under `shoal run`, then in 2-worker clusters
(`shoal start`, the app calls listen() itself).

    python3 tests/apps/websocket/test_websocket.py --shoal build/shoal --work DIR [names]

The packages are installed by scripts/setup.sh (tests/apps/websocket/
node_modules); DIR (the build folder) gets copies of the apps."""
import argparse
import functools
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "lib"))
from npm_packages import link_node_modules  # noqa: E402
sys.path.insert(0, os.path.join(HERE, "..", "..", "h2"))
import wsutil  # noqa: E402
from h2util import make_cert  # noqa: E402
from shoaltest import App, Cluster, expect, free_port, run_tests, wait_for  # noqa: E402

SHOAL = None
WORK = None


def ensure_modules(work):
    """The packages scripts/setup.sh installed from package-lock.json,
    linked into `work` beside copies of the apps."""
    link_node_modules(HERE, work, "apps/websocket")
    for name in ("server.js", "client.js", "broadcast-adapter.js"):
        shutil.copy(os.path.join(HERE, name), work)


# --- servers ------------------------------------------------------------------


def run_server(env=None):
    """`shoal run server.js` in WORK on a port of its choosing ("listening PORT")."""
    return App([SHOAL, "run"], script="server.js", cwd=WORK, env=env, port_timeout=30,
               prefix="shoal-ws-run-")


def cluster_server(workers=2, env=None, config=None, sticky=False):
    """`shoal start` with server.js in `workers` workers; the app listens on
    PORT itself, so the master balances connections to it. Returned started
    (every worker ready, the port accepting; TLS or not)."""
    port = free_port()
    config = dict(config or {})
    if sticky:  # the config's listener (sticky) on the port the app listens on
        config["listen"][0]["port"] = port
    cfg = {"workers": workers, "listen": [],
           "env": {"PORT": str(port), "HOST": "127.0.0.1", **(env or {})}, **config}
    c = Cluster(SHOAL, None, config=cfg, app_name=os.path.join(WORK, "server.js"), port=port,
                cwd=WORK, remove_dir=True, prefix="shoal-ws-cluster-")
    try:
        c.start(timeout=30, probe="tcp")
    except Exception:
        c.close()
        raise
    return c


# --- clients ------------------------------------------------------------------


def node_client(base, mode):
    """client.js under shoal run; its ok/FAIL lines."""
    p = subprocess.run([SHOAL, "run", "client.js", base, mode], cwd=WORK, capture_output=True,
                       text=True, timeout=60)
    out = p.stdout + p.stderr
    expect(p.returncode == 0 and "all ok" in p.stdout and "FAIL" not in out,
           f"client.js {mode} against {base}", out)
    return out


def raw_frames(port):
    """The handshake and RFC 6455 framing by hand."""
    ws = wsutil.WS(port)
    expect(ws.status == 101 and ws.accept_ok, "101 with the right Sec-WebSocket-Accept", ws.head)
    ws.send(wsutil.TEXT, "héllo")
    expect(ws.recv_message() == (wsutil.TEXT, "héllo".encode()), "masked text frame echoed")
    blob = bytes(range(256)) * 300  # 76,800 bytes: a 64-bit length
    ws.send(wsutil.BINARY, blob)
    expect(ws.recv_message() == (wsutil.BINARY, blob), "binary frame (64-bit length) echoed")
    # A fragmented text message with a ping between its fragments.
    ws.send(wsutil.TEXT, "frag-", fin=False)
    ws.send(wsutil.PING, "mid")
    ws.send(wsutil.CONT, "ment-", fin=False)
    ws.send(wsutil.CONT, "ed", fin=True)
    expect(ws.recv_message() == (wsutil.PONG, b"mid"), "ping between fragments answered by pong")
    expect(ws.recv_message() == (wsutil.TEXT, b"frag-ment-ed"), "fragments joined into one message")
    ws.send(wsutil.PING, b"\x00\xffping")
    expect(ws.recv_message() == (wsutil.PONG, b"\x00\xffping"), "ping payload returned in pong")
    ws.send(wsutil.TEXT, "pid")
    op, pid = ws.recv_message()
    ws.send(wsutil.CLOSE, b"\x03\xe8bye")
    op, data = ws.recv_message()
    expect(op == wsutil.CLOSE and data[:2] == b"\x03\xe8", "close 1000 answered with close 1000", data)
    expect(ws.eof(), "the server closed the TCP connection after the close handshake")
    ws.close()
    return pid.decode().split(":", 1)[1]


# --- shoal run ------------------------------------------------------------------


def test_run_node_clients():
    with run_server() as s:
        for mode in ("ws", "io-websocket", "io-polling", "io-default"):
            node_client(f"ws://127.0.0.1:{s.port}", mode)


def test_run_raw_frames():
    with run_server() as s:
        raw_frames(s.port)


def test_run_raw_upgrade_handler():
    with run_server() as s:
        c = socket.create_connection(("127.0.0.1", s.port), timeout=10)
        # The head and the first tunnel bytes in one write: they arrive as `head`.
        c.sendall(b"GET /raw HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: shout\r\n\r\n"
                  b"early bytes ")
        got = b""
        while not got.endswith(b"EARLY BYTES "):
            chunk = c.recv(4096)
            expect(chunk, "raw upgrade answered", got)
            got += chunk
        expect(got.startswith(b"HTTP/1.1 101 "), "101 from the raw handler", got)
        c.sendall(b"and more")
        got = b""
        while len(got) < 8:
            got += c.recv(4096)
        expect(got == b"AND MORE", "tunnel bytes echoed upper-cased", got)
        c.shutdown(socket.SHUT_WR)
        expect(c.recv(10) == b"", "half-close answered with the server's end")
        # Without an 'upgrade' match the app's 404 comes back over the socket.
        c = socket.create_connection(("127.0.0.1", s.port), timeout=10)
        c.sendall(b"GET /nowhere HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: x\r\n\r\n")
        expect(c.recv(100).startswith(b"HTTP/1.1 404"), "unknown upgrade path gets the app's 404")


def stats(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/stats", timeout=10) as r:
        return json.loads(r.read())


def test_run_backpressure_slow_reader():
    """The server floods 32 MiB to a client that does not read: the socket's
    write callbacks stop, ws's bufferedAmount holds the app back (it sends
    only 256 KiB ahead), so most of the flood is not sent until the client
    reads; then every byte arrives."""
    total = 32768
    with run_server() as s:
        ws = wsutil.WS(s.port)
        ws.send(wsutil.TEXT, f"flood:{total}")
        time.sleep(1.5)  # the client does not read meanwhile
        st = stats(s.port)
        print(f"  while the client did not read: {st}")
        expect(st["floodMaxBuffered"] > 256 * 1024, "the app saw back-pressure (bufferedAmount)", st)
        expect(st["floodSentKiB"] < total, "the flood waited for the reader", st)
        n = 0
        while True:
            op, data = ws.recv_message()
            if op == wsutil.TEXT:
                expect(data == b"flood-done", "flood ended", data)
                break
            expect(op == wsutil.BINARY and len(data) == 1024, "flood frame", (op, len(data)))
            n += 1
        expect(n == total, "every flood message arrived once the client read", n)
        ws.close()


def test_run_backpressure_unread_peer():
    """The app stops reading a socket (ws._socket.pause() for 2 s) while the
    peer keeps sending: the engine stops reading it, so the peer's sends
    block once the kernel buffers are full, instead of the worker buffering
    without bound; once resumed every frame is answered."""
    with run_server() as s:
        ws = wsutil.WS(s.port)
        ws.send(wsutil.TEXT, "stall")
        expect(ws.recv_message() == (wsutil.TEXT, b"stalled"), "stall acknowledged")
        frame = ws.frame(wsutil.BINARY, b"z" * 65536)
        ws.sock.settimeout(0.5)
        sent_frames, partial = 0, 0
        limit = 4096  # 256 MiB: far more than the kernel buffers hold
        try:
            while sent_frames < limit:
                partial += ws.sock.send(frame[partial:])
                if partial == len(frame):
                    sent_frames, partial = sent_frames + 1, 0
        except socket.timeout:
            pass
        ws.sock.settimeout(30)
        if partial:
            ws.sock.sendall(frame[partial:])
            sent_frames += 1
        print(f"  the peer got {sent_frames} x 64 KiB frames out before its sends blocked")
        expect(sent_frames < 1024, "sends blocked while the app did not read (< 64 MiB taken)",
               sent_frames)
        for i in range(sent_frames):
            op, data = ws.recv_message()
            expect(op == wsutil.BINARY and len(data) == 65536, f"echo {i}", (op, len(data)))
        ws.close()


def chromium_page(port, result_file):
    """Chromium loads https://localhost:PORT/page, whose script talks to /ws
    and sends its result back, which the app appends to result_file. The
    browser runs until then (virtual time would not wait for a WebSocket)."""
    work = tempfile.mkdtemp(prefix="shoal-ws-chromium-")
    log = tempfile.TemporaryFile(mode="w+")
    try:
        for attempt in range(3):  # a browser start can fail on a loaded machine
            p = subprocess.Popen(
                ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", f"--user-data-dir={work}/profile{attempt}",
                 "--ignore-certificate-errors", "--remote-debugging-port=0",
                 f"https://localhost:{port}/page"], stdout=log, stderr=log)
            try:
                got = wait_for(lambda: os.path.exists(result_file) and open(result_file).read(),
                               timeout=60)
            finally:
                p.kill()
                p.wait()
            if got:
                return got.strip().splitlines()[0]
        log.seek(0)
        raise AssertionError("chromium gave no result: " + log.read()[-1500:])
    finally:
        log.close()
        shutil.rmtree(work, ignore_errors=True)


CHROMIUM_WANT = "hello from chromium|bin:1,2,3,250|ext=permessage-deflate"


def tls_env():
    d = os.path.join(WORK, "tls")
    os.makedirs(d, exist_ok=True)
    cert, key = make_cert(d)
    result = os.path.join(d, "browser-result.txt")
    if os.path.exists(result):
        os.unlink(result)
    return {"TLS_CERT": cert, "TLS_KEY": key, "RESULT_FILE": result}


def test_run_chromium_tls():
    expect(shutil.which("chromium"), "chromium is installed (scripts/setup.sh)")
    env = tls_env()
    with run_server(env=env) as s:
        got = chromium_page(s.port, env["RESULT_FILE"])
        expect(got == CHROMIUM_WANT, "Chromium's WebSocket over TLS echoed text and binary", got)
        node_client(f"wss://127.0.0.1:{s.port}", "ws")


# --- shoal start, 2 workers -------------------------------------------------------


def test_cluster_ws_clients():
    """Connections the master hands to workers: ws client and raw frames on
    both workers."""
    with cluster_server() as c:
        node_client(f"ws://127.0.0.1:{c.port}", "ws")
        node_client(f"ws://127.0.0.1:{c.port}", "io-websocket-solo")
        pids = {raw_frames(c.port) for _ in range(8)}
        expect(len(pids) == 2, "raw WebSocket connections served by both workers", pids)
        expect(" exited" not in c.logs(), "no worker exited", c.logs()[-2000:])


def test_cluster_tls_chromium():
    env = tls_env()
    with cluster_server(env=env) as c:
        node_client(f"wss://127.0.0.1:{c.port}", "ws")
        expect(shutil.which("chromium"), "chromium is installed (scripts/setup.sh)")
        got = chromium_page(c.port, env["RESULT_FILE"])
        expect(got == CHROMIUM_WANT, "Chromium's WebSocket over TLS in a cluster", got)


def test_cluster_spread_open_connections():
    """least-busy weighs open connections: 200 idle WebSockets opened one
    after the other spread over 2 workers (each holds 30 % to 70 %)."""
    with cluster_server() as c:
        socks, pids = [], {}
        for _ in range(200):
            ws = wsutil.WS(c.port)
            ws.send(wsutil.TEXT, "pid")
            op, pid = ws.recv_message()
            pids[pid] = pids.get(pid, 0) + 1
            socks.append(ws)
        print(f"  200 WebSockets per worker: {sorted(pids.values())}")
        expect(len(pids) == 2 and all(60 <= n <= 140 for n in pids.values()),
               "each worker holds 30-70 % of the WebSockets", pids)
        for ws in socks:
            ws.close()


def test_cluster_sticky_socketio():
    """listen[].sticky "ip": every connection of a client address goes to one
    worker, so Socket.IO's polling (several HTTP requests per session) and
    its upgrade to websocket work in a cluster, rooms included."""
    with cluster_server(config={"listen": [{"host": "127.0.0.1", "port": 0, "sticky": "ip"}]},
                       sticky=True) as c:
        for mode in ("io-polling", "io-default", "io-websocket"):
            node_client(f"ws://127.0.0.1:{c.port}", mode)
        pids = {raw_frames(c.port) for _ in range(6)}
        expect(len(pids) == 1, "one client address, one worker", pids)
        # Its worker dies: the address is rehashed to a live worker.
        dead = int(pids.pop())
        os.kill(dead, signal.SIGKILL)

        def other():
            try:
                return raw_frames(c.port) != str(dead)
            except (OSError, AssertionError):
                return False
        expect(wait_for(other, timeout=20), "after its worker died the client is served by another")
        expect(len({raw_frames(c.port) for _ in range(4)}) == 1, "and stays there")


def test_cluster_socketio_adapter_rooms():
    """The BroadcastChannel adapter (broadcast-adapter.js): 40 websocket clients spread over
    2 workers by least-busy join one room; io.to(room).emit and io.emit from either worker
    reach every client."""
    with cluster_server(env={"IO_ADAPTER": "broadcast"}) as c:
        p = subprocess.run([SHOAL, "run", "client.js", f"ws://127.0.0.1:{c.port}", "io-rooms",
                            "40"], cwd=WORK, capture_output=True, text=True, timeout=90)
        out = p.stdout + p.stderr
        expect(p.returncode == 0 and "all ok" in p.stdout and "FAIL" not in out,
               "client.js io-rooms 40", out + c.logs()[-2000:])
        expect("workers 2" in p.stdout, "the clients were on both workers", out)


# Open WebSockets across reload and scale-down: 200 in the suite;
# scripts/ws-drain-1000.sh runs the same with WS_DRAIN_CONNS=1000.
DRAIN_CONNS = int(os.environ.get("WS_DRAIN_CONNS", "200"))
# time for a retired worker's clients to close (a loaded machine is slow at 1,000)
DRAIN_MS = max(10000, DRAIN_CONNS * 30)


def drain_run(c, mode, action):
    """client.js MODE N against cluster c: once all are open, `ctl action...` (and, for
    scale, tell the client it is over); the client's summary."""
    n = DRAIN_CONNS
    p = subprocess.Popen([SHOAL, "run", "client.js", f"ws://127.0.0.1:{c.port}", mode, str(n)],
                         cwd=WORK, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    try:
        ready, _, _ = select.select([p.stdout], [], [], 60 + n // 10)
        line = p.stdout.readline() if ready else "(nothing in time)"
        if not line.startswith(f"open {n}"):
            p.kill()
            expect(False, f"{n} WebSockets open", line + p.stderr.read())
        time.sleep(0.5)  # messages flowing
        t0 = time.time()
        r = c.ctl(*action)
        expect(r.returncode == 0, "ctl " + " ".join(action), r.stdout + r.stderr)
        p.stdin.write("over\n")
        p.stdin.flush()
        try:
            out, err = p.communicate(timeout=90 + n // 4)
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
            expect(False, f"{mode} {n} settled in time", err[-1500:] + c.logs()[-1500:])
        took = time.time() - t0
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    lines = [x for x in out.splitlines() if x.startswith("{")]
    expect(lines, "the client's summary", out[-1000:] + err[-2000:] + c.logs()[-3000:])
    result = json.loads(lines[-1])
    print(f"  {n} WebSockets, ctl {' '.join(action)}: {result}, {took:.1f} s until all settled")
    expect(result["lost"] == 0 and result["sent"] > 0, "no message lost", result)
    expect("still draining" not in c.logs(), "the old workers left before drain_ms",
           c.logs()[-2000:])
    return result


def test_cluster_reload_drain():
    """`shoal ctl reload` with open WebSockets: the old workers take no new
    connections, emit 'shoal:drain' (the app closes its WebSockets with
    1001), clients reconnect to the new generation, and no message the
    server answered before the close is lost (unanswered ones are sent
    again)."""
    with cluster_server(config={"drain_ms": DRAIN_MS}) as c:
        result = drain_run(c, "reload", ["reload"])
        n = DRAIN_CONNS
        expect(result["closeCodes"].get("1001", 0) >= n, "clients saw close 1001", result)
        expect(result["moved"] == n, "every client reconnected to the new generation", result)


def test_cluster_scale_down_drain():
    """`shoal ctl scale 1` from 2 workers with open WebSockets: the removed
    worker's clients see 1001 and reconnect to the survivor; the others stay;
    nothing is lost."""
    with cluster_server(config={"drain_ms": DRAIN_MS}) as c:
        result = drain_run(c, "scale", ["scale", "1"])
        expect(result["closed"] > 0 and result["closeCodes"].get("1001", 0) >= result["closed"],
               "the removed worker's clients saw 1001", result)
        expect(result["moved"] == result["closed"], "each of them reconnected to the survivor",
               result)
        expect(result["closed"] < DRAIN_CONNS, "the survivor's clients stayed", result)


def main():
    """--work DIR, then shoaltest's runner (run_tests) (--shoal, test names)."""
    global SHOAL, WORK
    ap = argparse.ArgumentParser(add_help=False)
    ap.add_argument("--work", required=True, help="a folder for copies of the apps")
    ap.add_argument("--shoal", required=True)
    a, rest = ap.parse_known_args()
    SHOAL = os.path.abspath(a.shoal)
    WORK = os.path.abspath(a.work)
    ensure_modules(WORK)
    sys.argv = [sys.argv[0], "--shoal", SHOAL, *rest]
    tests = {k: ignore_shoal_arg(v) for k, v in globals().items() if k.startswith("test_")}
    return run_tests(tests)


def ignore_shoal_arg(fn):
    """run_tests passes the shoal path; these tests read SHOAL."""
    @functools.wraps(fn)
    def run(_shoal):
        fn()
    return run


if __name__ == "__main__":
    sys.exit(main())
