#!/usr/bin/env python3
"""file-pipe: what `fs.createReadStream(p).pipe(res)` of a 1 MiB file costs
`shoal run` per response: system calls (strace -f -c over N keep-alive
responses on one connection) and CPU time (user + system from
/proc/PID/stat over `wrk -c10 -t2 -d3`, after a 1 s warm-up), for builds
side by side (docs/performance.md, "Large responses").

  scripts/bench/file-pipe.py syscalls [N] DIR ...   N responses under strace -f -c
  scripts/bench/file-pipe.py cpu [ROUNDS] DIR ...   interleaved rounds

DIR holds `shoal` and `shoal-runtime` (build/, or another revision's).
FILE_PATH=/cl (default) sets Content-Length from fs.statSync; FILE_PATH=/ is chunked.
"""
import os, re, socket, subprocess, sys, tempfile, time

TMP = tempfile.mkdtemp(prefix="file-pipe-")
PATH = os.environ.get("FILE_PATH", "/cl")
APP = r"""
const http = require('http'), fs = require('fs'), path = require('path');
const FILE = path.join(__dirname, 'one.bin');
const SIZE = fs.statSync(FILE).size;
http.createServer((req, res) => {
  if (req.url === '/cl') res.setHeader('Content-Length', SIZE);
  fs.createReadStream(FILE).pipe(res);
}).listen(0, function () { console.log(this.address().port); });
"""


def start(d):
    p = subprocess.Popen([os.path.join(d, "shoal"), "run", os.path.join(TMP, "app.js")],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return p, int(p.stdout.readline())


def cpu_ticks(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def responses(port, n):
    s = socket.create_connection(("127.0.0.1", port))
    for _ in range(n):
        s.sendall(b"GET %s HTTP/1.1\r\nHost: x\r\n\r\n" % PATH.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += s.recv(65536)
        body = head.split(b"\r\n\r\n", 1)[1]
        chunked = b"chunked" in head.lower()
        while (not chunked and len(body) < 1 << 20) or (chunked and not body.endswith(b"0\r\n\r\n")):
            body += s.recv(1 << 20)
    s.close()


def syscalls(n, dirs):
    for d in dirs:
        p, port = start(d)
        responses(port, 1)
        out = os.path.join(TMP, "strace.txt")
        st = subprocess.Popen(["strace", "-f", "-c", "-p", str(p.pid), "-o", out],
                              stderr=subprocess.DEVNULL)
        time.sleep(0.5)
        responses(port, n)
        time.sleep(0.3)
        st.send_signal(2)
        st.wait()
        p.kill()
        p.wait()
        print("== %s %s: calls per response" % (d, PATH))
        for line in open(out):
            m = re.match(r"\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(\w+)$", line)
            if m:
                print("  %-14s %7.1f" % (m.group(2), int(m.group(1)) / n))


def cpu(rounds, dirs):
    for r in range(rounds):
        for d in dirs:
            p, port = start(d)
            url = "http://127.0.0.1:%d%s" % (port, PATH)
            subprocess.run(["wrk", "-c10", "-t2", "-d1", url], capture_output=True)
            t0 = cpu_ticks(p.pid)
            out = subprocess.run(["wrk", "-c10", "-t2", "-d3", url], capture_output=True,
                                 text=True).stdout
            ticks = cpu_ticks(p.pid) - t0
            p.kill()
            p.wait()
            n = int(re.search(r"(\d+) requests in", out).group(1))
            rate = re.search(r"Transfer/sec:\s+(\S+)", out).group(1)
            print("round %d %s %s: %d responses, %.0f us CPU each, %s/s" %
                  (r + 1, d, PATH, n, ticks * 1e6 / os.sysconf("SC_CLK_TCK") / n, rate))


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("syscalls", "cpu"):
        print(__doc__)
        sys.exit(2)
    with open(os.path.join(TMP, "app.js"), "w") as f:
        f.write(APP)
    with open(os.path.join(TMP, "one.bin"), "wb") as f:
        f.write(os.urandom(1 << 20))
    args = sys.argv[2:]
    count = int(args.pop(0)) if args[0].isdigit() else None
    if sys.argv[1] == "syscalls":
        syscalls(count or 200, args)
    else:
        cpu(count or 3, args)
    subprocess.run(["rm", "-rf", TMP])


if __name__ == "__main__":
    main()
