#!/usr/bin/env python3
"""Health path, metrics over HTTP, access logs and their reopening (USR1).

  - `health.path` answers 200 "ok" while serving, without running JavaScript
    (the app counts its requests: health probes must not show up);
  - during a drain it answers 503 "draining" (probed on a connection whose
    request was under way when TERM arrived, while a slow request keeps the
    worker alive);
  - `metrics.listen` serves GET /metrics as Prometheus text whose counters
    match the requests made;
  - USR1 makes workers reopen the access log: after a logrotate-style
    rename, new lines go to the new file;
  - access log formats: JSON (time, worker, remote, method, url, version,
    status, bytes, duration_ms) and combined (+ worker=N duration=Xms).
"""
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from deploy_util import REPO, Cluster, Results, free_port, http_get, parse_args, wait_for  # noqa: E402

APP = r"""
let count = 0;
module.exports = (req, res) => {
  count++;
  if (req.url === '/count') return res.end(String(count));
  if (req.url.startsWith('/slow')) {
    setTimeout(() => res.end('slow done'), 2500);
    return;
  }
  res.setHeader('content-type', 'text/plain');
  res.end('app ' + req.url);
};
"""


def read_lines(path):
    try:
        with open(path) as f:
            return [line for line in f.read().splitlines() if line]
    except FileNotFoundError:
        return []


def ctl_status(shoal, config):
    p = subprocess.run([shoal, "ctl", "--config", config, "status", "--json"],
                       capture_output=True, text=True, timeout=10)
    return json.loads(p.stdout) if p.returncode == 0 else None


def test_health_serving(r, shoal):
    cl = Cluster(shoal, APP, config={"workers": 2, "health": {"path": "/healthz"}})
    try:
        cl.start(timeout=15)
        bodies = [cl.get("/healthz") for _ in range(10)]
        r.check("health path answers 200 ok",
                all(s == 200 and b == b"ok\n" for s, _, b in bodies),
                repr(bodies[:2]))
        status, _, body = cl.get("/healthzz")
        r.check("other paths reach the app", status == 200 and body == b"app /healthzz",
                repr(body))
    finally:
        cl.close()


def test_health_not_counted_single(r, shoal):
    cl = Cluster(shoal, APP, config={"workers": 1, "health": {"path": "/-/health"}})
    try:
        cl.start()
        _, _, c0 = cl.get("/count")
        for _ in range(20):
            cl.get("/-/health")
        _, _, c1 = cl.get("/count")
        r.check("20 probes, app count grows by exactly 1 (the /count itself)",
                int(c1) == int(c0) + 1, "before %s after %s" % (c0, c1))
        status, _, body = cl.get("/-/health", method="HEAD")
        r.check("HEAD on health path answers 200 without a body", status == 200 and body == b"",
                "%r %r" % (status, body))
    finally:
        cl.close()


def test_health_draining(r, shoal):
    cl = Cluster(shoal, APP, config={"workers": 1, "health": {"path": "/healthz"},
                                     "drain_ms": 10000})
    try:
        cl.start()
        slow = {}

        def do_slow():
            try:
                slow["resp"] = http_get(cl.port, "/slow", timeout=20)
            except Exception as e:  # noqa: BLE001
                slow["err"] = e
        t = threading.Thread(target=do_slow)
        t.start()
        # wait until the slow request is in flight (the app counted it)
        time.sleep(0.3)
        probe = socket.create_connection(("127.0.0.1", cl.port), timeout=10)
        # a request under way (headers not finished): not an idle connection,
        # so the drain does not close it.
        probe.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n")
        time.sleep(0.3)
        cl.kill(signal.SIGTERM)
        time.sleep(0.5)
        probe.sendall(b"\r\n")
        data = b""
        try:
            while b"\r\n\r\n" not in data or not data.endswith(b"draining\n"):
                chunk = probe.recv(4096)
                if not chunk:
                    break
                data += chunk
        except socket.timeout:
            pass
        probe.close()
        r.check("health path answers 503 draining during the drain",
                data.startswith(b"HTTP/1.1 503") and data.endswith(b"draining\n"),
                "response %r\n%s" % (data, cl.logs()))
        t.join(20)
        resp = slow.get("resp")
        r.check("the slow request still completes during the drain",
                resp is not None and resp[0] == 200 and resp[2] == b"slow done",
                repr(slow))
        try:
            rc = cl.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            rc = None
        r.check("master exits 0 after the drain", rc == 0, "exit %r" % rc)
    finally:
        cl.close()


SAMPLE = re.compile(r'^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})? [-+0-9.eEInfNa]+( [0-9]+)?$')


