"""Server-side trailers, checked with real clients: res.addTrailers on an
HTTP/1.1 chunked response (with a Trailer header, as Node: `curl --raw` shows
the fields after the last chunk; a response of known length has none), the
same on HTTP/2 through the compatibility API and stream.sendTrailers in the
core API (`nghttp -v` shows the trailing HEADERS frame with END_STREAM), in
cleartext and over TLS."""
from h2util import App, check, curl, finish, make_cert, need, parse_args, run


def after_data(out):
    """nghttp -v's lines after the last DATA frame: the trailing HEADERS
    frame's fields come before its "recv HEADERS frame" line."""
    i = out.rfind("recv DATA frame")
    return out[i:] if i >= 0 else ""

APP = r"""
const http = require('http');
const http2 = require('http2');
const fs = require('fs');

function handler(req, res) {
  if (req.url === '/length') {
    res.setHeader('content-length', '2');
    res.addTrailers({ 'x-dropped': 'yes' });
    return res.end('ok');
  }
  if (req.url === '/implicit' || req.url === '/explicit') {
    // Node: end() of a response without a head knows the length (no
    // trailers); after writeHead the head is fixed, the body chunked.
    if (req.url === '/explicit') res.writeHead(200, { 'content-type': 'text/plain' });
    res.addTrailers({ 'x-foo': 'bar' });
    return res.end('stuff');
  }
  res.setHeader('Trailer', 'X-Checksum, X-Count');
  res.write('part one,');
  res.addTrailers({ 'X-Checksum': 'abc123', 'X-Count': ['1', '2'] });
  if (req.url === '/write-end') return res.end('part two');
  res.end();
}

const opts = { key: fs.readFileSync('key.pem'), cert: fs.readFileSync('cert.pem') };
const core = http2.createServer();
core.on('stream', (stream) => {
  stream.respond({ ':status': 200 }, { waitForTrailers: true });
  stream.on('wantTrailers', () => stream.sendTrailers({ 'x-core': 'done' }));
  stream.end('core body');
});
const servers = [http.createServer(handler), http2.createSecureServer(opts, handler), core];
(async () => {
  for (const s of servers) {
    await new Promise((resolve) => s.listen(0, '127.0.0.1', resolve));
    console.log(s.address().port);
  }
})();
"""


def main():
    args = parse_args()
    need("curl", "nghttp", "openssl")
    import tempfile
    tmp = tempfile.mkdtemp(prefix="shoal-trailers-")
    cert, key = make_cert(tmp)
    files = {"cert.pem": open(cert).read(), "key.pem": open(key).read()}
    app = App(args.shoal, APP, nports=3, files=files)
    clear, secure, core = app.ports
    try:
        rc, out, err = curl("--raw", "-i", f"http://127.0.0.1:{clear}/")
        check(rc == 0 and "Transfer-Encoding: chunked" in out and "Trailer: X-Checksum, X-Count" in out
              and out.endswith("9\npart one,\n0\nX-Checksum: abc123\nX-Count: 1\n"
                               "X-Count: 2\n\n"),
              "HTTP/1.1: the trailers follow the last chunk (curl --raw)", out + err)
        rc, out, err = curl("--raw", "-i", f"http://127.0.0.1:{clear}/write-end")
        check(rc == 0 and out.endswith("8\npart two\n0\nX-Checksum: abc123\n"
                                       "X-Count: 1\nX-Count: 2\n\n"),
              "HTTP/1.1: end(data) then the trailers", out + err)
        rc, out, err = curl("--raw", "-i", f"http://127.0.0.1:{clear}/length")
        check(rc == 0 and "content-length: 2" in out.lower() and out.endswith("\n\nok")
              and "x-dropped" not in out, "HTTP/1.1: no trailers on a body of known length", out + err)
        rc, out, err = curl("--raw", "-i", f"http://127.0.0.1:{clear}/implicit")
        check(rc == 0 and "Content-Length: 5" in out and out.endswith("\n\nstuff"),
              "HTTP/1.1: end(data) without writeHead: Content-Length, no trailers (as Node)", out + err)
        rc, out, err = curl("--raw", "-i", f"http://127.0.0.1:{clear}/explicit")
        check(rc == 0 and out.endswith("5\nstuff\n0\nx-foo: bar\n\n"),
              "HTTP/1.1: writeHead then end(data): chunked with the trailers (as Node)", out + err)
        rc2, out2, err2 = curl(f"http://127.0.0.1:{clear}/write-end")
        check(rc2 == 0 and out2 == "part one,part two", "HTTP/1.1: curl reads the body whole",
              out2 + err2)

        for name, url in (("h2c", f"http://127.0.0.1:{clear}/"),
                          ("h2 TLS", f"https://localhost:{secure}/write-end")):
            rc, out, err = run(["nghttp", "-v", url], timeout=20)
            tail = after_data(out)
            check(rc == 0 and out.count("recv HEADERS frame") == 2 and "END_STREAM" in tail
                  and "x-checksum: abc123" in tail and "x-count: 1" in tail and "x-count: 2" in tail,
                  f"{name}: res.addTrailers gives a trailing HEADERS frame (nghttp -v)", out[-1500:] + err)
        rc, out, err = run(["nghttp", "-v", f"http://127.0.0.1:{core}/"], timeout=20)
        tail = after_data(out)
        check(rc == 0 and out.count("recv HEADERS frame") == 2 and "x-core: done" in tail
              and "END_STREAM" in tail and "core body" in out,
              "h2 core API: wantTrailers and stream.sendTrailers", out[-1500:] + err)
    finally:
        app.stop()
    finish()


if __name__ == "__main__":
    main()
