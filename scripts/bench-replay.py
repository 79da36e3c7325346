#!/usr/bin/python3
"""./lsgpu bench replay: glmark2 scenes recorded once with apitrace (glmark2-es2 on
llvmpipe under Xvfb, 320x240), then replayed with eglretrace on surfaceless EGL, on lsgpu
and on llvmpipe from the same Mesa build, back to back, scene by scene, in one
invocation. A replay is fixed work (the same calls, the same frames), so the ratio of the
two times is the simulator's speed against llvmpipe's: wall time, and CPU time with the
device server's included. The last frame of each replay is read back and compared, so a
fast wrong replay shows (the share of 8x8 blocks whose colour differs). The reference
image comes from one more, untimed, llvmpipe replay without F16C: on a host with it,
llvmpipe computes GLSL ES mediump in half precision, while lsgpu computes it in single
precision, as llvmpipe does without (glmark2's terrain noise differs in 48 % of its
blocks otherwise).

usage: bench-replay.py [--frames N] [--repeat N] [--scenes NAME,...] [--rerecord]
"""
import argparse
import math
import os
import re
import resource
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from private_device import PrivateDevice  # noqa: E402

# A dozen scenes across what glmark2 exercises: vertex-bound, texture filtering, per-pixel
# lighting, full-screen filters, blending, many small draws, branchy shaders.
SCENES = [
    ("build", "build:use-vbo=true"),
    ("texture", "texture:texture-filter=linear"),
    ("mipmap", "texture:texture-filter=mipmap"),
    ("phong", "shading:shading=phong"),
    ("bump", "bump:bump-render=normals"),
    ("effect2d", "effect2d:kernel=0,1,0;1,-4,1;0,1,0;"),
    ("pulsar", "pulsar:light=false:quads=5:texture=false"),
    ("blur", "desktop:blur-radius=5:effect=blur:passes=1:separable=true:windows=4"),
    ("ideas", "ideas:speed=duration"),
    ("jellyfish", "jellyfish"),
    ("terrain", "terrain"),
    ("refract", "refract"),
    ("loop", "loop:fragment-steps=5:fragment-uniform=true:vertex-steps=5"),
]
SIZE = "320x240"
EGLTRACE = "/usr/lib/x86_64-linux-gnu/apitrace/wrappers/egltrace.so"


