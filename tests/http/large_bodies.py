"""Large response bodies arrive byte-exact: one big Buffer (written without a
copy by the engine), Uint8Array views into a larger ArrayBuffer, many chunks
of mixed sizes and kinds (chunked and Content-Length framing), a file piped
to the response (fs.createReadStream(p).pipe(res), whole and a byte range,
with the stream's and the response's events in Node 20's order), a client
that reads slowly through a small receive buffer, and clients that go away
mid-body (the worker keeps serving, its memory does not grow with them).

Every body is a pattern where a byte's value depends on its offset
(pattern(i) below and in the app), so a lost, repeated or shifted piece
shows.

    python3 tests/http/large_bodies.py --shoal build/shoal
"""
import hashlib
import json
import socket
import time

from httptest import check, connect, finish, header, parse_args, read_response, shoal_app

APP = r"""
const http = require('http');
const fs = require('fs');
const path = require('path');
function pattern(start, n) {
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) { const k = start + i; b[i] = (k ^ (k >> 8) ^ (k >> 16)) & 255; }
  return b;
}
const FILE = path.join(__dirname, 'data.bin');
const FILE_LEN = 3 * 1024 * 1024 + 12345;
fs.writeFileSync(FILE, pattern(0, FILE_LEN));
const BIG = pattern(0, 8 << 20);
const VIEW_AB = new ArrayBuffer(BIG.length + 100);
new Uint8Array(VIEW_AB).set(BIG, 3);
const logs = new Map();
function sendFile(id, res, opts) {
  const log = [];
  logs.set(id, log);
  const s = fs.createReadStream(FILE, opts);
  for (const ev of ['open', 'ready', 'end', 'close'])
    s.on(ev, () => log.push('stream ' + ev + (ev === 'end' || ev === 'close' ? ' ' + s.bytesRead : '')));
  s.on('error', (e) => log.push('stream error ' + e.code));
  for (const ev of ['pipe', 'unpipe', 'finish', 'close'])
    res.on(ev, () => log.push('res ' + ev));
  s.pipe(res);
}
const server = http.createServer((req, res) => {
  const u = new URL(req.url, 'http://x');
  const q = (k) => Number(u.searchParams.get(k));
  switch (u.pathname) {
    case '/buf':    // one Buffer, Content-Length from end()
      res.end(BIG.subarray(0, q('n')));
      return;
    case '/view':   // a Uint8Array view at an odd offset of a larger buffer
      res.end(new Uint8Array(VIEW_AB, 3, q('n')));
      return;
    case '/chunks': { // many writes of every kind; chunked unless cl=1
      const total = q('n');
      const sizes = [1, 7, 100, 4096, 65535, 65536, 65537, 300000, 1 << 20, 13];
      if (u.searchParams.get('cl')) res.setHeader('Content-Length', total);
      let off = 0, k = 0;
      while (off < total) {
        const n = Math.min(sizes[k % sizes.length], total - off);
        const piece = BIG.subarray(off, off + n);
        if (k % 3 === 1) res.write(new Uint8Array(piece.buffer, piece.byteOffset, n));
        else if (k % 3 === 2) res.write(piece.toString('latin1'), 'latin1');
        else res.write(piece);
        off += n; k++;
      }
      res.end();
      return;
    }
    case '/file': { // the static-file path; Content-Length set by the app when cl=1
      const opts = {};
      if (u.searchParams.has('start')) { opts.start = q('start'); opts.end = q('end'); }
      const len = opts.start !== undefined ? opts.end - opts.start + 1 : FILE_LEN;
      if (u.searchParams.get('cl')) res.setHeader('Content-Length', len);
      sendFile(u.searchParams.get('id'), res, opts);
      return;
    }
    case '/log':
      res.end(JSON.stringify(logs.get(u.searchParams.get('id')) || null));
      return;
    case '/mem':
      res.end(JSON.stringify(process.memoryUsage()));
      return;
  }
  res.end('?');
});
server.keepAliveTimeout = 1000;
server.listen(0, function () { console.log('port ' + this.address().port); });
"""

FILE_LEN = 3 * 1024 * 1024 + 12345

# Recorded with /usr/bin/node v20 running the same app. The stream's 'close'
# (after its fd's close on the thread pool) races with the response's
# 'close', so the two objects' events are compared each in its own order,
# plus the order between them that does not race: the stream ends before
# the response finishes.
NODE_FILE_EVENTS = ["res pipe", "stream open", "stream ready", "stream end %d", "res finish",
                    "res unpipe", "res close", "stream close %d"]


def ordered(log):
    """The events of each object in their order, and whether the stream's
    'end' came before the response's 'finish'."""
    ends = [i for i, e in enumerate(log) if e.startswith("stream end")]
    fin = log.index("res finish") if "res finish" in log else -1
    return ([e for e in log if e.startswith("res ")], [e for e in log if e.startswith("stream ")],
            bool(ends) and ends[0] < fin)


def pattern(start, n):
    return bytes(((k ^ (k >> 8) ^ (k >> 16)) & 255) for k in range(start, start + n))


PATTERN = pattern(0, 8 << 20)


def get(port, path, s=None):
    own = s is None
    s = s or connect(port, timeout=30)
    s.sendall(b"GET %s HTTP/1.1\r\nHost: x\r\n\r\n" % path.encode())
    st, hd, body, _ = read_response(s)
    if own:
        s.close()
    return st, hd, body


