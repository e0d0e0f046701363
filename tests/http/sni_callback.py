#!/usr/bin/env python3
"""SNICallback on servers the C engine serves (https.createServer,
http2.createSecureServer) and on tls.createServer (js-lib's TLSSocket), with
certificates for two names made here and real clients: openssl s_client
-servername, curl --resolve (HTTP/1.1 and HTTP/2 by ALPN on the context the
callback chose), and shoal's own https client.

    python3 tests/http/sni_callback.py --shoal build/shoal

Checks: the certificate of each name (a SecureContext, an options object,
one given later from a timer), the default one for a name the callback
leaves alone and for a hello without SNI, ALPN h2 and http/1.1 on the
switched context, cb(err) failing the handshake with the server's
'tlsClientError' (the callback's own error), a callback answering twice,
addContext when there is no SNICallback, and the server still serving
afterwards."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from httptest import App, check, finish, parse_args  # noqa: E402

SERVER = r"""
const https = require('https');
const http2 = require('http2');
const tls = require('tls');
const fs = require('fs');
const dir = process.argv[2];
const pem = (n) => fs.readFileSync(`${dir}/${n}.pem`);
const opts = (n) => ({ key: pem(`${n}-key`), cert: pem(`${n}-cert`) });
const ctxA = tls.createSecureContext(opts('a'));
const log = (...a) => console.log(a.join(' '));

function SNICallback(name, cb) {
  log('sni', name);
  if (name === 'a.test') cb(null, ctxA);
  else if (name === 'b.test') cb(null, opts('b'));
  else if (name === 'later.test') setTimeout(() => cb(null, ctxA), 50);
  else if (name === 'fail.test') cb(new Error('no certificate for fail.test'));
  else if (name === 'twice.test') { cb(null, ctxA); cb(null, ctxA); }
  else cb(null);
}
const answer = (req, res) => {
  res.end(`${req.socket.servername} ${req.httpVersion} ${req.socket.alpnProtocol}\n`);
};
const onTlsError = (kind) => (err, socket) => {
  log('tlsClientError', kind, err.message, typeof socket.destroy);
};

