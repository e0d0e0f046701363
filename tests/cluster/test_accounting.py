"""Request accounting (worker/request_accounting.c behind the engine's
request hooks): one worker serves requests over HTTP/1.1 (Python's
http.client) and HTTP/2 (curl --http2-prior-knowledge), among them a 404, a
request body, and a handler the CPU guard terminates (limits.request_cpu_ms:
503); the health path is answered by the engine and counted nowhere. The
master's metrics (`shoal ctl metrics`) must then count exactly those
requests by status class, in the duration histogram and none in flight, and
the access log must hold exactly one line for each, with its protocol
version and status.

    python3 test_accounting.py --shoal build/shoal [TEST...]"""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cluster_util import Cluster, run_tests, wait_for  # noqa: E402

APP = """
function spin() { for (;;) {} }
module.exports = (req, res) => {
  if (req.url === '/burn') spin();
  if (req.url === '/missing') { res.statusCode = 404; res.end('missing\\n'); return; }
  let n = 0;
  req.on('data', (d) => { n += d.length; });
  req.on('end', () => res.end(`got ${n}\\n`));
};
"""


def metric(text, name, labels):
    m = re.search("^" + re.escape(name + labels) + r" (\S+)$", text, re.M)
    return float(m.group(1)) if m else None


def curl_h2(c, path, data=None):
    cmd = ["curl", "-s", "--http2-prior-knowledge", "-o", "/dev/null", "-w", "%{http_code}",
           "--max-time", "30", f"http://127.0.0.1:{c.port}{path}"]
    if data is not None:
        cmd += ["--data-binary", data]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout


def test_counts_and_access_log_on_both_protocols(shoal):
    c = Cluster(shoal, APP, workers=1, config={
        "health": {"path": "/__ping"},  # start()'s probe: the engine answers it, uncounted
        "limits": {"request_cpu_ms": 300},
        "log": {"access": "access.log", "format": "json"}})
    c.start()
    try:
        h1 = [c.get("/a")[0], c.get("/b", method="POST", body=b"12345")[0], c.get("/burn")[0]]
        assert h1 == [200, 200, 503], h1
        h2 = [curl_h2(c, "/c"), curl_h2(c, "/d", data="123"), curl_h2(c, "/missing")]
        assert h2 == ["200", "200", "404"], h2
        assert c.get("/__ping")[0] == 200

        def metrics():
            return c.ctl("metrics", check=0).stdout

        def all_counted():
            t = metrics()
            inflight = re.findall(r'^shoal_requests_in_flight\{[^}]*\} (\d+)$', t, re.M)
            return metric(t, "shoal_request_duration_seconds_count", "") == 6 and \
                inflight == ["0"]

        assert wait_for(all_counted, 30), metrics()
        t = metrics()
        by_class = {k: metric(t, "shoal_requests_total", f'{{worker="all",code="{k}"}}')
                    for k in ("1xx", "2xx", "3xx", "4xx", "5xx")}
        assert by_class == {"1xx": 0, "2xx": 4, "3xx": 0, "4xx": 1, "5xx": 1}, by_class
        inf = metric(t, "shoal_request_duration_seconds_bucket", '{le="+Inf"}')
        # every request took less than 10 s but the terminated one at least 300 ms
        ten = metric(t, "shoal_request_duration_seconds_bucket", '{le="10"}')
        fast = metric(t, "shoal_request_duration_seconds_bucket", '{le="0.25"}')
        assert inf == 6 and ten == 6 and fast is not None and fast <= 5, (inf, ten, fast)

        log = c.path("access.log")
        assert wait_for(lambda: os.path.exists(log) and
                        len(open(log).read().splitlines()) >= 6, 10), c.logs()
        lines = [json.loads(l) for l in open(log).read().splitlines()]
        got = sorted((l["method"], l["url"], l["version"], l["status"]) for l in lines)
        want = sorted([("GET", "/a", "1.1", 200), ("POST", "/b", "1.1", 200),
                       ("GET", "/burn", "1.1", 503), ("GET", "/c", "2.0", 200),
                       ("POST", "/d", "2.0", 200), ("GET", "/missing", "2.0", 404)])
        assert got == want, lines
        by_url = {l["url"]: l for l in lines}
        assert by_url["/b"]["bytes"] == len(b"got 5\n"), by_url["/b"]
        assert by_url["/d"]["bytes"] == len(b"got 3\n"), by_url["/d"]
        assert by_url["/burn"]["duration_ms"] >= 300, by_url["/burn"]
        assert "request_cpu_ms" in c.logs(), c.logs()
    finally:
        c.close()


if __name__ == "__main__":
    sys.exit(run_tests(globals()))
