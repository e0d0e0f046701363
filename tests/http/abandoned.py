"""Requests whose handler fails are answered, never left hanging.

`shoal run` is Node: an uncaught exception (a synchronous throw in the
handler, a throw in a timer, a rejected async handler) ends the process with
exit code 1 and the error on stderr; the client sees its connection close. A
response the app drops is cut by `server.setTimeout()` as in Node.

In a cluster worker (`shoal start`), shoal's promise (docs/reliability.md):
the request whose handler threw synchronously is answered 500; a worker dying
of an uncaught exception first answers every open request 500 (or cuts its
connection when part of the response was sent), logs one line, then exits and
is replaced; with an 'uncaughtException' listener the worker lives on, the
throwing request still answered 500.

Clients use generous timeouts: the only thing asserted about time is that no
client hangs.

    python3 tests/http/abandoned.py --shoal build/shoal
"""
import http.client
import os
import socket
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "cluster"))
from httptest import App, check, connect, finish, parse_args, recv_until_close  # noqa: E402
from cluster_util import Cluster, wait_for  # noqa: E402

HANDLER = r"""
let hanging = 0; // /hang requests that reached the handler (the test waits for them)
const handler = async (req, res) => {
  const u = req.url;
  if (u === '/__ping' || u === '/ok') return res.end('ok');
  if (u === '/pid') return res.end(String(process.pid));
  if (u === '/hanging') return res.end(String(hanging));
  if (u === '/hang') { hanging++; return; }                   // never answered
  if (u === '/stream') { res.writeHead(200); res.write('first\n'); return; }
  if (u === '/big') return res.end(Buffer.alloc(8 << 20, 98));
  if (u === '/timer-throw') {
    setTimeout(() => { throw new Error('boom timer'); }, 10);
    return;
  }
  if (u === '/reject') { await null; throw new Error('boom async'); }
  res.end('unknown');
};
"""

# handler is async: a synchronous throw would be a rejection, so the sync
# case goes through a plain function in front of it.
FRONT = r"""
function front(req, res) {
  if (req.url === '/throw') { res.setHeader('x-app', 'set'); throw new Error('boom sync'); }
  return handler(req, res);
}
if (process.env.WITH_LISTENER) {
  process.on('uncaughtException', (e) => console.error('listener got ' + e.message));
}
"""

RUN_APP = HANDLER + FRONT + r"""
const server = require('http').createServer(front);
if (process.env.SERVER_TIMEOUT) server.setTimeout(Number(process.env.SERVER_TIMEOUT));
server.listen(0, '127.0.0.1', () => console.log('port ' + server.address().port));
"""

CLUSTER_APP = HANDLER + FRONT + "module.exports = front;\n"

# requestTimeout: a body that never completes is answered 408 (Node checks
# every connectionsCheckingInterval; the events as recorded from Node 20).
REQUEST_TIMEOUT_APP = r"""
const logs = [];
const server = require('http').createServer(
  { requestTimeout: 1000, connectionsCheckingInterval: 200 }, (req, res) => {
    if (req.url === '/log') return res.end(JSON.stringify(logs));
    req.on('aborted', () => logs.push('req aborted'));
    req.on('error', (e) => logs.push('req error ' + e.code));
    res.on('close', () => logs.push('res close ' + res.writableFinished));
    req.on('data', () => {});
  });
server.listen(0, '127.0.0.1', () => console.log('port ' + server.address().port));
"""

CLIENT_TIMEOUT = 30


