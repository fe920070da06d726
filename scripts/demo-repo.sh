#!/usr/bin/env bash
# Builds a deterministic git repository from testdata/demo, with a small
# scripted history whose subjects teach `sempatch series` the subsystems'
# prefixes (drm/via, IB/umem, xdp, io_uring, mm/gup), and prints its path.
# The repository is rebuilt from scratch on every run; the same inputs always
# give the same commit ids.
#
# usage: scripts/demo-repo.sh [DEST]   (default: ${TMPDIR:-/tmp}/sempatch-demo)
set -euo pipefail

src="$(cd "$(dirname "$0")/.." && pwd)/testdata/demo"
dest="${1:-${TMPDIR:-/tmp}/sempatch-demo}"

# Nothing from the user's or the system's git configuration may leak in.
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME="Demo Developer" GIT_AUTHOR_EMAIL="demo.developer@example.org"
export GIT_COMMITTER_NAME="Demo Developer" GIT_COMMITTER_EMAIL="demo.developer@example.org"
export TZ=UTC LC_ALL=C

rm -rf "$dest"
mkdir -p "$dest"
cd "$dest"
git init -q -b master .
# What `sempatch series` reads for Signed-off-by.
git config user.name "Demo Developer"
git config user.email "demo.developer@example.org"
# Abbreviated ids in the patches must not depend on anyone's configuration.
git config core.abbrev 7

# put FILE [LINES]: the first LINES lines of the demo file (all when omitted).
put() {
  mkdir -p "$(dirname "$1")"
  if [ -n "${2:-}" ]; then
    head -n "$2" "$src/$1" >"$1"
  else
    cp "$src/$1" "$1"
  fi
  chmod 644 "$1"
  git add -- "$1"
}

# commit DATE SUBJECT
commit() {
  GIT_AUTHOR_DATE="$1 +0000" GIT_COMMITTER_DATE="$1 +0000" \
    git commit -q --no-verify -m "$2"
}

scripted="drivers/gpu/drm/via/via_dmablit.c drivers/infiniband/core/umem.c
fs/io_uring.c include/linux/mm.h mm/gup.c net/xdp/xdp_umem.c"
for f in $scripted; do
  [ -f "$src/$f" ] || { echo "demo-repo: $src/$f is missing" >&2; exit 1; }
done

# Everything without a scripted history comes in with the first commit.
(cd "$src" && find . -type f | sed 's|^\./||' | LC_ALL=C sort) | while read -r f; do
  case " $(echo $scripted) " in *" $f "*) continue ;; esac
  put "$f"
done
put include/linux/mm.h 15
commit "2019-06-03 10:00:00" "Import the demo tree"

put mm/gup.c 17
commit "2019-06-10 10:00:00" "mm/gup: add put_user_page()"
put include/linux/mm.h
commit "2019-06-11 10:00:00" "mm: declare the put_user_page() family"
put mm/gup.c
commit "2019-06-17 10:00:00" "mm/gup: add put_user_pages() and put_user_pages_dirty_lock()"
put drivers/gpu/drm/via/via_dmablit.c 67
commit "2019-06-20 10:00:00" "drm/via: add the DMA blit engine"
put drivers/infiniband/core/umem.c
commit "2019-06-24 10:00:00" "IB/umem: use get_user_pages_fast() to pin DMA pages"
put net/xdp/xdp_umem.c 21
commit "2019-06-27 10:00:00" "xdp: add the user-space packet buffer"
put fs/io_uring.c
commit "2019-07-01 10:00:00" "io_uring: register fixed buffers"
put drivers/gpu/drm/via/via_dmablit.c
commit "2019-07-08 10:00:00" "drm/via: keep the blit descriptors in pages of their own"
put net/xdp/xdp_umem.c
commit "2019-07-15 10:00:00" "xdp: pin the umem pages long-term"

# The history must end exactly at testdata/demo.
if ! diff -r -q --exclude=.git "$src" . >/dev/null; then
  echo "demo-repo: the scripted history does not end at testdata/demo" >&2
  exit 1
fi
pwd