def record(name, spec, frames, directory):
    """The scene's first `frames` frames as a trace, recorded on llvmpipe; returns the
    trace and the call number of its last eglSwapBuffers."""
    trace = os.path.join(directory, "%s-%s-%d.trace" % (name, SIZE, frames))
    last_file = trace + ".last"
    if os.path.exists(trace) and os.path.exists(last_file):
        return trace, int(open(last_file).read())
    full = trace + ".full"
    for stale in (full, trace):
        if os.path.exists(stale):
            os.remove(stale)
    env = dict(os.environ, TRACE_FILE=full, LD_PRELOAD=EGLTRACE, LIBGL_ALWAYS_SOFTWARE="1",
               LD_LIBRARY_PATH=os.path.join(os.environ["MESA_PREFIX"], "lib"))
    # Long enough for `frames` frames at llvmpipe's slowest scene; the trace is trimmed.
    cmd = ["xvfb-run", "-a", "-s", "-screen 0 640x480x24", "env"] + \
          ["%s=%s" % (k, env[k]) for k in ("TRACE_FILE", "LD_PRELOAD", "LIBGL_ALWAYS_SOFTWARE",
                                           "LD_LIBRARY_PATH")] + \
          ["glmark2-es2", "-s", SIZE, "-b", "%s:duration=%g" % (spec, max(1.0, frames / 10))]
    out = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True, timeout=600).stdout
    if "FPS:" not in out or not os.path.exists(full):
        raise RuntimeError("recording %s failed:\n%s" % (name, out))
    subprocess.run(["apitrace", "trim", "--frames=0-%d" % (frames - 1), "-o", trace, full],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.remove(full)
    dump = subprocess.run(["apitrace", "dump", "--grep=eglSwapBuffers", trace],
                          stdout=subprocess.PIPE, text=True, check=True).stdout
    swaps = [int(line.split()[0]) for line in dump.splitlines() if "eglSwapBuffers(" in line]
    if not swaps:
        raise RuntimeError("the trace of %s has no frame" % name)
    with open(last_file, "w") as f:
        f.write("%d\n" % swaps[-1])
    return trace, swaps[-1]


def replay(trace, last, software, snapshot_prefix, extra_env=None):
    """One replay on a device server of its own: (wall s, CPU s with the server's, the
    server's status line, the snapshot of the last frame or None)."""
    with PrivateDevice("lsgpu-replay-", software, serve=True) as dev:
        env = dict(dev.env, WAFFLE_PLATFORM="surfaceless_egl", **(extra_env or {}))
        cmd = ["eglretrace", "-b", trace]
        if snapshot_prefix:
            cmd[2:2] = ["-S", str(last), "-s", snapshot_prefix]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.monotonic()
        proc = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, timeout=3600)
        wall = time.monotonic() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        status = dev.status()
    if proc.returncode != 0:
        raise RuntimeError("eglretrace failed (exit %d):\n%s" % (proc.returncode, proc.stdout))
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime) + dev.server_cpu
    snapshot = None
    if snapshot_prefix:
        path = "%s%010d.png" % (snapshot_prefix, last)
        snapshot = read_png(path) if os.path.exists(path) else None
    return wall, cpu, status, snapshot


