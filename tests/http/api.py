"""Differential test of the JavaScript API: the same app runs under shoal and
under Node 20 (recorded in expected/api.json: `python3 api.py --record
/path/to/node20`), gets the same requests, and must print the same lines
(headers joining rules, header validation errors, ServerResponse state and
events, server events and errors)."""
import json
import os
import sys
import time

from httptest import App, check, connect, finish, parse_args, read_response, wait_for

APP = r"""
const http = require('http');
const log = (...a) => console.log(a.map((x) => typeof x === 'string' ? x : JSON.stringify(x)).join(' '));
function err(f) {
  try { f(); return 'no error'; } catch (e) { return `${e.name} ${e.code} ${e.message}`; }
}
let seq = 0;
const server = http.createServer((req, res) => {
  const id = ++seq;
  if (req.url === '/headers') {
    log('method', req.method, 'url', req.url, 'v', req.httpVersion, req.httpVersionMajor, req.httpVersionMinor);
    const h = req.headers;
    log('headers', Object.keys(h).sort().map((k) => [k, h[k]]));
    log('distinct', Object.keys(req.headersDistinct).sort().map((k) => [k, req.headersDistinct[k]]));
    log('raw', req.rawHeaders);
    log('trailers', req.trailers, 'complete', req.complete, 'aborted', req.aborted);
    log('socket', typeof req.socket.remoteAddress, req.socket.remoteFamily, req.socket === req.connection,
        req.socket === res.socket, req.socket.encrypted);
    res.end('ok');
    return;
  }
  if (req.url === '/api') {
    log('initial', res.statusCode, res.statusMessage, res.headersSent, res.writableEnded, res.writableFinished, res.finished, res.sendDate);
    res.setHeader('X-Case', 'Value');
    res.setHeader('x-num', 42);
    res.setHeader('Set-Cookie', ['a=1', 'b=2']);
    res.appendHeader('set-cookie', 'c=3');
    res.appendHeader('X-New', 'n');
    log('getHeader', res.getHeader('x-case'), res.getHeader('X-NUM'), res.getHeader('nope'));
    log('names', res.getHeaderNames(), 'raw', res.getRawHeaderNames());
    const hs = res.getHeaders();
    log('getHeaders', Object.getPrototypeOf(hs) === null, Object.entries(hs));
    log('has', res.hasHeader('X-CASE'), res.hasHeader('x-other'));
    res.removeHeader('x-num');
    log('after remove', res.getHeaderNames());
    log('bad name', err(() => res.setHeader('bad name', 'x')));
    log('bad name2', err(() => res.setHeader('', 'x')));
    log('undefined value', err(() => res.setHeader('x-u', undefined)));
    log('bad value', err(() => res.setHeader('x-v', 'a\r\nb')));
    log('bad getHeader', err(() => res.getHeader(1)));
    log('bad status', err(() => res.writeHead(1000)));
    log('bad status2', err(() => res.writeHead(99)));
    log('validateHeaderName', err(() => http.validateHeaderName('x y')));
    log('validateHeaderValue', err(() => http.validateHeaderValue('x', 'a\u0000')));
    const ret = res.writeHead(201, { 'X-Extra': 'e', 'Content-Type': 'text/plain' });
    log('chaining', ret === res, 'headersSent', res.headersSent, res.statusCode, res.statusMessage);
    log('after writeHead', err(() => res.setHeader('a', 'b')), '|', err(() => res.removeHeader('a')),
        '|', err(() => res.appendHeader('a', 'b')), '|', err(() => res.writeHead(200)));
    res.on('finish', () => {
      log('res finish', id, res.writableFinished, res.socket === null);
      res.write('late', (e) => log('write cb', e && e.code));
      res.on('error', (e) => log('res error', e.code, e.message));
      res.end('again', (e) => log('end again cb', e && e.code));
      res.end((e) => log('end no chunk cb', e && e.code));
    });
    res.on('close', () => log('res close', id));
    const w = res.write('part1,');
    log('write returned', w);
    res.end('part2', () => log('end callback', id));
    log('after end', res.writableEnded, res.finished);
    return;
  }
  if (req.url === '/implicit') {
    res.statusCode = 404;
    res.setHeader('Content-Type', 'text/html');
    res.end('<p>nope</p>');
    log('implicit', res.statusMessage, res.headersSent);
    return;
  }
  if (req.url === '/arrayhead') {
    res.setHeader('X-A', 'from-set');
    res.writeHead(200, ['X-A', '1', 'x-a', '2', 'X-B', '3']);
    res.end();
    return;
  }
  if (req.url === '/body') {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const b = Buffer.concat(chunks);
      log('body', b.length, Buffer.isBuffer(chunks[0]), req.complete);
      res.end(b);
    });
    req.on('close', () => log('req close /body'));
    return;
  }
  if (req.url === '/abort') {
    req.on('aborted', () => log('req aborted', req.aborted, req.complete));
    req.on('close', () => log('req close /abort'));
    res.on('close', () => log('res close /abort', res.writableFinished, res.destroyed));
    return;
  }
  if (req.url === '/close-server') {
    res.end('closing');
    server.close((e) => log('close callback', e === undefined ? 'undefined' : e));
    log('listening after close()', server.listening);
    server.close((e) => log('second close', e && e.code));
    return;
  }
  res.end('default');
});
server.on('close', () => log('server close event'));
log('listening before', server.listening, server.address());
log('timeouts', server.headersTimeout, server.requestTimeout, server.keepAliveTimeout, server.timeout, server.maxHeadersCount);
log('limits', http.maxHeaderSize, http.METHODS.length, http.METHODS.includes('QUERY'), http.STATUS_CODES[418]);
log('bad port', err(() => http.createServer().listen(70000)));
server.listen(0, '127.0.0.1', () => {
  const a = server.address();
  log('listening', server.listening, a.family, a.address, typeof a.port);
  const other = http.createServer();
  other.on('error', (e) => log('other error', e.code, e.syscall, e.message.replace(/\d+$/, 'PORT')));
  other.listen(a.port, '127.0.0.1');
  log('listen is async');
  setTimeout(() => console.log(a.port), 100);
});
"""

