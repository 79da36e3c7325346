#!/usr/bin/python3
"""Checks that lsgpu-compile's statistics lines parse the way shader-db's report.py
parses them ("NAME - STAGE shader: N stat, N stat, ..."), with every measurement
report.py compares by default. usage: shaderdb_format.py LSGPU_COMPILE SHADER_TEST..."""
import re
import subprocess
import sys

tool, files = sys.argv[1], sys.argv[2:]
out = subprocess.run([tool] + files, capture_output=True, text=True).stdout
line_re = re.compile(r"(\S+) - (.*) shader: (.*)")
wanted = {"instructions", "cycles", "loops", "spills", "fills"}
parsed = 0
for line in out.splitlines():
    m = line_re.search(line)
    if not m:
        continue
    stats = {}
    for stat in m.group(3).split(", "):
        parts = stat.split(" ")
        if len(parts) != 2:
            continue
        val, name = parts
        if name == "inst":
            name = "instructions"
        if name == "spills:fills":
            stats["spills"], stats["fills"] = (int(v) for v in val.split(":"))
        elif val.isnumeric():
            stats[name] = int(val)
    missing = wanted - stats.keys()
    if missing:
        print("line lacks %s: %s" % (sorted(missing), line))
        sys.exit(1)
    if stats["instructions"] <= 0:
        print("no instructions: " + line)
        sys.exit(1)
    parsed += 1
expected = len(files) * 2  # every file here has a vertex and a fragment shader
print("shader-db format: %d lines parsed as report.py does, %d expected" % (parsed, expected))
sys.exit(0 if parsed == expected else 1)
