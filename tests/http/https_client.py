#!/usr/bin/env python3
"""The TLS client: https.request / https.get / https.Agent, tls.connect and
fetch over https (js-lib/_tls_wrap.js on bindings/mod_tls_wrap.c), against a
local shoal https server with a self-signed certificate made here.

    python3 tests/http/https_client.py --shoal build/shoal

Checks: GET/POST, SNI + host name verification (DNS and IP altnames), the
default refusal of an unknown CA (DEPTH_ZERO_SELF_SIGNED_CERT), `ca`,
`rejectUnauthorized: false`, a wrong servername (ERR_TLS_CERT_ALTNAME_INVALID),
keep-alive socket reuse, no ALPN by default (as Node), EPROTO from a cleartext server,
1 MiB each way, tls.connect with a raw HTTP exchange, fetch with
NODE_EXTRA_CA_CERTS and without it."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from httptest import App, check, finish, parse_args  # noqa: E402

SERVER = r"""
const https = require('https');
const fs = require('fs');
const dir = process.argv[2];
const big = Buffer.alloc(1 << 20, 'x');
const server = https.createServer({
  key: fs.readFileSync(dir + '/key.pem'), cert: fs.readFileSync(dir + '/cert.pem'),
}, (req, res) => {
  let n = 0;
  const chunks = [];
  req.on('data', (d) => { n += d.length; if (chunks.length < 4) chunks.push(d); });
  req.on('end', () => {
    if (req.url === '/big') { res.setHeader('content-type', 'text/plain'); res.end(big); return; }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ method: req.method, url: req.url, n,
      body: n < 1000 ? Buffer.concat(chunks).toString() : null, host: req.headers.host }));
  });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
