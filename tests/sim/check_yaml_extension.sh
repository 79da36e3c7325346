#!/bin/bash
# Adding a DRAW_STATE field or an enum value is one YAML edit: on a copy of
# lsgpu_packets.yaml with a new ZFMT value and a new DRAW_STATE field, the generated
# code validates, prints and describes both (yaml_extension_probe.cpp), with no other
# edit anywhere.
set -euo pipefail
hw=$1 probe=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
/usr/bin/python3 - "$hw/lsgpu_packets.yaml" "$dir/lsgpu_packets.yaml" <<'PY'
import sys
s = open(sys.argv[1]).read()
anchor = '      - {name: S8_UINT_Z24_UNORM, value: 4,'
assert anchor in s, "ZFMT anchor moved"
s = s.replace(anchor, '      - {name: TEST_NEW, value: 6, doc: "A value added by the test."}\n' + anchor, 1)
# The new field goes after DRAW_STATE's last one, in the word after the last used.
import re
start = s.index('  - name: DRAW_STATE\n', s.index('descriptors:'))
end = s.find('\n  - name: ', start + 1)
fields = list(re.finditer(r'^      - \{name: \w+, word: (\d+),.*$', s[start:end], re.M))
assert fields, "DRAW_STATE has no fields"
last = fields[-1]
word = max(int(f.group(1)) for f in fields) + 1
line_end = start + last.end()
s = s[:line_end + 1] + ('      - {name: test_new_field, word: %d, size: 3, type: enum ZFMT, '
                        'doc: "A field added by the test."}\n' % word) + s[line_end + 1:]
open(sys.argv[2], "w").write(s)
PY
/usr/bin/python3 "$hw/gen_packets.py" "$dir/lsgpu_packets.yaml" --header "$dir/lsgpu_packets.h"
${CXX:-c++} -std=c++17 -Wall -Werror -I"$dir" "$probe" -o "$dir/probe"
"$dir/probe"
