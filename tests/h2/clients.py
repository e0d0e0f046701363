"""HTTP/2 cleartext (prior knowledge) and over TLS, HTTP/1.1 beside it, with
real clients: curl, nghttp, h2load, openssl s_client and Node's http2 client.
The same request listener answers every protocol."""
import json
import os

from h2util import (App, check, curl, finish, h2load_ok, make_cert, need, parse_args, run)

APP = r"""
const http = require('http');
const https = require('https');
const http2 = require('http2');
const fs = require('fs');
const crypto = require('crypto');
const big = Buffer.alloc(1 << 20, 'x');

function handler(req, res) {
  if (req.url === '/big') {
    res.setHeader('content-type', 'application/octet-stream');
    // written in 64 KiB pieces, honouring back-pressure
    let off = 0;
    const more = () => {
      while (off < big.length) {
        const piece = big.subarray(off, off + 65536);
        off += piece.length;
        if (off >= big.length) return res.end(piece);
        if (!res.write(piece)) return res.once('drain', more);
      }
    };
    return more();
  }
  const hash = crypto.createHash('sha256');
  let n = 0;
  req.on('data', (d) => { n += d.length; hash.update(d); });
  req.on('end', () => {
    const slow = req.url === '/slow-reader';
    res.setHeader('content-type', 'application/json');
    res.setHeader('connection', 'keep-alive');   // dropped on HTTP/2
    res.end(JSON.stringify({
      version: req.httpVersion, method: req.method, url: req.url, headers: req.headers,
      raw: req.rawHeaders, bytes: n, sha256: hash.digest('hex'), slow,
    }));
  });
  if (req.url === '/slow-reader') {
    req.pause();
    setTimeout(() => req.resume(), 300);
  }
}

const opts = { key: fs.readFileSync('key.pem'), cert: fs.readFileSync('cert.pem') };
const servers = [
  http.createServer(handler),                 // cleartext: HTTP/1.1 and h2c
  http2.createSecureServer(opts, handler),    // TLS: ALPN h2 or http/1.1
  https.createServer(opts, handler),          // TLS: http/1.1 (Node's https ALPN)
  http2.createServer(),                       // the core 'stream' API
];
servers[3].on('stream', (stream, headers, flags) => {
  const chunks = [];
  stream.on('data', (d) => chunks.push(d));
  stream.on('end', () => {
    stream.respond({ ':status': 201, 'content-type': 'text/plain', 'x-method': headers[':method'] });
    stream.write('stream:');
    stream.end(`${headers[':path']}:${Buffer.concat(chunks).length}:${stream.pushAllowed}`);
  });
});
let i = 0;
(function next() {
  if (i === servers.length) return;
  const s = servers[i++];
  s.listen(0, '127.0.0.1', () => { console.log(s.address().port); next(); });
})();
"""


