"""A real browser over HTTP/2: headless Chromium (Debian's `chromium`,
installed by scripts/setup.sh) loads a page from a cluster's TLS
listener with a self-signed certificate; the page's navigation entry must
report nextHopProtocol "h2", and the request reached JavaScript as HTTP/2.

    python3 browser.py --shoal build/shoal"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from h2util import check, finish, make_cert, need, parse_args  # noqa: E402
from shoaltest import Cluster, free_port  # noqa: E402

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
    need("chromium")
    certs = tempfile.mkdtemp(prefix="shoal-browser-")
    cert, key = make_cert(certs)
    port = free_port()
    c = Cluster(args.shoal, APP, port=port, workers=1, remove_dir=True, prefix="shoal-browser-",
                config={"listen": [{"host": "127.0.0.1", "port": port,
                                    "tls": {"cert": cert, "key": key}}]})
    try:
        c.start(probe="tcp")
        # A browser start can fail on a loaded machine: up to 3 attempts.
        for attempt in range(3):
            p = subprocess.run(
                ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={certs}/profile{attempt}", "--ignore-certificate-errors",
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
        logs = c.logs()
        check("exited" not in logs, "no worker exited while the browser came and went", logs[-2000:])
    finally:
        c.close()
        shutil.rmtree(certs, ignore_errors=True)
    finish()


if __name__ == "__main__":
    main()
