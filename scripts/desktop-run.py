#!/usr/bin/python3
"""A desktop on the simulated card: the device server, weston (DRM backend, GL
renderer) on /dev/dri/card0, Wayland EGL clients, and screenshots of the display.

usage: desktop-run.py --out DIR [--seconds N] [--software] [--client CMD]...
                      [--x-client CMD]...

Everything runs in a private XDG_RUNTIME_DIR with its own device server, so it never
meets another desktop or test. --software runs weston and the clients on llvmpipe
(kms_swrast on the same simulated card) for comparison. Writes DIR/desktop.png (the
scanout after N seconds), DIR/weston.log and DIR/client-K.log, and prints one line
per client and the renderer weston reports. X clients (--x-client) run through
Xwayland, which weston starts on demand (glamor and DRI3 on the same card). Exits
non-zero when weston or a client fails (a client may exit, with status 0) or the
display stays off.
"""
import argparse
import os
import signal
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from private_device import PrivateDevice  # noqa: E402


def desktop_env(dev):
    env = dict(dev.env)
    env["XDG_RUNTIME_DIR"] = dev.runtime
    env["LSGPU_SIM_VT"] = "1"  # weston's direct launcher wants a terminal
    env.pop("WAYLAND_DISPLAY", None)
    env.pop("DISPLAY", None)
    return env


def wait_for(path, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if os.path.exists(path):
            return True
        time.sleep(0.1)
    return False


def x_display(weston_log, seconds):
    """The display weston's Xwayland module listens on, from its log."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        with open(weston_log, errors="replace") as f:
            for line in f:
                if "xserver listening on display" in line:
                    return line.rsplit(" ", 1)[1].strip()
        time.sleep(0.1)
    return None


def stop(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def run_desktop(args, dev, clients, xwayland, weston_log):
    """weston and the clients until the screenshot: 0, 1 when a client failed, None
    when the desktop did not come up."""
    env = desktop_env(dev)
    procs, status = [], 0
    try:
        if xwayland:
            # weston's Xwayland module listens on /tmp/.X11-unix/XN.
            os.makedirs("/tmp/.X11-unix", exist_ok=True)
            if os.stat("/tmp/.X11-unix").st_uid == os.getuid():
                os.chmod("/tmp/.X11-unix", 0o1777)
        weston = subprocess.Popen(
            ["weston", "--backend=drm-backend.so", "--tty=7",
             "--continue-without-input", "--idle-time=0", "--socket=wayland-lsgpu",
             "--log=" + weston_log] + (["--xwayland"] if xwayland else []),
            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT)
        procs.append(weston)
        if not wait_for(os.path.join(dev.runtime, "wayland-lsgpu"), 60) or weston.poll() is not None:
            print("desktop: weston did not start (see %s)" % weston_log)
            return None
        cenv = dict(env, WAYLAND_DISPLAY="wayland-lsgpu")
        if xwayland:
            display = x_display(weston_log, 30)
            if not display:
                print("desktop: weston did not start Xwayland's listener (see %s)" % weston_log)
                return None
            xenv = dict(env, DISPLAY=display)
        for k, (cmd, x) in enumerate(clients):
            log = open(os.path.join(args.out, "client-%d.log" % k), "w")
            procs.append(subprocess.Popen(cmd.split(), env=xenv if x else cenv,
                                          stdin=subprocess.DEVNULL, stdout=log,
                                          stderr=subprocess.STDOUT))
        time.sleep(args.seconds)
        for (cmd, x), proc in zip(clients, procs[1:]):
            code = proc.poll()
            print("desktop: %s client %s: %s" % ("X" if x else "Wayland", cmd,
                                                 "running" if code is None else
                                                 "exited with %s" % code))
            if code:
                status = 1
        png = os.path.join(args.out, "desktop.png")
        shot = subprocess.run([dev.server, "--socket", env["LSGPU_DEVICE"], "--screenshot", png],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        print("desktop: " + shot.stdout.strip().replace("lsgpu-device: ", ""))
        if shot.returncode:
            status = 1
    finally:
        for proc in reversed(procs):
            stop(proc)
    return status


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--software", action="store_true")
    ap.add_argument("--client", action="append", default=[])
    ap.add_argument("--x-client", action="append", default=[])
    args = ap.parse_args()
    clients = [(c, False) for c in args.client] + [(c, True) for c in args.x_client]
    if not clients:
        clients = [("weston-simple-egl", False), ("glxgears", True)]
    xwayland = any(x for _, x in clients)
    os.makedirs(args.out, exist_ok=True)
    weston_log = os.path.join(args.out, "weston.log")
    with PrivateDevice("lsgpu-desktop-", args.software,
                       keep_log=os.path.join(args.out, "device.log")) as dev:
        status = run_desktop(args, dev, clients, xwayland, weston_log)
    if status is None:
        return 1
    renderer = "?"
    with open(weston_log, errors="replace") as f:
        for line in f:
            if "GL renderer:" in line:
                renderer = line.split("GL renderer:", 1)[1].strip()
    print("desktop: weston composited with %s" % renderer)
    return status


if __name__ == "__main__":
    sys.exit(main())
