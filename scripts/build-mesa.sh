#!/bin/bash
# Configures (once) and builds Mesa 25.0.7 with lsgpu grafted in, then installs it into
# the cache prefix. Incremental: ninja rebuilds only what changed.
set -euo pipefail
. "$(dirname "$0")/env.sh"

# Mesa's generators need Debian's python3 (mako, ply, yaml); a python3 earlier on PATH
# (pyenv and the like) would lack them.
export PATH="/usr/bin:$PATH"
# rusticl's build runs bindgen (built into the cache from Debian's crates) and rustc
# (Debian's rustc-web in /usr/bin, ahead of any other toolchain on PATH).
BINDGEN_BIN="$("$LSGPU_ROOT/scripts/build-bindgen.sh")"
export PATH="$BINDGEN_BIN:$PATH"

/usr/bin/python3 "$LSGPU_ROOT/scripts/graft-mesa.py" "$LSGPU_ROOT" "$MESA_SRC"

MESA_OPTIONS=(
   --prefix="$MESA_PREFIX" --libdir=lib
   -Dbuildtype=release -Db_ndebug=false
   -Dgallium-drivers=lsgpu,llvmpipe -Dvulkan-drivers=
   -Dplatforms=x11,wayland -Degl=enabled -Dgbm=enabled -Dglx=dri
   -Dgles1=disabled -Dgles2=enabled -Dglvnd=disabled
   -Dllvm=enabled -Dshared-llvm=enabled
   -Dvideo-codecs= -Dgallium-va=disabled -Dgallium-vdpau=disabled -Dgallium-xa=disabled
   -Dgallium-rusticl=true -Drust_std=2021 -Dmicrosoft-clc=disabled -Dvalgrind=disabled
   -Dlibunwind=disabled -Dlmsensors=disabled -Dbuild-tests=false -Dtools=
)
OPTIONS_STAMP="$MESA_BUILD/.lsgpu-options"

if [ ! -f "$MESA_BUILD/build.ninja" ] || [ "$(cat "$OPTIONS_STAMP" 2>/dev/null)" != "${MESA_OPTIONS[*]}" ]; then
   echo "lsgpu: configuring Mesa in $MESA_BUILD"
   if [ -f "$MESA_BUILD/build.ninja" ]; then
      meson setup --reconfigure "$MESA_BUILD" "$MESA_SRC" "${MESA_OPTIONS[@]}" >"$LSGPU_CACHE/mesa-configure.log"
   else
      rm -rf "$MESA_BUILD"
      meson setup "$MESA_BUILD" "$MESA_SRC" "${MESA_OPTIONS[@]}" >"$LSGPU_CACHE/mesa-configure.log" || {
         tail -30 "$LSGPU_CACHE/mesa-configure.log" >&2
         exit 1
      }
   fi
   echo "${MESA_OPTIONS[*]}" >"$OPTIONS_STAMP"
fi

ninja -C "$MESA_BUILD" ${NINJA_FLAGS:-}
meson install -C "$MESA_BUILD" --only-changed --quiet >/dev/null