def main():
    args = parse_args()
    need("curl", "nghttp", "h2load", "openssl", "node")
    import tempfile
    tmp = tempfile.mkdtemp(prefix="shoal-h2-cert-")
    cert, key = make_cert(tmp)
    files = {"cert.pem": open(cert).read(), "key.pem": open(key).read()}
    app = App(args.shoal, APP, nports=4, files=files)
    clear, secure, https_port, core = app.ports
    try:
        # --- curl ------------------------------------------------------------
        rc, out, err = curl("--http2-prior-knowledge", f"http://127.0.0.1:{clear}/a?b=1",
                            "-d", "hello")
        j = json.loads(out) if rc == 0 and out.startswith("{") else {}
        check(j.get("version") == "2.0", "h2c prior knowledge: req.httpVersion is 2.0", out + err)
        check(j.get("headers", {}).get(":path") == "/a?b=1" and
              j.get("headers", {}).get(":method") == "POST",
              "h2c: req.headers carries the pseudo-headers", out)
        check(j.get("raw", [])[:2] == [":method", "POST"], "h2c: rawHeaders start with :method",
              out)
        check(j.get("url") == "/a?b=1" and j.get("bytes") == 5, "h2c: url and body", out)

        rc, out, err = curl("-i", f"http://127.0.0.1:{clear}/one")
        check(rc == 0 and out.startswith("HTTP/1.1 200") and '"version":"1.1"' in out,
              "HTTP/1.1 on the same cleartext port", out + err)

        rc, out, err = curl("-k", "--http2", "-i", f"https://localhost:{secure}/tls")
        check(rc == 0 and out.startswith("HTTP/2 200") and '"version":"2.0"' in out,
              "TLS: curl --http2 negotiates h2 by ALPN", out + err)
        check("connection:" not in out.lower().split("\r\n\r\n")[0],
              "h2: connection-specific headers are not sent", out)
        rc, out, err = curl("-k", "--http1.1", "-i", f"https://localhost:{secure}/tls1")
        check(rc == 0 and out.startswith("HTTP/1.1 200") and '"version":"1.1"' in out,
              "TLS: curl --http1.1 gets HTTP/1.1", out + err)
        rc, out, err = curl("-k", "--http2", "-i", f"https://localhost:{https_port}/https")
        check(rc == 0 and out.startswith("HTTP/1.1 200"),
              "https.createServer offers http/1.1 only (as Node)", out + err)

        # large bodies both ways (flow control, back-pressure)
        payload = os.urandom(3 << 20)
        pfile = os.path.join(tmp, "payload.bin")
        with open(pfile, "wb") as f:
            f.write(payload)
        import hashlib
        digest = hashlib.sha256(payload).hexdigest()
        for name, url, extra in (("h2c", f"http://127.0.0.1:{clear}/up", ["--http2-prior-knowledge"]),
                                 ("h2 TLS", f"https://localhost:{secure}/up", ["-k", "--http2"]),
                                 ("h2 TLS paused reader", f"https://localhost:{secure}/slow-reader",
                                  ["-k", "--http2"])):
            rc, out, err = curl(*extra, "--data-binary", f"@{pfile}", url)
            j = json.loads(out) if rc == 0 and out.startswith("{") else {}
            check(j.get("bytes") == len(payload) and j.get("sha256") == digest,
                  f"{name}: a 3 MiB upload arrives whole", (out + err)[:300])
        for name, url, extra in (("h2c", f"http://127.0.0.1:{clear}/big", ["--http2-prior-knowledge"]),
                                 ("h2 TLS", f"https://localhost:{secure}/big", ["-k", "--http2"])):
            rc, out, err = run(["curl", "-sS", "-o", os.path.join(tmp, "big.out"), "-w",
                                "%{http_version} %{size_download}"] + extra + [url], timeout=30)
            check(rc == 0 and out == "2 1048576", f"{name}: a 1 MiB response with back-pressure",
                  out + err)

        # --- nghttp ------------------------------------------------------------
        rc, out, err = run(["nghttp", "-v", "-n", f"http://127.0.0.1:{clear}/ng"], timeout=20)
        check(rc == 0 and ":status: 200" in out and "SETTINGS_MAX_CONCURRENT_STREAMS(0x03):100"
              in out, "nghttp -v: 200 and SETTINGS_MAX_CONCURRENT_STREAMS 100", out[-1500:] + err)
        rc, out, err = run(["nghttp", "-v", "-n", f"https://localhost:{secure}/ng"], timeout=20)
        check(rc == 0 and ":status: 200" in out and "h2" in out, "nghttp -v over TLS", out[-800:] + err)

        # --- h2load --------------------------------------------------------------
        rc, out, err = run(["h2load", "-n", "2000", "-c", "20", "-m", "10",
                            f"http://127.0.0.1:{clear}/load"], timeout=60)
        check(rc == 0 and h2load_ok(out), "h2load -n 2000 -c 20 -m 10 (h2c): 0 failed",
              out[-800:] + err)
        rc, out, err = run(["h2load", "-n", "2000", "-c", "20", "-m", "10",
                            f"https://127.0.0.1:{secure}/load"], timeout=60)
        check(rc == 0 and h2load_ok(out) and "Application protocol: h2" in out,
              "h2load -n 2000 -c 20 -m 10 (TLS): 0 failed", out[-800:] + err)

        # --- openssl s_client ------------------------------------------------------
        rc, out, err = run(["openssl", "s_client", "-alpn", "h2", "-servername", "localhost",
                            "-connect", f"127.0.0.1:{secure}"], timeout=20, input="")
        check("ALPN protocol: h2" in out, "openssl s_client -alpn h2 selects h2", out[-800:] + err)
        rc, out, err = run(["openssl", "s_client", "-alpn", "http/1.1", "-tls1_2",
                            "-connect", f"127.0.0.1:{secure}"], timeout=20, input="")
        check("ALPN protocol: http/1.1" in out and "TLSv1.2" in out,
              "TLS 1.2 with ALPN http/1.1", out[-800:] + err)

        # --- Node's http2 client ---------------------------------------------------
        node = r"""
const http2 = require('http2');
const [secure, core] = process.argv.slice(1).map(Number);
function req(url, opts, path, body) {
  return new Promise((resolve, reject) => {
    const c = http2.connect(url, opts);
    c.on('error', reject);
    const r = c.request({ ':path': path, ':method': body ? 'POST' : 'GET' });
    let status, headers, data = '';
    r.on('response', (h) => { status = h[':status']; headers = h; });
    r.setEncoding('utf8');
    r.on('data', (d) => data += d);
    r.on('end', () => { c.close(); resolve({ status, headers, data }); });
    r.on('error', reject);
    r.end(body);
  });
}
(async () => {
  // The server listens on 127.0.0.1; 'localhost' may resolve to ::1 first
  // (Node 17+ keeps the resolver's order), which nothing listens on.
  const a = await req(`https://127.0.0.1:${secure}`, { rejectUnauthorized: false, servername: 'localhost' }, '/node', 'abc');
  const b = await req(`http://127.0.0.1:${core}`, {}, '/core', 'hello');
  console.log(JSON.stringify({ a, b }));
})().catch((e) => { console.error(e); process.exit(1); });
"""
        rc, out, err = run(["node", "-e", node, str(secure), str(core)], timeout=30)
        try:
            j = json.loads(out)
            a, b = j["a"], j["b"]
            body = json.loads(a["data"])
        except Exception:  # noqa: BLE001
            a = b = body = {}
        check(a.get("status") == 200 and body.get("version") == "2.0" and body.get("bytes") == 3,
              "Node http2.connect (TLS): compat 'request' handler", out + err)
        check(b.get("status") == 201 and b.get("data") == "stream:/core:5:true" and
              b.get("headers", {}).get("x-method") == "POST",
              "Node http2.connect: the core 'stream' API (respond/write/end; pushAllowed: Node's client allows push)",
              out + err)
        check(app.alive(), "the server is still running", app.stderr())
    finally:
        app.stop()
    finish()


if __name__ == "__main__":
    main()