REQUESTS = [
    b"GET /headers HTTP/1.1\r\nHost: example\r\nCookie: a=1\r\nCookie: b=2\r\nAccept: x\r\n"
    b"accept: y\r\nUser-Agent: one\r\nUser-Agent: two\r\nSet-Cookie: s1\r\nset-cookie: s2\r\n"
    b"X-Custom: c1\r\nX-CUSTOM: c2\r\nContent-Type: text/a\r\nContent-Type: text/b\r\n"
    b"Referer: r1\r\nReferer: r2\r\nAuthorization: a1\r\nAuthorization: a2\r\nX-Forwarded-For: 1\r\n"
    b"x-forwarded-for: 2\r\nHost: second\r\nFrom: f1\r\nFrom: f2\r\n\r\n",
    b"GET /api HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /implicit HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /arrayhead HTTP/1.1\r\nHost: x\r\n\r\n",
    b"POST /body HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world",
    b"HEAD /implicit HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /headers HTTP/1.0\r\n\r\n",
]


def drive(app):
    """Sends the requests one by one; returns a transcript of the responses."""
    out = []
    for data in REQUESTS:
        s = connect(app.port)
        s.sendall(data)
        head_only = data.startswith(b"HEAD")
        try:
            st, headers, body, rest = read_response(s, head_only=head_only)
        except (EOFError, OSError) as e:
            out.append(f"error {e!r}")
            s.close()
            continue
        s.close()
        keep = [(k, v) for k, v in headers
                if k.lower() not in ("date", "keep-alive", "connection", "transfer-encoding",
                                     "content-length")]
        out.append(f"{st} {keep} {body!r}")
        time.sleep(0.05)
    # a client that goes away before the response
    s = connect(app.port)
    s.sendall(b"POST /abort HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc")
    time.sleep(0.2)
    s.close()
    time.sleep(0.3)
    s = connect(app.port)
    s.sendall(b"GET /close-server HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    st, headers, body, rest = read_response(s)
    out.append(f"{st} {body!r}")
    s.close()
    return out


def run(app):
    lines = [app.first_line] if not app.first_line.isdigit() else []
    # the app prints its port last (after the async 'error' of the second server)
    transcript = drive(app)
    time.sleep(0.5)
    while True:
        ln = app.line(0.5)
        if ln is None:
            break
        if ln.isdigit():
            continue
        lines.append(ln)
    return lines, transcript


EXPECTED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "expected", "api.json")


