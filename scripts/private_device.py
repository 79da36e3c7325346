"""A device server of one's own, for scripts that run programs on the simulated card
(./lsgpu desktop, ./lsgpu bench glmark2): a private runtime directory, the
environment that reaches it through the interposer, and clean-up of both."""
import os
import shutil
import subprocess
import tempfile


class PrivateDevice:
    """with PrivateDevice("lsgpu-desktop-", software) as dev: run with dev.env.
    software: GBM and GL on llvmpipe (kms_swrast on the same simulated card).
    keep_log: where the device server's log is copied when it stops."""

    def __init__(self, prefix, software=False, keep_log=None):
        self.keep_log = keep_log
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

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        subprocess.run([self.server, "--socket", self.env["LSGPU_DEVICE"], "--stop"],
                       stdout=subprocess.DEVNULL)
        log = self.env["LSGPU_DEVICE"] + ".log"
        if self.keep_log and os.path.exists(log):
            shutil.copyfile(log, self.keep_log)
        shutil.rmtree(self.runtime, ignore_errors=True)
        return False
