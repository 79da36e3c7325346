#!/bin/bash
# Builds Khronos dEQP's deqp-gles2 (VK-GL-CTS at opengl-es-cts-3.2.11.0, the version Mesa
# 25.0.7's CI runs) into the build cache, for `./lsgpu deqp` (docs/testing.md).
#
# The source, first found:
#   $LSGPU_DEQP_SRC  a VK-GL-CTS checkout at that tag with the changes listed in
#                    ../shared/deqp/README.md of this project's machines (Mesa CI's
#                    backports and the DEQP_GLES_ONLY option), or the directory of the
#                    archive below;
#   $ROOT/../shared/deqp/vk-gl-cts-opengl-es-cts-3.2.11.0-gles2.tar.xz, unpacked into
#                    the cache.
# Prints the path of deqp-gles2 and of the GLES2 mustpass list, on one line; or, with exit
# status 3, one line saying why there is no source. Exit status 1 when the build fails.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${LSGPU_CACHE:-$HOME/.cache/lsgpu}
ARCHIVE_NAME=vk-gl-cts-opengl-es-cts-3.2.11.0-gles2.tar.xz
BUILD="$CACHE/build-deqp"

src=""
archive=""
if [ -n "${LSGPU_DEQP_SRC:-}" ]; then
   if [ -f "$LSGPU_DEQP_SRC/$ARCHIVE_NAME" ]; then
      archive="$LSGPU_DEQP_SRC/$ARCHIVE_NAME"
   elif [ -f "$LSGPU_DEQP_SRC/CMakeLists.txt" ]; then
      src=$(cd "$LSGPU_DEQP_SRC" && pwd)
   else
      echo "LSGPU_DEQP_SRC=$LSGPU_DEQP_SRC is neither a VK-GL-CTS checkout nor holds $ARCHIVE_NAME"
      exit 3
   fi
elif [ -f "$ROOT/../shared/deqp/$ARCHIVE_NAME" ]; then
   archive="$ROOT/../shared/deqp/$ARCHIVE_NAME"
else
   echo "no dEQP source (LSGPU_DEQP_SRC: a VK-GL-CTS checkout at opengl-es-cts-3.2.11.0, docs/testing.md)"
   exit 3
fi

if [ -n "$archive" ]; then
   # Unpacked again only when the archive changes (its size and time are the stamp).
   src="$CACHE/deqp-src"
   stamp="$(stat -c '%s %Y' "$archive")"
   if [ "$(cat "$src/.lsgpu-archive" 2>/dev/null)" != "$stamp" ]; then
      rm -rf "$src" "$BUILD"
      mkdir -p "$src"
      tar -xJf "$archive" -C "$src"
      echo "$stamp" >"$src/.lsgpu-archive"
   fi
fi

# A build configured for another source tree starts again.
if [ -f "$BUILD/build.ninja" ] && [ "$(cat "$BUILD/.lsgpu-src" 2>/dev/null)" != "$src" ]; then
   rm -rf "$BUILD"
fi
if [ ! -f "$BUILD/build.ninja" ]; then
   mkdir -p "$BUILD"
   cmake -S "$src" -B "$BUILD" -G Ninja -DDEQP_TARGET=surfaceless -DCMAKE_BUILD_TYPE=Release \
      -DSELECTED_BUILD_TARGETS=deqp-gles2 -DDEQP_GLES_ONLY=ON >"$CACHE/deqp-configure.log" 2>&1 || {
      tail -20 "$CACHE/deqp-configure.log" >&2
      exit 1
   }
   echo "$src" >"$BUILD/.lsgpu-src"
fi
[ -x "$BUILD/modules/gles2/deqp-gles2" ] || echo "lsgpu: building dEQP-GLES2 (about 5 minutes on a cold cache)" >&2
ninja -C "$BUILD" deqp-gles2 >"$CACHE/deqp-build.log" 2>&1 || {
   grep -E "FAILED|error" -A5 "$CACHE/deqp-build.log" | head -40 >&2
   echo "dEQP: build failed (log: $CACHE/deqp-build.log)" >&2
   exit 1
}
echo "$BUILD/modules/gles2/deqp-gles2" \
   "$src/external/openglcts/data/gl_cts/data/mustpass/gles/aosp_mustpass/main/gles2-main.txt"
