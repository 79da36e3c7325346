#!/usr/bin/python3
"""Runs piglit (Debian's package) on lsgpu or on llvmpipe, both forced to the GL 2.1 level
(MESA_GL_VERSION_OVERRIDE=2.1, GLSL 1.20; each keeps the extensions it offers), and
compares the results with baseline files in Mesa CI's form (docs/testing.md).
--native runs lsgpu at the version it reports (GL 3.1), for the GL 3.x tests.

usage: piglit-run.py --name NAME [--list FILE] [--profile P ...] [--reference | --compare]
                     [--baseline DIR] [--jobs N] [--platform surfaceless_egl|gbm] [--opencl]
                     [--native] [--deqp-bin BIN --deqp-mustpass LIST]

The GBM platform (EGL on a GBM device, the render node) runs what surfaceless cannot:
tests that need a window-system framebuffer. --opencl runs OpenCL profiles (cl) through
the ICD loader and Mesa's rusticl: on lsgpu, and for reference on llvmpipe (the
"llvmpipe-cl" baseline).

--deqp-bin runs Khronos dEQP-GLES2 through piglit's deqp_gles2 profile instead: each test
of the mustpass LIST in its own deqp-gles2 process (a crash loses one result, not the
rest), on a 256x256 pbuffer with Mesa CI's arguments, at the GLES version each driver
reports; its baselines are deqp-lsgpu-*.txt and deqp-llvmpipe-*.txt.

Environment: LSGPU_BUILD and MESA_PREFIX (scripts/env.sh), LSGPU_CACHE for results.
The renderer string is checked before anything runs: Mesa falls back to software
silently. Results are piglit's own (results.json.bz2), so `piglit summary` reads them.
Exit status: 0 when no test failed or crashed that the baseline does not expect.
"""
import argparse
import bz2
import json
import os
import re
import subprocess
import sys
import time

PIGLIT_GOOD = {"pass", "skip", "warn"}
CI_NAMES = {"fail": "Fail", "crash": "Crash", "timeout": "Timeout", "warn": "Warn",
            "dmesg-fail": "Fail", "dmesg-warn": "Warn", "incomplete": "Crash"}


def driver_env(reference, platform="surfaceless_egl", native=False):
    env = dict(os.environ)
    env["LD_LIBRARY_PATH"] = os.path.join(env["MESA_PREFIX"], "lib")
    env["PIGLIT_PLATFORM"] = platform
    if platform == "gbm":
        # waffle picks the render node itself (udev enumeration).
        if reference:
            # kms_swrast allocates dumb buffers, which only the primary node gives.
            env["WAFFLE_GBM_DEVICE"] = "/dev/dri/card0"
            env["GBM_ALWAYS_SOFTWARE"] = "1"
    else:
        # Surfaceless has no window to show: without this, every test that runs in
        # the winsys framework ends in piglit's abort() after display() (Mesa CI sets
        # it too).
        env["PIGLIT_NO_WINDOW"] = "1"
    # Piglit's fast skip asks wflinfo for the GL version; without waffle-utils it
    # would skip everything. The tests check their own requirements.
    env["PIGLIT_NO_FAST_SKIP"] = "1"
    env["MESA_SHADER_CACHE_DISABLE"] = "true"
    env.pop("LD_PRELOAD", None)
    if reference:
        env["LIBGL_ALWAYS_SOFTWARE"] = "1"
    if not native:
        # Both drivers at the GL 2.1 level the baselines describe: llvmpipe would report
        # 4.5, lsgpu 3.1; the extensions stay what each driver offers.
        env["MESA_GL_VERSION_OVERRIDE"] = "2.1"
        env["MESA_GLSL_VERSION_OVERRIDE"] = "120"
    if not reference or platform == "gbm":
        # On GBM the reference, too, runs on the simulated node (kms_swrast).
        env["LD_PRELOAD"] = os.path.join(env["LSGPU_BUILD"], "src/simulator/liblsgpu_interposer.so")
    return env


def opencl_env(reference):
    env = dict(os.environ)
    env["LD_LIBRARY_PATH"] = os.path.join(env["MESA_PREFIX"], "lib")
    env["OCL_ICD_VENDORS"] = os.path.join(env["MESA_PREFIX"], "etc/OpenCL/vendors")
    # rusticl offers only the drivers named here: one device per run.
    env["RUSTICL_ENABLE"] = "llvmpipe" if reference else "lsgpu"
    env["MESA_SHADER_CACHE_DISABLE"] = "true"
    env.pop("LD_PRELOAD", None)
    if not reference:
        env["LD_PRELOAD"] = os.path.join(env["LSGPU_BUILD"], "src/simulator/liblsgpu_interposer.so")
    return env


