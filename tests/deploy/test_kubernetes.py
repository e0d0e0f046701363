#!/usr/bin/env python3
"""deploy/kubernetes/*.yaml: parse, cross-check, schema-validate, and run
`shoal check` on the cluster config the ConfigMap carries.

Cross-checks (the fields that matter when they drift apart):
  - readiness/liveness (and startup) probes hit the config's health.path on
    the container port of a config listener;
  - terminationGracePeriodSeconds > drain_ms / 1000 (+ the preStop sleep);
  - preStop drains (shoal ctl stop, or a TERM);
  - image set, resources requests/limits, non-root securityContext;
  - Deployment selector = template labels = Service selector; Service
    targetPort names a container port; metrics port matches metrics.listen;
  - HPA autoscaling/v2 on CPU targets this Deployment;
  - ConfigMap mounted where the container's args look for the config.
Schema: the pinned npm package kubernetes-models (its ajv schemas of the
Kubernetes OpenAPI; tests/deploy/k8s-validate, installed by scripts/setup.sh)
validates every object.
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

try:
    import yaml
except ImportError:  # a pyenv python without PyYAML: Debian's python3-yaml
    sys.path.append("/usr/lib/python3/dist-packages")
    import yaml  # installed by scripts/setup.sh (python3-yaml)

K8S = os.path.join(REPO, "deploy", "kubernetes")


def load_all():
    docs = {}
    for name in ("deployment.yaml", "service.yaml", "hpa.yaml", "configmap.yaml"):
        with open(os.path.join(K8S, name)) as f:
            for d in yaml.safe_load_all(f):
                if d:
                    docs[d["kind"]] = d
    return docs


def container_port(container, ref):
    for p in container.get("ports", []):
        if ref in (p.get("name"), p.get("containerPort")):
            return p.get("containerPort")
    return None


def check_fields(r, shoal, docs):
    dep, svc, hpa, cm = (docs.get(k) for k in ("Deployment", "Service",
                                                "HorizontalPodAutoscaler", "ConfigMap"))
    if not r.check("four objects: Deployment, Service, HPA, ConfigMap",
                   all((dep, svc, hpa, cm)), repr(sorted(docs))):
        return
    cfg_text = cm["data"]["shoal.json"]
    cfg = json.loads(cfg_text)

    # the ConfigMap's config validates (app path rewritten to a real file:
    # the app lives in the image)
    tmp = tempfile.mkdtemp(prefix="shoal-k8s-")
    try:
        app = os.path.join(tmp, "app.js")
        shutil.copy(os.path.join(REPO, "deploy", "examples", "app.js"), app)
        local = dict(cfg, app=app)
        if "control" in local:
            local["control"] = {"socket": os.path.join(tmp, "shoal.sock")}
        path = os.path.join(tmp, "shoal.json")
        with open(path, "w") as f:
            json.dump(local, f, indent=2)
        p = subprocess.run([shoal, "check", path], capture_output=True, text=True, timeout=30)
        r.check("configmap shoal.json passes `shoal check`", p.returncode == 0,
                p.stdout + p.stderr)
        # and as written (app and socket as in the container) it is valid
        # JSON whose only machine-specific parts are those two paths
        raw = os.path.join(tmp, "raw.json")
        with open(raw, "w") as f:
            f.write(cfg_text)
        p = subprocess.run([shoal, "check", raw], capture_output=True, text=True, timeout=30)
        r.check("configmap shoal.json as written: only the app path is missing here",
                p.returncode == 0 or "/srv/app/app.js" in p.stderr, p.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    pod = dep["spec"]["template"]["spec"]
    c = pod["containers"][0]
    health = cfg.get("health", {}).get("path")
    r.check("config has a health path", bool(health))
    listen_ports = {l["port"] for l in cfg.get("listen", []) if "tls" not in l}
    for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
        pr = c.get(probe)
        if probe != "startupProbe" or pr:
            g = (pr or {}).get("httpGet", {})
            port = container_port(c, g.get("port"))
            r.check("%s path is health.path" % probe, g.get("path") == health,
                    "%r vs %r" % (g.get("path"), health))
            r.check("%s port is a config listener" % probe, port in listen_ports,
                    "%r not in %r" % (port, listen_ports))

    drain_s = cfg.get("drain_ms", 30000) / 1000
    pre = json.dumps(c.get("lifecycle", {}).get("preStop", {}))
    sleep = sum(int(x) for x in re.findall(r"sleep (\d+)", pre))
    grace = pod.get("terminationGracePeriodSeconds", 30)
    r.check("terminationGracePeriodSeconds > drain_ms/1000 + preStop sleep",
            grace > drain_s + sleep, "grace %s, drain %ss, sleep %ss" % (grace, drain_s, sleep))
    r.check("preStop drains (shoal ctl stop or TERM)",
            ("shoal ctl" in pre and " stop" in pre and "--fast" not in pre)
            or "TERM" in pre, pre)
    r.check("preStop's ctl finds the control socket through the mounted config",
            "--config /etc/shoal/shoal.json" in pre or "--socket" in pre, pre)

    r.check("image set with a tag", re.match(r"^[\w./:-]+:[\w.-]+$", c.get("image", "")) is not None
            and not c["image"].endswith(":latest"), c.get("image"))
    res = c.get("resources", {})
    r.check("resources: cpu and memory requests and limits",
            all(k in res.get(s, {}) for s in ("requests", "limits") for k in ("cpu", "memory")),
            repr(res))
    psc, csc = pod.get("securityContext", {}), c.get("securityContext", {})
    uid = csc.get("runAsUser", psc.get("runAsUser"))
    r.check("securityContext: non-root",
            (psc.get("runAsNonRoot") or csc.get("runAsNonRoot")) and uid not in (None, 0),
            "%r %r" % (psc, csc))
    r.check("securityContext: no privilege escalation, capabilities dropped",
            csc.get("allowPrivilegeEscalation") is False and
            "ALL" in csc.get("capabilities", {}).get("drop", []), repr(csc))
    r.check("container ports above 1023 (a non-root user binds them)",
            all(p["containerPort"] > 1023 for p in c.get("ports", [])), repr(c.get("ports")))

    sel = dep["spec"]["selector"]["matchLabels"]
    labels = dep["spec"]["template"]["metadata"]["labels"]
    r.check("Deployment selector matches template labels",
            all(labels.get(k) == v for k, v in sel.items()), "%r %r" % (sel, labels))
    r.check("Service selector matches pod labels",
            all(labels.get(k) == v for k, v in svc["spec"]["selector"].items()),
            "%r %r" % (svc["spec"]["selector"], labels))
    for sp in svc["spec"]["ports"]:
        port = container_port(c, sp["targetPort"])
        r.check("Service port %s targets a container port" % sp.get("name"), port is not None,
                repr(sp))
    http_ports = [container_port(c, sp["targetPort"]) for sp in svc["spec"]["ports"]
                  if sp.get("name") == "http"]
    r.check("Service http port targets a config listener",
            http_ports and http_ports[0] in listen_ports, "%r %r" % (http_ports, listen_ports))
    mlisten = cfg.get("metrics", {}).get("listen", "")
    mport = container_port(c, "metrics")
    r.check("metrics container port = metrics.listen port, on all interfaces",
            mlisten.endswith(":%s" % mport) and not mlisten.startswith("127."),
            "%r vs %r" % (mlisten, mport))

    r.check("HPA is autoscaling/v2", hpa["apiVersion"] == "autoscaling/v2")
    ref = hpa["spec"]["scaleTargetRef"]
    r.check("HPA targets the Deployment", ref.get("kind") == "Deployment" and
            ref.get("name") == dep["metadata"]["name"], repr(ref))
    cpu = [m for m in hpa["spec"].get("metrics", [])
           if m.get("type") == "Resource" and m["resource"]["name"] == "cpu"]
    r.check("HPA scales on CPU utilization", cpu and
            cpu[0]["resource"]["target"].get("type") == "Utilization", repr(cpu))
    r.check("HPA min <= max", hpa["spec"].get("minReplicas", 1) <= hpa["spec"]["maxReplicas"])

    mounts = {m["name"]: m["mountPath"] for m in c.get("volumeMounts", [])}
    vols = {v["name"]: v for v in pod.get("volumes", [])}
    cm_vols = [n for n, v in vols.items() if v.get("configMap", {}).get("name") ==
               cm["metadata"]["name"]]
    args = " ".join(c.get("args", []) + c.get("command", []))
    r.check("ConfigMap mounted where args read the config",
            cm_vols and "%s/shoal.json" % mounts.get(cm_vols[0]) in args,
            "mounts %r args %r" % (mounts, args))
    sock = cfg.get("control", {}).get("socket", "")
    r.check("control socket on a writable mount (read-only root filesystem)",
            any(sock.startswith(mp + "/") for n, mp in mounts.items() if n not in cm_vols),
            "%r %r" % (sock, mounts))


VALIDATE_MJS = r"""
import * as models from 'kubernetes-models';
const docs = JSON.parse(await new Promise((res) => {
  let s = ''; process.stdin.on('data', (d) => s += d); process.stdin.on('end', () => res(s));
}));
let bad = 0;
for (const doc of docs) {
  const [group, version] = doc.apiVersion.includes('/') ? doc.apiVersion.split('/') : ['', doc.apiVersion];
  const mod = await import('kubernetes-models/' + (group ? group + '/' : '') + version);
  const Kind = mod[doc.kind];
  try {
    if (!Kind) throw new Error('unknown kind ' + doc.apiVersion + ' ' + doc.kind);
    new Kind(doc).validate();
    console.log('ok ' + doc.kind);
  } catch (e) {
    bad++;
    console.log('invalid ' + doc.kind + ': ' + e.message);
  }
}
process.exit(bad ? 1 : 0);
"""


def schema_validator():
    """The folder with kubernetes-models, installed by scripts/setup.sh from
    tests/deploy/k8s-validate/package-lock.json."""
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "k8s-validate")
    pkg = os.path.join(here, "node_modules", "kubernetes-models", "package.json")
    if not os.path.exists(pkg):
        raise RuntimeError("kubernetes-models is not installed: run scripts/setup.sh")
    work = tempfile.mkdtemp(prefix="shoal-k8s-")
    os.symlink(os.path.join(here, "node_modules"), os.path.join(work, "node_modules"))
    with open(os.path.join(work, "validate.mjs"), "w") as f:
        f.write(VALIDATE_MJS)
    return work


def check_schema(r, docs):
    cache = schema_validator()
    p = subprocess.run(["node", os.path.join(cache, "validate.mjs")], input=json.dumps(
        list(docs.values())), capture_output=True, text=True, timeout=120, cwd=cache)
    for line in p.stdout.splitlines():
        if line.startswith("ok "):
            r.ok("schema: " + line[3:])
        elif line.startswith("invalid "):
            r.fail("schema: " + line[8:].split(":")[0], line)
    if p.returncode != 0 and "invalid " not in p.stdout:
        r.fail("schema validation", (p.stdout + p.stderr)[-800:])


def main():
    args = parse_args()
    r = Results()
    docs = r.run("parse YAML", load_all)
    if docs:
        r.ok("parse YAML", ", ".join(sorted(docs)))
        r.run("fields", check_fields, r, args.shoal, docs)
        r.run("schema", check_schema, r, docs)
    r.finish()


if __name__ == "__main__":
    main()
