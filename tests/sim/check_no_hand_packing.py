#!/usr/bin/python3
"""Fails when code outside src/hw's generator packs or unpacks a packet field by hand.

usage: check_no_hand_packing.py YAML DIR...

Every field of every packet and descriptor in the YAML has a typed member in the
generated structs; shifting or masking such a member (`st.fs_flags >> 3`,
`rt.swizzle = a | b << 3`) means a layout is being written a second time. Fields marked
`bitset` (masks, patterns, truth tables) are tested bit by bit by their units and are
exempt. Prints each offending line and exits 1.
"""
import os
import re
import sys

import yaml


def field_names(spec):
    names = set()
    for item in spec["packets"] + spec.get("descriptors", []):
        for f in item.get("fields", []):
            if not f.get("bitset"):
                names.add(f["name"])
    return names


def main():
    spec = yaml.safe_load(open(sys.argv[1]))
    names = "|".join(sorted(field_names(spec), key=len, reverse=True))
    member = r"(?:\.|->)(?:%s)\b(?:\[[^\]]*\])?" % names
    patterns = [
        re.compile(member + r"\s*(?:<<|>>)"),                     # st.fs_flags >> 3
        re.compile(member + r"\s*&\s*(?:0x|\d)"),                  # st.scissor & 0xffff
        re.compile(member + r"\s*[|&^]?=(?!=)[^;]*(?:<<|>>)"),     # st.x = a | b << 8
        re.compile(r"(?:<<|>>)\s*\(?\s*\d+\s*\*?[^;]*" + member),  # >> (3 * c)) & 7 ... .swizzle
    ]
    bad = 0
    for root_dir in sys.argv[2:]:
        for dirpath, _, files in os.walk(root_dir):
            for name in files:
                if not name.endswith((".c", ".cpp", ".h")):
                    continue
                path = os.path.join(dirpath, name)
                with open(path, errors="replace") as f:
                    for n, line in enumerate(f, 1):
                        code = line.split("//")[0]
                        if any(p.search(code) for p in patterns[:3]):
                            print("%s:%d: %s" % (path, n, line.rstrip()))
                            bad += 1
    print("%d hand-packed field access(es)" % bad)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