def check_opencl_device(env, reference):
    out = subprocess.run(["clinfo", "-l"], env=env, capture_output=True, text=True)
    devices = [l.split(":", 1)[1].strip() for l in out.stdout.splitlines() if "Device #" in l]
    want = "llvmpipe" if reference else "lsgpu"
    print("OpenCL devices: %s" % (", ".join(devices) or "none"))
    if len(devices) != 1 or not devices[0].startswith(want):
        sys.exit("piglit: expected rusticl to offer %s alone, got %r" % (want, devices))


def check_renderer(env, reference, native=False):
    tool = os.path.join(os.environ["LSGPU_BUILD"], "tools/lsgpu-scene")
    out = subprocess.run([tool, "--renderer"], env=env, capture_output=True, text=True)
    lines = out.stdout.splitlines()
    renderer = lines[0] if lines else "(no context: %s)" % out.stderr.strip()
    version = lines[1] if len(lines) > 1 else "?"
    want = "llvmpipe" if reference else "lsgpu"
    print("renderer: %s, GL %s" % (renderer, version))
    if not renderer.startswith(want):
        sys.exit("piglit: expected the %s renderer, got %r" % (want, renderer))
    if not native and not version.startswith("2.1"):
        sys.exit("piglit: %s is not forced to GL 2.1 (%s)" % (want, version))


def read_expectations(baseline, driver, platform):
    """Mesa CI's files: DRIVER-fails.txt ("test,Result"), DRIVER-flakes.txt and
    DRIVER-skips.txt (one regex per line); '#' starts a comment."""
    def lines(name, prefix=driver):
        path = os.path.join(baseline, "%s-%s.txt" % (prefix, name))
        if not os.path.exists(path):
            return []
        with open(path) as f:
            return [l.strip() for l in f if l.strip() and not l.startswith("#")]
    fails = {}
    for l in lines("fails"):
        test, _, result = l.rpartition(",")
        fails[test] = result
    # surfaceless-skips.txt: what that platform cannot run, for either driver.
    skips = lines("skips") + (lines("skips", "surfaceless") if platform == "surfaceless_egl" else [])
    return fails, [re.compile(r) for r in lines("flakes")], skips


# Mesa CI's dEQP arguments for GLES on a surfaceless EGL display (deqp-runner's).
DEQP_ARGS = ["--deqp-surface-type=pbuffer", "--deqp-gl-config-name=rgba8888d24s8ms0",
             "--deqp-surface-width=256", "--deqp-surface-height=256",
             "--deqp-visibility=hidden"]


def deqp_env(env, args, results):
    """piglit's deqp_gles2 profile reads every non-empty line of the list as a test name:
    it gets a copy without our comment lines."""
    if not os.path.exists(args.deqp_bin):
        sys.exit("piglit: no %s (the set-up builds it when the dEQP source is there)"
                 % args.deqp_bin)
    with open(args.deqp_mustpass) as f:
        names = [l.strip() for l in f if l.strip() and not l.startswith("#")]
    mustpass = results + "-list.txt"
    os.makedirs(os.path.dirname(mustpass), exist_ok=True)
    with open(mustpass, "w") as f:
        f.write("\n".join(names) + "\n")
    env = dict(env)
    env["PIGLIT_DEQP_GLES2_BIN"] = os.path.abspath(args.deqp_bin)
    env["PIGLIT_DEQP2_MUSTPASS"] = mustpass
    env["PIGLIT_DEQP_GLES2_EXTRA_ARGS"] = " ".join(DEQP_ARGS)
    env["EGL_PLATFORM"] = "surfaceless"
    return env


