#!/usr/bin/env python3
"""Every `#include "..."` of the C sources follows the layer graph of
docs/architecture.md. The build enforces the same graph (each layer's
library sees only the include folders it may use); this check names the
offending line and also covers files the build does not compile.

    tests/style/check_layers.py SOURCE_DIR
"""
import os
import re
import sys

# layer -> its folders (files directly in each; other sub-folders are other
# layers)
FOLDERS = {
    "ipc": ["ipc"],
    "engine": ["worker/http"],
    "core": ["bindings/core"],
    "bindings": ["bindings", "bindings/napi"],
    "worker": ["worker"],
    "master": ["master"],
}
# layer -> the layers it may include (besides itself)
ALLOWED = {
    "ipc": set(),
    "engine": set(),
    "core": set(),
    "bindings": {"core", "engine", "ipc"},
    "worker": {"bindings", "core", "engine", "ipc"},
    "master": {"ipc"},
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def files_of(root, layer):
    return sorted(os.path.join(root, d, f) for d in FOLDERS[layer]
                  for f in os.listdir(os.path.join(root, d))
                  if f.endswith((".c", ".h", ".cc")))


def owners(root, name):
    return [layer for layer in FOLDERS
            if any(os.path.isfile(os.path.join(root, d, name)) for d in FOLDERS[layer])]


def main(root):
    bad = 0
    checked = 0
    for layer in FOLDERS:
        visible = {layer} | ALLOWED[layer]
        for path in files_of(root, layer):
            with open(path, encoding="utf-8") as f:
                for lineno, line in enumerate(f, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    checked += 1
                    name = m.group(1)
                    where = "%s:%d" % (os.path.relpath(path, root), lineno)
                    if "/" in name:
                        print('FAIL %s: #include "%s": name the header only; the '
                              "layer's include folders find it" % (where, name))
                        bad += 1
                        continue
                    found = owners(root, name)
                    ok = [o for o in found if o in visible]
                    if not ok:
                        print('FAIL %s: layer %s includes "%s" of layer %s; it may '
                              "include only %s" % (where, layer, name,
                                                   "/".join(found) or "(none)",
                                                   ", ".join(sorted(visible))))
                        bad += 1
                    elif len(ok) > 1:
                        print('FAIL %s: "%s" is ambiguous (layers %s)'
                              % (where, name, ", ".join(ok)))
                        bad += 1
    print("%d includes checked, %d against the layer graph" % (checked, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
