"""Connections as the master hands them to a worker (the worker takes the
descriptor from its pipe, ipc_accept, and reads the socket at once, before
its loop polls: worker/http/conn.c read_now; a socket epoll never had is
closed without epoll_ctl, close_unpolled). Whatever the client's timing,
the requests and the connection's events are Node 20's: a request that
came with the connection, one split across reads, one sent after a pause
(nothing to read at the hand-off), one followed at once by the client's
FIN, pipelined requests, a body larger than one read, an answer given
later (the socket is polled meanwhile), a connection closed without a
request; 'connection' and the socket's 'close' once per connection,
getConnections() and server.close() with idle connections left.

The expected values were checked against /usr/bin/node v20 running the
same app (`node APP` with APP_PORT set answers the same client identically).

    python3 test_handoff.py --shoal build/shoal [TEST...]"""
import json
import os
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cluster_util import Cluster, run_tests, wait_for  # noqa: E402

APP = r"""
const http = require('http');
let conns = 0, closes = 0, requests = 0;
const server = http.createServer((req, res) => {
  const u = new URL(req.url, 'http://x');
  if (u.pathname === '/stats') {
    server.getConnections((err, open) => {
      res.end(JSON.stringify({ conns, closes, requests, open }));
    });
    return;
  }
  requests++;
  if (u.pathname === '/later') {
    setTimeout(() => res.end('later'), 100);
    return;
  }
  if (u.pathname === '/close-server') {
    // (the idle connections still open go; 'close' follows their end)
    server.close(() => console.log('server closed'));
    res.end('closing');
    return;
  }
  let n = 0;
  req.on('data', (d) => { n += d.length; });
  req.on('end', () => res.end(`${req.method} ${u.pathname} ${n}`));
});
server.on('connection', (s) => {
  conns++;
  s.on('close', () => { closes++; });
});
server.listen(Number(process.env.APP_PORT));
"""


def request(path, method="GET", body=b"", close=True):
    head = "%s %s HTTP/1.1\r\nHost: x\r\n" % (method, path)
    if body:
        head += "Content-Length: %d\r\n" % len(body)
    if close:
        head += "Connection: close\r\n"
    return (head + "\r\n").encode() + body


def read_all(s, timeout=10):
    s.settimeout(timeout)
    got = b""
    while True:
        b = s.recv(65536)
        if not b:
            return got
        got += b


def bodies(raw):
    """The bodies of the HTTP/1.1 responses in raw (Content-Length framed)."""
    out = []
    while raw:
        head, _, rest = raw.partition(b"\r\n\r\n")
        n = 0
        for line in head.split(b"\r\n")[1:]:
            k, _, v = line.partition(b":")
            if k.strip().lower() == b"content-length":
                n = int(v)
        out.append(rest[:n].decode())
        raw = rest[n:]
    return out


def exchange(port, *parts, pause=0.0, half_close=False):
    """One connection: the parts sent with `pause` seconds before each; the
    responses' bodies once the server closed it."""
    s = socket.create_connection(("127.0.0.1", port))
    try:
        for p in parts:
            if pause:
                time.sleep(pause)
            s.sendall(p)
        if half_close:
            s.shutdown(socket.SHUT_WR)
        return bodies(read_all(s))
    finally:
        s.close()


def stats(port):
    return json.loads(exchange(port, request("/stats"))[0])


def exercise(port):
    """The client's side, the same against shoal and Node."""
    seen = {}
    time.sleep(0.3)  # (the connections before, e.g. start()'s probes, closed)
    before = stats(port)
    seen["with the connection"] = exchange(port, request("/a"))
    seen["split"] = exchange(port, b"GET /split HT", b"TP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                             pause=0.2)
    seen["after a pause"] = exchange(port, request("/paused"), pause=0.3)
    seen["then FIN"] = exchange(port, request("/fin"), half_close=True)
    seen["pipelined"] = exchange(port, request("/p1", close=False) + request("/p2", close=False) +
                                 request("/p3"))
    seen["large body"] = exchange(port, request("/big", "POST", b"x" * 300000))
    seen["answered later"] = exchange(port, request("/later"))
    s = socket.create_connection(("127.0.0.1", port))
    s.close()  # no request at all
    seen["keep-alive, closed by the client"] = exchange(port, request("/k", close=False),
                                                        half_close=True)
    time.sleep(0.3)
    after = stats(port)
    seen["stats"] = {k: after[k] - before[k] for k in ("conns", "closes", "requests")}
    seen["stats"]["open"] = after["open"]
    return seen


EXPECTED = {
    "with the connection": ["GET /a 0"],
    "split": ["GET /split 0"],
    "after a pause": ["GET /paused 0"],
    "then FIN": ["GET /fin 0"],
    "pipelined": ["GET /p1 0", "GET /p2 0", "GET /p3 0"],
    "large body": ["POST /big 300000"],
    "answered later": ["later"],
    "keep-alive, closed by the client": ["GET /k 0"],
    # between the two /stats: 9 connections (the empty one too) and the
    # second /stats' own; closed: the first /stats' and the 9; 10 requests (/stats
    # not counted); open: the second /stats' connection
    "stats": {"conns": 10, "closes": 10, "requests": 10, "open": 1},
}


def start(shoal, workers):
    """The app on a cluster whose listener is the port it listens on."""
    c = Cluster(shoal, APP, workers=workers, config={"health": {"path": "/__ping"}})
    with open(c.config_path) as f:
        cfg = json.load(f)
    cfg["env"] = {"APP_PORT": str(c.port)}
    with open(c.config_path, "w") as f:
        json.dump(cfg, f)
    return c.start()


def test_requests_whatever_the_timing(shoal):
    c = start(shoal, 1)
    try:
        seen = exercise(c.port)
        for k, v in EXPECTED.items():
            assert seen[k] == v, (k, seen[k], v, c.logs())
        # server.close() with idle keep-alive connections: they are let go,
        # 'close' follows (Node 20: closeIdleConnections() in close())
        idle = [socket.create_connection(("127.0.0.1", c.port)) for _ in range(3)]
        for s in idle:
            s.sendall(request("/idle", close=False))
            s.settimeout(10)
            assert b"GET /idle 0" in s.recv(65536)
        assert exchange(c.port, request("/close-server")) == ["closing"]
        for s in idle:
            assert read_all(s) == b"", "an idle connection not closed by server.close()"
            s.close()
        assert wait_for(lambda: "server closed" in c.logs(), 10), c.logs()
    finally:
        c.close()


def test_many_short_connections(shoal):
    """Serial and concurrent Connection: close requests on two workers: every
    one answered, every socket closed ('close' once each)."""
    c = start(shoal, 2)
    try:
        for i in range(200):
            assert exchange(c.port, request("/s%d" % i)) == ["GET /s%d 0" % i]
        socks = [socket.create_connection(("127.0.0.1", c.port)) for _ in range(50)]
        for i, s in enumerate(socks):
            s.sendall(request("/c%d" % i))
        for i, s in enumerate(socks):
            assert bodies(read_all(s)) == ["GET /c%d 0" % i]
            s.close()
        assert wait_for(lambda: c.get("/__ping")[0] == 200, 5)
    finally:
        c.close()


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--node-port":  # (the client alone, for Node)
        seen = exercise(int(sys.argv[2]))
        print(json.dumps(seen, indent=1))
        sys.exit(0 if all(seen[k] == v for k, v in EXPECTED.items()) else 1)
    sys.exit(run_tests(globals()))
