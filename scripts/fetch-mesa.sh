#!/bin/bash
# Fetches Mesa 25.0.7 from Debian's source package (trixie), checks it against the pinned
# sha256 and extracts a pristine tree into the cache. Idempotent.
set -euo pipefail
. "$(dirname "$0")/env.sh"

MESA_VERSION=25.0.7
MESA_SHA256=592272df3cf01e85e7db300c449df5061092574d099da275d19e97ef0510f8a6
TARBALL="$LSGPU_CACHE/dl/mesa_${MESA_VERSION}.orig.tar.xz"

if [ -f "$MESA_SRC/.lsgpu-extracted" ]; then
   exit 0
fi

mkdir -p "$LSGPU_CACHE/dl"
if [ ! -f "$TARBALL" ] || ! echo "$MESA_SHA256  $TARBALL" | sha256sum -c --status; then
   echo "lsgpu: downloading mesa_${MESA_VERSION}.orig.tar.xz (Debian source package)"
   # apt-get source wants a writable cwd and runs as the _apt user for downloads.
   tmp=$(mktemp -d "$LSGPU_CACHE/dl/apt.XXXXXX")
   chmod 777 "$tmp"
   (cd "$tmp" && apt-get source -q --download-only -t trixie mesa >/dev/null)
   mv "$tmp/mesa_${MESA_VERSION}.orig.tar.xz" "$TARBALL"
   rm -rf "$tmp"
fi
echo "$MESA_SHA256  $TARBALL" | sha256sum -c --status || {
   echo "lsgpu: sha256 mismatch for $TARBALL" >&2
   exit 1
}

echo "lsgpu: extracting Mesa ${MESA_VERSION} into $MESA_SRC"
rm -rf "$MESA_SRC" "$MESA_SRC.tmp"
mkdir -p "$MESA_SRC.tmp"
tar -xJf "$TARBALL" -C "$MESA_SRC.tmp" --strip-components=1
mv "$MESA_SRC.tmp" "$MESA_SRC"
touch "$MESA_SRC/.lsgpu-extracted"