def run_app(name, cmd):
    """Runs APP under cmd, drives it, and returns (pre, post, transcript,
    alive, stderr)."""
    app = App(cmd, APP.replace("setTimeout(() => console.log(a.port), 100);",
                               "setTimeout(() => console.log(`PORT ${a.port}`), 100);")
              .replace("log('listening before'", "console.log('0');log('listening before'"))
    try:
        pre = []
        while True:
            ln = app.line(10)
            if ln is None:
                raise RuntimeError(f"{name}: no port line; stderr: {app.stderr()}")
            if ln.startswith("PORT "):
                app.port = int(ln[5:])
                break
            pre.append(ln)
        transcript = drive(app)
        time.sleep(0.5)
        post = []
        while True:
            ln = app.line(0.5)
            if ln is None:
                break
            post.append(ln)
        wait_for(lambda: not app.alive(), 5)
        return pre, post, transcript, app.alive(), app.stderr()
    finally:
        app.stop()


def main():
    # --record NODE: run the app under Node 20 and store what it printed and
    # answered in expected/api.json; the test compares shoal with that record
    # (never with whatever node the machine has).
    record = None
    if "--record" in sys.argv:
        i = sys.argv.index("--record")
        record = sys.argv[i + 1]
        del sys.argv[i:i + 2]
    args = parse_args()
    if record:
        pre, post, transcript, alive, err = run_app("node", [record])
        os.makedirs(os.path.dirname(EXPECTED), exist_ok=True)
        with open(EXPECTED, "w") as f:
            json.dump({"pre": pre, "post": post, "transcript": transcript, "alive": alive,
                       "stderr": err}, f, indent=1)
            f.write("\n")
        print(f"recorded {EXPECTED}")
        return
    with open(EXPECTED) as f:
        rec = json.load(f)
    results = {"node": (rec["pre"], rec["post"], rec["transcript"], rec["alive"], rec["stderr"]),
               "shoal": run_app("shoal", [args.shoal, "run"])}

    npre, npost, ntr, nalive, nerr = results["node"]
    spre, spost, str_, salive, serr = results["shoal"]
    for i in range(max(len(npre), len(spre))):
        a = npre[i] if i < len(npre) else None
        b = spre[i] if i < len(spre) else None
        check(a == b, f"start-up line {i}: {a}", f"shoal printed {b}")
    for i in range(max(len(npost), len(spost))):
        a = npost[i] if i < len(npost) else None
        b = spost[i] if i < len(spost) else None
        check(a == b, f"line {i}: {a}", f"shoal printed {b}")
    for i in range(max(len(ntr), len(str_))):
        a = ntr[i] if i < len(ntr) else None
        b = str_[i] if i < len(str_) else None
        check(a == b, f"response {i}: {a}", f"shoal answered {b}")
    check(not salive, "shoal exits once the server closed (like node)",
          f"node alive={nalive}")
    check(serr == "", "nothing on stderr", serr)
    finish()


if __name__ == "__main__":
    main()
