#!/usr/bin/env bash
# Every C/C++ source and header of the project follows .clang-format.
#   tests/style/check_format.sh SOURCE_DIR
# Lists the files git tracks (or, outside a checkout, those under the project's
# source folders) and fails naming each file clang-format would change.
set -euo pipefail
cd "$1"
if ! command -v clang-format >/dev/null; then
  echo "SKIP: clang-format is not installed (scripts/setup.sh installs it)"
  exit 77
fi
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files '*.c' '*.h' '*.cc')
else
  mapfile -t files < <(find master worker ipc bindings scripts tests -name '*.[ch]' -o -name '*.cc')
fi
bad=0
for f in "${files[@]}"; do
  [ -f "$f" ] || continue
  if ! clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
    echo "FAIL $f is not clang-formatted (clang-format -i $f)"
    bad=$((bad + 1))
  fi
done
echo "${#files[@]} files checked, $bad not formatted"
[ "$bad" -eq 0 ]