def same(body, start, n, what):
    ok = len(body) == n and body == PATTERN[start:start + n]
    check(ok, what + " is byte-exact", "%d bytes, sha1 %s" % (len(body),
                                                               hashlib.sha1(body).hexdigest()))


def events(port, id):
    for _ in range(200):  # (10 s: a loaded machine)
        _, _, body = get(port, "/log?id=%s" % id)
        got = json.loads(body)
        if got and "res close" in got and any(e.startswith("stream close") for e in got):
            return got
        time.sleep(0.05)
    return got


def bodies(port):
    for n in (0, 1, 65536, (1 << 20) + 3, 8 << 20):
        st, hd, body = get(port, "/buf?n=%d" % n)
        check(header(hd, "content-length") == str(n), "/buf?n=%d Content-Length" % n)
        same(body, 0, n, "one Buffer of %d bytes" % n)
    st, hd, body = get(port, "/view?n=%d" % ((3 << 20) + 1))
    same(body, 0, (3 << 20) + 1, "a Uint8Array view at offset 3")
    n = (5 << 20) + 77
    st, hd, body = get(port, "/chunks?n=%d" % n)
    check(header(hd, "transfer-encoding") == "chunked", "many writes: chunked")
    same(body, 0, n, "many chunks (chunked)")
    st, hd, body = get(port, "/chunks?n=%d&cl=1" % n)
    check(header(hd, "content-length") == str(n), "many writes: the app's Content-Length")
    same(body, 0, n, "many chunks (Content-Length)")
    # keep-alive: responses follow each other on one connection
    s = connect(port, timeout=30)
    for n in (1 << 20, 5, 2 << 20):
        st, hd, body = get(port, "/buf?n=%d" % n, s)
        same(body, 0, n, "keep-alive /buf?n=%d" % n)
    s.close()


def files(port):
    for i, (q, start, n, framing) in enumerate([
            ("", 0, FILE_LEN, "transfer-encoding"),
            ("&cl=1", 0, FILE_LEN, "content-length"),
            ("&start=100000&end=2200000", 100000, 2100001, "transfer-encoding"),
            ("&start=5&end=5&cl=1", 5, 1, "content-length")]):
        # (kept open until the events are in: with Content-Length the whole
        # body can arrive before the stream saw its end of file, and a client
        # leaving then aborts the response, in Node as here)
        s = connect(port, timeout=30)
        st, hd, body = get(port, "/file?id=f%d%s" % (i, q), s)
        check(header(hd, framing) is not None, "file %s: framed by %s" % (q, framing), hd)
        same(body, start, n, "file piped to the response %s" % q)
        want = [e % n if "%d" in e else e for e in NODE_FILE_EVENTS]
        got = events(port, "f%d" % i)
        s.close()
        check(ordered(got) == ordered(want), "file %s: events as Node's" % q, got)


def slow_reader(port):
    """A client that starts reading only after the server's keepAliveTimeout
    (1 s) passed, then reads through a 4 KiB receive buffer: the timer is the
    idle connection's, it starts once the kernel took the whole response
    (Node: at 'finish'), so the download is not cut. (The connection is not
    reused: the timer runs while the kernel's buffers still hold the tail,
    which a loaded machine may take longer than 1 s to read, in Node as
    here.)"""
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect(("127.0.0.1", port))
    s.settimeout(30)
    s.sendall(b"GET /buf?n=%d HTTP/1.1\r\nHost: x\r\n\r\n" % (4 << 20))
    time.sleep(1.6)
    data = b""
    while b"\r\n\r\n" not in data or len(data) < data.index(b"\r\n\r\n") + 4 + (4 << 20):
        b = s.recv(8192)
        if not b:
            break
        data += b
    same(data[data.index(b"\r\n\r\n") + 4:], 0, 4 << 20, "4 MiB read late through a 4 KiB receive buffer")
    s.close()


def disconnects(port, app):
    def rss():
        return app.rss_kb() or 0
    paths = ["/buf?n=%d" % (8 << 20), "/chunks?n=%d" % (6 << 20), "/file?id=d", "/view?n=%d" % (8 << 20)]
    rounds = []
    for r in range(3):
        for i in range(40):
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8192)
            s.connect(("127.0.0.1", port))
            s.sendall(b"GET %s HTTP/1.1\r\nHost: x\r\n\r\n" % paths[i % len(paths)].encode())
            s.recv(4096 + i * 100)
            if i % 2:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            s.close()
        time.sleep(0.3)
        rounds.append(rss())
    check(app.alive(), "the server survives clients that leave mid-body")
    st, hd, body = get(port, "/buf?n=%d" % (1 << 20))
    same(body, 0, 1 << 20, "a response after 120 clients left mid-body")
    # (three rounds of 40: memory held by abandoned writes would grow by
    # ~200 MiB a round; allocator noise is far below that)
    check(rounds[2] - rounds[0] < 64 * 1024, "memory does not grow with abandoned bodies", rounds)


def main():
    args = parse_args()
    with shoal_app(args, APP, port_timeout=30) as app:
        bodies(app.port)
        files(app.port)
        slow_reader(app.port)
        disconnects(app.port, app)
    finish()


if __name__ == "__main__":
    main()
