"""http.Server: listen() forms, 'connection' sockets, server.timeout and
'timeout', close() with idle keep-alive connections, closeAllConnections(),
socket 'close', and an exception in a handler ending the process like Node."""
import http.client
import time

from httptest import check, connect, finish, parse_args, shoal_app, wait_for

APP = r"""
const http = require('http');
const log = (...a) => console.log(a.join(' '));
const server = http.createServer((req, res) => {
  if (req.url === '/sock') {
    const s = req.socket;
    s.setNoDelay(true);
    s.setKeepAlive(true, 1000);
    res.end([s.remoteAddress, s.remoteFamily, typeof s.remotePort, s.localAddress,
             s.localPort === server.address().port, s.address().port === server.address().port,
             req.connection === s, res.socket === s].join(' '));
    return;
  }
  if (req.url === '/slow') { return; }   // never answers: server.timeout applies
  if (req.url === '/throw') { throw new Error('boom from handler'); }
  res.end('hi');
});
let conns = 0;
server.on('connection', (socket) => {
  conns++;
  socket.on('close', () => log('socket close'));
});
server.setTimeout(700, (socket) => { log('server timeout'); socket.destroy(); });
server.on('close', () => log('server close'));
server.listen({ port: 0, host: '127.0.0.1' }, () => {
  log('port', server.address().port);
});
// commands arrive as requests to /cmd/NAME on a second server
const ctl = http.createServer((req, res) => {
  const c = req.url.slice(5);
  if (c === 'conns') res.end(String(conns));
  else if (c === 'closeAll') { server.closeAllConnections(); res.end('ok'); }
  else if (c === 'close') { server.close(() => log('close cb')); res.end('ok'); }
  else if (c === 'listening') res.end(String(server.listening));
  else res.end('?');
});
ctl.listen(0, '127.0.0.1', () => log('ctl', ctl.address().port));
"""


def get(port, path):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    c.request("GET", path)
    r = c.getresponse()
    body = r.read()
    c.close()
    return body.decode()


def main():
    args = parse_args()
    with shoal_app(args, APP) as app:
        port = app.port
        ctl_line = app.line()
        check(ctl_line is not None and ctl_line.startswith("ctl "), "second server listens", ctl_line)
        ctl = int(ctl_line.split()[1])

        body = get(port, "/sock")
        parts = body.split(" ")
        check(parts[0] == "127.0.0.1" and parts[1] == "IPv4" and parts[2] == "number" and
              parts[3] == "127.0.0.1" and parts[4:] == ["true"] * 4, "socket properties", body)
        check(app.line() == "socket close", "socket 'close' when the client goes away")
        check(get(ctl, "/cmd/conns") == "1", "'connection' emitted once per connection")

        # server.timeout: an idle request gets 'timeout' on the server
        s = connect(port)
        s.sendall(b"GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
        t0 = time.time()
        ln = app.line(5)
        check(ln == "server timeout" and time.time() - t0 < 3, "server 'timeout' after setTimeout",
              ln)
        check(app.line() == "socket close", "socket destroyed by the timeout handler")
        s.close()

        # closeAllConnections / close(): with an idle keep-alive connection open
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        c.request("GET", "/")
        r = c.getresponse()
        check(r.read() == b"hi", "keep-alive connection open")
        check(get(ctl, "/cmd/close") == "ok", "server.close() called")
        got = [app.line(3), app.line(3), app.line(3)]
        check("socket close" in got and "server close" in got and "close cb" in got,
              "close() closes the idle connection, then 'close' and the callback", got)
        check(get(ctl, "/cmd/listening") == "false", "listening is false after close")
        try:
            connect(port).close()
            refused = False
        except OSError:
            refused = True
        check(refused, "no longer accepting")
        c.close()
    # an exception thrown by a handler ends the process (exit code 1), as Node
    with shoal_app(args, APP) as app:
        try:
            get(app.port, "/throw")
        except OSError:
            pass
        wait_for(lambda: not app.alive(), 5)
        check(not app.alive() and app.proc.returncode == 1, "uncaught exception exits with 1",
              app.proc.returncode)
        check("boom from handler" in app.stderr(), "the error is reported on stderr", app.stderr())
    finish()


if __name__ == "__main__":
    main()
