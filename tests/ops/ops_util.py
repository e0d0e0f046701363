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
    """`shoal ctl ARGS...` of cluster c, run in its folder (a relative file
    name is relative to it); asserts the exit code `check` unless None."""
    return c.ctl(*args, check=check, timeout=timeout, cwd=c.dir)


def wrapped(shoal, directory, prelude):
    """A script that runs the shell commands PRELUDE in the process that then
    execs `shoal "$@"`: $$ is the master's pid."""
    path = os.path.join(directory, "shoal-wrapper.sh")
    with open(path, "w") as f:
        f.write("#!/bin/sh\nset -e\n%s\nexec %s \"$@\"\n" % (prelude, shoal))
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
    return path
