#!/usr/bin/env python3
"""Differential test runner: does `shoal run SCRIPT` behave like `node SCRIPT`?

Usage:
  run_js_diff.py --shoal PATH/TO/shoal SCRIPT     compare against recorded output
  run_js_diff.py --record [--node NODE] SCRIPT... record Node's output
                                                   (scripts/record-node-expected.sh)

The expected output of DIR/NAME.js (or NAME.mjs) lives in
DIR/expected/NAME.stdout, NAME.stderr and NAME.status.

The script runs with cwd = its own folder, a clean environment (see
child_env) and a 30 s timeout.  Compared:
  * stdout, byte for byte;
  * the exit status (a death by signal N is recorded as "signal N");
  * stderr after normalise_stderr(): stack-frame lines ("    at ...") and the
    "Node.js v..." trailer are dropped, the absolute path of the script's
    folder becomes <DIR>, the pid in a warning prefix "(node:1234) " becomes
    <PID>, trailing blank lines are stripped.

Directives, recognised in the first 5 lines of a script:
  // args: a "b c"      extra command-line arguments (shell-like quoting)
  // stderr: ignore     do not compare stderr (warnings with pids, ...)
"""

import argparse
import difflib
import os
import re
import shlex
import signal
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from shoaltest import check, fail, summary  # noqa: E402

TIMEOUT_S = 30
DIRECTIVE_LINES = 5

STACK_FRAME_RE = re.compile(r"^\s+at ")
NODE_TRAILER_RE = re.compile(r"^Node\.js v\d+\.\d+\.\d+.*$")
WARNING_PID_RE = re.compile(r"^\((node|shoal):\d+\) ")


def read_directives(script):
    """Return (args, ignore_stderr) from the leading comment directives."""
    args = []
    ignore_stderr = False
    with open(script, encoding="utf-8", errors="replace") as f:
        for _, line in zip(range(DIRECTIVE_LINES), f):
            m = re.match(r"^\s*//\s*args:(.*)$", line)
            if m:
                args = shlex.split(m.group(1))
            if re.match(r"^\s*//\s*stderr:\s*ignore\b", line):
                ignore_stderr = True
    return args, ignore_stderr


def child_env():
    """The environment the script sees: the caller's, minus anything that
    changes Node's behaviour or output, plus a few fixed values."""
    env = dict(os.environ)
    for k in list(env):
        if k.startswith("NODE_") or k in ("FORCE_COLOR", "NO_COLOR", "UV_THREADPOOL_SIZE"):
            del env[k]
    env["TZ"] = "UTC"
    env["LANG"] = "C"
    env["LC_ALL"] = "C"
    env["SHOAL_DIFF_TEST"] = "1"  # read by tests/js/process_env.js
    return env


def expected_paths(script):
    folder = os.path.dirname(script)
    stem = os.path.splitext(os.path.basename(script))[0]
    base = os.path.join(folder, "expected", stem)
    return base + ".stdout", base + ".stderr", base + ".status"


def normalise_stderr(text, folder):
    folder = os.path.realpath(folder)
    out = []
    for line in text.split("\n"):
        if STACK_FRAME_RE.match(line) or NODE_TRAILER_RE.match(line):
            continue
        line = WARNING_PID_RE.sub(r"(\1:<PID>) ", line)
        out.append(line.replace(folder, "<DIR>"))
    while out and out[-1].strip() == "":
        out.pop()
    return "\n".join(out) + ("\n" if out else "")


def status_text(returncode):
    if returncode < 0:
        return "signal %d\n" % -returncode
    return "%d\n" % returncode


def run(cmd, script):
    """Run cmd + [script, args...] in the script's folder.  Returns
    (stdout bytes, stderr text, status text, timed_out).  The child gets its
    own process group so that a timeout kills everything it started."""
    folder = os.path.dirname(script)
    args, _ = read_directives(script)
    p = subprocess.Popen(cmd + [script] + args, cwd=folder, env=child_env(),
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = p.communicate(timeout=TIMEOUT_S)
        status, timed_out = status_text(p.returncode), False
    except subprocess.TimeoutExpired:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        out, err = p.communicate()
        status, timed_out = "timeout\n", True
    return out, err.decode("utf-8", "replace"), status, timed_out


def record(node, scripts):
    for script in scripts:
        script = os.path.realpath(script)
        out, err, status, timed_out = run([node], script)
        if timed_out:
            print("record: %s timed out under %s" % (script, node), file=sys.stderr)
            return 1
        p_out, p_err, p_status = expected_paths(script)
        os.makedirs(os.path.dirname(p_out), exist_ok=True)
        with open(p_out, "wb") as f:
            f.write(out)
        with open(p_err, "w", encoding="utf-8") as f:
            f.write(normalise_stderr(err, os.path.dirname(script)))
        with open(p_status, "w") as f:
            f.write(status)
        print("recorded %s (status %s)" % (os.path.relpath(script), status.strip()))
    return 0


def diff(label, expected, actual):
    lines = difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                 "expected " + label, "actual " + label)
    text = "".join(l if l.endswith("\n") else l + "\n\\ No newline at end of file\n"
                   for l in lines)
    sys.stdout.write(text)


def compare(shoal, script):
    script = os.path.realpath(script)
    name = os.path.relpath(script, os.path.dirname(os.path.dirname(script)))
    p_out, p_err, p_status = expected_paths(script)
    try:
        with open(p_out, "rb") as f:
            exp_out = f.read()
        with open(p_err, encoding="utf-8") as f:
            exp_err = f.read()
        with open(p_status) as f:
            exp_status = f.read()
    except OSError as e:
        fail(name, "no recorded Node output (%s); run scripts/record-node-expected.sh" % e)
        return

    _, ignore_stderr = read_directives(script)
    try:
        out, err, status, timed_out = run([shoal, "run"], script)
    except OSError as e:
        fail(name, "cannot run %s: %s" % (shoal, e))
        return
    err_n = normalise_stderr(err, os.path.dirname(script))

    problems = []
    if timed_out:
        problems.append("timed out after %d s" % TIMEOUT_S)
    if out != exp_out:
        problems.append("stdout differs")
        diff("stdout", exp_out.decode("utf-8", "replace"), out.decode("utf-8", "replace"))
    if status != exp_status:
        problems.append("exit status %s, expected %s" % (status.strip(), exp_status.strip()))
    if not ignore_stderr and err_n != exp_err:
        problems.append("stderr differs")
        diff("stderr (normalised)", exp_err, err_n)

    if problems:
        if ignore_stderr or "stderr differs" not in problems:
            # Show what the runtime said on stderr anyway: it usually explains.
            if err.strip():
                sys.stdout.write("--- stderr of shoal (raw) ---\n" + err
                                 + ("" if err.endswith("\n") else "\n"))
    check(not problems, name, "; ".join(problems))


def main():
    ap = argparse.ArgumentParser(description="Compare `shoal run SCRIPT` with recorded Node output.")
    ap.add_argument("--shoal", help="path to the shoal binary")
    ap.add_argument("--record", action="store_true", help="record Node's output instead")
    ap.add_argument("--node", default="node", help="node binary for --record (default: node)")
    ap.add_argument("scripts", nargs="+")
    a = ap.parse_args()
    if a.record:
        return record(a.node, a.scripts)
    if not a.shoal:
        ap.error("--shoal is required (or --record)")
    for s in a.scripts:
        compare(os.path.abspath(a.shoal), s)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