def test_metrics(r, shoal):
    mport = free_port()
    cl = Cluster(shoal, APP, config={"workers": 2, "health": {"path": "/healthz"},
                                     "metrics": {"listen": "127.0.0.1:%d" % mport}})
    try:
        cl.start()
        for i in range(7):
            cl.get("/m%d" % i)
        cl.get("/healthz")
        # counters come with the heartbeats (every 100 ms)
        time.sleep(0.5)
        status, headers, body = http_get(mport, "/metrics")
        text = body.decode()
        ctype = {k.lower(): v for k, v in headers.items()}.get("content-type", "")
        r.check("GET /metrics answers 200 text/plain", status == 200 and
                ctype.startswith("text/plain"), "%r %r" % (status, ctype))
        bad = [line for line in text.splitlines()
               if line and not line.startswith("#") and not SAMPLE.match(line)]
        r.check("every sample line is Prometheus text", not bad, repr(bad[:5]))
        types = re.findall(r"^# TYPE (\S+) (\S+)$", text, re.M)
        r.check("metrics have # TYPE lines", len(types) >= 2, repr(types))
        m = re.search(r'^shoal_requests_total\{worker="all",code="2xx"\} (\d+)', text, re.M)
        total = int(m.group(1)) if m else None
        r.check("shoal_requests_total counts the app's requests", total is not None and
                total >= 7, "2xx total %r\n%s" % (total, text[:800]))
        status, _, _ = http_get(mport, "/nope")
        r.check("other paths on the metrics port are 404", status == 404, str(status))
        p = subprocess.run([shoal, "ctl", "--config", cl.config_path, "metrics"],
                           capture_output=True, text=True, timeout=10)
        r.check("shoal ctl metrics gives the same families",
                p.returncode == 0 and "shoal_requests_total" in p.stdout, p.stderr)
    finally:
        cl.close()


JSON_FIELDS = {"time": str, "worker": int, "remote": str, "method": str, "url": str,
               "version": str, "status": int, "bytes": int, "duration_ms": (int, float)}


def test_access_json_and_reopen(r, shoal):
    cl = Cluster(shoal, APP, config={"workers": 2, "health": {"path": "/healthz"},
                                     "log": {"access": "access.log", "format": "json"}})
    log = cl.path("access.log")
    try:
        cl.start()
        st = ctl_status(shoal, cl.config_path)
        ids = {w["id"] for w in st["workers"]} if st else set()
        cl.get("/one?a=1", headers={"User-Agent": "deploy-test"})
        cl.get("/two", method="POST", body=b"x" * 10)
        lines = wait_for(lambda: (lambda ls: len([x for x in ls if '"/two"' in x]) and ls)(
            read_lines(log)), timeout=5) or []
        recs = []
        for line in lines:
            try:
                recs.append(json.loads(line))
            except ValueError:
                r.fail("access log line is JSON", repr(line))
        one = [x for x in recs if x.get("url") == "/one?a=1"]
        two = [x for x in recs if x.get("url") == "/two"]
        r.check("JSON access log has one line per request", len(one) == 1 and len(two) == 1,
                repr(lines))
        if one and two:
            rec = one[0]
            missing = [k for k, t in JSON_FIELDS.items() if not isinstance(rec.get(k), t)]
            r.check("JSON access log fields", not missing, "missing/wrong %r in %r" % (missing, rec))
            r.check("JSON worker id is a live worker's id", rec.get("worker") in ids,
                    "%r not in %r" % (rec.get("worker"), ids))
            r.check("JSON status/method/remote", rec["status"] == 200 and
                    rec["method"] == "GET" and rec["remote"] == "127.0.0.1" and
                    two[0]["method"] == "POST", repr(recs))
            r.check("JSON duration_ms is a plausible duration",
                    0 <= rec["duration_ms"] < 10000, repr(rec["duration_ms"]))
            r.check("JSON time is ISO 8601 UTC",
                    re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$", rec["time"]) is not None,
                    rec["time"])

        # logrotate: rename, USR1 to the master, new lines in the new file.
        os.rename(log, log + ".1")
        cl.get("/before-usr1")
        cl.kill(signal.SIGUSR1)
        time.sleep(0.5)
        for i in range(4):  # reach both workers
            cl.get("/after-usr1-%d" % i)
        wait_for(lambda: len([x for x in read_lines(log) if "/after-usr1-" in x]) >= 4, timeout=5)
        new = read_lines(log)
        old = read_lines(log + ".1")
        r.check("USR1: new file created and gets the new lines",
                len([x for x in new if "/after-usr1-" in x]) == 4, "new %r" % new)
        r.check("USR1: nothing new left in the rotated file",
                not any("/after-usr1-" in x for x in old), "old %r" % old)
        r.check("lines written between rename and USR1 stay in the old file",
                any("/before-usr1" in x for x in old) and
                not any("/before-usr1" in x for x in new), "old %r new %r" % (old, new))
        r.check("master still serving after USR1", cl.get("/x")[0] == 200)
        r.check("workers survived USR1", len(cl.workers()) == 2, repr(cl.workers()))
    finally:
        cl.close()


