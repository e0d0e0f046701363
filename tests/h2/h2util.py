"""Helpers for the HTTP/2 and TLS tests: the shared harness
(tests/lib/shoaltest.py: check/finish, App, need, run), re-exported here, a
self-signed certificate and raw HTTP/2 frames.

Each test starts the real binary (`shoal run APP` or `shoal start CONFIG`) on
a temporary directory with a self-signed certificate made by `openssl req` at
test time, drives it with real clients (curl, nghttp, h2load, openssl
s_client, Node's http2 client, raw sockets) and reports each check as
`ok   ...` / `FAIL ...`. Run one as

    python3 tests/h2/NAME.py --shoal build/shoal
"""
import os
import re
import socket
import ssl
import struct
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import shoaltest  # noqa: E402
from shoaltest import FAILURES, check, fail, finish, need, parse_args, run  # noqa: E402,F401


def App(shoal, source, nports=1, files=None):
    """`shoal run app.js` in a temporary directory; the app prints its ports,
    one number a line (other lines are skipped). Its 'request'-only http2
    servers run on the C engine these tests are about, as in a cluster worker
    (SHOAL_HTTP2_ENGINE=1; `shoal run` otherwise serves them as Node does)."""
    return shoaltest.App([shoal, "run"], source, port_timeout=15, nports=nports, files=files,
                         digit_lines=True, prefix="shoal-h2-", env={"SHOAL_HTTP2_ENGINE": "1"})


def make_cert(directory, cn="localhost", name="cert"):
    """A self-signed P-256 certificate: returns (cert_path, key_path)."""
    cert = os.path.join(directory, f"{name}.pem")
    key = os.path.join(directory, f"{name}-key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", f"/CN={cn}",
                    "-keyout", key, "-out", cert], check=True, capture_output=True)
    return cert, key


# --- raw HTTP/2 frames ---------------------------------------------------------

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
DATA, HEADERS, RST_STREAM, SETTINGS, PING, GOAWAY = 0, 1, 3, 4, 6, 7
ENHANCE_YOUR_CALM = 11


def frame(ftype, flags, stream, payload=b""):
    return struct.pack(">I", len(payload))[1:] + bytes([ftype, flags]) + \
        struct.pack(">I", stream) + payload


# :method GET, :scheme http, :path / from the HPACK static table, then
# :authority localhost (a literal without indexing)
GET_ROOT = b"\x82\x86\x84\x01\x09localhost"
CONTINUATION = 9


def read_frames(sock, until_type=None, timeout=10):
    """Reads frames until one of until_type arrives, EOF or timeout.
    Returns (frames, eof) with frames as [(type, flags, stream, payload)]."""
    sock.settimeout(timeout)
    buf = b""
    frames = []
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            break
        except (ConnectionResetError, BrokenPipeError):
            return frames, True
        if not chunk:
            return frames, True
        buf += chunk
        while len(buf) >= 9:
            n = struct.unpack(">I", b"\0" + buf[:3])[0]
            if len(buf) < 9 + n:
                break
            t, fl = buf[3], buf[4]
            sid = struct.unpack(">I", buf[5:9])[0] & 0x7FFFFFFF
            frames.append((t, fl, sid, buf[9:9 + n]))
            buf = buf[9 + n:]
            if until_type is not None and t == until_type:
                return frames, False
    return frames, False


def goaway_code(frames):
    for t, _, _, p in frames:
        if t == GOAWAY and len(p) >= 8:
            return struct.unpack(">I", p[4:8])[0]
    return None


def h2c_connect(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(PREFACE + frame(SETTINGS, 0, 0))
    return s


def tls_connect(port, alpn=("h2",), server_hostname="localhost"):
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    ctx.set_alpn_protocols(list(alpn))
    raw = socket.create_connection(("127.0.0.1", port), timeout=10)
    return ctx.wrap_socket(raw, server_hostname=server_hostname)


def curl(*args, timeout=30):
    return run(["curl", "-sS", "--max-time", str(timeout)] + list(args), timeout=timeout + 5)


def h2load_ok(out):
    m = re.search(r"requests: (\d+) total, \d+ started, (\d+) done, (\d+) succeeded, (\d+) failed", out)
    return bool(m) and m.group(4) == "0" and m.group(2) == m.group(1) and m.group(3) == m.group(1)
