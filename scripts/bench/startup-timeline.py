#!/usr/bin/env python3
"""Wall-clock timeline of `shoal start` (1 worker) to its first response,
without strace's distortion: uprobes on function entries of the master, the
fork server and the worker, and the scheduler's tracepoints, all recorded by
`perf record -a` (root). Prints the median time of each step after the
client's fork of `shoal start`, and each process's CPU and runnable-wait
time. See docs/performance.md, "Start-up, fourth round".

  scripts/bench/startup-timeline.py [BUILD_DIR] [RUNS]   (default build 8)

The client is the one of scripts/bench/bench.py's startup workload: connect,
GET /, retry every 0.5 ms while refused."""
import collections
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

BUILD = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build")
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 8
PORT = int(os.environ.get("PORT", "18650"))
MASTER_PROBES = ["master_main", "zygote_start", "load_config", "listeners_bind_config",
                 "zygote_wait_ready", "zygote_wait_ready%return", "worker_spawn",
                 "master_worker_ready"]
RUNTIME_PROBES = ["main", "zygote_main", "worker_main", "sh_platform_init",
                  "sh_platform_init%return", "sh_rt_new", "sh_rt_new%return", "boot",
                  "boot%return", "msg_init", "worker_send_ready", "on_conn"]
GROUP = "shoal_tl"
APP = "module.exports = (req, res) => res.end('hi')\n"


def probes(add):
    subprocess.run(["perf", "probe", "-q", "-d", GROUP + ":*"], capture_output=True)
    if not add:
        return
    for exe, names in (("shoal", MASTER_PROBES), ("shoal-runtime", RUNTIME_PROBES)):
        for n in names:
            ev = "%s:%s" % (GROUP, n.replace("%return", ""))  # perf adds __return
            subprocess.run(["perf", "probe", "-q", "-x", os.path.join(BUILD, exe), "-a",
                            "%s=%s" % (ev, n)], check=True)


def get_ok():
    try:
        s = socket.create_connection(("127.0.0.1", PORT), timeout=1)
    except OSError:
        return False
    try:
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        return s.recv(64).startswith(b"HTTP/1.1 200")
    except OSError:
        return False
    finally:
        s.close()


def client(cfg):
    """The measured runs (run by perf record: `startup-timeline.py --client CFG`)."""
    for _ in range(RUNS):
        t0 = time.perf_counter()
        p = subprocess.Popen([os.path.join(BUILD, "shoal"), "start", cfg],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while time.perf_counter() - t0 < 10 and not get_ok():
            time.sleep(0.0005)
        print("client: %.1f ms" % ((time.perf_counter() - t0) * 1e3), file=sys.stderr)
        p.send_signal(signal.SIGTERM)
        p.wait()
        time.sleep(0.2)


LINE = re.compile(r"\s*(\S.*?)\s+(\d+)/(\d+)\s+\[\d+\]\s+([\d.]+):\s+(\S+):\s*(.*)")


def analyse(text):
    ev = []
    for line in text.splitlines():
        m = LINE.match(line)
        if m:
            ev.append((float(m.group(4)), int(m.group(2)), int(m.group(3)), m.group(5), m.group(6)))
    shoal = "filename=%s pid" % os.path.join(BUILD, "shoal")
    roots = [i for i, e in enumerate(ev) if e[3] == "sched:sched_process_exec" and shoal in e[4]]
    steps = collections.defaultdict(list)
    cpu = collections.defaultdict(list)
    for k, ri in enumerate(roots):
        run_one(ev[: roots[k + 1] if k + 1 < len(roots) else len(ev)], ri, steps, cpu)
    print("runs: %d; ms after the client's fork of `shoal start` (median)" % len(roots))
    for key in sorted(steps, key=lambda s: statistics.median(steps[s])):
        print("%8.2f  %s" % (statistics.median(steps[key]), key))
    for role in ("master", "zygote", "worker"):
        if cpu[role]:
            print("%-7s CPU %.2f ms, runnable but waiting %.2f ms (medians)" %
                  (role, statistics.median(c for c, _ in cpu[role]),
                   statistics.median(w for _, w in cpu[role])))


def run_one(ev, ri, steps, cpu):
    master = ev[ri][2]
    fork = next(e for e in reversed(ev[:ri]) if e[3] == "sched:sched_process_fork" and
                "child_pid=%d" % master in e[4])
    t0 = fork[0]
    role = {master: "master"}
    seen = {}
    ran, waited, since, woke = (collections.defaultdict(float), collections.defaultdict(float),
                                {}, {})
    for t, pid, tid, name, rest in ev[ri:]:
        if name == "sched:sched_process_fork":
            child = int(re.search(r"child_pid=(\d+)", rest).group(1))
            if tid in role:
                parent = role[tid]
                if parent == "master" and "zygote" in role.values():
                    role[child] = "master child"
                else:
                    role[child] = {"master": "zygote", "zygote": "worker"}.get(parent,
                                                                            parent + " thread")
        elif name == "sched:sched_switch":
            m = re.search(r"prev_pid=(\d+) .*prev_state=(\S+) ==> .*next_pid=(\d+)", rest)
            prev, state, nxt = int(m.group(1)), m.group(2), int(m.group(3))
            if prev in since:
                ran[prev] += t - since.pop(prev)
            if state.startswith("R"):
                woke[prev] = t
            if nxt in woke:
                waited[nxt] += t - woke.pop(nxt)
            since[nxt] = t
        elif name == "sched:sched_wakeup":
            woke.setdefault(int(re.search(r" pid=(\d+)", rest).group(1)), t)
        elif tid in role:
            step = name.split(":")[1].replace("sched_process_", "").replace("sys_enter_", "")
            if step == "listen" and "0x000001ff" not in rest:
                continue
            key = "%s %s" % (role[tid], step)
            seen.setdefault(key, t)
            if role[tid] == "worker" and step == "exit":
                break
    for key, t in seen.items():
        steps[key].append((t - t0) * 1e3)
    for tid, r in role.items():
        if r in ("master", "zygote", "worker"):
            cpu[r].append((ran[tid] * 1e3, waited[tid] * 1e3))


def main():
    if len(sys.argv) > 3 and sys.argv[3] == "--client":
        client(sys.argv[4])
        return
    tmp = tempfile.mkdtemp(prefix="shoal-timeline-")
    app = os.path.join(tmp, "app.js")
    with open(app, "w") as f:
        f.write(APP)
    cfg = os.path.join(tmp, "cfg.json")
    with open(cfg, "w") as f:
        json.dump({"app": app, "workers": 1, "listen": [{"host": "127.0.0.1", "port": PORT}],
                   "control": {"socket": os.path.join(tmp, "ctl.sock")},
                   "log": {"access": "off"}}, f)
    data = os.path.join(tmp, "perf.data")
    probes(True)
    try:
        events = ",".join(["sched:sched_process_exec", "sched:sched_process_fork",
                           "sched:sched_process_exit", "sched:sched_switch",
                           "sched:sched_wakeup", "syscalls:sys_enter_listen"])
        subprocess.run(["perf", "record", "-q", "-a", "-o", data, "-e", GROUP + ":*", "-e", events,
                        "--", sys.executable, os.path.abspath(__file__), BUILD, str(RUNS),
                        "--client", cfg], check=True)
        out = subprocess.run(["perf", "script", "-i", data, "-F",
                              "comm,pid,tid,cpu,time,event,trace"],
                             capture_output=True, text=True).stdout
    finally:
        probes(False)
    analyse(out)
    print("load average:", open("/proc/loadavg").read().split()[:3])


if __name__ == "__main__":
    main()
