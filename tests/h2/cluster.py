"""A cluster (`shoal start`) whose config has a cleartext listener and TLS
listeners: the workers wrap the handed-over connections in TLS, negotiate h2
or http/1.1 by ALPN, pick certificates by SNI (refusing an unknown name where
no default certificate exists), share session ticket keys (a session resumes
on any worker), and accept HTTP/2 prior knowledge on the cleartext port."""
import os
import signal
import socket
import subprocess
import time

from h2util import check, curl, finish, h2load_ok, make_cert, need, parse_args, run
from shoaltest import Cluster, free_port, wait_for  # noqa: E402  (h2util put tests/lib on the path)


APP = r"""
module.exports = (req, res) => {
  res.setHeader('x-worker', String(process.pid));
  if (req.url === '/slow') {
    res.write('slow start\n');
    setTimeout(() => res.end(`slow end ${req.httpVersion}\n`), 1500);
    return;
  }
  res.end(`ok ${req.httpVersion} ${req.headers[':path'] || req.url}\n`);
};
"""


def main():
    args = parse_args()
    need("curl", "openssl", "h2load")
    clear, tls, strict, mtls = free_port(), free_port(), free_port(), free_port()
    cfg = {
        "listen": [
            {"host": "127.0.0.1", "port": clear},
            {"host": "127.0.0.1", "port": tls, "tls": [
                {"cert": "a.pem", "key": "a-key.pem"},
                {"cert": "b.pem", "key": "b-key.pem", "servername": "other.test"}]},
            {"host": "127.0.0.1", "port": strict,
             "tls": {"cert": "a.pem", "key": "a-key.pem", "servername": "localhost"}},
            {"host": "127.0.0.1", "port": mtls,
             "tls": {"cert": "a.pem", "key": "a-key.pem", "ca": "client.pem"}},
        ],
        "limits": {"h2_max_streams": 50},
    }
    c = Cluster(args.shoal, APP, config=cfg, port=clear, prefix="shoal-h2-cluster-")
    d = c.dir
    make_cert(d, "localhost", "a")
    make_cert(d, "other.test", "b")
    client_cert, client_key = make_cert(d, "client", "client")
    proc = c.start(wait=False).proc
    logs = c.logs

    try:
        def serving():
            rc, out, _ = curl("-k", f"https://localhost:{tls}/ping", timeout=2)
            return rc == 0 and out.startswith("ok")
        up = wait_for(lambda: proc.poll() is not None or serving(), 20, 0.1) and proc.poll() is None
        if not check(up, "the cluster serves its TLS listener", logs()):
            finish()

        rc, out, e = curl("-i", "--http2-prior-knowledge", f"http://127.0.0.1:{clear}/c")
        check(rc == 0 and out.startswith("HTTP/2 200") and "ok 2.0 /c" in out,
              "cleartext listener: h2 prior knowledge", out + e)
        rc, out, e = curl("-i", f"http://127.0.0.1:{clear}/c1")
        check(rc == 0 and out.startswith("HTTP/1.1 200") and "ok 1.1 /c1" in out,
              "cleartext listener: HTTP/1.1", out + e)
        rc, out, e = curl("-ik", "--http2", f"https://localhost:{tls}/t")
        check(rc == 0 and out.startswith("HTTP/2 200") and "ok 2.0 /t" in out,
              "tls listener: h2 by ALPN", out + e)
        rc, out, e = curl("-ik", "--http1.1", f"https://localhost:{tls}/t1")
        check(rc == 0 and out.startswith("HTTP/1.1 200") and "ok 1.1 /t1" in out,
              "tls listener: http/1.1 by ALPN", out + e)
        rc, out, e = run(["nghttp", "-v", "-n", f"https://localhost:{tls}/"], timeout=20)
        check(rc == 0 and "SETTINGS_MAX_CONCURRENT_STREAMS(0x03):50" in out,
              "limits.h2_max_streams reaches SETTINGS_MAX_CONCURRENT_STREAMS", out[-600:] + e)

        rc, out, e = run(["h2load", "-n", "2000", "-c", "20", "-m", "10",
                          f"https://127.0.0.1:{tls}/load"], timeout=60)
        check(rc == 0 and h2load_ok(out), "h2load on the tls listener: 0 failed", out[-600:] + e)

        # SNI
        for name, cn in (("localhost", "localhost"), ("other.test", "other.test")):
            rc, out, e = run(["openssl", "s_client", "-servername", name, "-connect",
                              f"127.0.0.1:{tls}"], timeout=20, input="")
            check(f"CN = {cn}" in out or f"CN={cn}" in out, f"SNI {name}: certificate CN={cn}",
                  out[:600] + e)
        rc, out, e = run(["openssl", "s_client", "-servername", "unknown.test", "-connect",
                          f"127.0.0.1:{strict}"], timeout=20, input="")
        check("unrecognized name" in (out + e) or "alert" in (out + e).lower(),
              "unknown SNI on a listener without a default certificate: refused", out[-600:] + e)
        time.sleep(0.3)
        check('unknown server name (SNI) "unknown.test"' in logs(), "the unknown SNI is logged",
              logs()[-1500:])
        rc, out, e = curl("-k", f"https://localhost:{strict}/s")
        check(rc == 0 and out.startswith("ok"), "the known name is served there", out + e)

        # client certificates (ca)
        rc, out, e = curl("-k", "--http2", f"https://localhost:{mtls}/m")
        check(rc != 0, "ca: a client without a certificate is refused", out + e)
        rc, out, e = curl("-k", "--http2", "--cert", client_cert, "--key", client_key,
                          f"https://localhost:{mtls}/m")
        check(rc == 0 and out.startswith("ok 2.0"), "ca: a client certificate signed by it is served",
              out + e)

        # session tickets shared by the workers
        sess = os.path.join(d, "sess.pem")
        run(["openssl", "s_client", "-tls1_2", "-connect", f"127.0.0.1:{tls}", "-sess_out", sess],
            timeout=20, input="")
        reused = 0
        for _ in range(8):
            rc, out, e = run(["openssl", "s_client", "-tls1_2", "-connect", f"127.0.0.1:{tls}",
                              "-sess_in", sess], timeout=20, input="")
            if "Reused, TLSv1.2" in out:
                reused += 1
        check(reused == 8, "TLS sessions resume on every worker (shared ticket keys)",
              f"{reused}/8 reused")
        pids = set()
        for _ in range(12):
            rc, out, e = curl("-kI", "--http2", f"https://localhost:{tls}/w")
            for line in out.splitlines():
                if line.lower().startswith("x-worker:"):
                    pids.add(line.split(":")[1].strip())
        check(len(pids) >= 1, "responses come from the workers", pids)

        # plaintext on the TLS listener
        s = socket.create_connection(("127.0.0.1", tls), timeout=5)
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        data = s.recv(4096)
        s.close()
        check(data.startswith(b"HTTP/1.1 400"), "plaintext on the tls listener: 400", data[:100])
        time.sleep(0.3)
        check("plaintext on a TLS port" in logs(), "the worker logs it", logs()[-1500:])
        rc, out, e = curl("-k", "--http2", f"https://localhost:{tls}/after")
        check(rc == 0 and out.startswith("ok 2.0"), "still serving afterwards", out + e)

        # drain: GOAWAY, the open stream finishes, then the workers exit
        slow = subprocess.Popen(["curl", "-sSk", "--http2", "--max-time", "20",
                                 f"https://localhost:{tls}/slow"], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        time.sleep(0.5)
        os.kill(proc.pid, signal.SIGTERM)
        out, e = slow.communicate(timeout=30)
        check(slow.returncode == 0 and out == "slow start\nslow end 2.0\n",
              "drain: an in-flight HTTP/2 stream finishes after GOAWAY", out + e)
        # The drain ends by itself; a second TERM (below) would be the
        # operator's "stop now", so wait for the first one to finish.
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            pass
    finally:
        c.stop(signal.SIGTERM, timeout=15)
        c.close()
    check(proc.returncode == 0, "the master drains and stops cleanly", proc.returncode)
    finish()


if __name__ == "__main__":
    main()
