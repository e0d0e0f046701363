"""fs.createReadStream(path).pipe(res) sent by the engine with sendfile(2)
(worker/http/conn_file.c, the fast path of internal/fs/streams.js), through
the real binary and real clients (curl, Python sockets):

- byte-exact bodies (100 B, 1 MiB, 64 MiB; chunked and with the app's
  Content-Length; start/end), HEAD, keep-alive and pipelined requests after
  a file on the same connection;
- the fast path is taken (the process's read calls, /proc/PID/io: a 1 MiB
  file costs a few, not the stream's 16 reads of 64 KiB);
- a slow reader gets every byte while the worker serves other connections;
  its download is not cut by the keep-alive timeout;
- a client that stops reading: cut by limits.response_timeout_ms as a
  Buffer body would be (a cluster worker);
- clients leaving mid-file: no descriptor left open (/proc/PID/fd), the
  worker serves on, no log line;
- a file that shrinks under us: the response is cut (its head announced
  more), one log line, the worker serves on;
- the stream path where the fast path does not apply, still byte-exact: a
  'data' listener, setEncoding, compression middleware replacing
  res.write/res.end, an empty file, a pseudo-file of /sys, TLS, HTTP/2 (cleartext on the engine,
  http2.createSecureServer's compatibility API).

    python3 tests/http/sendfile.py --shoal build/shoal
"""
import gzip
import hashlib
import json
import os
import socket
import subprocess
import tempfile
import time

from httptest import check, connect, finish, header, parse_args, read_response, shoal_app, \
    wait_for
from shoaltest import Cluster

APP = r"""
const http = require('http');
const https = require('https');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const dir = __dirname;
const logs = new Map();
function handler(req, res) {
  const u = new URL(req.url, 'http://x');
  const q = (k) => u.searchParams.get(k);
  if (u.pathname === '/log') return res.end(JSON.stringify(logs.get(q('id')) || null));
  if (u.pathname === '/small') return res.end('small');
  const file = q('abs') || path.join(dir, q('f') || 'none');
  const opts = {};
  if (q('start') !== null) opts.start = Number(q('start'));
  if (q('end') !== null) opts.end = Number(q('end'));
  if (q('cl') !== null) {
    const size = fs.statSync(file).size;
    const last = Math.min(opts.end === undefined ? Infinity : opts.end, size - 1);
    res.setHeader('Content-Length', last - (opts.start || 0) + 1);
  }
  const s = fs.createReadStream(file, opts);
  const log = [];
  if (q('id')) logs.set(q('id'), log);
  for (const ev of ['open', 'ready', 'end', 'close'])
    s.on(ev, () => log.push('stream ' + ev + ' ' + s.bytesRead));
  s.on('error', (e) => log.push('stream error ' + e.code));
  for (const ev of ['unpipe', 'finish', 'close']) res.on(ev, () => log.push('res ' + ev));
  switch (q('mode')) {
    case 'data': { let n = 0; s.on('data', (c) => { n += c.length; }); break; }
    case 'enc': s.setEncoding('latin1'); break;
    case 'shrink': // once the first bytes left
      s.on('ready', () => setImmediate(() => fs.truncateSync(file, Number(q('to')))));
      break;
    case 'gzip': { // what compression middleware does: res.write/res.end replaced
      const write = res.write, end = res.end, gz = zlib.createGzip();
      res.setHeader('Content-Encoding', 'gzip');
      gz.on('data', (c) => write.call(res, c));
      gz.on('end', () => end.call(res));
      gz.on('drain', () => res.emit('drain'));
      res.write = (c, e, cb) => gz.write(c, e, cb);
      res.end = (c) => { if (c) gz.write(c); gz.end(); return res; };
      break;
    }
  }
  s.pipe(res);
}
const server = http.createServer(handler);
server.keepAliveTimeout = 1000;
server.listen(0, () => {
  const opts = { key: fs.readFileSync(path.join(dir, 'key.pem')),
                 cert: fs.readFileSync(path.join(dir, 'cert.pem')) };
  const tls = https.createServer(opts, handler).listen(0, () => {
    const h2 = require('http2').createSecureServer(opts, handler).listen(0, () => {
      console.log(server.address().port + ' ' + tls.address().port + ' ' + h2.address().port);
    });
  });
});
"""


