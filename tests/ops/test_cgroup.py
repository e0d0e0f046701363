"""`workers: "auto"` and the default limits.heap_mb fit the container: the
master runs in a cgroup this test creates (CPU quota 1.5, memory 512 MiB)
and must start 2 workers with heap_mb = 75 % of 512 MiB / 2 = 192; under
`taskset -c 0` it must start 1 worker.

The cgroup is made in the v2 hierarchy when its root offers the cpu and
memory controllers; on a hybrid host (cpu and memory bound to v1
hierarchies, the v2 tree holding no controller) in the v1 ones, and the
test says so. Each cgroup is a child of the one this test runs in."""
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ops_util import Cluster, ctl_status, run_tests, wrapped  # noqa: E402

APP = "module.exports = (req, res) => res.end('ok');\n"
MEM = 512 << 20


def mounts():
    """{'cgroup2': point, 'cpu': point, 'memory': point} from /proc/self/mountinfo
    (only mounts showing the whole hierarchy)."""
    out = {}
    with open("/proc/self/mountinfo") as f:
        for line in f:
            left, right = line.split(" - ", 1)
            fields, rfields = left.split(), right.split()
            root, point, fstype, opts = fields[3], fields[4], rfields[0], rfields[2].split(",")
            if root != "/":
                continue
            if fstype == "cgroup2":
                out["cgroup2"] = point
            elif fstype == "cgroup":
                for c in ("cpu", "memory"):
                    if c in opts:
                        out[c] = point
    return out


def own_cgroup(controller):
    """This process's cgroup path in the hierarchy of controller (None: v2)."""
    with open("/proc/self/cgroup") as f:
        for line in f:
            num, ctrls, path = line.rstrip("\n").split(":", 2)
            if (controller is None and num == "0") or controller in ctrls.split(","):
                return path
    return "/"


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


class TestCgroup:
    """Creates the limited cgroup(s); .prelude moves the master into them."""

    def __init__(self):
        self.dirs, self.why_not_v2 = [], None
        m = mounts()
        name = "shoal-test-%d" % os.getpid()
        v2 = m.get("cgroup2")
        ctrls = open(os.path.join(v2, "cgroup.controllers")).read().split() if v2 else []
        if "cpu" in ctrls and "memory" in ctrls:
            parent = os.path.join(v2, own_cgroup(None).lstrip("/"))
            sub = open(os.path.join(parent, "cgroup.subtree_control")).read().split()
            for c in ("cpu", "memory"):
                if c not in sub:
                    write(os.path.join(parent, "cgroup.subtree_control"), "+" + c)
            d = os.path.join(parent, name)
            os.mkdir(d)
            self.dirs.append(d)
            write(os.path.join(d, "cpu.max"), "150000 100000")
            write(os.path.join(d, "memory.max"), str(MEM))
            self.mode = "v2"
        else:
            self.why_not_v2 = ("cgroup v2 (%s) offers controllers %r: cpu and memory are bound to "
                               "cgroup v1 hierarchies on this host" % (v2, ctrls))
            assert "cpu" in m and "memory" in m, "neither cgroup v2 nor v1 cpu+memory: " + repr(m)
            cpu = os.path.join(m["cpu"], own_cgroup("cpu").lstrip("/"), name)
            mem = os.path.join(m["memory"], own_cgroup("memory").lstrip("/"), name)
            os.mkdir(cpu)
            self.dirs.append(cpu)
            os.mkdir(mem)
            self.dirs.append(mem)
            write(os.path.join(cpu, "cpu.cfs_period_us"), "100000")
            write(os.path.join(cpu, "cpu.cfs_quota_us"), "150000")
            write(os.path.join(mem, "memory.limit_in_bytes"), str(MEM))
            self.mode = "v1"

    def prelude(self):
        return "\n".join("echo $$ > %s/cgroup.procs" % d for d in self.dirs)

    def remove(self):
        for d in self.dirs:
            try:
                os.rmdir(d)
            except OSError as e:
                print("could not remove %s: %s" % (d, e))


def start(shoal, prelude):
    c = Cluster(shoal, APP, config={"workers": "auto"})
    c.real_shoal = shoal
    c.shoal = wrapped(shoal, c.dir, prelude)
    c.start()
    return c


def test_cgroup_quota_and_memory(shoal):
    cg = TestCgroup()
    if cg.why_not_v2:
        print("note: using cgroup v1: " + cg.why_not_v2)
    c = None
    try:
        c = start(shoal, cg.prelude())
        st = ctl_status(c)
        sizing = st["sizing"]
        assert sizing["workers"] == 2, sizing
        assert len(st["workers"]) == 2, st["workers"]
        assert "quota 1.50" in sizing["workers_source"], sizing
        assert sizing["heap_mb"] == 192, sizing
        assert "512 MiB" in sizing["heap_mb_source"], sizing
        logs = c.logs()
        assert "workers 2: cgroup CPU quota 1.50" in logs, logs
        assert "limits.heap_mb 192: 75% of the cgroup memory limit 512 MiB" in logs, logs
    finally:
        if c:
            c.close()
            shutil.rmtree(c.dir, ignore_errors=True)
        cg.remove()


def test_affinity_one_cpu(shoal):
    c = start(shoal, "taskset -p -c 0 $$ >/dev/null")
    try:
        st = ctl_status(c)
        assert st["sizing"]["workers"] == 1, st["sizing"]
        assert len(st["workers"]) == 1, st["workers"]
        assert "1 of" in st["sizing"]["workers_source"], st["sizing"]
    finally:
        c.close()
        shutil.rmtree(c.dir, ignore_errors=True)


def test_explicit_values_win(shoal):
    """`workers: N` and limits.heap_mb given in the config are used as they are."""
    c = Cluster(shoal, APP, config={"workers": 1, "limits": {"heap_mb": 100}})
    c.real_shoal = shoal
    c.start()
    try:
        s = ctl_status(c)["sizing"]
        assert s == {"workers": 1, "workers_source": "config", "heap_mb": 100,
                     "heap_mb_source": "config"}, s
    finally:
        c.close()
        shutil.rmtree(c.dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(run_tests(globals()))
