"""Bad input on HTTP/2 and TLS ports: plaintext on a TLS port, a broken
handshake, a rapid-reset flood (CVE-2023-44487), PING and SETTINGS floods,
an oversized header list and an HPACK bomb. Each is logged once, the
offender's session gets GOAWAY (ENHANCE_YOUR_CALM for floods) or is closed,
and a normal client is served meanwhile."""
import os
import socket
import struct
import tempfile
import threading
import time

from h2util import (App, ENHANCE_YOUR_CALM, GET_ROOT, GOAWAY, HEADERS, PING, RST_STREAM, SETTINGS,
                    check, curl, finish, frame, goaway_code, h2c_connect, make_cert, need,
                    parse_args, read_frames, tls_connect)

APP = r"""
const http = require('http');
const http2 = require('http2');
const fs = require('fs');
const handler = (req, res) => res.end(`ok ${req.httpVersion}\n`);
const opts = { key: fs.readFileSync('key.pem'), cert: fs.readFileSync('cert.pem') };
const a = http.createServer(handler);
const b = http2.createSecureServer(opts, handler);
a.listen(0, '127.0.0.1', () => {
  console.log(a.address().port);
  b.listen(0, '127.0.0.1', () => console.log(b.address().port));
});
"""


class Background:
    """A normal client fetching in a loop while an attack runs."""

    def __init__(self, url, extra):
        self.url, self.extra = url, extra
        self.ok = self.bad = 0
        self.stop = False
        self.t = threading.Thread(target=self.loop, daemon=True)
        self.t.start()

    def loop(self):
        while not self.stop:
            rc, out, _ = curl(*self.extra, self.url, timeout=5)
            if rc == 0 and out.startswith("ok 2.0"):
                self.ok += 1
            else:
                self.bad += 1

    def finish(self):
        self.stop = True
        self.t.join(10)


def flood(port, payload_fn, count):
    s = h2c_connect(port)
    try:
        chunks = b"".join(payload_fn(i) for i in range(count))
        try:
            s.sendall(chunks)
        except (BrokenPipeError, ConnectionResetError):
            pass
        frames, eof = read_frames(s, until_type=GOAWAY, timeout=10)
        return goaway_code(frames), frames
    finally:
        s.close()


