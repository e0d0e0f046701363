#!/usr/bin/env python3
"""deploy/docker/Dockerfile, checked without Docker (which cannot run here).

hadolint runs when it is on PATH (it is neither in Debian 12 nor on the npm
registry; SKIP otherwise). The structural checks always run:
  - multi-stage, every FROM is debian:bookworm-slim, the runtime copies the
    binaries from the builder stage;
  - the builder installs the -dev packages and runs scripts/setup.sh; the
    runtime installs only runtime libraries (no -dev, no compiler);
  - every apt-get install uses --no-install-recommends; the runtime stage
    cleans /var/lib/apt/lists in the same RUN, the builder before it ends;
    no ADD of remote URLs;
  - USER is not root; STOPSIGNAL SIGTERM; HEALTHCHECK probes the config's
    health path on an EXPOSEd listener port; every COPY source exists;
  - the baked-in config passes `shoal check`, and the healthcheck script
    answers 0 against a real cluster's health path and 1 otherwise.
"""
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from deploy_util import REPO, Cluster, Results, parse_args  # noqa: E402

DOCKER = os.path.join(REPO, "deploy", "docker")
RUNTIME_LIBS = ["libnode108", "libuv1", "libnghttp2-14", "libssl3", "libjansson4", "zlib1g",
                "libbrotli1"]
BUILD_PKGS = ["build-essential", "cmake", "pkg-config", "libnode-dev", "node-llhttp",
              "libuv1-dev", "libnghttp2-dev", "libssl-dev", "libjansson-dev", "zlib1g-dev",
              "libbrotli-dev", "npm"]


def instructions(path):
    """[(INSTRUCTION, args)] with continuations joined and comments dropped."""
    out, cur = [], ""
    with open(path) as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not cur and (not line.strip() or line.lstrip().startswith("#")):
                continue
            if cur and line.lstrip().startswith("#"):
                continue
            if line.endswith("\\"):
                cur += line[:-1] + " "
                continue
            cur += line
            word, _, rest = cur.strip().partition(" ")
            out.append((word.upper(), rest.strip()))
            cur = ""
    return out


def stages(ins):
    st = []
    for word, args in ins:
        if word == "FROM":
            m = re.match(r"^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$", args, re.I)
            st.append({"image": m.group(1), "name": m.group(2), "ins": []})
        elif st:
            st[-1]["ins"].append((word, args))
    return st


def apt_packages(run):
    pkgs = []
    for m in re.finditer(r"apt-get install ([^&;|]*)", run):
        pkgs += [w for w in m.group(1).split() if not w.startswith("-")]
    return pkgs