"""

CLIENT = r"""
const https = require('https');
const tls = require('tls');
const fs = require('fs');
const [dir, portText] = process.argv.slice(2);
const port = Number(portText);
const ca = fs.readFileSync(dir + '/cert.pem');
const out = {};
function go(opts, body) {
  return new Promise((resolve) => {
    const req = https.request({ host: '127.0.0.1', port, path: '/p?q=1',
      method: body ? 'POST' : 'GET', ...opts }, (res) => {
      const sock = res.socket;  // detached from the response once it ended
      let n = 0; const parts = [];
      res.on('data', (c) => { n += c.length; if (n < 4096) parts.push(c); });
      res.on('end', () => resolve({ status: res.statusCode, n,
        body: n < 4096 ? JSON.parse(Buffer.concat(parts).toString()) : null,
        alpn: sock.alpnProtocol, authorized: sock.authorized,
        authorizationError: sock.authorizationError, socket: sock }));
    });
    req.on('error', (e) => resolve({ code: e.code, message: e.message }));
    req.end(body);
  });
}
const strip = (r) => { const { socket, ...rest } = r; return rest; };
(async () => {
  out.get = strip(await go({ ca }));
  out.post = strip(await go({ ca }, 'hello body'));
  out.sni = strip(await go({ host: 'localhost', ca }));
  out.noCa = strip(await go({}));
  out.insecure = strip(await go({ rejectUnauthorized: false }));
  out.wrongName = strip(await go({ servername: 'wrong.example', ca }));
  const agent = new https.Agent({ keepAlive: true, ca });
  const a = await go({ agent });
  const b = await go({ agent });
  out.reused = Boolean(a.socket) && a.socket === b.socket && a.status === 200 &&
    b.status === 200;
  agent.destroy();
  const big = await go({ ca, path: '/big' });
  out.bigDown = big.status === 200 && big.n === (1 << 20);
  const up = await go({ ca }, Buffer.alloc((1 << 20) + 7, 'y'));
  out.bigUp = up.body && up.body.n;
  out.get2 = await new Promise((resolve) => {
    https.get(`https://localhost:${port}/g`, { ca }, (res) => {
      let d = ''; res.setEncoding('utf8'); res.on('data', (c) => d += c);
      res.on('end', () => resolve([res.statusCode, JSON.parse(d).url]));
    }).on('error', (e) => resolve(e.code));
  });
  out.raw = await new Promise((resolve) => {
    const s = tls.connect({ host: 'localhost', port, ca }, () => {
      s.write('GET /raw HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    });
    let d = '';
    s.setEncoding('utf8');
    s.on('data', (c) => d += c);
    s.on('end', () => resolve({ head: d.split('\r\n')[0], authorized: s.authorized,
      tls: /^TLSv1\.[23]$/.test(s.getProtocol()), encrypted: s.encrypted }));
    s.on('error', (e) => resolve({ error: e.code }));
  });
  out.plain = await new Promise((resolve) => {
    const srv = require('http').createServer((q, r) => r.end('x')).listen(0, '127.0.0.1', () => {
      https.get({ host: '127.0.0.1', port: srv.address().port, rejectUnauthorized: false },
        () => resolve('response?')).on('error', (e) => {
        srv.close();
        resolve([e.code, /^write EPROTO .*wrong version number/.test(e.message)]);
      });
    });
  });
  console.log(JSON.stringify(out));
  process.exit(0);
})();
"""

FETCH = r"""
fetch(`https://localhost:${process.argv[2]}/f`, { method: 'POST', body: 'fb' })
  .then(async (r) => console.log(JSON.stringify({ status: r.status, body: await r.json() })),
    (e) => console.log(JSON.stringify({ error: e.message, cause: e.cause && e.cause.code })));
"""


def main():
    args = parse_args()
    shoal = os.path.abspath(args.shoal)
    if not shutil.which("openssl"):
        raise SystemExit("FAIL: no openssl command to make a certificate: run scripts/setup.sh")
    d = tempfile.mkdtemp(prefix="shoal-https-client-")
    server = None
    try:
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
                        "-subj", "/CN=localhost",
                        "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                        "-keyout", os.path.join(d, "key.pem"),
                        "-out", os.path.join(d, "cert.pem")],
                       check=True, capture_output=True)
        for name, src in (("server.js", SERVER), ("client.js", CLIENT), ("fetch.js", FETCH)):
            with open(os.path.join(d, name), "w") as f:
                f.write(src)
        server = App([shoal, "run"], script=os.path.join(d, "server.js"), args=[d], cwd=d,
                     port_timeout=15)
        port = str(server.port)

        r = subprocess.run([shoal, "run", os.path.join(d, "client.js"), d, port],
                           capture_output=True, text=True, timeout=60)
        try:
            out = json.loads(r.stdout.strip().splitlines()[-1])
        except (ValueError, IndexError):
            check(False, "client ran", r.stdout + r.stderr)
            return
        g = out["get"]
        check(g.get("status") == 200 and g["body"]["method"] == "GET" and
              g["body"]["url"] == "/p?q=1" and g["body"]["host"] == f"127.0.0.1:{port}",
              "https.request GET (ca, IP altname)", g)
        # As Node 20: https.request offers no ALPN unless ALPNProtocols is set
        check(g.get("alpn") is False and g.get("authorized") is True,
              "no ALPN offered, authorized", g)
        p = out["post"]
        check(p.get("status") == 200 and p["body"]["method"] == "POST" and
              p["body"]["body"] == "hello body", "https.request POST body", p)
        check(out["sni"].get("status") == 200 and out["sni"]["body"]["host"] == f"localhost:{port}",
              "SNI + DNS altname (host localhost)", out["sni"])
        check(out["noCa"] == {"code": "DEPTH_ZERO_SELF_SIGNED_CERT",
                              "message": "self-signed certificate"},
              "unknown CA refused by default", out["noCa"])
        ins = out["insecure"]
        check(ins.get("status") == 200 and ins.get("authorized") is False and
              ins.get("authorizationError") == "DEPTH_ZERO_SELF_SIGNED_CERT",
              "rejectUnauthorized: false", ins)
        check(out["wrongName"] == {
            "code": "ERR_TLS_CERT_ALTNAME_INVALID",
            "message": "Hostname/IP does not match certificate's altnames: Host: wrong.example. "
                       "is not in the cert's altnames: DNS:localhost, IP Address:127.0.0.1"},
              "wrong servername refused (Node's message)", out["wrongName"])
        check(out["reused"] is True, "keep-alive Agent reuses the TLS socket", out["reused"])
        check(out["bigDown"] is True, "1 MiB response body", out["bigDown"])
        check(out["bigUp"] == (1 << 20) + 7, "1 MiB request body", out["bigUp"])
        check(out["get2"] == [200, "/g"], "https.get(url, options, cb)", out["get2"])
        check(out["raw"] == {"head": "HTTP/1.1 200 OK", "authorized": True, "tls": True,
                             "encrypted": True}, "tls.connect raw HTTP exchange", out["raw"])
        check(out["plain"] == ["EPROTO", True], "cleartext server: EPROTO", out["plain"])
        check(r.stderr == "", "client stderr empty", r.stderr)

        fetch = os.path.join(d, "fetch.js")
        r = subprocess.run([shoal, "run", fetch, port], capture_output=True, text=True, timeout=30)
        check(json.loads(r.stdout or "{}") == {"error": "fetch failed",
                                               "cause": "DEPTH_ZERO_SELF_SIGNED_CERT"},
              "fetch refuses an unknown CA", r.stdout + r.stderr)
        env = dict(os.environ, NODE_EXTRA_CA_CERTS=os.path.join(d, "cert.pem"))
        r = subprocess.run([shoal, "run", fetch, port], capture_output=True, text=True,
                           timeout=30, env=env)
        res = json.loads(r.stdout or "{}")
        check(res.get("status") == 200 and res["body"]["method"] == "POST" and
              res["body"]["body"] == "fb", "fetch over https (NODE_EXTRA_CA_CERTS)",
              r.stdout + r.stderr)
        check(server.alive(), "server still running")
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(d, ignore_errors=True)
    finish()


if __name__ == "__main__":
    main()
