#!/usr/bin/python3
"""weston on the simulated card, once on lsgpu and once on llvmpipe (kms_swrast on the
same card), each with weston-simple-egl: both desktops come up, the client runs, and
the screens match except where the time-animated triangle turns. Then, on lsgpu,
glmark2-es2-wayland (a Wayland EGL benchmark: it runs a scene and prints its score) and
glxinfo as an X client through Xwayland: GLX with direct rendering (DRI3, which
Xwayland offers only with glamor).

usage: weston_compare.py DESKTOP_RUN_SCRIPT OUTDIR
"""
import os
import struct
import subprocess
import sys
import zlib


def read_png(path):
    """RGBA8 PNGs as lsgpu-device writes them (no interlace)."""
    data = open(path, "rb").read()
    pos, idat, w, h = 8, b"", 0, 0
    while pos < len(data):
        n = struct.unpack(">I", data[pos:pos + 4])[0]
        kind, chunk = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h = struct.unpack(">II", chunk[:8])
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + n
    raw, bpp = zlib.decompress(idat), 4
    stride, out, prev, p = w * bpp, bytearray(), bytearray(w * bpp), 0
    for _ in range(h):
        f, line = raw[p], bytearray(raw[p + 1:p + 1 + stride])
        p += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out += line
        prev = line
    return w, h, out


def window_box(w, h, rgba):
    """The bounding box of simple-egl's dark window (below the panel), or None."""
    x0, y0, x1, y1 = w, h, -1, -1
    for y in range(32, h):
        row = y * w * 4
        for x in range(w):
            q = row + x * 4
            if max(rgba[q], rgba[q + 1], rgba[q + 2]) < 90:
                x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
    return (x0, y0, x1, y1) if x1 >= 0 else None


def inside(box, x, y):
    return box is not None and box[0] <= x <= box[2] and box[1] <= y <= box[3]


def size(box):
    return (box[2] - box[0] + 1, box[3] - box[1] + 1)


def run(script, out, software, clients=("--client", "weston-simple-egl"), seconds=8):
    cmd = [sys.executable, script, "--out", out, "--seconds", str(seconds)] + list(clients)
    if software:
        cmd.append("--software")
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    print(r.stdout, end="")
    return r.returncode, r.stdout


def main():
    script, outdir = sys.argv[1], sys.argv[2]
    failures = 0
    rc_hw, log_hw = run(script, os.path.join(outdir, "lsgpu"), False)
    rc_sw, log_sw = run(script, os.path.join(outdir, "llvmpipe"), True)
    checks = [
        ("the desktop on lsgpu came up with its client", rc_hw == 0),
        ("the desktop on llvmpipe came up with its client", rc_sw == 0),
        ("weston composited with lsgpu", "composited with lsgpu" in log_hw),
        ("the reference composited with llvmpipe", "composited with llvmpipe" in log_sw),
    ]
    if rc_hw == 0 and rc_sw == 0:
        w, h, a = read_png(os.path.join(outdir, "lsgpu", "desktop.png"))
        w2, h2, b = read_png(os.path.join(outdir, "llvmpipe", "desktop.png"))
        box_a, box_b = window_box(w, h, a), window_box(w, h, b)
        differ = outside = triangle = 0
        for y in range(h):
            for x in range(w):
                q = (y * w + x) * 4
                if max(abs(a[q] - b[q]), abs(a[q + 1] - b[q + 1]), abs(a[q + 2] - b[q + 2])) > 1:
                    differ += 1
                    # The panel's clock (top 32 rows) may tick between the two runs.
                    outside += y >= 32 and not inside(box_a, x, y) and not inside(box_b, x, y)
                # simple-egl's vertices are pure red, green and blue, shaded between.
                hi, lo = max(a[q:q + 3]), min(a[q:q + 3])
                triangle += hi > 150 and lo < 60
        checks += [
            ("same screen size", (w, h) == (w2, h2) == (1024, 768)),
            ("a 250x250 client window on each screen",
             box_a and box_b and size(box_a) == size(box_b) == (250, 250)),
            # It turns about its vertical axis: edge-on it is a sliver of a few dozen
            # pixels, face-on a few thousand; an empty window has none.
            ("the triangle of weston-simple-egl is on the lsgpu screen", triangle > 20),
            # weston places windows at random and the triangle turns with time; all the
            # rest (background, panel, window shadows) is composited alike.
            ("outside the windows the screens are equal (one step of 8-bit colour)", outside == 0),
        ]
        print("weston: desktop on lsgpu and on llvmpipe at %dx%d: %d pixels differ, %d of them "
              "outside the client windows; %d triangle pixels" % (w, h, differ, outside, triangle))
    xout = os.path.join(outdir, "xwayland")
    rc_x, _ = run(script, xout, False,
                  ("--client", "glmark2-es2-wayland -b build:duration=1 --size 160x120",
                   "--x-client", "glxinfo -B"), seconds=8)

    def client_log(k):
        path = os.path.join(xout, "client-%d.log" % k)
        return open(path, errors="replace").read() if os.path.exists(path) else ""
    glmark2, glxinfo = client_log(0), client_log(1)
    score = [l.strip() for l in glmark2.splitlines() if "glmark2 Score" in l]
    renderer = [l for l in glxinfo.splitlines() if l.startswith("OpenGL renderer string")]
    checks += [
        ("glmark2-es2-wayland ran on lsgpu and printed its score",
         "GL_RENDERER:    lsgpu" in glmark2 and bool(score)),
        ("glxinfo through Xwayland ran", rc_x == 0),
        ("glxinfo: direct rendering", "direct rendering: Yes" in glxinfo),
        ("glxinfo: the renderer is lsgpu", bool(renderer) and "lsgpu" in renderer[0]),
    ]
    print("weston: glmark2-es2-wayland (build, 1 s, 160x120): %s"
          % (score[0] if score else "no score"))
    print("weston: Xwayland glxinfo: %s" % (renderer[0] if renderer else "no renderer string"))
    for what, ok in checks:
        print("%s: %s" % ("ok" if ok else "FAILED", what))
        failures += not ok
    print("%d passed, %d failed" % (len(checks) - failures, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
