"""Request bodies (Content-Length, chunked), echo of a large upload in bounded
memory, Expect: 100-continue (automatic and 'checkContinue'), and response
back-pressure (res.write() returning false, then 'drain')."""
import http.client
import hashlib
import socket
import threading
import time

from httptest import check, connect, finish, header, parse_args, read_response, shoal_app

APP = r"""
const http = require('http');
const crypto = (() => { try { return require('crypto'); } catch { return null; } })();
const server = http.createServer({ maxBodySize: 1 << 30 }, (req, res) => {
  if (req.url === '/echo') { req.pipe(res); return; }
  if (req.url === '/count') {
    let n = 0;
    req.on('data', (d) => { n += d.length; });
    req.on('end', () => res.end(JSON.stringify({ n, complete: req.complete,
      te: req.headers['transfer-encoding'] || null, cl: req.headers['content-length'] || null })));
    return;
  }
  if (req.url === '/text') {
    let s = '';
    req.setEncoding('utf8');
    req.on('data', (d) => { s += d; });
    req.on('end', () => res.end(`[${s}]`));
    return;
  }
  if (req.url === '/iter') {
    (async () => {
      const parts = [];
      for await (const c of req) parts.push(c);
      res.end(Buffer.concat(parts).toString('hex'));
    })();
    return;
  }
  if (req.url === '/ignore') { res.end('ignored'); return; }
  if (req.url === '/big') {
    // back-pressure: write until write() returns false, continue on 'drain'
    const chunk = Buffer.alloc(64 * 1024, 97);
    const total = 64 * 1024 * 1024;
    let sent = 0, falses = 0, drains = 0;
    res.setHeader('Content-Length', total);
    res.on('drain', () => { drains++; pump(); });
    function pump() {
      while (sent < total) {
        sent += chunk.length;
        if (sent >= total) {
          res.end(chunk, () => console.log(`big finished falses=${falses > 0} drains=${drains > 0}`));
          return;
        }
        if (!res.write(chunk)) { falses++; return; }
      }
    }
    pump();
    return;
  }
  res.end('?');
});
server.on('checkContinue', (req, res) => {
  if (req.url === '/reject') {
    res.writeHead(417);
    res.end('no thanks');
    return;
  }
  console.log('checkContinue ' + req.url);
  res.writeContinue();
  server.emit('request', req, res);
});
server.listen(0, () => console.log(server.address().port));
"""

AUTO_CONTINUE_APP = r"""
const http = require('http');
const server = http.createServer((req, res) => {
  let n = 0;
  req.on('data', (d) => { n += d.length; });
  req.on('end', () => res.end('got ' + n));
});
server.listen(0, () => console.log(server.address().port));
"""