// SNICallback alone: no certificate of the server's own (as Node allows)
const h1 = https.createServer({ SNICallback }, answer);
h1.on('tlsClientError', onTlsError('https'));
const h2 = http2.createSecureServer({ ...opts('default'), SNICallback, allowHTTP1: true }, answer);
h2.on('tlsClientError', onTlsError('http2'));
const plain = https.createServer(opts('default'), answer);
plain.addContext('b.test', opts('b'));
const t = tls.createServer({ ...opts('default'), SNICallback }, (s) => {
  s.end(`${s.servername}\n`);
});
t.on('tlsClientError', onTlsError('tls'));
let bad = 'accepted';
try { https.createServer({ SNICallback: 'nope' }); } catch (e) { bad = e.code; }
let listening = 0;
for (const s of [h1, h2, plain, t]) {
  s.listen(0, '127.0.0.1', () => {
    if (++listening < 4) return;
    log([h1, h2, plain, t].map((x) => x.address().port).join(','));
    log('bad SNICallback', bad);
  });
}
"""

CLIENT = r"""
const https = require('https');
const [port, name] = process.argv.slice(2);
const req = https.get({ host: '127.0.0.1', port: Number(port), servername: name,
  rejectUnauthorized: false, path: '/' }, (res) => {
  const cn = res.socket.getPeerCertificate().subject.CN;
  let d = '';
  res.setEncoding('utf8');
  res.on('data', (c) => { d += c; });
  res.on('end', () => console.log(JSON.stringify({ cn, body: d.trim() })));
});
req.on('error', (e) => console.log(JSON.stringify({ error: e.code || e.message })));
"""


def make_cert(d, name):
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
                    "-subj", f"/CN={name}", "-addext", f"subjectAltName=DNS:{name}",
                    "-keyout", os.path.join(d, f"{name.split('.')[0]}-key.pem"),
                    "-out", os.path.join(d, f"{name.split('.')[0]}-cert.pem")],
                   check=True, capture_output=True)


def s_client(port, name=None, alpn=None):
    """(certificate CN or None, ALPN or None, output) of one handshake."""
    cmd = ["openssl", "s_client", "-connect", f"127.0.0.1:{port}"]
    cmd += ["-servername", name] if name else ["-noservername"]
    if alpn:
        cmd += ["-alpn", alpn]
    r = subprocess.run(cmd, input=b"", capture_output=True, timeout=20)
    out = r.stdout.decode("utf-8", "replace")
    m = re.search(r"^subject=.*CN\s*=\s*([\w.-]+)", out, re.M)
    a = re.search(r"^ALPN protocol: (\S+)", out, re.M)
    return (m.group(1) if m else None), (a.group(1) if a else None), out


def curl(port, name, version):
    """(certificate CN, body) of a GET through curl --resolve."""
    r = subprocess.run(["curl", "-sk", "--max-time", "10", version, "--resolve",
                        f"{name}:{port}:127.0.0.1", "-w", "\n%{http_version}",
                        "-v", f"https://{name}:{port}/"], capture_output=True, timeout=30)
    err = r.stderr.decode("utf-8", "replace")
    m = re.search(r"subject: CN=([\w.-]+)", err)
    return (m.group(1) if m else None), r.stdout.decode().strip()


def main():
    args = parse_args()
    shoal = os.path.abspath(args.shoal)
    for tool in ("openssl", "curl"):
        if not shutil.which(tool):
            raise SystemExit(f"FAIL: no {tool} command: run scripts/setup.sh")
    d = tempfile.mkdtemp(prefix="shoal-sni-")
    server = None
    try:
        for name in ("a.test", "b.test", "default.test"):
            make_cert(d, name)
        for name, src in (("server.js", SERVER), ("client.js", CLIENT)):
            with open(os.path.join(d, name), "w") as f:
                f.write(src)
        server = App([shoal, "run"], script=os.path.join(d, "server.js"), args=[d], cwd=d,
                     port_timeout=20)
        h1, h2, plain, tlsport = (int(p) for p in server.first_line.split(","))
        line = server.line(10)
        check(line == "bad SNICallback ERR_INVALID_ARG_TYPE",
              "a SNICallback that is no function throws", line)
        seen = []

        def events():
            """The server's log lines since the last call."""
            out = []
            while True:
                ln = server.line(0.5)
                if ln is None:
                    break
                out.append(ln)
            seen.extend(out)
            return out

        # https on the engine: the callback picks the certificate
        cn, alpn, _ = s_client(h1, "a.test")
        check(cn == "a.test", "https: s_client -servername a.test gets a.test's certificate", cn)
        cn, _, _ = s_client(h1, "b.test")
        check(cn == "b.test", "https: an options object as the context (b.test)", cn)
        cn, _, _ = s_client(h1, "later.test")
        check(cn == "a.test", "https: the callback answering later (timer)", cn)
        ev = events()
        check(ev == ["sni a.test", "sni b.test", "sni later.test"],
              "the callback is called once per hello with the name", ev)
        cn, _, out = s_client(h1, "fail.test")
        check(cn is None, "https: cb(err) fails the handshake", out[-300:])
        ev = events()
        check("tlsClientError https no certificate for fail.test function" in ev,
              "https: 'tlsClientError' with the callback's error and the socket", ev)
        cn, _, out = s_client(h1, "twice.test")
        ev = events()
        check(any(e.startswith("tlsClientError https Callback called multiple times") for e in ev),
              "https: a callback answering twice: ERR_MULTIPLE_CALLBACK", ev)
        cn, _, out = s_client(h1)
        ev = events()
        check(cn is None and not any(e.startswith("sni") for e in ev) and
              any(e.startswith("tlsClientError https") for e in ev),
              "https without a certificate of its own: no SNI fails, the callback is not asked",
              (cn, ev))
        c, body = curl(h1, "a.test", "--http1.1")
        check(c == "a.test" and body == "a.test 1.1 http/1.1\n\n1.1",
              "https: curl --resolve a.test (HTTP/1.1)", (c, body))
        r = subprocess.run([shoal, "run", os.path.join(d, "client.js"), str(h1), "b.test"],
                           capture_output=True, text=True, timeout=30)
        check(r.stdout.strip() == json.dumps({"cn": "b.test", "body": "b.test 1.1 false"},
                                             separators=(",", ":")),
              "https: shoal's https client with servername b.test", r.stdout + r.stderr)

        # http2.createSecureServer: ALPN on the switched context
        cn, alpn, _ = s_client(h2, "a.test", "h2")
        check((cn, alpn) == ("a.test", "h2"), "http2: a.test's certificate, ALPN h2", (cn, alpn))
        c, body = curl(h2, "a.test", "--http2")
        check(c == "a.test" and body == "a.test 2.0 h2\n\n2", "http2: curl --http2 a.test", (c, body))
        c, body = curl(h2, "b.test", "--http1.1")
        check(c == "b.test" and body == "b.test 1.1 http/1.1\n\n1.1",
              "http2 (allowHTTP1): curl --http1.1 b.test", (c, body))
        c, body = curl(h2, "other.test", "--http2")
        check(c == "default.test" and body == "other.test 2.0 h2\n\n2",
              "http2: a name the callback leaves alone gets the default certificate", (c, body))
        cn, _, _ = s_client(h2, "fail.test")
        ev = events()
        check(cn is None and "tlsClientError http2 no certificate for fail.test function" in ev,
              "http2: cb(err) fails the handshake, 'tlsClientError'", (cn, ev))
        cn, _, _ = s_client(h2)
        check(cn == "default.test", "http2: no SNI: the default certificate", cn)

        # addContext without an SNICallback (the engine picks)
        cn, _, _ = s_client(plain, "b.test")
        check(cn == "b.test", "https addContext: b.test", cn)
        cn, _, _ = s_client(plain, "x.test")
        check(cn == "default.test", "https addContext: another name gets the default", cn)

        # tls.createServer (js-lib's TLSSocket)
        cn, _, out = s_client(tlsport, "b.test")
        check(cn == "b.test", "tls.createServer: SNICallback's certificate", cn)
        events()
        cn, _, out = s_client(tlsport)
        ev = events()
        check(cn == "default.test" and ev == [],
              "tls.createServer: no SNI: the default certificate, the callback not asked",
              (cn, ev))
        cn, _, out = s_client(tlsport, "fail.test")
        ev = events()
        check(cn is None and "tlsClientError tls no certificate for fail.test function" in ev,
              "tls.createServer: cb(err) fails the handshake, 'tlsClientError'", (cn, ev))

        c, body = curl(h1, "a.test", "--http1.1")
        check(c == "a.test", "https still serving afterwards", (c, body))
        check(server.alive(), "server still running", server.stderr())
    finally:
        if server:
            server.stop()
        shutil.rmtree(d, ignore_errors=True)
    finish()


if __name__ == "__main__":
    main()