def main():
    args = parse_args()
    need("curl", "openssl")
    tmp = tempfile.mkdtemp(prefix="shoal-h2-cert-")
    cert, key = make_cert(tmp)
    app = App(args.shoal, APP, nports=2,
              files={"cert.pem": open(cert).read(), "key.pem": open(key).read()})
    clear, secure = app.ports
    normal_clear = (f"http://127.0.0.1:{clear}/", ["--http2-prior-knowledge"])
    normal_tls = (f"https://localhost:{secure}/", ["-k", "--http2"])
    try:
        # --- plaintext on the TLS port -------------------------------------------------
        s = socket.create_connection(("127.0.0.1", secure), timeout=5)
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        data = b""
        try:
            while True:
                d = s.recv(4096)
                if not d:
                    break
                data += d
        except socket.timeout:
            pass
        s.close()
        check(data.startswith(b"HTTP/1.1 400"), "plaintext HTTP on the TLS port: 400, closed",
              data[:200])
        rc, out, err = curl(*normal_tls[1], normal_tls[0])
        check(rc == 0 and out == "ok 2.0\n", "the TLS port still serves after plaintext", out + err)

        # --- a broken handshake: a TLS record header followed by garbage -----------
        s = socket.create_connection(("127.0.0.1", secure), timeout=5)
        s.sendall(b"\x16\x03\x01\x00\x40" + os.urandom(64))
        try:
            rest = s.recv(4096)
            while s.recv(4096):
                pass
        except (socket.timeout, ConnectionResetError):
            rest = b""
        s.close()
        check(rest[:1] in (b"\x15", b""), "a broken handshake gets an alert and the connection closes",
              rest[:40])
        # many broken handshakes do not flood the log
        for _ in range(100):
            s = socket.create_connection(("127.0.0.1", secure), timeout=5)
            s.sendall(b"\x16\x03\x01\x00\x05hello")
            s.close()
        time.sleep(0.3)
        rc, out, err = curl(*normal_tls[1], normal_tls[0])
        check(rc == 0 and out == "ok 2.0\n", "the TLS port still serves after broken handshakes",
              out + err)

        # --- rapid reset (CVE-2023-44487) ------------------------------------------------
        bg = Background(*normal_clear)
        time.sleep(0.2)
        code, frames = flood(clear, lambda i: frame(HEADERS, 0x5, 2 * i + 1, GET_ROOT) +
                             frame(RST_STREAM, 0, 2 * i + 1, struct.pack(">I", 8)), 5000)
        check(code == ENHANCE_YOUR_CALM, "rapid reset: GOAWAY ENHANCE_YOUR_CALM",
              f"code={code} frames={[f[0] for f in frames][:20]}")
        # the same over TLS
        s = tls_connect(secure)
        check(s.selected_alpn_protocol() == "h2", "TLS: ALPN h2 for the raw client")
        from h2util import PREFACE
        s.sendall(PREFACE + frame(SETTINGS, 0, 0))
        burst = b"".join(frame(HEADERS, 0x5, 2 * i + 1, GET_ROOT) +
                         frame(RST_STREAM, 0, 2 * i + 1, struct.pack(">I", 8)) for i in range(3000))
        try:
            s.sendall(burst)
        except OSError:
            pass
        frames, _ = read_frames(s, until_type=GOAWAY, timeout=10)
        s.close()
        check(goaway_code(frames) == ENHANCE_YOUR_CALM, "rapid reset over TLS: ENHANCE_YOUR_CALM",
              goaway_code(frames))

        # --- PING flood ----------------------------------------------------------------
        code, frames = flood(clear, lambda i: frame(PING, 0, 0, struct.pack(">Q", i)), 5000)
        check(code == ENHANCE_YOUR_CALM, "PING flood: GOAWAY ENHANCE_YOUR_CALM", code)
        # --- SETTINGS flood --------------------------------------------------------------
        code, frames = flood(clear, lambda i: frame(SETTINGS, 0, 0), 5000)
        check(code == ENHANCE_YOUR_CALM, "SETTINGS flood: GOAWAY ENHANCE_YOUR_CALM", code)
        bg.finish()
        check(bg.ok > 0 and bg.bad == 0, "a normal client was served during the floods",
              f"ok={bg.ok} bad={bg.bad}")

        # --- a normal session is untouched by a few resets --------------------------------
        s = h2c_connect(clear)
        s.sendall(b"".join(frame(HEADERS, 0x5, 2 * i + 1, GET_ROOT) +
                           frame(RST_STREAM, 0, 2 * i + 1, struct.pack(">I", 8)) for i in range(10)))
        s.sendall(frame(HEADERS, 0x5, 101, GET_ROOT))
        frames, _ = read_frames(s, timeout=2)
        s.close()
        check(goaway_code(frames) is None and any(f[0] == HEADERS and f[2] == 101 for f in frames),
              "a few resets are fine: the next stream is answered", [f[:3] for f in frames])

        # --- oversized header list: 431 for that stream, the session lives -----------------
        s = h2c_connect(clear)
        big = b"x" * 20000
        # literal header without indexing, new name "x-big"
        block = GET_ROOT + b"\x00\x05x-big" + bytes([0x7f]) + _hpack_int(len(big) - 127) + big
        # (over the 16 KiB frame size: HEADERS, then CONTINUATION)
        s.sendall(frame(HEADERS, 0x1, 1, block[:16000]) + frame(9, 0x4, 1, block[16000:]))
        s.sendall(frame(HEADERS, 0x5, 3, GET_ROOT))
        frames, _ = read_frames(s, timeout=2)
        s.close()
        statuses = {f[2]: f[3] for f in frames if f[0] == HEADERS}
        check(1 in statuses and statuses[1][:1] != b"\x88", "a header list over the limit: not 200",
              statuses)
        check(3 in statuses and goaway_code(frames) is None,
              "the same session serves the next stream", [f[:3] for f in frames])

        # --- HPACK bomb: one big entry in the dynamic table, referenced many times ----------
        s = h2c_connect(clear)
        entry = b"\x40\x05x-bom" + bytes([0x7f]) + _hpack_int(4000 - 127) + b"b" * 4000
        blocks = []
        for i in range(200):
            refs = b"\xbe" * 2000  # index 62: the newest dynamic entry, 2000 times
            blocks.append(frame(HEADERS, 0x5, 2 * i + 1, GET_ROOT + (entry if i == 0 else b"") + refs))
        try:
            s.sendall(b"".join(blocks))
        except OSError:
            pass
        frames, eof = read_frames(s, until_type=GOAWAY, timeout=5)
        s.close()
        check(goaway_code(frames) is not None or eof, "HPACK bomb: the session is ended",
              [f[:3] for f in frames][:10])
        rc, out, err = curl(*normal_clear[1], normal_clear[0])
        check(rc == 0 and out == "ok 2.0\n", "cleartext port still serves after the bomb", out + err)

        # --- logged once, not per frame ----------------------------------------------------
        log = app.stderr()
        check("plaintext on a TLS port" in log, "plaintext on the TLS port is logged", log[-2000:])
        check("rapid reset" in log and log.count("rapid reset") <= 3,
              "rapid reset logged once per offending session", log[-2000:])
        check(len(log.splitlines()) < 200, "the log stays short", len(log.splitlines()))
        check(app.alive(), "the server survived", log[-2000:])
    finally:
        app.stop()
    finish()


def _hpack_int(n):
    out = b""
    while n >= 128:
        out += bytes([(n & 0x7F) | 0x80])
        n >>= 7
    return out + bytes([n])


if __name__ == "__main__":
    main()
