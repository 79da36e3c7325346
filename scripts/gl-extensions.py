#!/usr/bin/python3
"""Lists the GL extensions of the 2.1 compatibility context on lsgpu and on llvmpipe
forced to GL 2.1 (the piglit reference, scripts/piglit-run.py's environment), and
prints what one offers and the other does not (docs/status.md keeps the reasons).

usage: gl-extensions.py [--driver lsgpu|llvmpipe] [--es]
    (default: both, and the difference; --es: the OpenGL ES context instead, whose
    version st/mesa derives from the extensions, src/mesa/main/version.c)
"""
import argparse
import ctypes
import os
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import importlib.util  # noqa: E402

_spec = importlib.util.spec_from_file_location(
    "piglit_run", os.path.join(os.path.dirname(os.path.abspath(__file__)), "piglit-run.py"))
piglit_run = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(piglit_run)

EGL_PLATFORM_SURFACELESS_MESA = 0x31DD
EGL_OPENGL_API = 0x30A2
EGL_OPENGL_ES_API = 0x30A0
EGL_CONTEXT_MAJOR_VERSION = 0x3098
EGL_NONE = 0x3038
GL_RENDERER, GL_VERSION, GL_EXTENSIONS = 0x1F01, 0x1F02, 0x1F03


def list_here(es):
    """Renderer, version and extensions of a context in this process (its environment
    chooses the driver)."""
    egl = ctypes.CDLL("libEGL.so.1")
    egl.eglGetProcAddress.restype = ctypes.c_void_p
    egl.eglGetProcAddress.argtypes = [ctypes.c_char_p]
    get_display = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_uint, ctypes.c_void_p,
                                   ctypes.c_void_p)(
        egl.eglGetProcAddress(b"eglGetPlatformDisplayEXT"))
    dpy = get_display(EGL_PLATFORM_SURFACELESS_MESA, None, None)
    egl.eglInitialize.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
    egl.eglCreateContext.restype = ctypes.c_void_p
    egl.eglCreateContext.argtypes = [ctypes.c_void_p] * 3 + [ctypes.POINTER(ctypes.c_int)]
    egl.eglMakeCurrent.argtypes = [ctypes.c_void_p] * 4
    if not dpy or not egl.eglInitialize(dpy, None, None) or not egl.eglBindAPI(
            EGL_OPENGL_ES_API if es else EGL_OPENGL_API):
        sys.exit("gl-extensions: no EGL surfaceless display")
    # An ES 2 request gets the highest ES version the driver has.
    attribs = (ctypes.c_int * 3)(EGL_CONTEXT_MAJOR_VERSION, 2, EGL_NONE) if es else \
        (ctypes.c_int * 1)(EGL_NONE)
    ctx = egl.eglCreateContext(dpy, None, None, attribs)
    if not ctx or not egl.eglMakeCurrent(dpy, None, None, ctx):
        sys.exit("gl-extensions: no GL context")
    # Through EGL: GLVND's libOpenGL does not dispatch to a context made current here.
    get_string = ctypes.CFUNCTYPE(ctypes.c_char_p, ctypes.c_uint)(
        egl.eglGetProcAddress(b"glGetString"))
    print(get_string(GL_RENDERER).decode())
    print(get_string(GL_VERSION).decode())
    for ext in sorted(get_string(GL_EXTENSIONS).decode().split()):
        print(ext)


def list_for(reference, es):
    out = subprocess.run([sys.executable, os.path.abspath(__file__), "--here"] +
                         (["--es"] if es else []),
                         env=piglit_run.driver_env(reference), capture_output=True, text=True)
    lines = out.stdout.splitlines()
    if out.returncode or len(lines) < 2:
        sys.exit("gl-extensions: %s" % (out.stderr.strip() or "no output"))
    return lines[0], lines[1], set(lines[2:])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--driver", choices=["lsgpu", "llvmpipe"])
    ap.add_argument("--es", action="store_true", help="the OpenGL ES context")
    ap.add_argument("--here", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.here:
        list_here(args.es)
        return
    if args.driver:
        renderer, version, exts = list_for(args.driver == "llvmpipe", args.es)
        print("%s, GL %s: %d extensions" % (renderer, version, len(exts)))
        print("\n".join(sorted(exts)))
        return
    hw = list_for(False, args.es)
    ref = list_for(True, args.es)
    print("lsgpu: %s, GL %s, %d extensions" % (hw[0], hw[1], len(hw[2])))
    print("llvmpipe-at-2.1: %s, GL %s, %d extensions" % (ref[0], ref[1], len(ref[2])))
    print("only llvmpipe-at-2.1 offers (%d):" % len(ref[2] - hw[2]))
    for e in sorted(ref[2] - hw[2]):
        print("  " + e)
    print("only lsgpu offers (%d):" % len(hw[2] - ref[2]))
    for e in sorted(hw[2] - ref[2]):
        print("  " + e)


if __name__ == "__main__":
    main()
