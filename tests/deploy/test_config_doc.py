#!/usr/bin/env python3
"""docs/configuration.md cannot drift from the validator.

For every row of the reference tables (| key | type | default | range |
rejected | meaning |), `shoal check` must
  - accept a config setting the key to its documented default (the first
    backticked JSON value of the *default* cell, an example when there is no
    default), and to each backticked JSON value of the *range* cell;
  - for integer keys, accept both bounds of the range and reject the values
    just outside it (and a fraction);
  - reject every backticked value of the *rejected* column, with an error
    that names the key.
And the reference lists exactly the keys of the validator's schema
(master/config.c config_keys and config_limit_keys), harvested from its
"unknown key (expected one of: ...)" messages for the top level and for
every object section: each known key documented, each documented key known.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from deploy_util import REPO, Results, parse_args  # noqa: E402

DOC = os.path.join(REPO, "docs", "configuration.md")
BASE = {"app": "app.js", "listen": [{"host": "127.0.0.1", "port": 8080}]}
TLS_BASE = {"cert": "cert.pem", "key": "key.pem"}


def parse_doc():
    rows = []
    header = None
    with open(DOC) as f:
        for line in f:
            line = line.strip()
            if not line.startswith("|"):
                header = None
                continue
            cells = [c.strip() for c in line.strip("|").split("|")]
            if cells and cells[0] == "key":
                header = cells
                continue
            if header is None or set(line) <= set("|- "):
                continue
            row = dict(zip(header, cells))
            row["key"] = row["key"].strip("`")
            rows.append(row)
    return rows


def backticked(cell):
    """The backticked values of a cell that are JSON, in order."""
    out = []
    for s in re.findall(r"`([^`]*)`", cell or ""):
        try:
            out.append(json.loads(s))
        except ValueError:
            pass
    return out


def build(key, value):
    cfg = json.loads(json.dumps(BASE))
    parts = key.split(".")
    if parts[0] == "listen[]":
        listener = {"port": 8443 if "tls" in parts else 8080}
        cfg["listen"] = [listener]
        node, rest = listener, parts[1:]
        if rest[0] == "tls" and len(rest) > 1:
            node["tls"] = dict(TLS_BASE)
            node, rest = node["tls"], rest[1:]
        node[rest[0]] = value
        return cfg
    node = cfg
    for p in parts[:-1]:
        node = node.setdefault(p, {})
    node[parts[-1]] = value
    return cfg


class Checker:
    def __init__(self, shoal):
        self.shoal = shoal
        self.dir = tempfile.mkdtemp(prefix="shoal-cfgdoc-")
        # readable by any user: with "user", check opens them as that user
        os.chmod(self.dir, 0o755)
        for name, text in (("app.js", "module.exports = (q, s) => s.end();\n"),
                           ("cert.pem", "-----BEGIN CERTIFICATE-----\n"),
                           ("key.pem", "-----BEGIN PRIVATE KEY-----\n")):
            with open(os.path.join(self.dir, name), "w") as f:
                f.write(text)
            os.chmod(os.path.join(self.dir, name), 0o644)
        self.n = 0

    def check(self, cfg):
        self.n += 1
        path = os.path.join(self.dir, "c%d.json" % self.n)
        with open(path, "w") as f:
            json.dump(cfg, f, indent=2)
        p = subprocess.run([self.shoal, "check", path], capture_output=True, text=True,
                           timeout=30)
        return p.returncode, (p.stdout + p.stderr).strip()

    def key_list(self, cfg):
        """The keys of the "unknown key (expected one of: ...)" message, or None."""
        rc, out = self.check(cfg)
        m = re.search(r"expected one of: ([^)]*)\)", out)
        return [k.strip() for k in m.group(1).split(",")] if rc == 1 and m else None

    def known_keys(self):
        """Keys the validator's schema knows, as documented names: the top
        level's, every object section's (found by probing each top-level
        key with an unknown member), and the listeners'."""
        keys = set()
        top = self.key_list({"app": "app.js", "zz_unknown": 1})
        if top is None:
            return {"? (no key list for the top level)"}
        keys |= set(top)
        for k in top:
            if not isinstance(BASE.get(k, {}), dict):
                continue  # app, listen: not objects
            members = self.key_list(build(k + ".zz_unknown", 1))
            keys |= {"%s.%s" % (k, m) for m in members or []}
        for prefix in ("listen[].", "listen[].tls."):
            members = self.key_list(build(prefix + "zz_unknown", 1))
            if members is None:
                keys.add("?%s (no key list)" % prefix)
            keys |= {prefix + m for m in members or []}
        return keys

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def fmt(v):
    return json.dumps(v)


def main():
    args = parse_args()
    r = Results()
    rows = parse_doc()
    r.check("docs/configuration.md has reference rows", len(rows) >= 20, "%d rows" % len(rows))
    c = Checker(args.shoal)
    try:
        documented = {row["key"] for row in rows}
        known = c.known_keys()
        for k in sorted(known):
            r.check("documented: %s" % k, k in documented, "key not in docs/configuration.md")
        for k in sorted(documented - known):
            r.fail("known to the validator: %s" % k, "documented but not a config key")

        for row in rows:
            key = row["key"]
            leaf = key.split(".")[-1].replace("[]", "")
            accept = []
            d = backticked(row.get("default"))
            if not r.check("%s: default/example is backticked JSON" % key, d, row.get("default")):
                continue
            accept.append(d[0])
            accept += backticked(row.get("range"))
            reject = backticked(row.get("rejected"))
            if row.get("type", "").startswith("integer"):
                m = re.search(r"(-?\d+)\s*[–-]\s*(\d+)", row.get("range", ""))
                if r.check("%s: integer range documented" % key, m, row.get("range")):
                    lo, hi = int(m.group(1)), int(m.group(2))
                    accept += [lo, hi]
                    reject += [lo - 1, hi + 1, lo + 0.5]
            seen = []
            for v in accept:
                if v in seen:
                    continue
                seen.append(v)
                rc, out = c.check(build(key, v))
                r.check("%s = %s accepted" % (key, fmt(v)), rc == 0, out)
            for v in reject:
                rc, out = c.check(build(key, v))
                r.check("%s = %s rejected, naming the key" % (key, fmt(v)),
                        rc == 1 and leaf in out and re.search(r":\d+:\d+: ", out),
                        "exit %d: %s" % (rc, out))
    finally:
        c.close()
    r.finish()


if __name__ == "__main__":
    main()
