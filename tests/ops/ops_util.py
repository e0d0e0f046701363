"""Helpers shared by the operations tests (tests/ops): the shared harness
(tests/lib/shoaltest.py), `shoal ctl`, and a wrapper that starts the master in a
prepared environment (a cgroup, an affinity mask)."""
import json
import os
import stat
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from shoaltest import Cluster, run_tests, wait_for  # noqa: E402,F401


def ctl_status(c):
    """`shoal ctl status --json` of cluster c, parsed."""
    return json.loads(c.ctl("status", "--json", timeout=20, check=0).stdout)


def ctl(c, *args, check=0, timeout=120):
    """`shoal ctl --config CONFIG ARGS...` of cluster c, run in its folder;
    asserts the exit code `check` unless it is None."""
    shoal = getattr(c, "real_shoal", c.shoal)
    p = subprocess.run([shoal, "ctl", "--config", c.config_path] + list(args),
                       capture_output=True, text=True, timeout=timeout, cwd=c.dir)
    if check is not None:
        assert p.returncode == check, (args, p.returncode, p.stdout, p.stderr)
    return p


def wrapped(shoal, directory, prelude):
    """A script that runs the shell commands PRELUDE in the process that then
    execs `shoal "$@"`: $$ is the master's pid."""
    path = os.path.join(directory, "shoal-wrapper.sh")
    with open(path, "w") as f:
        f.write("#!/bin/sh\nset -e\n%s\nexec %s \"$@\"\n" % (prelude, shoal))
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
    return path
