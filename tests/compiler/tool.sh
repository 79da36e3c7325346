#!/bin/bash
# lsgpu-compile as a command: -o writes a binary and --disasm lists it with Xlsgpu ops
# by name (from src/hw/lsgpu_isa.yaml); an empty, missing or binary input and a file
# that is not a binary fail loudly (exit status 1), and -o then writes nothing.
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
[ $fail = 0 ] && echo "tool: $(echo "$out" | grep -c 'lsgpu\.') Xlsgpu instructions named; bad inputs refused"
exit $fail
