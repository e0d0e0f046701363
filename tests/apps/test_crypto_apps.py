#!/usr/bin/env python3
"""npm packages built on node:crypto, unmodified, under `shoal run` and in a
2-worker `shoal start` cluster: jsonwebtoken (HS256/RS256/ES256/PS256), jose
5 (JWS RS256/ES256/EdDSA, JWE RSA-OAEP-256 and ECDH-ES, JWK), an Ed25519
webhook-signature check, and pg logging in to a real PostgreSQL with
SCRAM-SHA-256.

    python3 tests/apps/test_crypto_apps.py --shoal build/shoal [--work DIR] [-k jose]
    python3 tests/apps/test_crypto_apps.py --shoal build/shoal --record node   # re-record

Each app in tests/apps/crypto/ prints one line per check; the output must
equal tests/apps/crypto/expected/NAME.out, recorded from Node 20 (the tokens
and signatures the apps verify were made by Node 20: fixtures.json, written
by make_fixtures.mjs). In the cluster each app serves over HTTP
(tests/apps/crypto/serve.js): GET /checks must answer the same lines, and
the app's own routes sign (deterministic signatures must equal Node's
bytes; ECDSA and PSS ones are checked with the openssl command), verify
Node's tokens, take Node's JWEs and webhooks, and log in to PostgreSQL per
request. --record runs the HTTP checks against that Node too. The packages
come from tests/apps/crypto/package-lock.json,
installed by scripts/setup.sh, as is PostgreSQL (Debian's `postgresql`): the
test starts its own server from a temp folder on a loopback port."""
import argparse
import base64
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from npm_packages import link_node_modules  # noqa: E402
from dbservers import Postgres, pg_bin  # noqa: E402
from shoaltest import App, Cluster, expect, fail, finish, free_port, ok  # noqa: E402

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
    full_env = dict(os.environ, **app_env(env))
    cmd = [RECORD, name] if RECORD else [shoal, "run", name]
    r = subprocess.run(cmd, cwd=work, capture_output=True, text=True, timeout=300, env=full_env)
    out_path = os.path.join(APPS_DIR, "expected", os.path.splitext(name)[0] + ".out")
    if RECORD:
        os.makedirs(os.path.dirname(out_path), exist_ok=True)
        with open(out_path, "w") as f:
            f.write(r.stdout)
        if r.returncode == 0:
            ok(f"recorded {name}")
        else:
            fail(f"recorded {name}", f"exit {r.returncode}")
        return
    with open(out_path) as f:
        expected = f.read()
    if r.returncode != 0 or r.stdout != expected:
        fail(name, f"exit {r.returncode}\n--- expected\n" + expected + "--- got\n" + r.stdout +
             "--- stderr\n" + r.stderr[-3000:])
    else:
        ok(name)


# --- HTTP checks of the apps' server mode (serve.js) -------------------------

FX = None  # fixtures.json: tokens and signatures made by Node 20