def read_png(path):
    """(width, height, channels, pixel bytes) of an 8-bit RGB(A) PNG as eglretrace writes."""
    data = open(path, "rb").read()
    pos, idat, head = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            head = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour = head[0], head[1], head[2], head[3]
    channels = {2: 3, 6: 4}.get(colour)
    if depth != 8 or channels is None:
        return None
    raw, stride = zlib.decompress(idat), width * channels
    out, prev = bytearray(), bytearray(stride)
    for y in range(height):
        kind, row = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = row[i - channels] if i >= channels else 0
            b, c = prev[i], prev[i - channels] if i >= channels else 0
            if kind == 1:
                row[i] = (row[i] + a) & 255
            elif kind == 2:
                row[i] = (row[i] + b) & 255
            elif kind == 3:
                row[i] = (row[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out += row
        prev = row
    return width, height, channels, bytes(out)


def differing(a, b, n=8):
    """Percentage of n x n blocks whose mean colour differs by more than 16 of 255 in some
    channel: blind to the last bits of precision and to high-frequency shading that moves
    by a pixel, not to missing or misplaced geometry."""
    if not a or not b or a[:3] != b[:3]:
        return None
    w, h, ch, pa = a
    pb, count, total = b[3], 0, 0
    for by in range(0, h, n):
        for bx in range(0, w, n):
            sums = [0, 0, 0]
            pixels = 0
            for y in range(by, min(by + n, h)):
                for x in range(bx, min(bx + n, w)):
                    i = (y * w + x) * ch
                    for k in range(3):
                        sums[k] += pa[i + k] - pb[i + k]
                    pixels += 1
            total += 1
            count += max(abs(v) for v in sums) > 16 * pixels
    return 100.0 * count / total


def median(values):
    values = sorted(values)
    return values[len(values) // 2]


def geomean(values):
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--frames", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--scenes", default="", help="comma-separated names (default: all)")
    ap.add_argument("--rerecord", action="store_true", help="record the traces again")
    args = ap.parse_args()
    if args.frames < 1 or args.repeat < 1:
        ap.error("--frames and --repeat must be at least 1")
    chosen = [s for s in SCENES if not args.scenes or s[0] in args.scenes.split(",")]
    unknown = set(filter(None, args.scenes.split(","))) - {s[0] for s in SCENES}
    if unknown or not chosen:
        ap.error("unknown scene(s) %s; the scenes are %s" %
                 (",".join(sorted(unknown)), ",".join(s[0] for s in SCENES)))

    directory = os.path.join(os.environ["LSGPU_CACHE"], "bench-replay")
    if args.rerecord:
        shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory, exist_ok=True)
    traces = []
    for name, spec in chosen:
        traces.append((name,) + record(name, spec, args.frames, directory))

    print("glmark2-es2 scenes recorded on llvmpipe, replayed with eglretrace (surfaceless), "
          "%s, %d frames each, median of %d" % (SIZE, args.frames, args.repeat))
    print("%-10s %9s %9s %6s   %9s %9s %6s   %8s  %8s %7s  %s" %
          ("scene", "lsgpu s", "llvmp. s", "wall", "lsgpu cpu", "llvmp.cpu", "cpu", "diff",
           "GPU ms", "hw fps", "lsgpu device"))
    walls, cpus, failed = [], [], 0
    snapdir = tempfile.mkdtemp(prefix="lsgpu-replay-")
    try:
        for name, trace, last in traces:
            runs = {False: [], True: []}
            snaps = {}
            status = ""
            for rep in range(args.repeat):
                for software in (False, True):  # back to back, lsgpu first
                    prefix = os.path.join(snapdir, "%s-hw-" % name) if rep == 0 and not software else None
                    wall, cpu, st, snap = replay(trace, last, software, prefix)
                    runs[software].append((wall, cpu))
                    if rep == 0 and not software:
                        snaps[False], status = snap, st
            snaps[True] = replay(trace, last, True, os.path.join(snapdir, "%s-ref-" % name),
                                 {"GALLIUM_OVERRIDE_CPU_CAPS": "sse4.1"})[3]
            hw_wall, sw_wall = (median([r[0] for r in runs[s]]) for s in (False, True))
            hw_cpu, sw_cpu = (median([r[1] for r in runs[s]]) for s in (False, True))
            jobs = re.search(r"(\d+) jobs completed", status)
            jobs = int(jobs.group(1)) if jobs else 0
            # The modelled GPU time of the replay (its set-up included): the frame rate
            # the class's hardware would have, were the CPU side free.
            gpu_ms = re.search(r"([\d.]+) ms of GPU time", status)
            gpu_ms = float(gpu_ms.group(1)) if gpu_ms else 0.0
            hw_fps = args.frames / (gpu_ms / 1000.0) if gpu_ms > 0 else 0.0
            diff = differing(snaps[False], snaps[True])
            walls.append(hw_wall / sw_wall)
            cpus.append(hw_cpu / sw_cpu)
            # Rendering on lsgpu means GPU jobs; a replay that drew nothing there, or a
            # last frame unlike llvmpipe's, makes its time meaningless.
            bad = jobs == 0 or diff is None or diff > 1.0
            failed += bad
            print("%-10s %9.2f %9.2f %6.2f   %9.2f %9.2f %6.2f   %7s%%  %8.2f %7.0f  %d jobs%s" %
                  (name, hw_wall, sw_wall, hw_wall / sw_wall, hw_cpu, sw_cpu, hw_cpu / sw_cpu,
                   "%.2f" % diff if diff is not None else "?", gpu_ms, hw_fps, jobs,
                   "  (NOT COMPARABLE)" if bad else ""), flush=True)
    finally:
        shutil.rmtree(snapdir, ignore_errors=True)
    worst = max(zip(walls, [t[0] for t in traces]))
    print("replay: lsgpu/llvmpipe geometric mean wall %.2f, cpu %.2f; slowest scene %s at "
          "%.2f (targets: mean <= 1.0, no scene above 2.0)" %
          (geomean(walls), geomean(cpus), worst[1], worst[0]))
    if failed:
        print("replay: %d scene(s) not comparable (no GPU jobs, or last frames differ)" % failed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
