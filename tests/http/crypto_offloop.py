"""Crypto's asynchronous forms run on the thread pool, not on the event loop.

A `shoal run` server starts a long crypto operation in a request handler and
answers; a second request (/ping) made right after must be answered while the
operation is still running. A runtime that computed on the JavaScript thread
(and called back on a later tick) would answer /start only after the work was
done, and /ping would already see 'done'. Each operation is long (seconds to
hundreds of milliseconds) next to one localhost round trip, and the test
only asserts the order, never a duration.

    python3 tests/http/crypto_offloop.py --shoal build/shoal
"""
import http.client
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from httptest import check, finish, parse_args, shoal_app  # noqa: E402

APP = r"""
const crypto = require('crypto');
const http = require('http');
const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const data = Buffer.from('payload');
const { subtle } = crypto.webcrypto;
let oaepKey, oaepCt;
let state = 'idle';
let result = '';

// Each op starts work and calls done(summary) once it all completed.
const ops = {
  keygen(done) {
    crypto.generateKeyPair('rsa', { modulusLength: 4096 }, (err, pub, priv) =>
      done(err ? err.message : `${pub.asymmetricKeyDetails.modulusLength} ${priv.type}`));
  },
  prime(done) {
    let left = 2;
    const bits = [];
    for (let i = 0; i < 2; i++) {
      crypto.generatePrime(2048, { bigint: true }, (err, p) => {
        bits.push(err ? err.message : p.toString(2).length);
        if (--left === 0) done(bits.join(' '));
      });
    }
  },
  sign(done) {
    let left = 400, ok = 0;
    for (let i = 0; i < 400; i++) {
      crypto.sign('sha256', data, privateKey, (err, sig) => {
        if (!err && crypto.verify('sha256', data, publicKey, sig)) ok++;
        if (--left === 0) done(`${ok} verified`);
      });
    }
  },
  async oaep(done) {
    const all = [];
    for (let i = 0; i < 400; i++) all.push(subtle.decrypt({ name: 'RSA-OAEP' }, oaepKey, oaepCt));
    const out = await Promise.all(all);
    done(`${out.filter((b) => Buffer.from(b).equals(data)).length} decrypted`);
  },
  subtle(done) {
    subtle.generateKey({ name: 'RSA-PSS', modulusLength: 4096, publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256' }, false, ['sign', 'verify'])
      .then((k) => subtle.sign({ name: 'RSA-PSS', saltLength: 32 }, k.privateKey, data)
        .then((s) => subtle.verify({ name: 'RSA-PSS', saltLength: 32 }, k.publicKey, s, data)))
      .then((v) => done(`verified ${v}`), (e) => done(e.message));
  },
};

const server = http.createServer((req, res) => {
  const op = req.url.slice('/start/'.length);
  if (req.url.startsWith('/start/') && ops[op]) {
    state = 'running';
    ops[op]((summary) => { state = 'done'; result = summary; });
    return res.end(state);
  }
  res.end(state === 'done' ? `done ${result}` : state);
});

(async () => {
  const k = await subtle.generateKey({ name: 'RSA-OAEP', modulusLength: 2048,
    publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, false, ['encrypt', 'decrypt']);
  oaepKey = k.privateKey;
  oaepCt = await subtle.encrypt({ name: 'RSA-OAEP' }, k.publicKey, data);
  server.listen(0, '127.0.0.1', () => console.log(`port ${server.address().port}`));
})();
"""

EXPECT = {
    "keygen": "done 4096 private",
    "prime": "done 2048 2048",
    "sign": "done 400 verified",
    "oaep": "done 400 decrypted",
    "subtle": "done verified true",
}


def get(port, path):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    c.request("GET", path)
    body = c.getresponse().read().decode()
    c.close()
    return body


def main():
    args = parse_args()
    with shoal_app(args, APP, port_timeout=60) as app:
        for op, want in EXPECT.items():
            started = get(app.port, f"/start/{op}")
            first = get(app.port, "/ping")
            check(started == "running" and first == "running",
                  f"{op}: the loop answers while the job runs", f"{started!r}, then {first!r}")
            deadline = time.time() + 150
            state = first
            while not state.startswith("done") and time.time() < deadline:
                time.sleep(0.05)
                state = get(app.port, "/ping")
            check(state == want, f"{op}: result", state)
        check(app.alive(), "server still alive", app.stderr())
    finish()


if __name__ == "__main__":
    main()
