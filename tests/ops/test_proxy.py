"""The client's real address behind a proxy.

PROXY protocol (v1 and v2) on a listener with "proxy_protocol": true: the
master reads the header, the app's req.socket.remoteAddress and the access
log show the client it names; raw sockets send the headers (whole, split,
malformed), and HAProxy (send-proxy-v2) sits in front on loopback.
trusted_proxies: X-Forwarded-For is believed from a trusted peer only; from
an untrusted one it never reaches the app."""
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from ops_util import Cluster, run_tests, wait_for  # noqa: E402
from ports import free_port  # noqa: E402

APP = r"""
module.exports = (req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ ip: req.socket.remoteAddress, port: req.socket.remotePort,
                           xff: req.headers['x-forwarded-for'] || null,
                           fwd: req.headers['forwarded'] || null }));
};
"""
V2_SIG = b"\r\n\r\n\x00\r\nQUIT\n"
REQ = b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"


def cluster(shoal, proxy=True, trusted=None):
    cfg = {"workers": 1, "log": {"access": "access.log"}}
    c = Cluster(shoal, APP, config=cfg, remove_dir=True)
    with open(c.config_path) as f:
        full = json.load(f)
    full["listen"][0]["proxy_protocol"] = proxy
    if trusted is not None:
        full["trusted_proxies"] = trusted
    with open(c.config_path, "w") as f:
        json.dump(full, f)
    if proxy:  # Cluster.start pings without a PROXY header: wait for the log instead
        c.start(wait=False)
        assert wait_for(lambda: ") ready in " in c.logs(), 15), c.logs()
    else:
        c.start()
    return c


def exchange(port, *chunks, source=None, pause=0.0):
    """Sends chunks on one connection; returns everything the server answered."""
    s = socket.create_connection(("127.0.0.1", port), timeout=10,
                                 source_address=(source, 0) if source else None)
    try:
        for ch in chunks:
            s.sendall(ch)
            if pause:
                time.sleep(pause)
        out = b""
        while True:
            try:
                d = s.recv(65536)
            except ConnectionResetError:  # closed with our bytes unread
                return out
            if not d:
                return out
            out += d
    finally:
        s.close()


def body(resp):
    head, _, b = resp.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200"), resp
    return json.loads(b)


def v2(src, dst, sport, dport, tlvs=b"", cmd=0x21):
    if ":" in src:
        addr = socket.inet_pton(socket.AF_INET6, src) + socket.inet_pton(socket.AF_INET6, dst)
        fam = 0x21
    else:
        addr = socket.inet_aton(src) + socket.inet_aton(dst)
        fam = 0x11
    block = addr + struct.pack("!HH", sport, dport) + tlvs
    return V2_SIG + bytes([cmd, fam]) + struct.pack("!H", len(block)) + block


def test_v1(shoal):
    c = cluster(shoal)
    try:
        hdr = b"PROXY TCP4 203.0.113.7 10.0.0.1 56324 443\r\n"
        assert body(exchange(c.port, hdr + REQ)) == {"ip": "203.0.113.7", "port": 56324,
                                                      "xff": None, "fwd": None}
        # split anywhere, byte by byte: the master waits without blocking
        hdr6 = b"PROXY TCP6 2001:db8::7 2001:db8::1 4711 443\r\n"
        r = body(exchange(c.port, *[hdr6[i:i + 1] for i in range(len(hdr6))], REQ, pause=0.005))
        assert r["ip"] == "2001:db8::7" and r["port"] == 4711, r
        # UNKNOWN: the socket's own peer
        r = body(exchange(c.port, b"PROXY UNKNOWN\r\n" + REQ))
        assert r["ip"] == "127.0.0.1", r
        log = wait_for(lambda: open(os.path.join(c.dir, "access.log")).read().count("\n") >= 3)
        assert log
        text = open(os.path.join(c.dir, "access.log")).read()
        assert '"remote":"203.0.113.7"' in text and '"remote":"2001:db8::7"' in text, text
    finally:
        c.close()