def get(port, path):
    """(status, body) or the exception's name when the connection closed."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=CLIENT_TIMEOUT)
    try:
        c.request("GET", path)
        r = c.getresponse()
        return r.status, r.read(), r.getheader("x-app")
    except socket.timeout:
        return "timeout", b"", None
    except (http.client.HTTPException, OSError) as e:
        return type(e).__name__, b"", None
    finally:
        c.close()


def raw_stream(port, out):
    """GET /stream: the head and the first chunk, then whatever follows until
    the server closes (or the client times out)."""
    s = connect(port, CLIENT_TIMEOUT)
    s.sendall(b"GET /stream HTTP/1.1\r\nHost: x\r\n\r\n")
    data = b""
    try:
        while True:
            b = s.recv(65536)
            if not b:
                out["closed"] = True
                break
            data += b
            if b"first" in data:
                out["started"] = True
    except socket.timeout:
        out["timeout"] = True
    except OSError:
        out["closed"] = True
    out["data"] = data
    s.close()


def curl_h2(port, path):
    """'STATUS VERSION' of an HTTP/2 (prior knowledge) GET, or curl's failure."""
    r = subprocess.run(["curl", "-s", "-o", "/dev/null", "--http2-prior-knowledge",
                        "--max-time", str(CLIENT_TIMEOUT), "-w", "%{http_code} %{http_version}",
                        f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True,
                       timeout=CLIENT_TIMEOUT + 10)
    return r.stdout if r.returncode == 0 else f"curl exit {r.returncode} {r.stdout}"


def in_thread(fn, *a):
    box = {}

    def run():
        box["result"] = fn(*a)
    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t, box


def shoal_run_dies(shoal, path, what, needle):
    with App([shoal, "run"], RUN_APP) as app:
        got = get(app.port, path)
        try:
            rc = app.proc.wait(CLIENT_TIMEOUT)
        except Exception:
            rc = None
        check(got[0] in ("RemoteDisconnected", "ConnectionResetError", "BadStatusLine"),
              f"shoal run: {what}: the client sees the connection close", str(got))
        check(rc == 1, f"shoal run: {what}: the process exits with 1 (as Node)", str(rc))
        err = app.stderr()
        check(err.count(needle) == 1, f"shoal run: {what}: the error is on stderr once", err)


def test_shoal_run(shoal):
    shoal_run_dies(shoal, "/throw", "a handler throwing synchronously", "Error: boom sync")
    shoal_run_dies(shoal, "/timer-throw", "a throw in a timer", "Error: boom timer")
    shoal_run_dies(shoal, "/reject", "an async handler rejecting", "Error: boom async")
    # A dropped response: server.setTimeout() cuts it (Node's 'timeout' with no
    # listener destroys the socket).
    with App([shoal, "run"], RUN_APP, env={"SERVER_TIMEOUT": "500"}) as app:
        got = get(app.port, "/hang")
        check(got[0] in ("RemoteDisconnected", "ConnectionResetError"),
              "shoal run: a dropped response is cut by server.setTimeout()", str(got))
        check(app.alive(), "shoal run: the server lives on", app.stderr())
    with App([shoal, "run"], REQUEST_TIMEOUT_APP) as app:
        s = connect(app.port, CLIENT_TIMEOUT)
        s.sendall(b"POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123")
        got = recv_until_close(s, CLIENT_TIMEOUT, tag_error=True)
        s.close()
        check(got == b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n",
              "shoal run: server.requestTimeout: a body that never completes gets 408", repr(got))
        log = wait_for(lambda: (lambda v: v if len(v) >= 3 else None)(get(app.port, "/log")[1]),
                       10)
        check(log == b'["req aborted","res close false","req error ECONNRESET"]',
              "shoal run: server.requestTimeout: the handler hears 'aborted', res 'close' (as Node)",
              str(log))


def cluster(shoal, env=None):
    cl = Cluster(shoal, CLUSTER_APP, config={"workers": 1, "env": env or {}})
    cl.start()
    return cl


def pid_of(cl):
    try:
        status, _, body = cl.get("/pid", timeout=CLIENT_TIMEOUT)
        return int(body) if status == 200 else None
    except (OSError, ValueError, http.client.HTTPException):
        return None


def replaced(cl, old_pid):
    return wait_for(lambda: (lambda p: p if p and p != old_pid else None)(pid_of(cl)), 40)


def test_cluster_sync_throw(shoal):
    cl = cluster(shoal)
    try:
        pid = pid_of(cl)
        hang_t, hang = in_thread(get, cl.port, "/hang")
        h2_t, h2 = in_thread(curl_h2, cl.port, "/hang")
        stream = {}
        stream_t = threading.Thread(target=raw_stream, args=(cl.port, stream), daemon=True)
        stream_t.start()
        # The three requests are in the handler before /throw kills the worker
        # (events, not the clock: a loaded machine may take any time).
        started = wait_for(lambda: stream.get("started") and get(cl.port, "/hanging")[1] == b"2",
                           CLIENT_TIMEOUT)
        check(started, "cluster: /stream and both /hang requests reached the handler",
              f"{stream} hanging={get(cl.port, '/hanging')[1]!r}")
        got = get(cl.port, "/throw")
        check(got[0] == 500 and got[1] == b"Internal Server Error" and got[2] is None,
              "cluster: a handler throwing synchronously: 500 (the app's headers dropped)",
              str(got))
        hang_t.join(CLIENT_TIMEOUT + 5)
        check(hang.get("result", ("hung",))[0] == 500,
              "cluster: a request open when the worker died: 500", str(hang))
        h2_t.join(CLIENT_TIMEOUT + 5)
        check(h2.get("result") == "500 2", "cluster: an HTTP/2 stream open when the worker died: 500",
              str(h2))
        stream_t.join(CLIENT_TIMEOUT + 5)
        check(stream.get("closed") and b"first" in stream.get("data", b"") and
              not stream.get("data", b"").endswith(b"0\r\n\r\n"),
              "cluster: a response already started when the worker died: cut", str(stream))
        new = replaced(cl, pid)
        check(new is not None, "cluster: the worker is replaced and serves again", cl.logs())
        logs = cl.logs()
        check(logs.count("Error: boom sync") == 1, "cluster: the error is logged once", logs)
        check(logs.count("open request(s) answered 500") == 1 and
              "3 open request(s) answered 500, 1 cut" in logs,
              "cluster: one line says what the dying worker answered", logs)
    finally:
        cl.close()


def test_cluster_async(shoal):
    for path, what, needle in (("/timer-throw", "a throw in a timer", "Error: boom timer"),
                               ("/reject", "an async handler rejecting", "Error: boom async")):
        cl = cluster(shoal)
        try:
            pid = pid_of(cl)
            got = get(cl.port, path)
            check(got[0] == 500, f"cluster: {what}: 500", str(got))
            check(replaced(cl, pid) is not None, f"cluster: {what}: the worker is replaced",
                  cl.logs())
            logs = cl.logs()
            check(logs.count(needle) == 1, f"cluster: {what}: the error is logged once", logs)
        finally:
            cl.close()


def test_cluster_listener(shoal):
    cl = cluster(shoal, {"WITH_LISTENER": "1"})
    try:
        pid = pid_of(cl)
        got = get(cl.port, "/throw")
        check(got[0] == 500, "cluster with an 'uncaughtException' listener: a sync throw: 500",
              str(got))
        check(pid_of(cl) == pid, "cluster with an 'uncaughtException' listener: the worker lives on",
              cl.logs())
        check(wait_for(lambda: "listener got boom sync" in cl.logs(), 10),
              "cluster: the listener got the error", cl.logs())
    finally:
        cl.close()


# limits.response_timeout_ms: what the app hears, and responses that keep
# writing (slower than the timeout in total, faster between writes).
TIMEOUT_APP = r"""
const events = [];
module.exports = (req, res) => {
  const u = req.url;
  if (u === '/pid') return res.end(String(process.pid));
  if (u === '/events') return res.end(JSON.stringify(events));
  res.on('close', () => events.push(u + ' close ' + res.writableFinished));
  if (u === '/hang' || u === '/hang2') return;
  if (u === '/late') { setTimeout(() => { res.end('late'); events.push('late end'); }, 1500); return; }
  if (u === '/stream') { res.writeHead(200); res.write('first\n'); return; }
  if (u === '/big') return res.end(Buffer.alloc(8 << 20, 98));
  if (u === '/upload') {
    let n = 0;
    req.on('data', (c) => { n += c.length; });
    req.on('end', () => res.end('got ' + n));
    return;
  }
  if (u === '/trickle') {
    res.writeHead(200);
    let n = 0;
    const t = setInterval(() => {
      res.write('part ' + n + '\n');
      if (++n === 8) { clearInterval(t); res.end('done\n'); }
    }, 250);
    return;
  }
  res.end('ok');
};
"""


def h2_frame(ftype, flags, stream, payload=b""):
    return len(payload).to_bytes(3, "big") + bytes([ftype, flags]) + \
        stream.to_bytes(4, "big") + payload


def h2_get_big():
    """An HTTP/2 GET /big with prior knowledge, frames written by hand: the
    client opens its windows wide, so the server may send all of it."""
    window = (1 << 31) - 1
    settings = (4).to_bytes(2, "big") + window.to_bytes(4, "big")  # INITIAL_WINDOW_SIZE
    # HPACK, static table only: :method GET (2), :scheme http (6), :path
    # literal without indexing (name 4), :authority literal (name 1)
    block = bytes([0x82, 0x86, 0x04, 4]) + b"/big" + bytes([0x01, 1]) + b"x"
    return (b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" +
            h2_frame(4, 0, 0, settings) +
            h2_frame(8, 0, 0, (window - 65535).to_bytes(4, "big")) +  # connection window
            h2_frame(1, 0x5, 1, block))  # HEADERS, END_STREAM | END_HEADERS


def stalled_reader(cl, proto, request):
    """An ended 8 MiB response whose client takes nothing (a 4 KiB receive
    buffer, never read): the request is done for the engine (HTTP/2: the
    stream is answered), its bytes queued on the socket are still bounded by
    the timeout; the client reads only once the worker logged the cut, then
    gets part of the body and the end of the connection."""
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect(("127.0.0.1", cl.port))
    s.settimeout(CLIENT_TIMEOUT)
    before = cl.logs().count("took no byte of its response")
    s.sendall(request)
    logged = wait_for(lambda: cl.logs().count("took no byte of its response") > before,
                      CLIENT_TIMEOUT)
    got, closed = 0, False
    try:
        while True:
            b = s.recv(65536)
            if not b:
                closed = True
                break
            got += len(b)
    except ConnectionResetError:
        closed = True
    s.close()
    check(logged and closed and got < 8 << 20,
          f"response timeout, {proto}: an ended response whose client reads nothing is cut",
          f"logged {logged}, closed {closed}, {got} bytes")


def test_cluster_response_timeout(shoal):
    cl = Cluster(shoal, TIMEOUT_APP, config={"workers": 1,
                                             "limits": {"response_timeout_ms": 1000}})
    cl.start()
    try:
        pid = pid_of(cl)
        got = get(cl.port, "/hang")
        check(got[:2] == (504, b""), "response timeout, HTTP/1.1: an unanswered request gets 504",
              str(got))
        check(curl_h2(cl.port, "/hang2") == "504 2",
              "response timeout, HTTP/2: an unanswered stream gets 504", curl_h2(cl.port, "/ok"))
        got = get(cl.port, "/late")
        check(got[:2] == (504, b""), "response timeout: an answer later than the timeout: 504",
              str(got))
        stream = {}
        raw_stream(cl.port, stream)
        check(stream.get("closed") and b"first" in stream.get("data", b"") and
              not stream.get("data", b"").endswith(b"0\r\n\r\n"),
              "response timeout, HTTP/1.1: a response started, then silent: cut", str(stream))
        r = subprocess.run(["curl", "-s", "--http2-prior-knowledge", "--max-time",
                            str(CLIENT_TIMEOUT), f"http://127.0.0.1:{cl.port}/stream"],
                           capture_output=True, text=True, timeout=CLIENT_TIMEOUT + 10)
        check(r.returncode not in (0, 28) and r.stdout == "first\n",
              "response timeout, HTTP/2: a response started, then silent: the stream is reset",
              f"exit {r.returncode} {r.stdout!r}")
        got = get(cl.port, "/trickle")
        check(got[0] == 200 and got[1].endswith(b"part 7\ndone\n"),
              "response timeout: a response that keeps writing is not cut (2 s in all, "
              "a write every 250 ms)", str(got))
        check(curl_h2(cl.port, "/trickle") == "200 2",
              "response timeout, HTTP/2: a response that keeps writing is not cut", "")
        s = connect(cl.port, CLIENT_TIMEOUT)
        s.sendall(b"POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\n")
        for _ in range(6):
            time.sleep(0.4)
            s.sendall(b"u")
        got = b""
        while not got.endswith(b"got 6"):
            chunk = s.recv(4096)
            if not chunk:
                break
            got += chunk
        s.close()
        check(got.startswith(b"HTTP/1.1 200") and got.endswith(b"got 6"),
              "response timeout: a request body still arriving is not cut (2.4 s, a byte "
              "every 400 ms)", repr(got))
        stalled_reader(cl, "HTTP/1.1", b"GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
        stalled_reader(cl, "HTTP/2", h2_get_big())
        check(pid_of(cl) == pid, "response timeout: the worker keeps serving (not replaced)",
              cl.logs())
        # /late ends (into the void) 1.5 s after it began: wait for that event.
        events = wait_for(lambda: (lambda e: e if '"late end"' in e else None)(
            get(cl.port, "/events")[1].decode()), CLIENT_TIMEOUT) or \
            get(cl.port, "/events")[1].decode()
        for u in ("/hang", "/hang2", "/late", "/stream"):
            check(f'"{u} close false"' in events,
                  f"response timeout: the app hears res 'close' unfinished ({u})", events)
        check('"/big close' in events,
              "response timeout: the app hears res 'close' of an ended response cut in its "
              "last bytes", events)
        check('"late end"' in events, "response timeout: a late res.end() is harmless", events)
        # the worker's stderr reaches the log through the master: wait for it
        wait_for(lambda: cl.logs().count("limits.response_timeout_ms") >= 7, CLIENT_TIMEOUT)
        logs = cl.logs()
        check(logs.count("limits.response_timeout_ms") == 7 and
              logs.count("answered 504") == 3 and logs.count("): cut") == 4,
              "response timeout: one line on stderr for each", logs)
    finally:
        cl.close()


def main():
    args = parse_args()
    shoal = os.path.abspath(args.shoal)
    test_shoal_run(shoal)
    test_cluster_sync_throw(shoal)
    test_cluster_async(shoal)
    test_cluster_listener(shoal)
    test_cluster_response_timeout(shoal)
    finish()


if __name__ == "__main__":
    main()
