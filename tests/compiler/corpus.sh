#!/bin/bash
# Compiles every piglit GLSL 1.10/1.20 shader_test with lsgpu-compile, each file in a
# child process. Passes when nothing crashed and every rejection has a reason; the
# reasons and the summary line are the log (docs/testing.md).
set -uo pipefail
tool=$1
shift
for dir in "$@"; do
   [ -d "$dir" ] || { echo "corpus: $dir missing (is Debian's piglit installed?)"; exit 1; }
done
out=$("$tool" --corpus "$@")
rc=$?
echo "$out" | grep -E "rejected: |CRASH|exceeded" || true
summary=$(echo "$out" | tail -1)
echo "$summary"
files=$(echo "$summary" | sed -n 's/^corpus: \([0-9]*\) files.*/\1/p')
crashed=$(echo "$summary" | sed -n 's/.* \([0-9]*\) crashed$/\1/p')
if [ -z "$files" ] || [ "$files" -lt 3000 ]; then
   echo "corpus: expected piglit's ~3100 GLSL 1.10/1.20 shader_tests, found ${files:-none}"
   exit 1
fi
[ "$rc" -eq 0 ] && [ "${crashed:-1}" -eq 0 ]
