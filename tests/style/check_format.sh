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
# One clang-format process for all files (one per file took minutes on a
# loaded machine); it names each file it would change in its diagnostics.
existing=()
for f in "${files[@]}"; do [ -f "$f" ] && existing+=("$f"); done
out=$(clang-format --dry-run -Werror "${existing[@]}" 2>&1) && rc=0 || rc=$?
mapfile -t badfiles < <(printf '%s\n' "$out" | sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: error:.*/\1/p' | sort -u)
for f in "${badfiles[@]}"; do
  [ -n "$f" ] && echo "FAIL $f is not clang-formatted (clang-format -i $f)"
done
bad=${#badfiles[@]}
if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then
  printf '%s\n' "$out" >&2
  bad=1
fi
echo "${#existing[@]} files checked, $bad not formatted"
[ "$bad" -eq 0 ]
