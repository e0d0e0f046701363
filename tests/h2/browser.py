"""A real browser over HTTP/2: headless Chromium (Debian's `chromium`,
installed by scripts/setup.sh) loads a page from a cluster's TLS
listener with a self-signed certificate; the page's navigation entry must
report nextHopProtocol "h2", and the request reached JavaScript as HTTP/2.

    python3 browser.py --shoal build/shoal"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from h2util import check, finish, make_cert, parse_args  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cluster"))
from cluster_util import free_port  # noqa: E402

APP = r"""
module.exports = (req, res) => {
  res.setHeader('Content-Type', 'text/html');
  res.end(`<!doctype html><html><body><p id="v">${req.httpVersion}</p><script>
addEventListener('load', () => {
  const e = performance.getEntriesByType('navigation')[0];
  document.getElementById('v').setAttribute('data-proto', e.nextHopProtocol);
});
</script></body></html>`);
};
"""


def main():
    args = parse_args()
    if not shutil.which("chromium"):
        print("FAIL: chromium is not installed: run scripts/setup.sh")
        sys.exit(1)
    work = tempfile.mkdtemp(prefix="shoal-browser-")
    cert, key = make_cert(work)
    with open(os.path.join(work, "app.js"), "w") as f:
        f.write(APP)
    port = free_port()
    cfg = {"app": "app.js", "workers": 1, "log": {"access": "off"},
           "listen": [{"host": "127.0.0.1", "port": port, "tls": {"cert": cert, "key": key}}]}
    with open(os.path.join(work, "shoal.json"), "w") as f:
        json.dump(cfg, f)
    log = open(os.path.join(work, "master.log"), "w+")
    master = subprocess.Popen([args.shoal, "start", "shoal.json"], cwd=work,
                              stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 15
        while time.time() < deadline:
            if subprocess.run(["curl", "-sk", "-o", "/dev/null", f"https://127.0.0.1:{port}/"]
                              ).returncode == 0:
                break
            time.sleep(0.1)
        # A browser start can fail on a loaded machine: up to 3 attempts.
        for attempt in range(3):
            p = subprocess.run(
                ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={work}/profile{attempt}", "--ignore-certificate-errors",
                 "--virtual-time-budget=3000", "--dump-dom", f"https://localhost:{port}/"],
                capture_output=True, text=True, timeout=120)
            m = re.search(r'<p id="v" data-proto="([^"]*)">([^<]*)', p.stdout)
            if m:
                break
            time.sleep(1)
        check(m is not None, "chromium loaded the page", p.stdout[-500:] + p.stderr[-500:])
        if m:
            check(m.group(1) == "h2", "performance nextHopProtocol is h2", m.group(1))
            check(m.group(2) == "2.0", "the request reached JavaScript as HTTP/2.0", m.group(2))
        log.seek(0)
        logs = log.read()
        check("exited" not in logs, "no worker exited while the browser came and went", logs[-2000:])
    finally:
        master.terminate()
        master.wait(timeout=30)
        log.close()
        shutil.rmtree(work, ignore_errors=True)
    finish()


if __name__ == "__main__":
    main()