def test_v2(shoal):
    c = cluster(shoal)
    try:
        tlv = b"\x01\x00\x02h2"  # ALPN TLV: skipped
        r = body(exchange(c.port, v2("198.51.100.9", "10.0.0.1", 40000, 443, tlv) + REQ))
        assert r["ip"] == "198.51.100.9" and r["port"] == 40000, r
        h = v2("2001:db8::9", "2001:db8::1", 5555, 443)
        r = body(exchange(c.port, h[:5], h[5:20], h[20:], REQ, pause=0.01))
        assert r["ip"] == "2001:db8::9" and r["port"] == 5555, r
        local = V2_SIG + bytes([0x20, 0x00]) + b"\x00\x00"  # LOCAL: a health check
        assert body(exchange(c.port, local + REQ))["ip"] == "127.0.0.1"
    finally:
        c.close()


def test_malformed_closed_and_logged_once(shoal):
    c = cluster(shoal)
    try:
        bad = [REQ, b"PROXY TCP4 1.2.3.4 5.6.7.8 1 2 extra\r\n" + REQ,
               b"PROXY TCP4 999.2.3.4 5.6.7.8 1 2\r\n" + REQ, b"PROXY " + b"A" * 200 + REQ,
               V2_SIG + b"\x31\x11\x00\x0c" + b"\x00" * 12 + REQ,  # version 3
               V2_SIG + b"\x21\x11\xff\xff" + REQ]  # too long
        for b in bad * 3:
            assert exchange(c.port, b) == b"", b
        time.sleep(0.2)
        lines = [ln for ln in c.logs().splitlines() if "connection closed:" in ln]
        assert 1 <= len(lines) <= 2, lines  # rate-limited: one a second
        # the master is fine: a good header still works
        assert body(exchange(c.port, b"PROXY TCP4 203.0.113.8 10.0.0.1 1 2\r\n" + REQ))["ip"] == \
            "203.0.113.8"
    finally:
        c.close()


def test_haproxy_send_proxy_v2(shoal):
    c = cluster(shoal)
    d = tempfile.mkdtemp(prefix="shoal-haproxy-")
    front = free_port()
    cfg = os.path.join(d, "haproxy.cfg")
    with open(cfg, "w") as f:
        f.write(f"""global
  log stderr format raw local0 err
defaults
  mode tcp
  timeout connect 5s
  timeout client 10s
  timeout server 10s
frontend fe
  bind 127.0.0.1:{front}
  default_backend be
backend be
  server shoal 127.0.0.1:{c.port} send-proxy-v2
""")
    hp = subprocess.Popen(["haproxy", "-db", "-f", cfg], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE)
    try:
        def up():
            try:
                socket.create_connection(("127.0.0.1", front), timeout=1).close()
                return True
            except OSError:
                return False
        assert wait_for(up, 10), "haproxy did not start"
        # from 127.0.0.5: HAProxy connects to shoal from 127.0.0.1, the header says .5
        r = body(exchange(front, REQ, source="127.0.0.5"))
        assert r["ip"] == "127.0.0.5", r
    finally:
        hp.terminate()
        hp.wait()
        shutil.rmtree(d, ignore_errors=True)
        c.close()


def test_trusted_proxies(shoal):
    # Trusted: 127.0.0.1 (the direct peer) and 10.0.0.0/8 (an inner proxy hop).
    c = cluster(shoal, proxy=False, trusted=["127.0.0.1", "10.0.0.0/8"])
    try:
        st, _, b = c.get("/", headers={"X-Forwarded-For": "6.6.6.6, 192.0.2.44, 10.1.2.3"})
        r = json.loads(b)
        assert r["ip"] == "192.0.2.44" and r["xff"] == "192.0.2.44", r
        st, _, b = c.get("/", headers={"Forwarded": 'for="[2001:db8::5]:80";proto=https'})
        r = json.loads(b)
        assert r["ip"] == "2001:db8::5" and r["fwd"] == 'for="[2001:db8::5]:80";proto=https', r
        # a peer not in the list: its X-Forwarded-For never reaches the app
        r = json.loads(exchange(c.port, b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                                b"X-Forwarded-For: 6.6.6.6\r\nForwarded: for=6.6.6.6\r\n\r\n",
                                source="127.0.0.9").partition(b"\r\n\r\n")[2])
        assert r == {"ip": "127.0.0.9", "port": r["port"], "xff": None, "fwd": None}, r
        text = wait_for(lambda: open(os.path.join(c.dir, "access.log")).read().count("\n") >= 3
                        and open(os.path.join(c.dir, "access.log")).read())
        assert '"remote":"192.0.2.44"' in text and "6.6.6.6" not in text, text
    finally:
        c.close()


if __name__ == "__main__":
    sys.exit(run_tests(globals()))
