# Sourced by every script: where the build cache lives (outside the clone, reused by CI).
LSGPU_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LSGPU_CACHE="${LSGPU_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lsgpu}"
MESA_SRC="$LSGPU_CACHE/mesa-25.0.7"
MESA_BUILD="$LSGPU_CACHE/build-mesa"
MESA_PREFIX="$LSGPU_CACHE/install"
LSGPU_BUILD="$LSGPU_CACHE/build-lsgpu"
export CCACHE_DIR="${CCACHE_DIR:-$LSGPU_CACHE/ccache}"
export LSGPU_ROOT LSGPU_CACHE MESA_SRC MESA_BUILD MESA_PREFIX LSGPU_BUILD