COMBINED = re.compile(
    r'^(?P<remote>\S+) - - \[(?P<time>\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d [+-]\d{4})\] '
    r'"(?P<method>[A-Z]+) (?P<url>\S+) HTTP/(?P<version>\d\.\d)" (?P<status>\d{3}) '
    r'(?P<bytes>\d+|-) "(?P<referer>[^"]*)" "(?P<ua>[^"]*)" worker=(?P<worker>\d+) '
    r'duration=(?P<duration>[0-9.]+)ms$')


def test_access_combined(r, shoal):
    cl = Cluster(shoal, APP, config={"workers": 1,
                                     "log": {"access": "logs/access.log", "format": "combined"}})
    os.mkdir(cl.path("logs"))
    log = cl.path("logs/access.log")
    try:
        cl.start()
        cl.get("/c?q=1", headers={"User-Agent": "deploy-test/1.0", "Referer": "http://ref/"})
        lines = wait_for(lambda: [x for x in read_lines(log) if "/c?q=1" in x], timeout=5) or []
        m = COMBINED.match(lines[0]) if lines else None
        r.check("combined log line format", m is not None, repr(lines))
        if m:
            r.check("combined fields", m["method"] == "GET" and m["status"] == "200" and
                    m["ua"] == "deploy-test/1.0" and m["referer"] == "http://ref/" and
                    m["remote"] == "127.0.0.1" and m["version"] == "1.1", repr(m.groupdict()))
            r.check("combined worker id and duration", m["worker"] == "1" and
                    float(m["duration"]) >= 0, repr(m.groupdict()))
    finally:
        cl.close()


def test_access_stdout(r, shoal):
    cl = Cluster(shoal, APP, config={"workers": 1, "log": {"access": "stdout"}})
    try:
        cl.start()
        cl.get("/to-stdout")
        ok = wait_for(lambda: '"/to-stdout"' in cl.logs(), timeout=5)
        r.check("access log to the master's stdout (journal under systemd)", ok, cl.logs())
    finally:
        cl.close()


def test_health_every_protocol(r, shoal):
    """The health path is answered on HTTP/1.1, cleartext HTTP/2 (prior
    knowledge), and over TLS with either ALPN protocol, never by the app."""
    cl = Cluster(shoal, APP, config={"workers": 1, "health": {"path": "/healthz"}})
    tls_port = free_port()
    subprocess.run([os.path.join(REPO, "deploy", "examples", "make-cert.sh"), cl.dir],
                   check=True, capture_output=True)
    cfg = json.load(open(cl.config_path))
    cfg["listen"].append({"host": "127.0.0.1", "port": tls_port,
                          "tls": {"cert": cl.path("cert.pem"), "key": cl.path("key.pem")}})
    with open(cl.config_path, "w") as f:
        json.dump(cfg, f)
    try:
        cl.start()
        _, _, c0 = cl.get("/count")
        clear = "http://127.0.0.1:%d/healthz" % cl.port
        tls = "https://127.0.0.1:%d/healthz" % tls_port
        for name, args in (("HTTP/1.1", ["--http1.1", clear]),
                           ("cleartext HTTP/2", ["--http2-prior-knowledge", clear]),
                           ("TLS HTTP/1.1", ["-k", "--http1.1", tls]),
                           ("TLS HTTP/2", ["-k", "--http2", tls])):
            p = subprocess.run(["curl", "-s", "-o", "-", "-w", " %{http_code} %{http_version}"]
                               + args, capture_output=True, text=True, timeout=20)
            want = "ok\n 200 %s" % ("2" if "2" in name else "1.1")
            r.check("health on %s" % name, p.stdout == want, "%r, want %r (%s)" % (
                p.stdout, want, p.stderr.strip()))
        _, _, c1 = cl.get("/count")
        r.check("no probe reached the app", int(c1) == int(c0) + 1, "%s -> %s" % (c0, c1))
    finally:
        cl.close()


def main():
    args = parse_args()
    r = Results()
    for name, fn in [("health while serving", test_health_serving),
                     ("health not counted", test_health_not_counted_single),
                     ("health while draining", test_health_draining),
                     ("health on every protocol", test_health_every_protocol),
                     ("metrics over HTTP", test_metrics),
                     ("access log JSON and USR1 reopen", test_access_json_and_reopen),
                     ("access log combined", test_access_combined),
                     ("access log stdout", test_access_stdout)]:
        r.run(name, fn, r, args.shoal)
    r.finish()


if __name__ == "__main__":
    main()
