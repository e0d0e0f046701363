#!/usr/bin/env python3
"""unit/needed_first: scripts/needed_first.c and its use on shoal-runtime.

  needed_first_test.py NEEDED_FIRST SHOAL_RUNTIME SHOAL V8_SONAME

1. The built shoal-runtime lists V8_SONAME (libnode) as its first DT_NEEDED,
   so ld.so finds libnode's own symbols there first (CMakeLists.txt); not
   checked when V8_SONAME is "-" (sanitizer builds keep ASan first).
2. The tool on a copy of `shoal` (the master: libuv, libjansson, libc)
   moves libc.so.6 first and keeps the others' order; the copy still runs;
   a second run changes nothing; an absent name is an error that leaves
   the file as it was.
"""
import os
import shutil
import subprocess
import sys
import tempfile

tool, runtime, shoal, v8_soname = sys.argv[1:5]


def needed(path):
    out = subprocess.run(["readelf", "-d", path], capture_output=True, text=True, check=True).stdout
    return [line.split("[", 1)[1].split("]", 1)[0] for line in out.splitlines() if "(NEEDED)" in line]


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    return cond


ok = True
rt = needed(runtime)
if v8_soname != "-":
    ok &= check(rt and rt[0] == v8_soname, "shoal-runtime's first DT_NEEDED is %s: %s" % (v8_soname, rt[:3]))

with tempfile.TemporaryDirectory() as tmp:
    copy = os.path.join(tmp, "shoal")
    shutil.copy2(shoal, copy)
    before = needed(copy)
    ok &= check("libc.so.6" in before and before[0] != "libc.so.6", "the master's libraries: %s" % before)
    r = subprocess.run([tool, copy, "libc.so.6"], capture_output=True, text=True)
    after = needed(copy)
    want = ["libc.so.6"] + [n for n in before if n != "libc.so.6"]
    ok &= check(r.returncode == 0 and after == want, "libc.so.6 moved first, others in order: %s" % after)
    # In a sanitizer build ASan refuses to start unless its runtime is the
    # first library (why CMakeLists.txt leaves those builds alone); preloaded,
    # it is first again whatever the DT_NEEDED order.
    env = dict(os.environ)
    if before[0].startswith("libasan"):
        env["LD_PRELOAD"] = before[0]
    v = subprocess.run([copy, "version"], capture_output=True, text=True, env=env)
    ok &= check(v.returncode == 0 and v.stdout.startswith("shoal "), "the edited binary runs: %r" % v.stdout)
    subprocess.run([tool, copy, "libc.so.6"], check=True)
    ok &= check(needed(copy) == want, "a second run is a no-op")
    with open(copy, "rb") as f:
        image = f.read()
    r = subprocess.run([tool, copy, "libabsent.so.1"], capture_output=True, text=True)
    with open(copy, "rb") as f:
        same = f.read() == image
    ok &= check(r.returncode == 1 and "libabsent.so.1" in r.stderr and same,
                "an absent library: exit 1, file unchanged (%d, %r)" % (r.returncode, r.stderr.strip()))

sys.exit(0 if ok else 1)
