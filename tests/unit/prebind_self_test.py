#!/usr/bin/env python3
"""unit/prebind_self: scripts/prebind_self.c, proved against ld.so itself.

  prebind_self_test.py TOOL SHOAL_RUNTIME ORIGINAL PREBOUND LIST

ORIGINAL is .deps' libnode, PREBOUND the build's copy (build/lib), LIST the
tool's "TYPE SYMBOL" lines for it.
1. ELF sanity: same size, same section and program headers (PT_GNU_RELRO
   too), BIND_NOW and NOW still set, and no byte differs outside the
   relocation tables.
2. shoal-runtime run with ORIGINAL under LD_DEBUG=bindings: every symbol of
   LIST is one that ld.so bound from libnode to libnode, every time.
3. shoal-runtime run with PREBOUND (its RUNPATH) under LD_DEBUG=bindings:
   libnode's remaining lookups bind exactly as before (to the executable's
   napi_*, llhttp_*, to libstdc++ ...), and none of LIST's is looked up.
4. The tool refuses a library without BIND_NOW and leaves no output.
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

tool, runtime, original, prebound, listing = sys.argv[1:6]
BINDING = re.compile(r"binding file (\S+) \[\d+\] to (\S+) \[\d+\]: normal symbol `([^']+)'")


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    return cond


def readelf(*args):
    return subprocess.run(["readelf", "-W", *args], capture_output=True, text=True, check=True).stdout


def bindings(env_extra):
    """{symbol: set of target files} for libnode's lookups, from ld.so."""
    env = dict(os.environ, LD_DEBUG="bindings", **env_extra)
    r = subprocess.run([runtime, "version"], capture_output=True, text=True, env=env)
    found, libnode = {}, None
    for m in BINDING.finditer(r.stderr):
        if os.path.basename(m.group(1)) == os.path.basename(original):
            libnode = m.group(1)
            found.setdefault(m.group(3), set()).add(os.path.basename(m.group(2)))
    return r, libnode, found


def rela_ranges(path):
    """File ranges of .rela.dyn and .rela.plt."""
    ranges = []
    for line in readelf("-S", path).splitlines():
        m = re.search(r"\]\s+(\.rela\.\w+)\s+RELA\s+[0-9a-f]+\s+([0-9a-f]+)\s+([0-9a-f]+)", line)
        if m:
            ranges.append((int(m.group(2), 16), int(m.group(2), 16) + int(m.group(3), 16)))
    return sorted(ranges)


ok = True
soname = os.path.basename(original)
with open(listing) as f:
    converted = [line.split()[1] for line in f if line.strip()]
names = set(converted)
ok &= check(len(converted) > 40000, "%d relocations pre-bound (%d symbols)" % (len(converted), len(names)))

# 1. ELF sanity.
ok &= check(os.path.getsize(original) == os.path.getsize(prebound), "same size")
ok &= check(readelf("-S", original) == readelf("-S", prebound), "same section headers")
phdrs = readelf("-l", prebound)
ok &= check(readelf("-l", original) == phdrs and "GNU_RELRO" in phdrs, "same program headers, PT_GNU_RELRO")
dyn = readelf("-d", prebound)
ok &= check(bool(re.search(r"\(FLAGS\)\s+BIND_NOW", dyn)) and bool(re.search(r"\(FLAGS_1\)\s+Flags: NOW", dyn)),
            "BIND_NOW and FLAGS_1 NOW kept")
with open(original, "rb") as a, open(prebound, "rb") as b:
    x, y = a.read(), b.read()
start = 0
same = True
for lo, hi in rela_ranges(original) + [(len(x), len(x))]:
    same &= x[start:lo] == y[start:lo]
    start = hi
ok &= check(same and x != y, "only the relocation tables differ")
del x, y

# 2. ld.so with the original binds every listed symbol to libnode.
r, where, orig = bindings({"LD_LIBRARY_PATH": os.path.dirname(original)})
ok &= check(r.returncode == 0 and bool(where) and os.path.realpath(where) == os.path.realpath(original),
            "the original runs: %s" % where)
wrong = sorted(n for n in names if orig.get(n) != {soname})
ok &= check(not wrong, "ld.so bound every listed symbol to %s (%d are not: %s)" % (soname, len(wrong), wrong[:5]))

# 3. With the pre-bound copy, the other lookups bind as before.
r, where, now = bindings({})
ok &= check(r.returncode == 0 and r.stdout.startswith("shoal ") and bool(where) and
            os.path.realpath(where) == os.path.realpath(prebound), "the pre-bound copy runs: %s" % where)
ok &= check(not names & set(now), "no listed symbol is looked up any more")
rest = {n: t for n, t in orig.items() if n not in names}
ok &= check(now == rest, "the %d other symbols bind as with the original" % len(rest))
ok &= check(any(n.startswith("napi_") and t == {os.path.basename(runtime)} for n, t in now.items()),
            "libnode's napi_* still bind to the executable")

# 4. No BIND_NOW: refused, no output.
with tempfile.TemporaryDirectory() as tmp:
    lazy, out = os.path.join(tmp, soname), os.path.join(tmp, "out.so")
    shutil.copy(original, lazy)
    off = int(re.search(r"Dynamic section at offset (0x[0-9a-f]+)", dyn).group(1), 16)
    with open(lazy, "r+b") as f:
        f.seek(off)
        table = bytearray(f.read(16 * 64))
        for i in range(0, len(table), 16):
            tag = struct.unpack_from("<q", table, i)[0]
            if tag in (0x1E, 0x6FFFFFFB):  # DT_FLAGS, DT_FLAGS_1
                struct.pack_into("<Q", table, i + 8, 0)
        f.seek(off)
        f.write(table)
    open(out, "w").close()
    r = subprocess.run([tool, lazy, runtime, out], capture_output=True, text=True)
    ok &= check(r.returncode == 1 and "BIND_NOW" in r.stderr and not os.path.exists(out),
                "a library without BIND_NOW is refused: %s" % r.stderr.strip().splitlines()[0])

sys.exit(0 if ok else 1)
