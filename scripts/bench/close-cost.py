#!/usr/bin/env python3
"""close-cost: what one `Connection: close` connection costs the server, by
process: system calls (strace -c) and CPU time (user + system from
/proc/PID/stat), for `shoal start` answering its health path in C (2 workers,
as bench.py's shoal-health) and for nginx (`return 200`, 2 workers).

  scripts/bench/close-cost.py syscalls [N] DIR|nginx ...   N serial connections under strace -f -c
  scripts/bench/close-cost.py cpu [ROUNDS] DIR|nginx ...   wrk -c10 -d3 -H 'Connection: close', interleaved
                                                          (CONNS=50: -c50, as bench.sh)
  scripts/bench/close-cost.py wakeups [CONNS] DIR|nginx ... system calls by process under wrk -cCONNS (50)
                                                          -d3 close load (perf's syscall tracepoints): how
                                                          many connections one accept wake-up finds

DIR is a directory holding `shoal` and `shoal-runtime` (build/, or a copy of
another revision's). CPU figures on a shared machine are noisy: compare the
medians of interleaved rounds, and the system call counts, which are not.
"""
import json, os, re, signal, socket, subprocess, sys, tempfile, time

import serial_conns

TMP = tempfile.mkdtemp(prefix="close-cost-")
PATH = "/healthz"


def children(pid):
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            kids = [int(x) for x in f.read().split()]
    except OSError:
        return []
    return [d for k in kids for d in [k] + children(k)]


def cpu_us(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) * 1e6 / os.sysconf("SC_CLK_TCK")


def is_worker(pid):
    try:
        with open("/proc/%d/cmdline" % pid) as f:
            return " worker" in f.read().replace("\0", " ")
    except OSError:
        return False


def wait_port(port, timeout=20):
    end = time.time() + timeout
    while time.time() < end:
        try:
            socket.create_connection(("127.0.0.1", port), 0.5).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


def start(kind, port):
    log = open(os.path.join(TMP, "log-%d" % port), "w")
    if kind == "nginx":
        prefix = os.path.join(TMP, "nginx-%d" % port)
        os.makedirs(prefix + "/logs", exist_ok=True)
        conf = prefix + "/nginx.conf"
        with open(conf, "w") as f:
            f.write("worker_processes 2; daemon off; pid %s/nginx.pid; error_log %s/logs/error.log;\n"
                    "events { worker_connections 1024; }\nhttp { access_log off;\n"
                    "  client_body_temp_path %s/tmp; proxy_temp_path %s/tmp; fastcgi_temp_path %s/tmp;\n"
                    "  uwsgi_temp_path %s/tmp; scgi_temp_path %s/tmp;\n"
                    "  server { listen 127.0.0.1:%d; location / { default_type text/plain; return 200 'ok'; } } }\n"
                    % ((prefix,) * 7 + (port,)))
        argv = ["nginx", "-p", prefix, "-c", conf, "-e", prefix + "/logs/error.log"]
    else:
        app = os.path.join(TMP, "app.js")
        with open(app, "w") as f:
            f.write("module.exports = (req, res) => res.end('Hello, World!');\n")
        cfg = os.path.join(TMP, "shoal-%d.json" % port)
        with open(cfg, "w") as f:
            json.dump({"app": app, "workers": 2, "listen": [{"host": "127.0.0.1", "port": port}],
                       "control": {"socket": os.path.join(TMP, "ctl-%d.sock" % port)},
                       "log": {"access": "off"}, "health": {"path": PATH}}, f)
        argv = [os.path.join(kind, "shoal"), "start", cfg]
    p = subprocess.Popen(argv, start_new_session=True, stdout=log, stderr=subprocess.STDOUT)
    if not wait_port(port):
        stop(p)
        sys.exit("%s did not start (%s)" % (kind, log.name))
    time.sleep(1.5)  # every worker up
    return p


def stop(p):
    try:
        os.killpg(p.pid, signal.SIGTERM)
        p.wait(10)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()


def serial(port, n):
    serial_conns.serial(port, n, PATH)


def wrk(port, seconds):
    out = subprocess.run(["wrk", "-t2", "-c%s" % os.environ.get("CONNS", "10"), "-d%d" % seconds, "-H", "Connection: close",
                          "http://127.0.0.1:%d%s" % (port, PATH)], capture_output=True, text=True).stdout
    return int(re.search(r"(\d+) requests in", out).group(1))


def roles(kind, p):
    """{'master': [pid], 'workers': [pids]} (nginx: its master does no per-connection work)."""
    kids = children(p.pid)
    if kind == "nginx":
        return {"master": [p.pid], "workers": kids}
    return {"master": [p.pid], "workers": [k for k in kids if is_worker(k)]}


def strace_counts(path):
    calls = {}
    with open(path) as f:
        for line in f:
            m = re.match(r"\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:(\d+)\s+)?(\w+)$", line)
            if m and m.group(3) != "total":
                calls[m.group(3)] = calls.get(m.group(3), 0) + int(m.group(1))
    return calls


