#!/usr/bin/env python3
"""npm packages built on node:crypto, unmodified, under `shoal run`:
jsonwebtoken (HS256/RS256/ES256/PS256), jose 5 (JWS RS256/ES256/EdDSA, JWE
RSA-OAEP-256 and ECDH-ES, JWK), an Ed25519 webhook-signature check, and pg
logging in to a real PostgreSQL with SCRAM-SHA-256.

    python3 tests/apps/test_crypto_apps.py --shoal build/shoal [--work DIR] [-k jose]
    python3 tests/apps/test_crypto_apps.py --shoal build/shoal --record node   # re-record

Each app in tests/apps/crypto/ prints one line per check; the output must
equal tests/apps/crypto/expected/NAME.out, recorded from Node 20 (the tokens
and signatures the apps verify were made by Node 20: fixtures.json, written
by make_fixtures.mjs). The packages come from tests/apps/crypto/package-lock.json,
installed by scripts/setup.sh, as is PostgreSQL (Debian's `postgresql`): the
test starts its own server from a temp folder on a loopback port."""
import argparse
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from npm_packages import link_node_modules  # noqa: E402
from shoaltest import check, fail, free_port, summary  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
APPS_DIR = os.path.join(HERE, "crypto")
KEYS_DIR = os.path.join(HERE, "..", "js", "fixtures", "crypto")
APPS = ["jwt_app.js", "jose_app.mjs", "webhook_app.js"]


def install(work):
    """Copies the apps into work beside the packages scripts/setup.sh
    installed from tests/apps/crypto/package-lock.json."""
    for name in os.listdir(APPS_DIR):
        src = os.path.join(APPS_DIR, name)
        if os.path.isfile(src):
            shutil.copy(src, os.path.join(work, name))
    link_node_modules(APPS_DIR, work, "apps/crypto")


RECORD = None  # --record NODE: write the expected output with that Node binary


def run_app(shoal, work, name, env=None):
    full_env = dict(os.environ, CRYPTO_KEYS_DIR=os.path.abspath(KEYS_DIR), **(env or {}))
    cmd = [RECORD, name] if RECORD else [shoal, "run", name]
    r = subprocess.run(cmd, cwd=work, capture_output=True, text=True, timeout=300, env=full_env)
    out_path = os.path.join(APPS_DIR, "expected", os.path.splitext(name)[0] + ".out")
    if RECORD:
        os.makedirs(os.path.dirname(out_path), exist_ok=True)
        with open(out_path, "w") as f:
            f.write(r.stdout)
        print(f"recorded {name} (exit {r.returncode})")
        return r.returncode == 0
    with open(out_path) as f:
        expected = f.read()
    good = r.returncode == 0 and r.stdout == expected
    if not check(good, name, f"exit {r.returncode}"):
        print("--- expected\n" + expected + "--- got\n" + r.stdout + "--- stderr\n" + r.stderr[-3000:])
    return good


def pg_bin(name):
    found = shutil.which(name)
    if found:
        return found
    paths = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return paths[-1] if paths else None


class Postgres:
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
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("postgres exited: " + open(self.log.name).read()[-2000:])
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    time.sleep(0.3)  # accepting connections is not yet ready for logins
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("postgres did not start")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        if getattr(self, "log", None):
            self.log.close()


def run_pg(shoal, work, tmp):
    if not (pg_bin("initdb") and pg_bin("postgres")):
        fail("pg_app.js", "PostgreSQL server binaries are not installed: run scripts/setup.sh")
        return False
    pg = Postgres(tmp)
    try:
        pg.start()
        env = {"PGHOST": "127.0.0.1", "PGPORT": str(pg.port), "PGUSER": "shoal",
               "PGPASSWORD": "s3cret", "PGDATABASE": "postgres"}
        return run_app(shoal, work, "pg_app.js", env)
    finally:
        pg.stop()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shoal", required=True)
    ap.add_argument("--work", help="folder for copies of the apps")
    ap.add_argument("-k", help="only apps whose name contains this")
    ap.add_argument("--record", metavar="NODE", help="record expected/*.out with Node 20 instead")
    args = ap.parse_args()
    global RECORD
    RECORD = args.record
    shoal = os.path.abspath(args.shoal)
    tmp = tempfile.mkdtemp(prefix="shoal-crypto-apps-")
    try:
        work = args.work or os.path.join(tmp, "apps")
        os.makedirs(work, exist_ok=True)
        install(work)
        for name in APPS:
            if not args.k or args.k in name:
                run_app(shoal, work, name)
        if not args.k or args.k in "pg_app.js":
            run_pg(shoal, work, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(summary())


if __name__ == "__main__":
    main()
