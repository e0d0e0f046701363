"""The deployment tests' names for the shared harness (tests/lib/shoaltest.py).

Every test script (tests/deploy/test_*.py):
  - takes `--shoal PATH` (the master binary; shoal-runtime sits beside it),
  - prints one `ok   name`, `FAIL name: why` or `SKIP name: why` line per
    check (Results),
  - ends with `N passed, N failed, N skipped` and exits 1 only when a check
    failed (skips are not failures).
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import shoaltest  # noqa: E402
from shoaltest import (REPO, Results, children, free_port, http_get,  # noqa: E402,F401
                       parse_args, wait_for)


def proc_uids(pid):
    """(real, effective, saved, fs) uids of pid from /proc/PID/status."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("Uid:"):
                return tuple(int(x) for x in line.split()[1:5])
    return None


class Cluster(shoaltest.Cluster):
    """shoaltest.Cluster as the deploy tests use it: one worker, a config
    written indented, start() waits for the first answer only, close()
    removes the folder (unless SHOAL_KEEP_TMP is set)."""

    def __init__(self, shoal, app_source, config=None, app_name="app.js", port=None,
                 wrap=None, env=None, pass_fds=()):
        super().__init__(shoal, app_source, config=config, app_name=app_name, port=port,
                         wrap=wrap, env=env, pass_fds=pass_fds, workers=1, indent=2,
                         remove_dir=True, wait_all=False, prefix="shoal-deploy-")