def run(args, reference):
    if args.deqp_bin:
        driver = "llvmpipe" if reference else "lsgpu"
        env = driver_env(reference, native=True)
        check_renderer(env, reference, native=True)
        baseline_name = "deqp-" + driver
    elif args.opencl:
        driver = "llvmpipe-cl" if reference else "lsgpu"
        env = opencl_env(reference)
        check_opencl_device(env, reference)
        baseline_name = driver
    else:
        driver = "llvmpipe-gl21" if reference else "lsgpu"
        env = driver_env(reference, args.platform, args.native)
        check_renderer(driver_env(reference, native=args.native), reference, args.native)
        baseline_name = driver
    results = os.path.join(os.environ["LSGPU_CACHE"], "piglit", "%s-%s" % (args.name, driver))
    if args.deqp_bin:
        env = deqp_env(env, args, results)
    fails, flakes, skips = read_expectations(args.baseline, baseline_name, args.platform)
    cmd = ["piglit", "run", "-p", args.platform, "-l", "quiet", "-o", "-j", str(args.jobs),
           "--timeout", str(args.timeout)]
    if args.deqp_bin:
        cmd += ["--deqp-mustpass-list"]
    for s in skips:
        cmd += ["-x", s]
    if args.list:
        cmd += ["--test-list", args.list]
    cmd += args.profile + [results]
    start = time.time()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall = time.time() - start
    path = os.path.join(results, "results.json.bz2")
    if not os.path.exists(path):
        sys.stdout.write(proc.stdout[-2000:] + proc.stderr[-2000:])
        sys.exit("piglit: no results written (%s)" % results)
    with bz2.open(path) as f:
        tests = json.load(f)["tests"]

    counts = {}
    new, fixed, flaky = [], [], []
    for name, t in sorted(tests.items()):
        r = t["result"]
        counts[r] = counts.get(r, 0) + 1
        expected = fails.get(name)
        if r in PIGLIT_GOOD:
            if expected:
                fixed.append(name)
            continue
        if any(f.search(name) for f in flakes):
            flaky.append("%s,%s" % (name, CI_NAMES.get(r, r)))
            continue
        if expected != CI_NAMES.get(r, r):
            new.append("%s,%s (expected %s)" % (name, CI_NAMES.get(r, r), expected or "Pass"))
    for n in new:
        print("NEW: " + n)
    for n in fixed:
        print("FIXED: %s (was %s; update %s-fails.txt)" % (n, fails[n], baseline_name))
    for n in flaky:
        print("flake: " + n)
    summary = ", ".join("%d %s" % (counts[k], k) for k in sorted(counts))
    print("piglit %s on %s: %s; %d tests in %.0f s; %d new failures, %d fixes; results in %s"
          % (args.name, driver, summary, len(tests), wall, len(new), len(fixed), results))
    return counts, len(new), wall, tests


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", required=True)
    ap.add_argument("--list")
    ap.add_argument("--profile", nargs="+", default=["quick"])
    ap.add_argument("--reference", action="store_true", help="llvmpipe forced to GL 2.1")
    ap.add_argument("--compare", action="store_true", help="lsgpu, then llvmpipe at GL 2.1")
    ap.add_argument("--baseline", default=os.path.join(os.path.dirname(__file__), "..", "tests", "piglit"))
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--timeout", type=int, default=120)
    ap.add_argument("--platform", default="surfaceless_egl", choices=["surfaceless_egl", "gbm"])
    ap.add_argument("--opencl", action="store_true", help="OpenCL profiles through rusticl")
    ap.add_argument("--native", action="store_true",
                    help="lsgpu at the GL version it reports (3.1), not forced to 2.1")
    ap.add_argument("--deqp-bin", help="deqp-gles2: run dEQP-GLES2 (profile deqp_gles2)")
    ap.add_argument("--deqp-mustpass", help="the dEQP test names to run, one per line")
    args = ap.parse_args()
    if args.deqp_bin:
        if not args.deqp_mustpass:
            ap.error("--deqp-bin needs --deqp-mustpass")
        args.profile = ["deqp_gles2"]

    if not args.compare:
        _, new, _, _ = run(args, args.reference)
        sys.exit(1 if new else 0)
    hw_counts, new, hw_wall, hw = run(args, False)
    ref_counts, _, ref_wall, ref = run(args, True)
    ref_pass = {n for n, t in ref.items() if t["result"] == "pass"}
    both = sum(1 for n in ref_pass if hw.get(n, {}).get("result") == "pass")
    reference = ("llvmpipe (rusticl)" if args.opencl else
                 "llvmpipe" if args.deqp_bin else "llvmpipe-at-2.1")
    print("compare: lsgpu passes %d of the %d tests %s passes (%.1f%%); "
          "wall %.0f s vs %.0f s" % (both, len(ref_pass), reference,
                                     100.0 * both / max(1, len(ref_pass)), hw_wall, ref_wall))
    sys.exit(1 if new else 0)


if __name__ == "__main__":
    main()
