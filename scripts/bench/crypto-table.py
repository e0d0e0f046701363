#!/usr/bin/env python3
"""The table of scripts/bench-crypto.sh, from the JSON lines of
crypto-driver.js (one per round and runtime): reads SHOAL_FILE and NODE_FILE,
prints Markdown.

Per case, medians over the rounds of CPU microseconds per operation:
  js      the JavaScript call in the runtime
  lib     the same OpenSSL calls in a C loop, in the same process (the
          library the runtime links: the system's under shoal, Node's own
          under node)
  ovh     the runtime's call overhead: js - lib of a probe that goes the
          same way with almost no OpenSSL work: sig-probe for crypto.sign and
          crypto.verify (a verify that fails at decoding an 8-byte
          signature: the same JavaScript, binding, key handle, digest lookup,
          context set-up and hashing, no public-key arithmetic),
          sha256-digest-0 for Web Crypto (its promise and thread-pool job);
          sha256-hash-256 (createHash) is shown for comparison
  excess  js - lib - ovh: what the runtime adds beyond its call overhead
  ratio   js / (lib + ovh) within each round (the library loop, the probe and
          the call are measured one after the other in the same process, so
          the machine's load moves them together), median over the rounds
Verdict: shoal's ratio <= 1 + TOL.
"""
import json
import os
import statistics
import sys

CASES = [
    ("rsa2048-sign", "sig-probe"),
    ("rsa2048-verify", "sig-probe"),
    ("ecdsa-p256-sign", "sig-probe"),
    ("ecdsa-p256-verify", "sig-probe"),
    ("ed25519-sign", "sig-probe"),
    ("aes256gcm-seal-1k", "sha256-digest-0"),
]
PROBES = ["sig-probe", "sha256-digest-0", "sha256-hash-256"]


def load(path):
    rounds = [json.loads(line) for line in open(path) if line.startswith("{")]
    if not rounds:
        sys.exit(f"bench-crypto: no results in {path}")
    return rounds


def med(rounds, case, field):
    return statistics.median(r["cases"][case][field] for r in rounds)


def ratio(rounds, case, probe):
    """Median over the rounds of js / (lib + the probe's js - lib)."""
    return statistics.median(
        r["cases"][case]["js"]
        / (r["cases"][case]["lib"] + r["cases"][probe]["js"] - r["cases"][probe]["lib"])
        for r in rounds)


def spread(rounds, case, field):
    """(max - min) / median over the rounds, in %."""
    v = [r["cases"][case][field] for r in rounds]
    return 100 * (max(v) - min(v)) / statistics.median(v)


def row(cells):
    print("| " + " | ".join(cells) + " |")


def main():
    tol = float(os.environ.get("TOL", "0.15"))
    s, n = load(os.environ["SHOAL_FILE"]), load(os.environ["NODE_FILE"])
    print(f"shoal: OpenSSL {s[0]['openssl']}, library timed: {s[0]['library']}  ")
    print(f"node:  OpenSSL {n[0]['openssl']}, library timed: {n[0]['library']}  ")
    print(f"{len(s)} rounds; CPU µs per operation, medians; tolerance {tol:.0%}")
    print()
    ovh = {
        (rt, p): med(r, p, "js") - med(r, p, "lib") for rt, r in (("s", s), ("n", n)) for p in PROBES
    }
    row(["case", "shoal op/s", "node op/s", "shoal/node",
         "shoal µs", "lib µs", "ovh µs", "excess µs", "ratio", "verdict",
         "node µs", "node lib µs", "node ovh µs", "node excess µs", "node ratio", "lib/node lib"])
    row(["---"] + ["---:"] * 8 + ["---"] + ["---:"] * 6)
    failed = 0
    for case, probe in CASES:
        sj, sl, so = med(s, case, "js"), med(s, case, "lib"), ovh[("s", probe)]
        nj, nl, no = med(n, case, "js"), med(n, case, "lib"), ovh[("n", probe)]
        sr, nr = ratio(s, case, probe), ratio(n, case, probe)
        ok = sr <= 1 + tol
        failed += not ok
        row([case, f"{1e6 / sj:.0f}", f"{1e6 / nj:.0f}", f"{nj / sj:.2f}",
             f"{sj:.1f}", f"{sl:.1f}", f"{so:.1f}", f"{sj - sl - so:+.1f}", f"{sr:.2f}",
             "ok" if ok else "SLOWER",
             f"{nj:.1f}", f"{nl:.1f}", f"{no:.1f}", f"{nj - nl - no:+.1f}", f"{nr:.2f}",
             f"{sl / nl:.2f}"])
    print()
    print("Call-overhead probes (CPU µs per operation, medians):")
    print()
    row(["probe", "shoal js", "shoal lib", "shoal ovh", "node js", "node lib", "node ovh"])
    row(["---"] + ["---:"] * 6)
    for p in PROBES:
        row([p, f"{med(s, p, 'js'):.2f}", f"{med(s, p, 'lib'):.2f}", f"{ovh[('s', p)]:.2f}",
             f"{med(n, p, 'js'):.2f}", f"{med(n, p, 'lib'):.2f}", f"{ovh[('n', p)]:.2f}"])
    print()
    print("Spread over the rounds ((max - min) / median, %):")
    print()
    row(["case", "shoal js", "shoal lib", "node js", "node lib"])
    row(["---"] + ["---:"] * 4)
    for case, _ in CASES + [(p, p) for p in PROBES]:
        row([case] + [f"{spread(r, case, f):.0f}" for r in (s, n) for f in ("js", "lib")])
    print()
    print(f"verdict: {len(CASES) - failed} of {len(CASES)} cases within library + call overhead"
          f" + {tol:.0%}" + (f"; {failed} SLOWER" if failed else ""))


if __name__ == "__main__":
    main()
