"""Bad and oversized requests: 431 for a 20 KB header, 413 for a body over
maxBodySize, 408 for headers not finished within headersTimeout, 400 for
malformed requests, conflicting Content-Length/Transfer-Encoding and
invalid header characters; 'clientError' is emitted and its listener's
answer (socket.write/end) is what the client gets; after each bad
request a good request on a new connection is still served."""
import http.client
import time

from httptest import check, connect, finish, parse_args, raw_request, recv_until_close, shoal_app

APP = r"""
const http = require('http');
const server = http.createServer({ maxBodySize: 1000 }, (req, res) => {
  let n = 0;
  req.on('data', (d) => { n += d.length; });
  req.on('end', () => res.end('fine ' + n));
});
server.headersTimeout = 500;
server.requestTimeout = 1000;
// As in Node, the listener's answer is the one the client gets.
const statusOf = { HPE_HEADER_OVERFLOW: 431, HPE_BODY_TOO_LARGE: 413, ERR_HTTP_REQUEST_TIMEOUT: 408 };
server.on('clientError', (err, socket) => {
  console.log(`clientError ${err.code}`);
  socket.write(`HTTP/1.1 ${statusOf[err.code] || 400} From-Listener\r\n`);
  socket.end('Connection: close\r\n\r\n');
});
server.listen(0, () => console.log(server.address().port));
"""

# The same, without a 'clientError' listener: the engine's own answers.
APP_NO_LISTENER = APP.replace("server.on('clientError'", "if (0) server.on('clientError'")


def good(port):
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        c.request("POST", "/", body=b"abc")
        r = c.getresponse()
        ok = r.status == 200 and r.read() == b"fine 3"
        c.close()
        return ok
    except OSError as e:
        print(f"     good request failed: {e!r}")
        return False


def status_of(data):
    try:
        return int(data.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return None


def run(args, source, with_listener):
    tag = " (clientError listener)" if with_listener else ""
    with shoal_app(args, source) as app:
        port = app.port
        check(good(port), "good request" + tag)

        cases = [
            ("431 for a 20 KB header", b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20000 +
             b"\r\n\r\n", 431, "HPE_HEADER_OVERFLOW"),
            ("413 for a body over maxBodySize (Content-Length)",
             b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" + b"b" * 5000, 413, None),
            ("400 for a malformed request line", b"GARBAGE\r\n\r\n", 400, None),
            ("400 for an invalid method", b"G@T / HTTP/1.1\r\nHost: x\r\n\r\n", 400, None),
            ("400 for Content-Length with Transfer-Encoding",
             b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
             b"3\r\nabc\r\n0\r\n\r\n", 400, None),
            ("400 for two different Content-Lengths",
             b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
             400, None),
            ("400 for an invalid header name", b"GET / HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n",
             400, None),
            ("400 for a control character in a header value",
             b"GET / HTTP/1.1\r\nHost: x\r\nX-A: a\x01b\r\n\r\n", 400, None),
            ("400 for a bad chunk size",
             b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
             400, None),
        ]
        for name, data, want, code in cases:
            got = raw_request(port, data)
            st = status_of(got)
            check(st == want, name + tag, got[:80])
            check((b" From-Listener\r\n" in got) == with_listener,
                  "the listener's answer, or the engine's without one" + tag, got[:80])
            if with_listener:
                ln = app.line(3)
                check(ln is not None and ln.startswith("clientError "),
                      f"'clientError' emitted for {want}", ln)
                if code and ln:
                    check(ln == f"clientError {code}", f"error code {code}", ln)
            check(good(port), "a good request after: " + name + tag)

        # 413 for a chunked body over the limit
        s = connect(port)
        s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
        for _ in range(5):
            try:
                s.sendall(b"1f4\r\n" + b"c" * 500 + b"\r\n")
            except OSError:
                break
        try:
            s.sendall(b"0\r\n\r\n")
        except OSError:
            pass
        got = recv_until_close(s)
        s.close()
        st = status_of(got)
        # the handler may already have started; the engine answers 413 when it can
        check(st == 413 or got == b"", "chunked body over the limit refused" + tag, got[:80])
        if with_listener:
            app.line(1)
        check(good(port), "a good request after a chunked body over the limit" + tag)

        # 408: headers not finished within headersTimeout (500 ms)
        s = connect(port, timeout=10)
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        t0 = time.time()
        got = recv_until_close(s, timeout=10)
        elapsed = time.time() - t0
        s.close()
        check(status_of(got) == 408 and elapsed < 5, f"408 after headersTimeout ({elapsed:.2f}s)" + tag,
              got[:80])
        if with_listener:
            ln = app.line(3)
            check(ln == "clientError ERR_HTTP_REQUEST_TIMEOUT", "'clientError' for the timeout", ln)
        check(good(port), "a good request after a slow client" + tag)
        check(app.alive(), "server alive" + tag)
        check(app.stderr() == "", "nothing on stderr" + tag, app.stderr())


def main():
    args = parse_args()
    run(args, APP, True)
    run(args, APP_NO_LISTENER, False)
    finish()


if __name__ == "__main__":
    main()
