"""`shoal ctl inspect WORKER stack|heap-snapshot [FILE]`: the stack of a
worker held inside the app's JavaScript names the app's function (its event
loop is blocked: the answer comes from a V8 interrupt, not from the loop);
an idle worker says so; a heap snapshot is a .heapsnapshot file (JSON with
snapshot, nodes and strings, what Chrome DevTools loads) written by the
worker, which keeps its pid and answers afterwards."""
import glob
import json
import os
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ops_util import Cluster, ctl, ctl_status, run_tests, wait_for  # noqa: E402

# /hold spins in holdInsideTheApp until the test creates "release".
APP = r"""
const fs = require('fs');
const keep = [];
function holdInsideTheApp() {
  fs.writeFileSync('held', String(process.pid));
  while (!fs.existsSync('release')) {}
}
module.exports = (req, res) => {
  if (req.url === '/hold') holdInsideTheApp();
  if (req.url === '/grow') keep.push({ marker: 'a-retained-object', n: keep.length });
  res.end('ok ' + process.pid);
};
"""


def start(shoal, workers):
    c = Cluster(shoal, APP, config={"workers": workers})
    c.real_shoal = shoal
    return c.start()


def test_stack_of_a_busy_worker(shoal):
    c = start(shoal, 1)
    try:
        pid = ctl_status(c)["workers"][0]["pid"]
        idle = ctl(c, "inspect", str(pid), "stack").stdout
        assert "event loop is idle" in idle, idle
        result = {}
        t = threading.Thread(target=lambda: result.update(r=c.get("/hold", timeout=60)))
        t.start()
        try:
            assert wait_for(lambda: os.path.exists(os.path.join(c.dir, "held")), 15), c.logs()
            out = ctl(c, "inspect", str(pid), "stack").stdout
            assert "holdInsideTheApp" in out and "app.js" in out, out
            js = json.loads(ctl(c, "inspect", "1", "stack", "--json").stdout)
            assert js["pid"] == pid and "holdInsideTheApp" in js["stack"], js
        finally:
            open(os.path.join(c.dir, "release"), "w").close()
            t.join(60)
        assert result["r"][0] == 200, result
        assert ctl(c, "inspect", "99999", "stack", check=1).returncode == 1
        assert ctl(c, "inspect", "x", "stack", check=2).returncode == 2
    finally:
        c.close()


def check_snapshot(path):
    with open(path) as f:
        snap = json.load(f)
    for k in ("snapshot", "nodes", "strings"):
        assert k in snap, list(snap)
    assert snap["snapshot"]["node_count"] > 1000, snap["snapshot"]
    return snap


def test_heap_snapshot(shoal):
    c = start(shoal, 1)  # every answer afterwards comes from the worker that wrote it
    try:
        for _ in range(20):
            assert c.get("/grow")[0] == 200
        w = ctl_status(c)["workers"][0]
        out = ctl(c, "inspect", str(w["pid"]), "heap-snapshot", "dump.heapsnapshot").stdout
        path = os.path.join(c.dir, "dump.heapsnapshot")
        assert path in out, out
        snap = check_snapshot(path)
        assert os.stat(path).st_uid == os.getuid()
        assert "holdInsideTheApp" in snap["strings"]
        # the same worker serves on
        assert c.get("/")[2] == ("ok %d" % w["pid"]).encode()
        assert [x["pid"] for x in ctl_status(c)["workers"]] == [w["pid"]]
        # an existing file is never overwritten
        err = ctl(c, "inspect", str(w["pid"]), "heap-snapshot", "dump.heapsnapshot", check=1)
        assert "File exists" in err.stderr, err.stderr
        # by worker id, into the config's folder
        js = json.loads(ctl(c, "inspect", str(w["id"]), "heap-snapshot", "--json").stdout)
        assert js["ok"] and js["bytes"] > 0, js
        files = glob.glob(os.path.join(c.dir, "heap-%d-%d-*.heapsnapshot" % (w["id"], w["pid"])))
        assert files == [js["file"]], (files, js)
        check_snapshot(js["file"])
        assert c.get("/")[0] == 200
    finally:
        c.close()


if __name__ == "__main__":
    sys.exit(run_tests(globals()))
