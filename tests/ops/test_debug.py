"""`shoal ctl inspect WORKER debug`: the worker's V8 inspector on a loopback
port, as `node --inspect` serves it (/json/list, /json/version, the Chrome
DevTools protocol over a WebSocket). A small stdlib WebSocket client speaks
CDP: Runtime.evaluate; a `debugger;` statement and a breakpoint set by URL
pause a request, which completes after Debugger.resume (the watchdog does
not kill the paused worker). While the client is attached the master sends
new connections to the other worker."""
import base64
import http.client
import json
import os
import re
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from urllib.parse import urlparse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ops_util import Cluster, ctl, ctl_status, run_tests, wait_for, wrapped  # noqa: E402

APP = r"""
function answer(req, res) {
  const where = 'in answer';
  res.end('ok ' + process.pid);
}
module.exports = (req, res) => {
  if (req.url === '/pause') {
    const where = 'at the debugger statement';
    debugger;
  }
  answer(req, res);
};
"""
ANSWER_LINE = 3  # 0-based: the res.end line, where a breakpoint goes


class CDP:
    """A DevTools-protocol client over a WebSocket (RFC 6455, masked frames)."""

    def __init__(self, url, timeout=30):
        u = urlparse(url)
        self.sock = socket.create_connection((u.hostname, u.port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(("GET %s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\n"
                           "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"
                           "Sec-WebSocket-Version: 13\r\n\r\n" % (u.path, u.netloc, key)).encode())
        self.buf = b""
        while b"\r\n\r\n" not in self.buf:
            chunk = self.sock.recv(4096)
            assert chunk, self.buf
            self.buf += chunk
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        self.status = int(head.split(b" ")[1])
        self.head = head.decode()
        self.next_id = 0
        self.events = []

    def _read(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("the inspector closed the connection")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def send_frame(self, opcode, payload):
        mask = os.urandom(4)
        n = len(payload)
        head = bytes([0x80 | opcode])
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 65536:
            head += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack(">Q", n)
        body = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(head + mask + body)

    def recv_frame(self):
        b0, b1 = self._read(2)
        n = b1 & 0x7F
        assert not b1 & 0x80, "a server never masks"
        if n == 126:
            n = struct.unpack(">H", self._read(2))[0]
        elif n == 127:
            n = struct.unpack(">Q", self._read(8))[0]
        return b0 & 0x0F, self._read(n)

    def recv(self):
        while True:
            op, data = self.recv_frame()
            if op == 1:
                return json.loads(data.decode("utf-8"))
            if op == 8:
                raise EOFError("closed: %r" % data)

    def call(self, method, **params):
        self.next_id += 1
        mid = self.next_id
        self.send_frame(1, json.dumps({"id": mid, "method": method,
                                       "params": params}).encode())
        while True:
            m = self.recv()
            if m.get("id") == mid:
                assert "error" not in m, (method, m)
                return m["result"]
            self.events.append(m)

    def wait_event(self, method):
        while True:
            for i, e in enumerate(self.events):
                if e.get("method") == method:
                    return self.events.pop(i)
            self.events.append(self.recv())

    def close(self):
        try:
            self.send_frame(8, struct.pack(">H", 1000))
            while self.recv_frame()[0] != 8:
                pass
        except (EOFError, OSError):
            pass
        self.sock.close()


def http_get(port, path, host=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    conn.request("GET", path, headers={"Host": host} if host else {})
    r = conn.getresponse()
    body = r.read()
    conn.close()
    return r.status, body


def open_debugger(c, pid, *extra):
    js = json.loads(ctl(c, "inspect", str(pid), "debug", *extra, "--json").stdout)
    assert js["ok"] and js["pid"] == pid and js["url"].startswith("ws://127.0.0.1:"), js
    return js


def start(shoal, workers, **config):
    config["workers"] = workers
    c = Cluster(shoal, APP, config=config)
    c.real_shoal = shoal
    return c.start()


def pid_of(answer):
    assert answer[0] == 200, answer
    return int(answer[2].split()[1])


def test_evaluate_and_routing(shoal):
    c = start(shoal, 2)
    try:
        a, b = [w["pid"] for w in ctl_status(c)["workers"]]
        text = ctl(c, "inspect", str(a), "debug").stdout
        assert "Debugger listening on ws://127.0.0.1:" in text, text
        assert "devtools://devtools/bundled/js_app.html?experiments=true&v8only=true&ws=" in text
        js = open_debugger(c, a)  # the same inspector, already open
        assert js["url"] in text, (js, text)
        port = js["port"]
        status, body = http_get(port, "/json/list")
        targets = json.loads(body)
        assert status == 200 and len(targets) == 1, body
        t = targets[0]
        assert t["webSocketDebuggerUrl"] == js["url"] and t["type"] == "node", t
        assert t["devtoolsFrontendUrl"] == js["devtools"], (t, js)
        assert t["url"].startswith("file:///") and t["url"].endswith("app.js"), t
        assert json.loads(http_get(port, "/json")[1]) == targets
        version = json.loads(http_get(port, "/json/version")[1])
        assert version["Protocol-Version"] == "1.1", version
        # DNS rebinding: a name other than localhost is refused, as by Node
        assert http_get(port, "/json/list", host="attacker.example:%d" % port)[0] == 400
        assert http_get(port, "/nothing")[0] == 404

        cdp = CDP(js["url"])
        assert cdp.status == 101, cdp.head
        r = cdp.call("Runtime.evaluate", expression="process.pid", returnByValue=True)
        assert r["result"]["value"] == a, r
        text = "h\u00e9llo \u2603 \U0001F600"
        r = cdp.call("Runtime.evaluate", expression="%s + '!'" % json.dumps(text),
                     returnByValue=True)
        assert r["result"]["value"] == text + "!", r
        r = cdp.call("Runtime.evaluate", expression="throw new TypeError('nope')")
        assert r["exceptionDetails"]["exception"]["className"] == "TypeError", r
        # one client at a time
        second = CDP(js["url"])
        assert second.status == 400, second.head
        second.sock.close()
        # a ping is answered; the session serves on
        cdp.send_frame(9, b"still there?")
        assert cdp.recv_frame() == (10, b"still there?")
        assert cdp.call("Runtime.evaluate", expression="6*7")["result"]["value"] == 42
        states = {w["pid"]: w["state"] for w in ctl_status(c)["workers"]}
        assert states == {a: "debugging", b: "ready"}, states
        # attached: new connections go to the other worker
        assert {pid_of(c.get("/")) for _ in range(12)} == {b}
        cdp.close()
        # detached: the worker takes connections again
        assert wait_for(lambda: pid_of(c.get("/")) == a, 20), c.logs()
        # bad input: V8 answers what is not JSON; an unmasked frame ends the connection
        cdp = CDP(js["url"])
        cdp.send_frame(1, b"\xff not json {")
        assert cdp.recv()["error"]["code"] == -32700
        cdp.sock.sendall(b"\x81\x02{}")
        op, data = cdp.recv_frame()
        assert op == 8 and struct.unpack(">H", data[:2])[0] == 1002, (op, data)
        cdp.sock.close()
        # and a new client may attach
        cdp = CDP(js["url"])
        assert cdp.call("Runtime.evaluate", expression="1+1")["result"]["value"] == 2
        cdp.close()
        assert ctl(c, "inspect", str(a), "debug", "--port", "70000", check=2).returncode == 2
        assert ctl(c, "inspect", "99999", "debug", check=1).returncode == 1
    finally:
        c.close()


def test_breakpoints_on_a_request(shoal):
    # one worker: the request goes to it even with a debugger attached
    c = start(shoal, 1, watchdog_ms=1000, limits={"request_cpu_ms": 2000})
    try:
        pid = ctl_status(c)["workers"][0]["pid"]
        cdp = CDP(open_debugger(c, pid)["url"])
        cdp.call("Debugger.enable")
        result = {}

        def request(path):
            t = threading.Thread(target=lambda: result.update({path: c.get(path, timeout=90)}))
            t.start()
            return t

        # a `debugger;` statement
        t = request("/pause")
        paused = cdp.wait_event("Debugger.paused")["params"]
        frame = paused["callFrames"][0]
        # CallFrame.url is deprecated (empty in V8 10): the script is named by scriptParsed
        urls = {e["params"]["scriptId"]: e["params"]["url"] for e in cdp.events
                if e.get("method") == "Debugger.scriptParsed"}
        url = urls[frame["location"]["scriptId"]]
        assert url.startswith("file:///") and url.endswith("/app.js"), url
        assert paused["reason"] == "other", paused
        r = cdp.call("Debugger.evaluateOnCallFrame", callFrameId=frame["callFrameId"],
                     expression="where", returnByValue=True)
        assert r["result"]["value"] == "at the debugger statement", r
        # the stack of a paused worker: where it is paused
        out = ctl(c, "inspect", str(pid), "stack").stdout
        assert "at module.exports (" in out and "app.js:9:" in out, out
        time.sleep(3.0)  # past watchdog_ms and request_cpu_ms: neither counts a pause
        assert "/pause" not in result
        cdp.call("Debugger.resume")
        t.join(60)
        assert pid_of(result["/pause"]) == pid, result

        # a breakpoint set by URL
        bp = cdp.call("Debugger.setBreakpointByUrl", lineNumber=ANSWER_LINE,
                      urlRegex=r"app\.js$")
        t = request("/")
        paused = cdp.wait_event("Debugger.paused")["params"]
        assert paused["hitBreakpoints"] == [bp["breakpointId"]], paused
        frame = paused["callFrames"][0]
        assert frame["functionName"] == "answer", frame
        assert frame["location"]["lineNumber"] == ANSWER_LINE, frame
        r = cdp.call("Debugger.evaluateOnCallFrame", callFrameId=frame["callFrameId"],
                     expression="where + ' ' + req.url", returnByValue=True)
        assert r["result"]["value"] == "in answer /", r
        # a step: past the res.end line, still in answer
        cdp.call("Debugger.stepOver")
        cdp.wait_event("Debugger.resumed")
        stepped = cdp.wait_event("Debugger.paused")["params"]["callFrames"][0]
        assert stepped["functionName"] == "answer", stepped
        assert stepped["location"]["lineNumber"] == ANSWER_LINE + 1, stepped
        cdp.call("Debugger.resume")
        t.join(60)
        assert pid_of(result["/"]) == pid, result

        # the client goes away while paused: JavaScript resumes, the request completes
        del result["/pause"]
        t = request("/pause")
        cdp.wait_event("Debugger.paused")
        cdp.sock.close()
        t.join(60)
        assert pid_of(result["/pause"]) == pid, result
        assert [w["pid"] for w in ctl_status(c)["workers"]] == [pid], c.logs()
        assert "blocked" not in c.logs(), c.logs()
    finally:
        c.close()


def test_inspect_at_start(shoal):
    """`shoal start --inspect`: every worker opens its inspector before the
    app runs and logs where, as `node --inspect` does."""
    c = Cluster(shoal, APP, config={"workers": 2})
    c.real_shoal = shoal
    c.shoal = wrapped(shoal, c.dir, 'if [ "$1" = start ]; then shift; exec %s start "$@" '
                      '--inspect; fi' % shoal)
    try:
        c.start()
        urls = {}
        assert wait_for(lambda: len(re.findall(r"Debugger listening on ws://", c.logs())) == 2,
                        15), c.logs()
        for line in c.logs().splitlines():
            m = re.search(r"\[worker (\d+)\] Debugger listening on (ws://\S+)", line)
            if m:
                urls[int(m.group(1))] = m.group(2)
        workers = ctl_status(c)["workers"]
        assert sorted(urls) == sorted(w["id"] for w in workers), (urls, c.logs())
        for w in workers:
            assert open_debugger(c, w["pid"])["url"] == urls[w["id"]]
            cdp = CDP(urls[w["id"]])
            r = cdp.call("Runtime.evaluate", expression="process.pid", returnByValue=True)
            assert r["result"]["value"] == w["pid"], r
            cdp.close()
    finally:
        c.close()


OPEN_SCRIPT = r"""
const inspector = require('inspector');
console.log('before', inspector.url());
inspector.open(0, undefined, true);  // blocks until the client says run
console.log('released', globalThis.fromClient, inspector.url() !== undefined);
inspector.close();
console.log('closed', inspector.url());
"""


def test_inspector_open_in_shoal_run(shoal):
    """`shoal run`: inspector.open(0, host, true) serves a client on its
    own thread while waitForDebugger blocks the script; Runtime.evaluate
    runs meanwhile; Runtime.runIfWaitingForDebugger releases it."""
    d = tempfile.mkdtemp(prefix="shoal-inspector-")
    path = os.path.join(d, "open.js")
    with open(path, "w") as f:
        f.write(OPEN_SCRIPT)
    p = subprocess.Popen([shoal, "run", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    try:
        line = p.stderr.readline()
        m = re.match(r"Debugger listening on (ws://127\.0\.0\.1:\d+/[0-9a-f-]{36})$", line.strip())
        assert m, line
        assert p.stderr.readline().startswith("For help, see: https://nodejs.org/en/docs/inspector")
        cdp = CDP(m.group(1))
        r = cdp.call("Runtime.evaluate", expression="globalThis.fromClient = 'hi'",
                     returnByValue=True)
        assert r["result"]["value"] == "hi", r
        cdp.call("Runtime.runIfWaitingForDebugger")
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0, (out, err)
        assert out == "before undefined\nreleased hi true\nclosed undefined\n", (out, err)
        cdp.sock.close()
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()


def test_run_inspect_brk(shoal):
    """`shoal run --inspect-brk=0 FILE`, as node: waits for the client, then
    pauses at the main module's first statement ("Break on start")."""
    d = tempfile.mkdtemp(prefix="shoal-inspector-")
    path = os.path.join(d, "brk.js")
    with open(path, "w") as f:
        f.write("const first = 'the first line';\nconsole.log('ran', first);\n")
    p = subprocess.Popen([shoal, "run", "--inspect-brk=0", path], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    try:
        m = re.search(r"Debugger listening on (ws://\S+)", p.stderr.readline())
        assert m
        cdp = CDP(m.group(1))
        cdp.call("Debugger.enable")
        cdp.call("Runtime.runIfWaitingForDebugger")
        paused = cdp.wait_event("Debugger.paused")["params"]
        frame = paused["callFrames"][0]
        urls = {e["params"]["scriptId"]: e["params"]["url"] for e in cdp.events
                if e.get("method") == "Debugger.scriptParsed"}
        assert urls[frame["location"]["scriptId"]] == "file://" + path, (urls, frame)
        assert paused["reason"] == "Break on start" and frame["location"]["lineNumber"] == 0
        cdp.call("Debugger.resume")
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0 and out == "ran the first line\n", (out, err)
        cdp.sock.close()
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()


if __name__ == "__main__":
    sys.exit(run_tests(globals()))
