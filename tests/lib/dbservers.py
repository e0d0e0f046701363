"""Throwaway database servers for the app tests: a PostgreSQL cluster and a
Redis, each run from a temp folder on a free loopback port (Debian's
packages, installed by scripts/setup.sh), stopped by the test."""
import glob
import os
import shutil
import subprocess
import time

from ports import free_port
from shoaltest import accepts, wait_for


def pg_bin(name):
    found = shutil.which(name)
    if found:
        return found
    paths = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return paths[-1] if paths else None


class _Server:
    """A server process (proc) logging to log, stopped by stop()."""

    proc = None
    log = None

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        if getattr(self, "log", None):
            self.log.close()


class Postgres(_Server):
    """A throwaway PostgreSQL cluster (password auth with SCRAM-SHA-256 only),
    run as the `postgres` user when this test runs as root."""

    def __init__(self, tmp):
        self.dir = os.path.join(tmp, "pg")
        self.port = None
        self.proc = None
        self.as_user = []
        if os.geteuid() == 0:
            runuser = shutil.which("runuser")
            if not runuser:
                raise RuntimeError("running as root without runuser")
            self.as_user = [runuser, "-u", "postgres", "--"]
            os.chmod(tmp, 0o755)

    def start(self):
        os.mkdir(self.dir, 0o700)
        pwfile = os.path.join(self.dir, "..", "pw")
        with open(pwfile, "w") as f:
            f.write("s3cret\n")
        if self.as_user:
            shutil.chown(self.dir, "postgres")
            shutil.chown(pwfile, "postgres")
        data = os.path.join(self.dir, "data")
        subprocess.run(self.as_user + [pg_bin("initdb"), "-D", data, "-U", "shoal", "--auth=scram-sha-256",
                                       f"--pwfile={pwfile}", "-E", "UTF8"],
                       check=True, capture_output=True, timeout=300)
        # The port: bind 0 for a free one, then hand it to the server.
        self.port = free_port()
        self.log = open(os.path.join(self.dir, "..", "pg.log"), "w")
        self.proc = subprocess.Popen(
            self.as_user + [pg_bin("postgres"), "-D", data, "-k", self.dir, "-p", str(self.port),
                            "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"],
            stdout=self.log, stderr=subprocess.STDOUT)
        _wait_port(self.proc, self.port, self.log.name, "postgres")
        time.sleep(0.3)  # accepting connections is not yet ready for logins



def _wait_port(proc, port, log_path, what):
    wait_for(lambda: proc.poll() is not None or accepts(port, timeout=0.5), 60, 0.1)
    if proc.poll() is not None:
        raise RuntimeError(f"{what} exited: " + open(log_path).read()[-2000:])
    if not accepts(port):
        raise RuntimeError(f"{what} did not start")


class Redis(_Server):
    """redis-server on a free loopback port, persisting nothing, its files in
    TMP/redis."""

    def __init__(self, tmp):
        self.dir = os.path.join(tmp, "redis")
        self.port = None
        self.proc = None

    def start(self):
        os.makedirs(self.dir, exist_ok=True)
        self.port = free_port()
        log_path = os.path.join(self.dir, "redis.log")
        self.log = open(log_path, "w")
        self.proc = subprocess.Popen(
            [shutil.which("redis-server") or "redis-server", "--port", str(self.port),
             "--bind", "127.0.0.1", "--dir", self.dir, "--save", "", "--appendonly", "no",
             "--daemonize", "no"],
            stdout=self.log, stderr=subprocess.STDOUT)
        _wait_port(self.proc, self.port, log_path, "redis-server")