def pattern(n, seed):
    """n bytes where a byte depends on its offset: a lost, repeated or
    shifted piece shows."""
    block = hashlib.sha256(b"%d" % seed).digest() * 2048  # 64 KiB
    out = bytearray(block * (n // len(block) + 1))
    for i in range(0, n, 65536):  # (each 64 KiB block marked with its offset)
        out[i:i + 8] = i.to_bytes(8, "little")
    return bytes(out[:n])


FILES = {"small.bin": pattern(100, 1), "one.bin": pattern(1 << 20, 2),
         "big.bin": pattern(64 << 20, 3), "slow.bin": pattern(16 << 20, 4),
         "empty.bin": b""}


def get(port, path, s=None, method="GET"):
    own = s is None
    s = s or connect(port, timeout=30)
    s.sendall(b"%s %s HTTP/1.1\r\nHost: x\r\n\r\n" % (method.encode(), path.encode()))
    st, hd, body, _ = read_response(s, head_only=method == "HEAD")
    if own:
        s.close()
    return st, hd, body


def curl(url, *extra):
    out = tempfile.NamedTemporaryFile(delete=False)
    out.close()
    r = subprocess.run(["curl", "-s", "-k", "-o", out.name, "-D", "-", "--max-time", "60",
                        *extra, url], capture_output=True)
    with open(out.name, "rb") as f:
        body = f.read()
    os.unlink(out.name)
    return r.returncode, r.stdout.decode("latin1").lower(), body


def same(body, want, what):
    check(body == want, what + " is byte-exact",
          "%d bytes (want %d), sha1 %s" % (len(body), len(want), hashlib.sha1(body).hexdigest()))


def proc_io(pid, key):
    with open("/proc/%d/io" % pid) as f:
        for line in f:
            k, v = line.split(":")
            if k == key:
                return int(v)
    return 0


def fds(pid):
    return len(os.listdir("/proc/%d/fd" % pid))


def bodies(port):
    for name in ("small.bin", "one.bin", "big.bin"):
        for cl in ("", "&cl"):
            rc, hd, body = curl("http://127.0.0.1:%d/?f=%s%s" % (port, name, cl))
            framing = "content-length: %d" % len(FILES[name]) if cl else "transfer-encoding: chunked"
            check(rc == 0 and framing in hd, "%s%s: framed by %s" % (name, cl, framing), hd)
            same(body, FILES[name], "%s%s" % (name, cl))
    for start, end in ((0, 0), (10, 99), (65530, 700000), (1 << 20, None), ((1 << 20) - 1, 5 << 20)):
        q = "&start=%d" % start + ("&end=%d" % end if end is not None else "")
        for cl in ("", "&cl"):
            rc, hd, body = curl("http://127.0.0.1:%d/?f=one.bin%s%s" % (port, q, cl))
            want = FILES["one.bin"][start:None if end is None else end + 1]
            same(body, want, "one.bin start=%d end=%s%s" % (start, end, cl))


def keep_alive(port):
    s = connect(port, timeout=30)
    st, hd, body = get(port, "/?f=one.bin&cl", s, "HEAD")
    check(st == 200 and header(hd, "content-length") == str(1 << 20) and body == b"",
          "HEAD: the head alone, with the file's Content-Length", hd)
    for path, want in (("/?f=one.bin", FILES["one.bin"]), ("/?f=small.bin&cl", FILES["small.bin"]),
                       ("/small", b"small"), ("/?f=one.bin&cl&start=7", FILES["one.bin"][7:])):
        st, hd, body = get(port, path, s)
        same(body, want, "keep-alive, after a file: %s" % path)
    # pipelined: three requests in one write, answered in order
    s.sendall(b"GET /?f=one.bin HTTP/1.1\r\nHost: x\r\n\r\n"
              b"GET /?f=small.bin&cl HTTP/1.1\r\nHost: x\r\n\r\n"
              b"GET /small HTTP/1.1\r\nHost: x\r\n\r\n")
    rest = b""
    for want in (FILES["one.bin"], FILES["small.bin"], b"small"):
        st, hd, body, rest = read_response(s, rest)
        same(body, want, "pipelined response of %d bytes" % len(want))
    s.close()


def fast_path_taken(port, pid):
    """(Node's stream reads a 1 MiB file in 16 reads of 64 KiB on the
    thread pool; sendfile is one call. syscr counts every thread's read
    calls, sendfile included.)"""
    s = connect(port, timeout=30)
    get(port, "/?f=one.bin&cl", s)
    before = proc_io(pid, "syscr")
    for _ in range(20):
        get(port, "/?f=one.bin&cl", s)
    per = (proc_io(pid, "syscr") - before) / 20
    s.close()
    check(per < 6, "1 MiB file: the fast path (read calls per response < 6)", per)
    s = connect(port, timeout=30)
    before = proc_io(pid, "syscr")
    for _ in range(5):
        get(port, "/?f=one.bin&cl&mode=data", s)
    per = (proc_io(pid, "syscr") - before) / 5
    s.close()
    check(per >= 16, "with a 'data' listener: the stream path (read calls per response >= 16)", per)


def events(port, id):
    """The app's log of request `id` once both objects closed."""
    def log():
        got = json.loads(get(port, "/log?id=%s" % id)[2])
        return got if got and "res close" in got and any(e.startswith("stream close")
                                                         for e in got) else None
    return wait_for(log, 10) or json.loads(get(port, "/log?id=%s" % id)[2])


def stream_events(port):
    s = connect(port, timeout=30)
    get(port, "/?f=one.bin&cl&id=e1", s)
    got = events(port, "e1")
    s.close()
    n = 1 << 20
    check([e for e in got if e.startswith("stream")] ==
          ["stream open 0", "stream ready 0", "stream end %d" % n, "stream close %d" % n] and
          [e for e in got if e.startswith("res")] == ["res finish", "res unpipe", "res close"] and
          got.index("stream end %d" % n) < got.index("res finish"),
          "events: open, ready, end (bytesRead) before the response's finish, unpipe, close", got)


def slow_reader(port):
    """16 MiB through a 4 KiB receive buffer, read slowly for longer than
    the keep-alive timeout (1 s): every byte arrives, and meanwhile the same
    worker answers other connections at once."""
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect(("127.0.0.1", port))
    s.settimeout(30)
    s.sendall(b"GET /?f=slow.bin&cl HTTP/1.1\r\nHost: x\r\n\r\n")
    data = bytearray()
    others = []
    t0 = time.time()
    while b"\r\n\r\n" not in data or len(data) < data.index(b"\r\n\r\n") + 4 + (16 << 20):
        b = s.recv(256 << 10)
        if not b:
            break
        data += b
        if len(data) < (2 << 20):
            time.sleep(0.02)  # slow at first, then as fast as Python reads
            if len(others) < 5 and time.time() - t0 > 0.2 * len(others):
                t = time.time()
                st, _, body = get(port, "/small")
                others.append((st, body, time.time() - t))
    same(bytes(data[data.index(b"\r\n\r\n") + 4:]), FILES["slow.bin"], "16 MiB to a slow reader")
    check(time.time() - t0 > 1.0, "the slow download lasted longer than the keep-alive timeout")
    check(len(others) == 5 and all(st == 200 and body == b"small" and dt < 2 for st, body, dt in others),
          "other connections served while the slow reader downloads", others)
    s.sendall(b"GET /small HTTP/1.1\r\nHost: x\r\n\r\n")
    st, _, body, _ = read_response(s)
    check(body == b"small", "the slow reader's connection is kept alive after the file")
    s.close()


def disconnects(port, app):
    before = fds(app.proc.pid)
    err_before = len(app.err_lines)
    for i in range(30):
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8192)
        s.connect(("127.0.0.1", port))
        s.sendall(b"GET /?f=%s HTTP/1.1\r\nHost: x\r\n\r\n" %
                  (b"big.bin&cl" if i % 2 else b"slow.bin"))
        s.recv(4096 + i * 100)
        if i % 3 == 0:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        s.close()
    ok = wait_for(lambda: fds(app.proc.pid) <= before, 10)
    check(ok, "30 clients left mid-file: no descriptor left open", (before, fds(app.proc.pid)))
    check(app.alive(), "the worker survives clients that leave mid-file")
    rc, hd, body = curl("http://127.0.0.1:%d/?f=one.bin&cl" % port)
    same(body, FILES["one.bin"], "a file after 30 clients left mid-file")
    lines = app.err_lines[err_before:]
    check(len(lines) <= 30, "at most one log line per client that left", lines[:5])


def shrink(port, app, d):
    """The file is cut to 5 MiB while its 64 MiB leave: the stream ends
    with the bytes it had (as Node's, whose response then finishes short of
    its Content-Length and leaves the client waiting); the connection is
    cut, since the head announced more."""
    path = os.path.join(d, "shrink.bin")
    with open(path, "wb") as f:
        f.write(FILES["big.bin"])
    err_before = len(app.err_lines)
    rc, hd, body = curl("http://127.0.0.1:%d/?f=shrink.bin&cl&mode=shrink&to=%d&id=s1"
                        % (port, 5 << 20))
    check(rc == 18 and "content-length: %d" % (64 << 20) in hd,
          "a file shrunk under us: the response is cut (curl: partial file)", (rc, hd))
    same(body, FILES["big.bin"][:5 << 20], "the bytes the shrunk file still had")
    got = events(port, "s1")
    check(got and "stream end %d" % (5 << 20) in got and "stream close %d" % (5 << 20) in got,
          "shrunk: the stream ends with the bytes it read", got)
    wait_for(lambda: len(app.err_lines) > err_before, 2)
    lines = app.err_lines[err_before:]
    check(len(lines) == 1 and "shorter" in lines[0], "shrunk: one log line", lines)
    with open(path, "wb") as f:
        f.write(FILES["one.bin"])
    rc, hd, body = curl("http://127.0.0.1:%d/?f=shrink.bin" % port)
    same(body, FILES["one.bin"], "the worker serves on after a shrunk file")


def fallbacks(port, tls_port, h2_port):
    for cl in ("", "&cl"):
        rc, hd, body = curl("http://127.0.0.1:%d/?f=one.bin&mode=data%s" % (port, cl))
        same(body, FILES["one.bin"], "stream path ('data' listener%s)" % cl)
    # (latin1 strings, which res.write encodes as UTF-8: in Node too)
    rc, hd, body = curl("http://127.0.0.1:%d/?f=one.bin&mode=enc" % port)
    same(body, FILES["one.bin"].decode("latin1").encode(), "stream path (setEncoding)")
    rc, hd, body = curl("http://127.0.0.1:%d/?f=one.bin&mode=gzip" % port)
    check("content-encoding: gzip" in hd, "compression middleware: gzip", hd)
    same(gzip.decompress(body), FILES["one.bin"], "compression middleware's res.write")
    rc, hd, body = curl("http://127.0.0.1:%d/?f=empty.bin" % port)
    check(rc == 0 and body == b"", "an empty file: an empty body", (rc, hd))
    # (a pseudo-file: its size, 4096, is not its content's)
    sysfile = "/sys/devices/system/cpu/online"
    with open(sysfile, "rb") as f:
        want = f.read()
    rc, hd, body = curl("http://127.0.0.1:%d/?abs=%s" % (port, sysfile))
    check(rc == 0 and body == want, "a file of /sys: its content, whole", (rc, body, want))
    for cl in ("", "&cl"):
        rc, hd, body = curl("https://127.0.0.1:%d/?f=big.bin%s" % (tls_port, cl), "--http1.1")
        same(body, FILES["big.bin"], "TLS, HTTP/1.1%s" % cl)
        rc, hd, body = curl("http://127.0.0.1:%d/?f=big.bin%s" % (port, cl),
                            "--http2-prior-knowledge")
        check(hd.startswith("http/2"), "HTTP/2 (prior knowledge)", hd[:40])
        same(body, FILES["big.bin"], "HTTP/2%s" % cl)
        rc, hd, body = curl("https://127.0.0.1:%d/?f=one.bin%s" % (h2_port, cl), "--http2")
        check(hd.startswith("http/2"), "HTTP/2 over TLS", hd[:40])
        same(body, FILES["one.bin"], "HTTP/2 over TLS%s" % cl)


CLUSTER_APP = r"""
const fs = require('fs');
const path = require('path');
module.exports = (req, res) => {
  if (req.url === '/pid') return res.end(String(process.pid));
  const file = path.join(__dirname, 'big.bin');
  res.setHeader('Content-Length', fs.statSync(file).size);
  res.on('close', () => console.error('res close ' + res.writableFinished));
  fs.createReadStream(file).pipe(res);
};
"""


def stalled_reader(shoal):
    """limits.response_timeout_ms (1 s) in a cluster worker: a client that
    stops reading a 64 MiB file is cut as a Buffer body's would be (its
    request makes no progress), with one log line; the file's descriptor
    is closed and the worker serves on."""
    cl = Cluster(shoal, CLUSTER_APP, config={"workers": 1,
                                             "limits": {"response_timeout_ms": 1000}})
    with open(cl.path("big.bin"), "wb") as f:
        f.write(FILES["big.bin"])
    cl.start()
    try:
        pid = int(cl.get("/pid")[2])
        before = fds(pid)
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        s.connect(("127.0.0.1", cl.port))
        s.sendall(b"GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
        s.recv(1024)
        t0 = time.time()
        s.settimeout(15)
        got = 0
        try:
            time.sleep(3)  # reads nothing
            while True:
                b = s.recv(1 << 20)
                if not b:
                    break
                got += len(b)
        except OSError:
            pass
        s.close()
        check(got < (64 << 20) and time.time() - t0 < 14,
              "a client that reads nothing of a file is cut (limits.response_timeout_ms)", got)
        wait_for(lambda: "limits.response_timeout_ms" in cl.logs(), 5)
        logs = cl.logs()
        check(logs.count("limits.response_timeout_ms") == 1 and "): cut" in logs,
              "one log line for the stalled reader", logs)
        check(wait_for(lambda: fds(pid) <= before, 5), "the stalled file's descriptor is closed",
              (before, fds(pid)))
        check(int(cl.get("/pid")[2]) == pid, "the worker serves on")
    finally:
        cl.close()


def main():
    args = parse_args()
    d = tempfile.mkdtemp(prefix="shoal-sendfile-")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=x",
                    "-keyout", os.path.join(d, "key.pem"), "-out", os.path.join(d, "cert.pem")],
                   check=True, capture_output=True)
    for name, data in FILES.items():
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)
    try:
        with shoal_app(args, APP.replace("__dirname", json.dumps(d)), port_timeout=30) as app:
            port, tls_port, h2_port = (int(x) for x in app.first_line.split())
            bodies(port)
            keep_alive(port)
            fast_path_taken(port, app.proc.pid)
            stream_events(port)
            slow_reader(port)
            disconnects(port, app)
            shrink(port, app, d)
            fallbacks(port, tls_port, h2_port)
        stalled_reader(os.path.abspath(args.shoal))
    finally:
        subprocess.run(["rm", "-rf", d])
    finish()


if __name__ == "__main__":
    main()
