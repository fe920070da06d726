#!/usr/bin/env bash
# Provide Debian's Linux 6.1 source tree for the tests and benchmarks that need a
# real kernel. Prints the tree's path on stdout. Never committed to the repository.
set -euo pipefail
dest=${SEMPATCH_KERNEL:-${XDG_CACHE_HOME:-$HOME/.cache}/sempatch/linux-6.1}
if [ -f "$dest/MAINTAINERS" ] && [ -f "$dest/.sempatch-complete" ]; then
  echo "$dest"
  exit 0
fi
tarball=$(ls /usr/src/linux-source-6.1.tar.xz 2>/dev/null || true)
if [ -z "$tarball" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "fetch-kernel: linux-source-6.1 is not installed and we are not root" >&2
    exit 1
  fi
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq linux-source-6.1 >&2
  tarball=/usr/src/linux-source-6.1.tar.xz
fi
rm -rf "$dest.tmp"
mkdir -p "$dest.tmp"
tar -xf "$tarball" -C "$dest.tmp" --strip-components=1
rm -rf "$dest"
mv "$dest.tmp" "$dest"
touch "$dest/.sempatch-complete"
echo "$dest"
