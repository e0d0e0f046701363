#!/usr/bin/env python3
"""CPU cost of one keep-alive hello-world request in a shoal worker, counted
in instructions (valgrind callgrind: deterministic, unlike time on a shared
machine), and, for information, in CPU microseconds under wrk.

    scripts/bench/callgrind_request.py RUNTIME [--counts 0,2000,4000] [--wrk-seconds 5]

RUNTIME is a `shoal-runtime` binary. It runs `shoal-runtime run app.js` (the
HTTP engine, bindings and js-lib a cluster worker runs, without the master,
its heartbeats or IPC, whose timers would make the count vary) on a hello-world
app (`writeHead(200, {...})` then `end('Hello, World!')`), under
`valgrind --tool=callgrind --trace-children=yes`, once for each count of
requests in --counts (default 0, 2000, 4000), sent over one keep-alive
connection (Python's http.client, outside valgrind); each run ends with the
same `GET /__exit`. Instructions per request between two runs are the
difference of their totals over the difference of their requests:

  (Ir(2000) - Ir(0)) / 2000     requests 1-2000: the warm-up (JIT compilation,
                                first GCs) shared out over them
  (Ir(4000) - Ir(2000)) / 2000  requests 2001-4000, and so on; with more
                                than three counts a last row spans the second
                                count to the last (a long span averages out
                                where the major GCs fall)

Ir is the sum of the totals of every process's callgrind output (one process
here; --trace-children keeps it honest if the runtime ever forks). Then the
same app without valgrind under `wrk -t1 -c1` and `wrk -t1 -c10`
(keep-alive): utime + stime of the process (all threads, /proc/PID/stat)
over the run divided by the requests wrk counted.

Prints a Markdown table; scripts/callgrind-request.sh builds a revision and
calls this. docs/performance.md has the method and the figures."""
import argparse
import http.client
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

APP = r"""
const http = require('http');
// keepAliveTimeout: the same timer as the default's (re-armed after every
// response), long enough that a worker stalled under valgrind (a major GC on
// a loaded machine takes seconds) does not close the connection.
const server = http.createServer({ keepAliveTimeout: 600000 }, (req, res) => {
  if (req.url === '/__exit') {
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': 3 });
    res.end('bye');
    server.close();
    setTimeout(() => process.exit(0), 20);
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': 13 });
  res.end('Hello, World!');
});
server.listen(0, '127.0.0.1', () => console.log('port ' + server.address().port));
"""


def start(cmd, work):
    """Starts CMD app.js in WORK; returns (process, port) once it printed its port."""
    proc = subprocess.Popen(cmd + [os.path.join(work, "app.js")], cwd=work,
                            stdout=subprocess.PIPE, stderr=open(os.path.join(work, "err.log"), "a"),
                            text=True)
    line = proc.stdout.readline()  # blocks until the app listens (or exits)
    m = re.match(r"port (\d+)", line)
    if not m:
        proc.kill()
        proc.wait()
        sys.exit("the app did not start: %r\n%s" % (line, open(os.path.join(work, "err.log")).read()))
    return proc, int(m.group(1))


def requests(port, n):
    """N keep-alive GET / on one connection, then GET /__exit on it."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    for _ in range(n):
        conn.request("GET", "/")
        r = conn.getresponse()
        if r.status != 200 or r.read() != b"Hello, World!":
            sys.exit("unexpected response %d" % r.status)
    conn.request("GET", "/__exit")
    conn.getresponse().read()
    conn.close()


def callgrind_ir(runtime, work, n):
    """Total instructions of a run serving N requests."""
    out = os.path.join(work, "cg-%d" % n)
    os.makedirs(out, exist_ok=True)
    cmd = ["valgrind", "--tool=callgrind", "--trace-children=yes", "--smc-check=all-non-file",
           "--log-file=" + os.path.join(out, "valgrind.%p.log"),
           "--callgrind-out-file=" + os.path.join(out, "callgrind.%p"), runtime, "run"]
    proc, port = start(cmd, work)
    try:
        requests(port, n)
        proc.wait(600)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if proc.returncode != 0:
        sys.exit("the app exited with %s: see %s" % (proc.returncode, out))
    total = 0
    for f in glob.glob(os.path.join(out, "callgrind.*")):
        with open(f) as fh:
            for line in fh:
                if line.startswith(("totals:", "summary:")):
                    total += int(line.split()[1])
                    break
    return total


def cpu_ticks(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime (fields 14, 15)


def wrk_us_per_request(runtime, work, conns, seconds):
    proc, port = start([runtime, "run"], work)
    url = "http://127.0.0.1:%d/" % port
    try:
        subprocess.run(["wrk", "-t1", "-c%d" % conns, "-d2s", url], capture_output=True)  # warm-up
        t0 = cpu_ticks(proc.pid)
        out = subprocess.run(["wrk", "-t1", "-c%d" % conns, "-d%ds" % seconds, url],
                             capture_output=True, text=True).stdout
        ticks = cpu_ticks(proc.pid) - t0
        reqs = int(re.search(r"(\d+) requests in", out).group(1))
        hz = os.sysconf("SC_CLK_TCK")
        return ticks / hz * 1e6 / reqs, reqs / seconds
    finally:
        proc.kill()
        proc.wait()


def print_table(label, counts, ir):
    """The runs' totals and the instructions per request between them; the
    last row spans the second count to the last."""
    print("| build | requests served | instructions (Ir) | Ir per request since the row above |")
    print("|---|---:|---:|---:|")
    print("| %s | %d | %d | |" % (label, counts[0], ir[counts[0]]))
    for lo, hi in zip(counts, counts[1:]):
        print("| %s | %d | %d | %.0f |" % (label, hi, ir[hi], (ir[hi] - ir[lo]) / (hi - lo)))
    if len(counts) > 3:
        lo, hi = counts[1], counts[-1]
        print("| %s | %d-%d | | %.0f |" % (label, lo + 1, hi, (ir[hi] - ir[lo]) / (hi - lo)))
    sys.stdout.flush()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("runtime", help="path to shoal-runtime")
    ap.add_argument("--counts", default="0,2000,4000",
                    help="requests of each run, ascending (default 0,2000,4000; empty: no "
                         "callgrind runs, only wrk)")
    ap.add_argument("--wrk-seconds", type=int, default=5, help="0: skip the wrk figures")
    ap.add_argument("--label", default=None, help="the rows' name (default: RUNTIME)")
    a = ap.parse_args()
    runtime = os.path.abspath(a.runtime)
    label = a.label or runtime
    counts = sorted(int(x) for x in a.counts.split(",") if x)
    work = tempfile.mkdtemp(prefix="shoal-cg-request-")
    try:
        with open(os.path.join(work, "app.js"), "w") as f:
            f.write(APP)
        ir = {n: callgrind_ir(runtime, work, n) for n in counts}
        if counts:
            print_table(label, counts, ir)
        if a.wrk_seconds and shutil.which("wrk"):
            for conns in (1, 10):
                us, rps = wrk_us_per_request(runtime, work, conns, a.wrk_seconds)
                print("%s: wrk -t1 -c%d -d%ds: %.1f µs CPU/request, %.0f req/s"
                      % (label, conns, a.wrk_seconds, us, rps), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