def call(port, method, path, body=b"", headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return r.status, r.read().decode()
    finally:
        conn.close()


def expect_equal(got, want, what):
    expect(got == want, what, f"got {got!r}, want {want!r}")


def b64url(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def der_int(b):
    b = b.lstrip(b"\0") or b"\0"
    if b[0] & 0x80:
        b = b"\0" + b
    return b"\x02" + bytes([len(b)]) + b


def openssl_verify(token, pub, kind, tmp):
    """A JWT made by shoal, checked by the openssl command (OpenSSL's own
    code, not shoal's): ES256 (JOSE r||s turned into DER) or PS256."""
    head, payload, sig = token.split(".")
    sig = b64url(sig)
    if kind == "ES256":
        seq = der_int(sig[:32]) + der_int(sig[32:])
        sig = b"\x30" + bytes([len(seq)]) + seq
    data, sig_path = os.path.join(tmp, "jwt.data"), os.path.join(tmp, "jwt.sig")
    with open(data, "w") as f:
        f.write(head + "." + payload)
    with open(sig_path, "wb") as f:
        f.write(sig)
    opts = ["-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:auto"] if kind == "PS256" else []
    r = subprocess.run(["openssl", "dgst", "-sha256", *opts, "-verify", os.path.join(KEYS_DIR, pub),
                        "-signature", sig_path, data], capture_output=True, text=True)
    expect_equal((r.returncode, r.stdout.strip()), (0, "Verified OK"), f"openssl verify {kind} {r.stderr}")
    expect_equal(json.loads(b64url(payload)), FX["payload"], f"{kind} payload")


def http_jwt(port, tmp):
    for alg in ("HS256", "RS256"):  # deterministic: Node's exact token
        expect_equal(call(port, "POST", f"/sign?alg={alg}"), (200, FX[alg.lower()]), f"jwt sign {alg}")
    openssl_verify(call(port, "POST", "/sign?alg=ES256")[1], "ec_p256_public.pem", "ES256", tmp)
    openssl_verify(call(port, "POST", "/sign?alg=PS256")[1], "rsa_public.pem", "PS256", tmp)
    for alg in ("HS256", "RS256", "ES256", "PS256"):  # Node's tokens
        s, b = call(port, "POST", f"/verify?alg={alg}", FX[alg.lower()])
        expect_equal((s, json.loads(b) if s == 200 else b), (200, FX["payload"]), f"jwt verify {alg}")
    tampered = FX["rs256"][:-4] + ("AAAA" if not FX["rs256"].endswith("AAAA") else "BBBB")
    expect_equal(call(port, "POST", "/verify?alg=RS256", tampered), (401, "JsonWebTokenError: invalid signature"),
                 "jwt tampered")
    expect_equal(call(port, "POST", "/verify?alg=HS256", FX["rs256"]), (401, "JsonWebTokenError: invalid algorithm"),
                 "jwt wrong alg")


def http_jose(port, tmp):
    expect_equal(call(port, "POST", "/sign?alg=RS256&kid=r1"), (200, FX["joseRs256"]), "jose sign RS256")
    expect_equal(call(port, "POST", "/sign?alg=EdDSA"), (200, FX["joseEdDSA"]), "jose sign EdDSA")
    openssl_verify(call(port, "POST", "/sign?alg=ES256")[1], "ec_p256_public.pem", "ES256", tmp)
    for alg, token in (("RS256", "joseRs256"), ("ES256", "joseEs256"), ("EdDSA", "joseEdDSA")):
        s, b = call(port, "POST", f"/verify?alg={alg}", FX[token])
        expect_equal((s, json.loads(b) if s == 200 else b), (200, FX["payload"]), f"jose verify {alg}")
    s, b = call(port, "POST", "/verify?alg=EdDSA", FX["joseEdDSA"][:-4] + "AAAA")
    expect_equal((s, b.split(":")[0]), (401, "ERR_JWS_SIGNATURE_VERIFICATION_FAILED"), "jose bad signature")
    for jwe, text in (("jweRsaOaep", "RSA-OAEP-256"), ("jweEcdhEs", "ECDH-ES"), ("jweX25519", "X25519")):
        expect_equal(call(port, "POST", "/decrypt", FX[jwe]), (200, f"secret via {text}"), f"jose decrypt {jwe}")


def http_webhook(port, tmp):
    w = FX["webhook"]
    signed = {"X-Signature-Ed25519": w["signatureHex"], "X-Signature-Timestamp": w["timestamp"],
              "Content-Type": "application/json"}
    expect_equal(call(port, "POST", "/interactions", w["body"], signed),
                 (200, '{"ok":true,"id":"evt_1","amount":42}'), "webhook from Node")
    expect_equal(call(port, "POST", "/interactions", w["body"].replace("42", "43"), signed),
                 (401, "invalid request signature"), "webhook tampered body")
    expect_equal(call(port, "POST", "/interactions", w["body"], dict(signed, **{"X-Signature-Timestamp": "1600000000"})),
                 (401, "invalid request signature"), "webhook replayed timestamp")
    # shoal as the sender: Ed25519 is deterministic, so Node's exact signature
    expect_equal(call(port, "POST", "/send", w["body"], {"X-Signature-Timestamp": w["timestamp"]}),
                 (200, w["signatureHex"]), "webhook send")


def http_pg(port, tmp):
    for a in range(3):  # a new SCRAM login per request
        expect_equal(call(port, "GET", f"/sum?a={a}&b=40"), (200, json.dumps({"sum": a + 40, "who": "shoal"},
                                                                      separators=(",", ":"))), "pg sum")


HTTP_CHECKS = {"jwt_app.js": http_jwt, "jose_app.mjs": http_jose, "webhook_app.js": http_webhook,
               "pg_app.js": http_pg}


def check_server(port, name, tmp):
    """The app's HTTP answers: /checks as under run, then its own routes,
    twice (the requests spread over the workers)."""
    with open(os.path.join(APPS_DIR, "expected", os.path.splitext(name)[0] + ".out")) as f:
        expect_equal(call(port, "GET", "/checks"), (200, f.read()), f"{name} GET /checks")
    pids = set()
    for _ in range(2):
        HTTP_CHECKS[name](port, tmp)
        pids.add(call(port, "GET", "/pid")[1])
    return pids


def app_env(extra):
    return dict(CRYPTO_KEYS_DIR=os.path.abspath(KEYS_DIR), **(extra or {}))


def serve_app(shoal, work, name, tmp, env=None):
    """The app in a 2-worker `shoal start` cluster (each worker calls
    listen(PORT)), or under the --record Node, checked over HTTP."""
    port = free_port()
    env = app_env(dict(env or {}, PORT=str(port)))
    label = f"{name} ({'node' if RECORD else 'shoal start'})"
    server = None
    try:
        if RECORD:
            server = App([RECORD], script=name, cwd=work, env=env, port=port, port_timeout=30,
                         prefix="shoal-crypto-node-")
        else:
            server = Cluster(shoal, None, app_name=os.path.join(work, name), port=port,
                             config={"listen": [], "env": env}, remove_dir=True)
            server.start(timeout=60)
        pids = check_server(port, name, tmp)
        ok(f"{label}: {len(pids)} worker(s) answered")
    except Exception as e:  # noqa: BLE001  (reported as a FAIL line)
        logs = "" if server is None else server.stderr() if RECORD else server.logs()
        fail(label, f"{e}\n{logs[-3000:]}")
    finally:
        if server is not None:
            server.stop() if RECORD else server.close()


def run_both(shoal, work, name, tmp, env=None):
    run_app(shoal, work, name, env)
    serve_app(shoal, work, name, tmp, env)


def run_pg(shoal, work, tmp):
    if not (pg_bin("initdb") and pg_bin("postgres")):
        fail("pg_app.js", "PostgreSQL server binaries are not installed: run scripts/setup.sh")
        return
    pg = Postgres(tmp)
    try:
        pg.start()
        env = {"PGHOST": "127.0.0.1", "PGPORT": str(pg.port), "PGUSER": "shoal",
               "PGPASSWORD": "s3cret", "PGDATABASE": "postgres"}
        run_both(shoal, work, "pg_app.js", tmp, env)
    finally:
        pg.stop()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shoal", required=True)
    ap.add_argument("--work", help="folder for copies of the apps")
    ap.add_argument("-k", help="only apps whose name contains this")
    ap.add_argument("--record", metavar="NODE", help="record expected/*.out with Node 20 instead")
    args = ap.parse_args()
    global RECORD, FX
    RECORD = args.record
    with open(os.path.join(APPS_DIR, "fixtures.json")) as f:
        FX = json.load(f)
    shoal = os.path.abspath(args.shoal)
    tmp = tempfile.mkdtemp(prefix="shoal-crypto-apps-")
    try:
        work = args.work or os.path.join(tmp, "apps")
        os.makedirs(work, exist_ok=True)
        install(work)
        for name in APPS:
            if not args.k or args.k in name:
                run_both(shoal, work, name, tmp)
        if not args.k or args.k in "pg_app.js":
            run_pg(shoal, work, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    finish()


if __name__ == "__main__":
    main()
