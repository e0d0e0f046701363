"""A request body that arrives in the same read as its head (the common small
POST) reaches JavaScript in the same call as the request (docs/http-binding.md,
onRequest's `body`), with Node's stream semantics: a nextTick queued by the
'request' handler finds it buffered, 'data' sees `complete` false, microtasks
queued by the handler run before 'end' (Node 20's order, recorded with
`node`); every way of reading it (data/end, readable+read(), async iteration,
pipe, setEncoding, a late listener, pause/resume), a body larger than the
stream's high-water mark, a body that comes after its head, and pipelined
requests behind such a body."""
import time

from httptest import check, connect, finish, parse_args, read_response, shoal_app

APP = r"""
const http = require('http');
const { PassThrough } = require('stream');
function collect(req, done) {
  const parts = [];
  req.on('data', (c) => parts.push(c));
  req.on('end', () => done(Buffer.concat(parts)));
}
const server = http.createServer((req, res) => {
  const send = (s) => res.end(String(s));
  switch (req.url) {
    case '/order': {
      const seen = [];
      process.nextTick(() => seen.push(`tick:${req.readableLength}:${req.complete}`));
      Promise.resolve().then(() => seen.push(`micro:${req.readableLength}:${req.complete}`));
      req.on('data', (c) => seen.push(`data:${c.length}:${req.complete}`));
      req.on('end', () => { seen.push(`end:${req.complete}`); send(seen.join(',')); });
      return;
    }
    case '/data': collect(req, (b) => send(`data:${b}`)); return;
    case '/read': {
      let s = '';
      req.on('readable', () => { let c; while ((c = req.read()) !== null) s += c; });
      req.on('end', () => send(`read:${s}`));
      return;
    }
    case '/iter': (async () => {
      let s = '';
      for await (const c of req) s += c;
      send(`iter:${s}`);
    })(); return;
    case '/pipe': {
      const p = new PassThrough();
      collect(p, (b) => send(`pipe:${b}`));
      req.pipe(p);
      return;
    }
    case '/text': {
      let s = '';
      req.setEncoding('utf8');
      req.on('data', (c) => { s += c; });
      req.on('end', () => send(`text:${s}`));
      return;
    }
    case '/late': setTimeout(() => collect(req, (b) => send(`late:${b}`)), 30); return;
    case '/paused':
      req.pause();
      collect(req, (b) => send(`paused:${b}`));
      setTimeout(() => req.resume(), 30);
      return;
    case '/size': collect(req, (b) => send(`size:${b.length}:${b[0]}:${b[b.length - 1]}`)); return;
    case '/ignore': send('ignored'); return;
    default: send('?');
  }
});
server.listen(0, () => console.log(server.address().port));
"""


def post(path, body, close=False):
    conn = b"Connection: close\r\n" if close else b""
    return (b"POST %s HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n%s\r\n" %
            (path.encode(), len(body), conn)) + body


def ask(port, data, n=1):
    """Sends data in one write; returns the bodies of n responses."""
    s = connect(port)
    s.sendall(data)
    out, rest = [], b""
    for _ in range(n):
        _, _, body, rest = read_response(s, rest)
        out.append(body)
    s.close()
    return out


def main():
    args = parse_args()
    with shoal_app(args, APP) as app:
        port = app.port
        got = ask(port, post("/order", b"hello world"))[0]
        check(got == b"tick:11:false,data:11:false,micro:0:false,end:true",
              "order of tick, 'data', microtask and 'end' as in Node", got)
        for path, want in (("/data", b"data:hello world"), ("/read", b"read:hello world"),
                           ("/iter", b"iter:hello world"), ("/pipe", b"pipe:hello world"),
                           ("/late", b"late:hello world"), ("/paused", b"paused:hello world")):
            got = ask(port, post(path, b"hello world"))[0]
            check(got == want, f"body with its head read by {path}", got)
        got = ask(port, post("/text", "héllo wörld".encode()))[0]
        check(got == "text:héllo wörld".encode(), "setEncoding('utf8') over the body", got)

        # Larger than the stream's high-water mark (16 KiB): back-pressure
        # pauses the connection, reading resumes it; the next request follows.
        big = bytes([7]) + b"x" * (200 * 1024 - 2) + bytes([9])
        got = ask(port, post("/size", big) + post("/data", b"next"), 2)
        check(got == [b"size:204800:7:9", b"data:next"], "200 KiB body, then a pipelined request",
              got)

        # The body after its head, in a later read.
        s = connect(port)
        s.sendall(b"POST /order HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nab")
        time.sleep(0.05)
        s.sendall(b"cde")
        _, _, got, _ = read_response(s)
        s.close()
        check(got.startswith(b"tick:0:false,micro:0:false,data:2:false,data:3:") and
              got.endswith(b"end:true"), "a body that comes later: chunks as they arrive", got)

        # Pipelined: bodies with heads behind one another, one unread.
        got = ask(port, post("/data", b"abc") + post("/ignore", b"zzz") + post("/read", b"def"), 3)
        check(got == [b"data:abc", b"ignored", b"read:def"], "pipelined requests with bodies", got)
    finish()


if __name__ == "__main__":
    main()