def post(port, path, body, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request("POST", path, body=body, headers=headers or {})
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, data


def chunked_body(parts):
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"


def main():
    args = parse_args()
    with shoal_app(args, APP) as app:
        port = app.port
        st, data = post(port, "/count", b"x" * 1000)
        check(data == b'{"n":1000,"complete":true,"te":null,"cl":"1000"}',
              "Content-Length body", data)
        st, data = post(port, "/text", "héllo wörld".encode())
        check(data == "[héllo wörld]".encode(), "setEncoding('utf8') body", data)
        st, data = post(port, "/iter", b"\x00\x01\xff")
        check(data == b"0001ff", "async iteration over the body", data)

        s = connect(port)
        s.sendall(b"POST /count HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
                  chunked_body([b"a" * 10, b"b" * 5000, b"c"]))
        st, hd, body, rest = read_response(s)
        check(body == b'{"n":5011,"complete":true,"te":"chunked","cl":null}', "chunked request body",
              body)
        # the same connection carries on, also after a body nobody read
        s.sendall(b"POST /ignore HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n" +
                  b"z" * 100000 + b"GET /ignore HTTP/1.1\r\nHost: x\r\n\r\n")
        st1, _, b1, rest = read_response(s, rest)
        st2, _, b2, rest = read_response(s, rest)
        check(b1 == b"ignored" and b2 == b"ignored", "unread body is skipped; next request served")
        s.close()

        # echo 200 MB in bounded memory
        total = 200 * 1024 * 1024
        s = connect(port, timeout=30)
        s.sendall(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % total)
        block = bytes(range(256)) * 256  # 64 KiB
        sent_hash = hashlib.sha1()
        peak = [app.rss_kb() or 0]
        base = peak[0]

        def sender():
            sent = 0
            while sent < total:
                n = min(len(block), total - sent)
                s.sendall(block[:n])
                sent_hash.update(block[:n])
                sent += n

        t = threading.Thread(target=sender, daemon=True)
        t.start()
        got = b""
        while b"\r\n\r\n" not in got:
            got += s.recv(65536)
        head, body = got.split(b"\r\n\r\n", 1)
        recv_hash = hashlib.sha1()
        # echo uses chunked encoding: decode on the fly
        received = 0
        buf = body
        s.settimeout(30)
        last_rss = time.time()
        done = False
        while not done:
            while True:
                i = buf.find(b"\r\n")
                if i < 0:
                    break
                size = int(buf[:i], 16)
                if len(buf) < i + 2 + size + 2:
                    break
                recv_hash.update(buf[i + 2:i + 2 + size])
                received += size
                buf = buf[i + 2 + size + 2:]
                if size == 0:
                    done = True
                    break
            if done:
                break
            if time.time() - last_rss > 0.05:
                peak[0] = max(peak[0], app.rss_kb() or 0)
                last_rss = time.time()
            b = s.recv(1 << 20)
            if not b:
                break
            buf += b
        t.join(30)
        s.close()
        check(received == total and recv_hash.digest() == sent_hash.digest(),
              "200 MB echoed intact", f"{received} bytes")
        grown_mb = (peak[0] - base) / 1024
        check(grown_mb < 100, f"RSS bounded during the upload (grew {grown_mb:.1f} MB)")

        # Expect: 100-continue, application's checkContinue listener
        s = connect(port)
        s.sendall(b"POST /count HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
        first = s.recv(100)
        check(first.startswith(b"HTTP/1.1 100 Continue\r\n\r\n"), "100 Continue sent by writeContinue",
              first)
        s.sendall(b"hello")
        st, hd, body, rest = read_response(s, first[len(b"HTTP/1.1 100 Continue\r\n\r\n"):])
        check(st == 200 and body == b'{"n":5,"complete":true,"te":null,"cl":"5"}',
              "body after 100 Continue", body)
        s.close()
        check(app.line() == "checkContinue /count", "'checkContinue' emitted")

        s = connect(port)
        s.sendall(b"POST /reject HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
        st, hd, body, rest = read_response(s)
        check(st == 417 and body == b"no thanks", "checkContinue can refuse", (st, body))
        s.close()

        # back-pressure: a slow reader makes res.write() return false, then 'drain'
        s = connect(port, timeout=30)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
        s.sendall(b"GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
        time.sleep(0.5)
        got = 0
        data = b""
        while b"\r\n\r\n" not in data:
            data += s.recv(65536)
        head, rest = data.split(b"\r\n\r\n", 1)
        got = len(rest)
        while got < 64 * 1024 * 1024:
            b = s.recv(1 << 20)
            if not b:
                break
            got += len(b)
        s.close()
        check(got == 64 * 1024 * 1024, "64 MB response to a slow reader", got)
        check(app.line(10) == "big finished falses=true drains=true",
              "write() returned false and 'drain' followed")
        check(app.alive(), "server alive")

    with shoal_app(args, AUTO_CONTINUE_APP) as app:
        s = connect(app.port)
        s.sendall(b"PUT /x HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n")
        first = s.recv(100)
        check(first.startswith(b"HTTP/1.1 100 Continue\r\n\r\n"),
              "100 Continue automatic without a 'checkContinue' listener", first)
        s.sendall(b"abc")
        st, hd, body, rest = read_response(s, first[len(b"HTTP/1.1 100 Continue\r\n\r\n"):])
        check(body == b"got 3", "then 'request' with the body", body)
        s.close()
        check(app.stderr() == "", "nothing on stderr", app.stderr())
    finish()


if __name__ == "__main__":
    main()
