"""`shoal start --watch`: a save under the app's folder reloads (debounced);
a broken save keeps the old generation serving and is reported once; the
fix is served; node_modules, dot-files and watch.ignore are not watched."""
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ops_util import Cluster, run_tests, wait_for  # noqa: E402

APP = "module.exports = (req, res) => res.end('v1');\n"


def body(c):
    try:
        st, _, b = c.get("/", timeout=5)
        return b.decode() if st == 200 else None
    except OSError:
        return None


def save(c, text, name="app.js"):
    path = os.path.join(c.dir, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = os.path.join(os.path.dirname(path), "." + os.path.basename(path) + ".swp")
    with open(tmp, "w") as f:  # a dot-file: not watched
        f.write(text)
    os.replace(tmp, path)  # as editors save


def test_watch_reloads(shoal):
    c = Cluster(shoal, APP, config={"workers": 1, "watch": {"ignore": ["*.log", "data", "master.*"]}})
    c.real_shoal = shoal
    wrapper = os.path.join(c.dir, "shoal-watch.sh")
    with open(wrapper, "w") as f:
        f.write('#!/bin/sh\nexec %s "$@" --watch\n' % shoal)
    os.chmod(wrapper, 0o755)
    c.shoal = wrapper
    c.start()
    try:
        assert body(c) == "v1"
        assert wait_for(lambda: "watch: " in c.logs(), 5), c.logs()
        save(c, "module.exports = (req, res) => res.end('v2');\n")
        assert wait_for(lambda: body(c) == "v2", 20), c.logs()
        # ignored: dot-files, node_modules, watch.ignore patterns
        n = c.logs().count("watch: files changed")
        save(c, "x", ".hidden")
        save(c, "x", "node_modules/dep/index.js")
        save(c, "x", "server.log")
        save(c, "x", "data/blob.bin")
        time.sleep(1.0)
        assert c.logs().count("watch: files changed") == n, c.logs()
        # a broken save: the old generation keeps serving, one error
        save(c, "module.exports = (req, res) => { res.end('v3' ;\n")
        assert wait_for(lambda: "reload failed" in c.logs(), 20), c.logs()
        assert body(c) == "v2"
        time.sleep(1.0)
        logs = c.logs()
        assert logs.count("reload failed") == 1, logs
        assert logs.count("SyntaxError") == 1, logs
        assert body(c) == "v2"
        # fixed: served
        save(c, "module.exports = (req, res) => res.end('v3');\n")
        assert wait_for(lambda: body(c) == "v3", 20), c.logs()
    finally:
        c.close()
        shutil.rmtree(c.dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(run_tests(globals()))
