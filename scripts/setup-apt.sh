#!/bin/bash
# Installs everything lsgpu needs from Debian's archives on a Debian 12 machine.
# Idempotent: when every package is already present it returns in well under a second.
set -euo pipefail

# Binaries from bookworm-backports (meson 1.7, libdrm 2.4.123, wayland-protocols 1.43);
# trixie as a source-only line so `apt-get source` can fetch Mesa 25.0.7.
BACKPORTS_PKGS="meson libdrm-dev wayland-protocols"
BOOKWORM_PKGS="ninja-build pkgconf python3-mako python3-ply python3-yaml flex bison
  llvm-15-dev libclang-15-dev clang libclang-rt-14-dev
  libx11-dev libxext-dev libxfixes-dev libx11-xcb-dev libxcb-dri2-0-dev libxcb-glx0-dev
  libxcb-xfixes0-dev libxcb-dri3-dev libxcb-present-dev libxcb-randr0-dev libxcb-shm0-dev
  libxcb-sync-dev libxshmfence-dev libxxf86vm-dev libxrandr-dev libexpat1-dev libzstd-dev
  zlib1g-dev libelf-dev libwayland-dev libwayland-egl-backend-dev glslang-tools
  libpng-dev ccache xz-utils dpkg-dev libsquish-dev cmake libegl-dev libgles-dev
  libgtest-dev googletest piglit mesa-utils mesa-utils-bin kmscube
  libudev-dev weston xwayland glmark2-es2-drm glmark2-es2-wayland
  glmark2-es2-x11 apitrace apitrace-tracers xvfb xauth
  rustc-web cargo-web libclc-15 libclc-15-dev libllvmspirvlib-15-dev libclang-cpp15-dev
  clang-15 ocl-icd-opencl-dev clinfo clpeak pocl-opencl-icd"

SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"

missing() {
   local p out=""
   for p in "$@"; do
      dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || out="$out $p"
   done
   echo "$out"
}

SRC_FILE=/etc/apt/sources.list.d/lsgpu.sources
if [ ! -f "$SRC_FILE" ]; then
   echo "lsgpu: adding bookworm-backports and trixie (deb-src) apt sources"
   $SUDO tee "$SRC_FILE" >/dev/null <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
   NEED_UPDATE=1
fi

# shellcheck disable=SC2086
M_BOOKWORM=$(missing $BOOKWORM_PKGS)
# shellcheck disable=SC2086
M_BP=$(missing $BACKPORTS_PKGS)
# meson must be the backports version (>= 1.4 for Mesa 25.0)
if [ -z "$M_BP" ] && ! dpkg --compare-versions "$(dpkg-query -W -f='${Version}' meson)" ge 1.4; then
   M_BP="$BACKPORTS_PKGS"
fi

if [ -n "$M_BOOKWORM$M_BP" ] || [ -n "${NEED_UPDATE:-}" ]; then
   export DEBIAN_FRONTEND=noninteractive
   $SUDO apt-get update -q
   if [ -n "$M_BP" ]; then
      echo "lsgpu: installing from bookworm-backports:$M_BP"
      # shellcheck disable=SC2086
      $SUDO apt-get install -y -q --no-install-recommends -t bookworm-backports $BACKPORTS_PKGS
   fi
   if [ -n "$M_BOOKWORM" ]; then
      echo "lsgpu: installing:$M_BOOKWORM"
      # shellcheck disable=SC2086
      $SUDO apt-get install -y -q --no-install-recommends $M_BOOKWORM
   fi
fi
