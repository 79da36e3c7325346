#!/usr/bin/python3
"""./lsgpu bench compute: clpeak's kernels (read from Debian's clpeak) on lsgpu, on
rusticl-llvmpipe from the same Mesa build and on PoCL (Debian's pocl-opencl-icd), one
after the other in one invocation, with the same sizes. Prints each rate, lsgpu's
ratio to both, and lsgpu's rate at the timing model's GPU time (SHADER_CYCLES over
4 cores at 500 MHz): what the simulated hardware would do, not what the simulator
does on this host.

usage: bench-compute.py [--scale N]
"""
import argparse
import os
import re
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from private_device import PrivateDevice  # noqa: E402

RESULT = re.compile(r"^result: (\S+) ([0-9.e+-]+) (\S+)(?: estimate ([0-9.e+-]+))?")
POCL_ICD = "/etc/OpenCL/vendors/pocl.icd"


def run(name, env, scale):
    tool = os.path.join(os.environ["LSGPU_BUILD"], "tools/lsgpu-cl-bench")
    proc = subprocess.run([tool, name, "--scale", str(scale)], env=env, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=3600)
    device, results = "?", {}
    for line in proc.stdout.splitlines():
        m = RESULT.match(line)
        if m:
            results[m.group(1)] = (float(m.group(2)), m.group(3),
                                   float(m.group(4)) if m.group(4) else None)
        elif line.startswith("device: "):
            device = line[len("device: "):]
    if proc.returncode != 0 or not results:
        print("%s: the benchmark failed (exit %d):\n%s" % (name, proc.returncode, proc.stdout))
    return device, results


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=int, default=8)
    args = ap.parse_args()
    if not os.path.exists(POCL_ICD):
        print("bench compute: PoCL is not installed (%s)" % POCL_ICD)
        return 1
    mesa_icds = os.path.join(os.environ["MESA_PREFIX"], "etc/OpenCL/vendors")
    with PrivateDevice("lsgpu-bench-compute-") as dev:
        env = dict(dev.env, OCL_ICD_VENDORS=mesa_icds, RUSTICL_ENABLE="lsgpu")
        lsgpu = run("lsgpu", env, args.scale)
        env = dict(dev.env, OCL_ICD_VENDORS=mesa_icds, RUSTICL_ENABLE="llvmpipe")
        llvmpipe = run("llvmpipe", env, args.scale)
    env = dict(os.environ, OCL_ICD_VENDORS=POCL_ICD)
    env.pop("LD_PRELOAD", None)
    pocl = run("pthread", env, args.scale)

    for label, (device, _) in (("lsgpu", lsgpu), ("llvmpipe", llvmpipe), ("pocl", pocl)):
        print("%-9s %s" % (label + ":", device))
    print("clpeak kernels, scale %d (lsgpu, rusticl-llvmpipe, PoCL; higher is better except "
          "latency)" % args.scale)
    print("%-20s %6s %10s %10s %10s %9s %9s %12s" % (
        "test", "unit", "lsgpu", "llvmpipe", "pocl", "/llvmpipe", "/pocl", "lsgpu@500MHz"))
    failed = not (lsgpu[1] and llvmpipe[1] and pocl[1])
    for test, (value, unit, estimate) in lsgpu[1].items():
        ref = llvmpipe[1].get(test, (None,))[0]
        cpu = pocl[1].get(test, (None,))[0]

        def ratio(other):
            if not other:
                return "-"
            # Latency: lower is better, so the ratio is inverted to read the same way.
            return "%.3f" % ((other / value) if unit == "us" else (value / other))
        print("%-20s %6s %10.4g %10s %10s %9s %9s %12s" % (
            test, unit, value, "%.4g" % ref if ref else "-", "%.4g" % cpu if cpu else "-",
            ratio(ref), ratio(cpu), "%.4g" % estimate if estimate else "-"))
    print("bench compute: %s" % ("a device did not finish" if failed else
                                 "3 devices, %d tests each" % len(lsgpu[1])))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
