"""Crypto's asynchronous forms run on the thread pool, not on the event loop.

A `shoal run` server starts a long crypto operation in a request handler and
answers. The test reads each thread's CPU time from /proc before the
operation and after its result is in: the JavaScript thread (the process's
main thread) must have done under half of the work; the thread pool did the
rest. A runtime that computed on the JavaScript thread (and called back on a
later tick) would show the main thread with nearly all of it. CPU time, not
wall time, is compared, so a loaded machine changes nothing; and /start must
answer 'running', since a callback never runs before the handler returns.

    python3 tests/http/crypto_offloop.py --shoal build/shoal
"""
import http.client
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from httptest import check, finish, parse_args, shoal_app, wait_for  # noqa: E402

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
        if (err) return --left === 0 && done(`${ok} verified`);
        crypto.verify('sha256', data, publicKey, sig, (e, good) => {
          if (!e && good) ok++;
          if (--left === 0) done(`${ok} verified`);
        });
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


def cpu_ticks(pid):
    """(main thread, whole process) CPU time in clock ticks, from /proc."""
    def ticks(stat_path):
        with open(stat_path) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime
    main = ticks(f"/proc/{pid}/task/{pid}/stat")
    return main, ticks(f"/proc/{pid}/stat")


def main():
    args = parse_args()
    with shoal_app(args, APP, port_timeout=60) as app:
        for op, want in EXPECT.items():
            main0, all0 = cpu_ticks(app.proc.pid)
            started = get(app.port, f"/start/{op}")
            check(started == "running", f"{op}: the handler answers before the job's callback",
                  repr(started))
            last = [started]

            def done():
                last[0] = get(app.port, "/ping")
                return last[0].startswith("done")
            if not started.startswith("done"):
                wait_for(done, 150)
            state = last[0]
            check(state == want, f"{op}: result", state)
            main1, all1 = cpu_ticks(app.proc.pid)
            on_loop, total = main1 - main0, all1 - all0
            # A few ticks of work at least, so that the share means something.
            check(total >= 3 and on_loop * 2 < total,
                  f"{op}: the thread pool, not the JavaScript thread, did the work",
                  f"JavaScript thread {on_loop} of {total} ticks")
        check(app.alive(), "server still alive", app.stderr())
    finish()


if __name__ == "__main__":
    main()
