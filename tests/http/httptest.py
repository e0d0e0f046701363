"""Helpers for the HTTP server tests: the shared harness (tests/lib/shoaltest.py:
check/finish, App for `shoal run`, parse_args), re-exported here, and
HTTP/1.1 client helpers on raw sockets.

Each test script starts `shoal run APP` on a small app that listens on port 0
and prints its port on stdout, drives it with real clients (http.client, raw
sockets, curl, Node's http module) and reports failures. Run one as

    python3 tests/http/NAME.py --shoal build/shoal
"""
import os
import socket
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from shoaltest import (FAILURES, App, accepts, check, expect, fail, finish,  # noqa: E402,F401
                       parse_args, shoal_app, wait_for)


def connect(port, timeout=5.0):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def recv_until_close(s, timeout=5.0, limit=1 << 26, tag_error=False):
    """Everything until the peer closes (or timeout/reset). tag_error: a
    timeout or reset is appended as b"<ErrorName>", for tests that tell a
    clean close from a cut one."""
    s.settimeout(timeout)
    data = b""
    try:
        while len(data) < limit:
            b = s.recv(65536)
            if not b:
                break
            data += b
    except OSError as e:
        if not tag_error and not isinstance(e, (socket.timeout, ConnectionResetError)):
            raise
        if tag_error:
            data += f"<{type(e).__name__}>".encode()
    return data


def raw_request(port, data, timeout=5.0):
    """Sends bytes on a new connection, returns everything until close/timeout."""
    s = connect(port, timeout)
    try:
        s.sendall(data)
        return recv_until_close(s, timeout)
    finally:
        s.close()


def read_response(s, buf=b"", head_only=False):
    """Reads one HTTP/1.1 response from socket s (Content-Length, chunked or
    close-delimited). Returns (status, headers(list of (name, value)), body, rest)."""
    def fill():
        nonlocal buf
        b = s.recv(65536)
        if not b:
            raise EOFError("connection closed")
        buf += b

    while b"\r\n\r\n" not in buf:
        fill()
    head, buf = buf.split(b"\r\n\r\n", 1)
    lines = head.decode("latin1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = [tuple(x.split(": ", 1)) for x in lines[1:]]
    h = {k.lower(): v for k, v in headers}
    if head_only or status in (204, 304) or 100 <= status < 200:
        return status, headers, b"", buf
    if "content-length" in h:
        n = int(h["content-length"])
        while len(buf) < n:
            fill()
        return status, headers, buf[:n], buf[n:]
    if h.get("transfer-encoding", "").lower() == "chunked":
        body = b""
        while True:
            while b"\r\n" not in buf:
                fill()
            line, buf = buf.split(b"\r\n", 1)
            size = int(line.split(b";")[0], 16)
            while len(buf) < size + 2:
                fill()
            body += buf[:size]
            buf = buf[size + 2:]
            if size == 0:
                return status, headers, body, buf
    # until close
    try:
        while True:
            fill()
    except EOFError:
        pass
    return status, headers, buf, b""


def header(headers, name):
    for k, v in headers:
        if k.lower() == name.lower():
            return v
    return None