def check_structure(r, shoal):
    ins = instructions(os.path.join(DOCKER, "Dockerfile"))
    st = stages(ins)
    r.check("multi-stage (at least two FROM)", len(st) >= 2, "%d stages" % len(st))
    r.check("every FROM is debian:bookworm-slim",
            all(s["image"] == "debian:bookworm-slim" for s in st), repr([s["image"] for s in st]))
    builder = [s for s in st if s["name"]]
    r.check("build stage is named", bool(builder), repr([s["name"] for s in st]))
    final = st[-1]
    copies_from = [a for w, a in final["ins"] if w == "COPY" and "--from=" in a]
    r.check("runtime copies the two binaries from the builder",
            any("--from=%s" % builder[0]["name"] in a and "shoal-runtime" in a and
                re.search(r"/shoal\b(?!-)", a) for a in copies_from) if builder else False,
            repr(copies_from))

    b_runs = " && ".join(a for w, a in st[0]["ins"] if w == "RUN")
    b_pkgs = apt_packages(b_runs)
    r.check("builder installs the build packages",
            all(p in b_pkgs for p in BUILD_PKGS), "missing %r" % [
                p for p in BUILD_PKGS if p not in b_pkgs])
    r.check("builder runs scripts/setup.sh", "scripts/setup.sh" in b_runs)
    f_runs = " && ".join(a for w, a in final["ins"] if w == "RUN")
    f_pkgs = apt_packages(f_runs)
    r.check("runtime installs the runtime libraries", all(p in f_pkgs for p in RUNTIME_LIBS),
            "missing %r" % [p for p in RUNTIME_LIBS if p not in f_pkgs])
    r.check("runtime installs no -dev package nor compiler",
            not [p for p in f_pkgs if p.endswith("-dev") or p in ("build-essential", "cmake",
                                                                 "gcc", "npm")], repr(f_pkgs))

    for s in st:
        for w, a in s["ins"]:
            if w == "RUN" and "apt-get install" in a:
                where = "stage %s" % (s["name"] or "final")
                r.check("%s: apt-get install --no-install-recommends" % where,
                        "--no-install-recommends" in a)
                # the runtime stage must clean up in the same RUN (else the
                # lists stay in a layer of the image); the builder stage may
                # keep them for later RUNs (setup.sh's apt-get download) but
                # cleans up before it ends.
                later = " ".join(x for w2, x in s["ins"][s["ins"].index((w, a)):] if w2 == "RUN")
                cleaned = re.search(r"rm -rf [^&;]*/var/lib/apt/lists",
                                    a if s is st[-1] else later) is not None
                r.check("%s: apt lists cleaned %s" % (
                    where, "in the same RUN" if s is st[-1] else "within the stage"), cleaned, a)
                r.check("%s: apt-get update in the same RUN" % where, "apt-get update" in a)
    adds = [a for w, a in ins if w == "ADD"]
    r.check("no ADD of remote URLs", not [a for a in adds if re.search(r"\b(https?|git)://|git@", a)],
            repr(adds))

    users = [a for w, a in final["ins"] if w == "USER"]
    user = users[-1].split(":")[0] if users else "root"
    r.check("runtime USER is not root", user not in ("root", "0"), "USER %r" % user)
    stop = [a for w, a in final["ins"] if w == "STOPSIGNAL"]
    r.check("STOPSIGNAL SIGTERM", stop and stop[-1] in ("SIGTERM", "15"), repr(stop))
    hc = [a for w, a in final["ins"] if w == "HEALTHCHECK"]
    r.check("HEALTHCHECK present", bool(hc) and "CMD" in hc[-1], repr(hc))
    expose = set()
    for w, a in final["ins"]:
        if w == "EXPOSE":
            expose |= {int(p.split("/")[0]) for p in a.split()}
    r.check("EXPOSE set", bool(expose))
    r.check("exposed ports above 1023 (non-root)", all(p > 1023 for p in expose), repr(expose))

    for w, a in ins:
        if w == "COPY" and "--from=" not in a:
            parts = [p for p in (json.loads(a) if a.startswith("[") else shlex.split(a))
                     if not p.startswith("--")]
            for src in parts[:-1]:
                r.check("COPY source exists: %s" % src,
                        src == "." or os.path.exists(os.path.join(REPO, src)))

    # the baked-in config, and the health check aimed at it
    copies = [shlex.split(a) for w, a in final["ins"] if w == "COPY" and "--from=" not in a]
    cfg_src = [c[-2] for c in copies if c[-1].endswith(".json")]
    r.check("an example config is baked in", bool(cfg_src), repr(copies))
    if not cfg_src:
        return
    with open(os.path.join(REPO, cfg_src[0])) as f:
        cfg = json.load(f)
    health = cfg.get("health", {}).get("path")
    ports = {l["port"] for l in cfg.get("listen", [])}
    r.check("config has health.path", bool(health))
    r.check("HEALTHCHECK probes health.path on a listener port",
            hc and health in hc[-1] and any(str(p) in hc[-1] for p in ports), "%r %r %r" % (
                hc, health, ports))
    r.check("EXPOSE covers the listeners", ports <= expose, "%r %r" % (ports, expose))
    mport = cfg.get("metrics", {}).get("listen", "").rpartition(":")[2]
    r.check("EXPOSE covers metrics.listen", not mport or int(mport) in expose, mport)
    ctl = [a for w, a in final["ins"] if w in ("CMD", "ENTRYPOINT")]
    app_dst = [c[-1] for c in copies if c[-1].endswith(".js")]
    r.check("config's app is the file copied into the image", cfg.get("app") in app_dst,
            "%r %r" % (cfg.get("app"), app_dst))
    r.check("CMD starts the baked-in config", any("/etc/shoal/shoal.json" in a for a in ctl)
            and any('"start"' in a or " start" in a for a in ctl), repr(ctl))

    tmp = tempfile.mkdtemp(prefix="shoal-docker-")
    try:
        app = os.path.join(tmp, "app.js")
        shutil.copy(os.path.join(REPO, "deploy", "examples", "app.js"), app)
        local = dict(cfg, app=app, control={"socket": os.path.join(tmp, "s.sock")})
        path = os.path.join(tmp, "shoal.json")
        with open(path, "w") as f:
            json.dump(local, f)
        p = subprocess.run([shoal, "check", path], capture_output=True, text=True, timeout=30)
        r.check("baked-in config passes `shoal check`", p.returncode == 0, p.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return health


def check_probe(r, shoal, health):
    script = os.path.join(DOCKER, "healthcheck.sh")
    if not shutil.which("bash"):
        r.skip("healthcheck script", "bash not installed")
        return
    cl = Cluster(shoal, "module.exports = (req, res) => res.end('app');",
                 config={"health": {"path": health or "/healthz"}})
    try:
        cl.start()
        ok = subprocess.run(["bash", script, "127.0.0.1", str(cl.port), health or "/healthz"],
                            capture_output=True, timeout=10)
        r.check("healthcheck.sh exits 0 on the health path", ok.returncode == 0, ok.stderr)
        cl.stop()
        down = subprocess.run(["bash", script, "127.0.0.1", str(cl.port), health or "/healthz"],
                              capture_output=True, timeout=10)
        r.check("healthcheck.sh exits 1 when nothing listens", down.returncode == 1)
    finally:
        cl.close()
    cl = Cluster(shoal, "module.exports = (req, res) => { res.statusCode = 500; res.end(); };",
                 config={})
    try:
        cl.start()
        bad = subprocess.run(["bash", script, "127.0.0.1", str(cl.port), "/healthz"],
                             capture_output=True, timeout=10)
        r.check("healthcheck.sh exits 1 on a non-200 answer", bad.returncode == 1)
    finally:
        cl.close()


def check_hadolint(r):
    # hadolint is neither in Debian 12 nor on npm, so a fresh machine never
    # has it: the structural checks above stand in; it runs where present.
    h = shutil.which("hadolint")
    if not h:
        return
    p = subprocess.run([h, os.path.join(DOCKER, "Dockerfile")], capture_output=True, text=True,
                       timeout=60)
    r.check("hadolint", p.returncode == 0, p.stdout + p.stderr)


def main():
    args = parse_args()
    r = Results()
    health = r.run("Dockerfile structure", check_structure, r, args.shoal)
    r.run("healthcheck script", check_probe, r, args.shoal, health)
    check_hadolint(r)
    r.finish()


if __name__ == "__main__":
    main()
