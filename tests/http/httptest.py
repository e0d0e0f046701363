"""Helpers for the HTTP server tests (standard library only).

Each test script starts `shoal run APP` on a small app that listens on port 0
and prints its port on stdout, drives it with real clients (http.client, raw
sockets, curl, Node's http module) and reports failures. Run one as

    python3 tests/http/NAME.py --shoal build/shoal
"""
import argparse
import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

FAILURES = []


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--shoal", required=True, help="path to the shoal binary")
    p.add_argument("-v", "--verbose", action="store_true")
    return p.parse_args()


def check(cond, what, detail=""):
    if cond:
        print(f"ok   {what}")
    else:
        print(f"FAIL {what}" + (f": {detail}" if detail else ""))
        FAILURES.append(what)
    return cond


def finish():
    if FAILURES:
        print(f"{len(FAILURES)} check(s) failed: {', '.join(FAILURES)}")
        sys.exit(1)
    print("all checks passed")
    sys.exit(0)


class App:
    """A JavaScript app run by `shoal run` (or any command), port from stdout."""

    def __init__(self, cmd, source, port_timeout=10.0, env=None):
        self.dir = tempfile.mkdtemp(prefix="shoal-http-")
        self.path = os.path.join(self.dir, "app.js")
        with open(self.path, "w") as f:
            f.write(source)
        full_env = dict(os.environ)
        if env:
            full_env.update(env)
        self.proc = subprocess.Popen(cmd + [self.path], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, cwd=self.dir, env=full_env)
        self.out = queue.Queue()
        self.err_lines = []
        threading.Thread(target=self._pump, args=(self.proc.stdout, self.out.put),
                         daemon=True).start()
        self.err_pump = threading.Thread(target=self._pump,
                                         args=(self.proc.stderr, self.err_lines.append),
                                         daemon=True)
        self.err_pump.start()
        self.port = None
        self.first_line = self.line(port_timeout)
        if self.first_line is None:
            self.stop()
            raise RuntimeError("app did not print its port; stderr:\n" + self.stderr())
        m = re.search(r"(\d+)\D*$", self.first_line)
        if not m:
            self.stop()
            raise RuntimeError(f"no port in first line {self.first_line!r}")
        self.port = int(m.group(1))

    @staticmethod
    def _pump(stream, put):
        for raw in iter(stream.readline, b""):
            put(raw.decode("utf-8", "replace").rstrip("\n"))
        stream.close()

    def line(self, timeout=5.0):
        try:
            return self.out.get(timeout=timeout)
        except queue.Empty:
            return None

    def lines_until(self, marker, timeout=5.0):
        got = []
        deadline = time.time() + timeout
        while time.time() < deadline:
            ln = self.line(max(0.01, deadline - time.time()))
            if ln is None:
                break
            got.append(ln)
            if ln == marker:
                break
        return got

    def stderr(self):
        # Once the app has exited, all it wrote is read before answering
        # (the reader thread may still be draining the pipe).
        if self.proc.poll() is not None:
            self.err_pump.join(10)
        return "\n".join(self.err_lines)

    def alive(self):
        return self.proc.poll() is None

    def rss_kb(self):
        try:
            with open(f"/proc/{self.proc.pid}/status") as f:
                for ln in f:
                    if ln.startswith("VmRSS:"):
                        return int(ln.split()[1])
        except OSError:
            return None
        return None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)
        return self.proc.returncode

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def shoal_app(args, source, **kw):
    return App([args.shoal, "run"], source, **kw)


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
