#!/bin/bash
# lsgpu-compile -o writes a binary and --disasm lists it with Xlsgpu ops by name
# (from src/hw/lsgpu_isa.yaml); a file that is not a binary fails loudly.
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
[ $fail = 0 ] && echo "disasm: $(echo "$out" | grep -c 'lsgpu\.') Xlsgpu instructions named"
exit $fail