def syscalls(kinds, n):
    for i, kind in enumerate(kinds):
        port = 19500 + i
        p = start(kind, port)
        serial(port, 200)
        r = roles(kind, p)
        tracers = []
        for role, pids in r.items():
            for pid in pids:
                out = os.path.join(TMP, "strace-%s-%d" % (role, pid))
                tracers.append((role, out, subprocess.Popen(
                    ["strace", "-f", "-c", "-o", out, "-p", str(pid)], stderr=subprocess.DEVNULL)))
        time.sleep(1.5)
        serial(port, n)
        time.sleep(0.3)
        for _, _, t in tracers:
            t.send_signal(signal.SIGINT)
        for _, _, t in tracers:
            t.wait()
        stop(p)
        for role in r:
            calls = {}
            for rl, out, _ in tracers:
                if rl == role:
                    for k, v in strace_counts(out).items():
                        calls[k] = calls.get(k, 0) + v
            total = sum(calls.values())
            top = ", ".join("%s %.2f" % (k, v / n) for k, v in sorted(calls.items(), key=lambda x: -x[1]) if v >= n / 10)
            print("%-24s %-8s %5.2f syscalls/conn  (%s)" % (kind, role, total / n, top))


def cpu(kinds, rounds):
    res = {k: {"master": [], "workers": [], "all": []} for k in kinds}
    for rnd in range(rounds):
        for i, kind in enumerate(kinds):
            port = 19600 + i
            p = start(kind, port)
            r = roles(kind, p)
            wrk(port, 1)
            before = {pid: cpu_us(pid) for pids in r.values() for pid in pids}
            n = wrk(port, 3)
            after = {pid: cpu_us(pid) for pid in before}
            stop(p)
            per = {role: sum(after[x] - before[x] for x in pids) / n for role, pids in r.items()}
            per["all"] = per["master"] + per["workers"]
            for k, v in per.items():
                res[kind][k].append(v)
            print("round %d %-24s %6d conns  %.1f us/conn (master %.1f, workers %.1f)"
                  % (rnd, kind, n, per["all"], per["master"], per["workers"]), flush=True)
    med = lambda v: sorted(v)[len(v) // 2]
    for kind in kinds:
        print("median %-24s %.1f us/conn (master %.1f, workers %.1f)"
              % (kind, med(res[kind]["all"]), med(res[kind]["master"]), med(res[kind]["workers"])))


WAKEUP_CALLS = ["epoll_wait", "epoll_ctl", "accept4", "sendmsg", "recvmsg", "ioctl", "read", "writev", "close"]


def wakeups(kinds, conns):
    """System calls per connection under load, and accepts per wake-up: the
    master's successful accept4 per epoll_wait (accept4 calls less the one
    EAGAIN that ends each wake-up's loop)."""
    for i, kind in enumerate(kinds):
        port = 19700 + i
        p = start(kind, port)
        r = roles(kind, p)
        wrk(port, 1)
        events = ",".join("syscalls:sys_enter_" + c for c in WAKEUP_CALLS)
        stats = []
        for role, pids in r.items():
            out = os.path.join(TMP, "perf-%s-%d" % (role, port))
            stats.append((role, out, subprocess.Popen(
                ["perf", "stat", "-x,", "-o", out, "-e", events, "-p", ",".join(map(str, pids))],
                stderr=subprocess.DEVNULL)))
        time.sleep(0.3)
        out = subprocess.run(["wrk", "-t2", "-c%d" % conns, "-d3", "-H", "Connection: close",
                              "http://127.0.0.1:%d%s" % (port, PATH)], capture_output=True, text=True).stdout
        n = int(re.search(r"(\d+) requests in", out).group(1))
        for _, _, s in stats:
            s.send_signal(signal.SIGINT)
        for _, _, s in stats:
            s.wait()
        stop(p)
        for role, path, _ in stats:
            calls = {}
            with open(path) as f:
                for line in f:
                    parts = line.split(",")
                    if len(parts) > 2 and parts[2].startswith("syscalls:sys_enter_"):
                        calls[parts[2][len("syscalls:sys_enter_"):]] = int(parts[0]) if parts[0].isdigit() else 0
            per = ", ".join("%s %.2f" % (c, calls.get(c, 0) / n) for c in WAKEUP_CALLS if calls.get(c))
            line = "%-24s %-8s %7d conns  %s" % (kind, role, n, per)
            if role == "master" and kind != "nginx" and calls.get("epoll_wait"):
                ok = calls.get("accept4", 0) - calls["epoll_wait"]
                line += "  (accepted per wake-up %.2f)" % (ok / calls["epoll_wait"])
            print(line, flush=True)


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("syscalls", "cpu", "wakeups"):
        sys.exit(__doc__)
    args = sys.argv[2:]
    count = int(args.pop(0)) if args[0].isdigit() else None
    if sys.argv[1] == "syscalls":
        syscalls(args, count or 2000)
    elif sys.argv[1] == "wakeups":
        wakeups(args, count or 50)
    else:
        cpu(args, count or 5)


if __name__ == "__main__":
    main()
