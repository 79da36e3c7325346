#!/usr/bin/python3
"""./lsgpu bench glmark2: Debian's glmark2-es2-drm on the simulated card, on lsgpu and
on llvmpipe (kms_swrast on the same card) in one invocation, one after the other,
each on a device server of its own. Prints every scene's FPS for both, their ratio,
and both scores.

usage: bench-glmark2.py [--duration SECONDS] [GLMARK2 ARG...]
"""
import argparse
import re
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from private_device import PrivateDevice  # noqa: E402

SCENE = re.compile(r"^\[(\S+)\] (.*?): (?:FPS: (\d+)|(Unsupported))")
SCORE = re.compile(r"glmark2 Score: (\d+)")


def run(software, duration, extra):
    cmd = ["glmark2-es2-drm", "-b", ":duration=%g" % duration] + extra
    with PrivateDevice("lsgpu-glmark2-", software) as dev:
        out = subprocess.run(cmd, env=dev.env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True, timeout=3600).stdout
    scenes, renderer, size, score = [], "?", "?", None
    for line in out.splitlines():
        m = SCENE.match(line)
        if m:
            scenes.append(("%s %s" % (m.group(1), m.group(2)),
                           None if m.group(4) else int(m.group(3))))
        elif "GL_RENDERER:" in line:
            renderer = line.split(":", 1)[1].strip()
        elif "Surface Size:" in line:
            size = line.split(":", 1)[1].strip()
        elif SCORE.search(line):
            score = int(SCORE.search(line).group(1))
    errors = [l for l in out.splitlines() if "error" in l.lower()]
    return scenes, renderer, size, score, errors


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--duration", type=float, default=1.0)
    args, extra = ap.parse_known_args()
    hw = run(False, args.duration, extra)
    sw = run(True, args.duration, extra)
    print("glmark2-es2-drm at %s, %g s per scene" % (hw[2], args.duration))
    print("%-60s %8s %8s %7s" % ("scene", "lsgpu", "llvmpipe", "ratio"))
    reference = dict(sw[0])
    for name, fps in hw[0]:
        ref = reference.get(name)
        ratio = "%.2f" % (fps / ref) if fps and ref else "-"
        print("%-60s %8s %8s %7s" % (name[:60], fps if fps is not None else "unsup.",
                                     ref if ref is not None else "unsup.", ratio))
    for label, result in (("lsgpu", hw), ("llvmpipe", sw)):
        for e in result[4]:
            print("%s: %s" % (label, e))
    if hw[3] is None or sw[3] is None:
        print("glmark2: a run did not finish (lsgpu score %s, llvmpipe score %s)" % (hw[3], sw[3]))
        return 1
    print("glmark2 score: lsgpu %d (%s), llvmpipe %d (%s): %.2fx llvmpipe" %
          (hw[3], hw[1], sw[3], sw[1], hw[3] / max(sw[3], 1)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
