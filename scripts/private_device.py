"""A device server of one's own, for scripts that run programs on the simulated card
(./lsgpu desktop, ./lsgpu bench glmark2): a private runtime directory, the
environment that reaches it through the interposer, and clean-up of both."""
import os
import shutil
import subprocess
import tempfile
import time


class PrivateDevice:
    """with PrivateDevice("lsgpu-desktop-", software) as dev: run with dev.env.
    software: GBM and GL on llvmpipe (kms_swrast on the same simulated card).
    keep_log: where the device server's log is copied when it stops.
    serve: start the server here, as a child, rather than on demand through the
    interposer, so that server_cpu holds its CPU seconds (user + system) once the
    device is closed."""

    def __init__(self, prefix, software=False, keep_log=None, serve=False):
        self.keep_log = keep_log
        self.serve = serve
        self.server_process = None
        self.server_cpu = None
        self.build = os.environ["LSGPU_BUILD"]
        self.server = os.path.join(self.build, "src/simulator/lsgpu-device")
        self.runtime = tempfile.mkdtemp(prefix=prefix)
        os.chmod(self.runtime, 0o700)
        env = dict(os.environ)
        env["LSGPU_DEVICE"] = os.path.join(self.runtime, "lsgpu-device")
        env["LD_LIBRARY_PATH"] = os.path.join(os.environ["MESA_PREFIX"], "lib")
        env["LD_PRELOAD"] = os.path.join(self.build, "src/simulator/liblsgpu_interposer.so")
        if software:
            env["GBM_ALWAYS_SOFTWARE"] = "1"
            env["LIBGL_ALWAYS_SOFTWARE"] = "1"
        self.env = env

    def _control(self, verb):
        """lsgpu-device --socket ... VERB for this device: its exit status and output."""
        return subprocess.run([self.server, "--socket", self.env["LSGPU_DEVICE"], verb],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env=dict(os.environ, LD_PRELOAD=""))

    def __enter__(self):
        if self.serve:
            self.server_process = subprocess.Popen(
                [self.server, "--socket", self.env["LSGPU_DEVICE"]], stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            # Ready once the socket answers, so a client never starts a second server.
            for _ in range(500):
                if self._control("--status").returncode == 0:
                    break
                time.sleep(0.01)
        return self

    def status(self):
        """The server's --status line (what it serves, how many jobs it completed)."""
        return self._control("--status").stdout.strip()

    def __exit__(self, *exc):
        subprocess.run([self.server, "--socket", self.env["LSGPU_DEVICE"], "--stop"],
                       stdout=subprocess.DEVNULL)
        if self.server_process:
            _, _, usage = os.wait4(self.server_process.pid, 0)
            self.server_process.returncode = 0  # reaped here: Popen must not wait again
            self.server_cpu = usage.ru_utime + usage.ru_stime
        log = self.env["LSGPU_DEVICE"] + ".log"
        if self.keep_log and os.path.exists(log):
            shutil.copyfile(log, self.keep_log)
        shutil.rmtree(self.runtime, ignore_errors=True)
        return False
