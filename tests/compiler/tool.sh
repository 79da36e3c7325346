#!/bin/bash
# lsgpu-compile as a command: -o writes a binary and --disasm lists it with Xlsgpu ops
# by name (from src/hw/lsgpu_isa.yaml); an empty, missing or binary input and a file
# that is not a binary fail loudly (exit status 1), and -o then writes nothing; so do
# a source past --max-statements and a compile past --max-seconds of CPU time, each
# with a one-line reason; a limit that is not a number is a usage error (2).
set -uo pipefail
tool=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat >"$dir/t.frag" <<'GLSL'
uniform sampler2D s;
void main()
{
   vec4 c = texture2D(s, gl_FragCoord.xy, 0.5);
   if (c.x > 0.5)
      discard;
   gl_FragColor = vec4(inversesqrt(c.y), dFdx(c.z), 0.0, 1.0);
}
GLSL
"$tool" --quiet -o "$dir/t.lsb" "$dir/t.frag" || { echo "disasm: compile failed"; exit 1; }
out=$("$tool" --disasm "$dir/t.lsb") || { echo "disasm: --disasm failed"; exit 1; }
fail=0
for op in "lsgpu.tex.bias f28" "lsgpu.rsqrt" "lsgpu.ddx.fine" "lsgpu.demote\|lsgpu.terminate" "flw"; do
   echo "$out" | grep -q "$op" || { echo "disasm: no '$op' in the listing"; fail=1; }
done
echo "garbage" >"$dir/bad.lsb"
if "$tool" --disasm "$dir/bad.lsb" 2>/dev/null; then
   echo "disasm: a file that is not a binary was accepted"
   fail=1
fi
: >"$dir/empty.frag"
head -c 256 "$tool" >"$dir/binary.frag"
for bad in "$dir/empty.frag" "$dir/missing.frag" "$dir/binary.frag"; do
   if "$tool" --quiet -o "$dir/refused.lsb" "$bad" >/dev/null 2>&1; then
      echo "tool: $(basename "$bad") compiled with exit status 0"
      fail=1
   fi
   if [ -e "$dir/refused.lsb" ]; then
      echo "tool: $(basename "$bad") wrote a binary"
      fail=1
   fi
done
# Resource limits: 100001 statements (the default limit is 100000), and a chain of
# 60000 that takes Mesa's front end far more than one second.
statements() {
   echo "void main() {"
   echo " float x = gl_FragCoord.x;"
   for ((i = 2; i < $1; i++)); do echo " x = x * 1.0001 + sin(x);"; done
   echo " gl_FragColor = vec4(x);"
   echo "}"
}
statements 100001 >"$dir/big.frag"
statements 60000 >"$dir/slow.frag"
msg=$("$tool" --quiet -o "$dir/big.lsb" "$dir/big.frag")
rc=$?
if [ $rc != 1 ] || ! echo "$msg" | grep -q "100001 statements.*--max-statements" || [ -e "$dir/big.lsb" ]; then
   echo "tool: 100001 statements: status $rc, '$msg'"
   fail=1
fi
msg=$("$tool" --quiet --max-seconds 1 "$dir/slow.frag")
rc=$?
if [ $rc != 1 ] || ! echo "$msg" | grep -q "more than 1 s of CPU time (--max-seconds)"; then
   echo "tool: --max-seconds 1: status $rc, '$msg'"
   fail=1
fi
"$tool" --max-seconds soon "$dir/t.frag" >/dev/null 2>&1
rc=$?
[ $rc = 2 ] || { echo "tool: --max-seconds soon: status $rc, not 2"; fail=1; }
[ $fail = 0 ] && echo "tool: $(echo "$out" | grep -c 'lsgpu\.') Xlsgpu instructions named; bad inputs and limits refused"
exit $fail
