#!/usr/bin/env bash
# Differential check against Coccinelle's spatch on real Linux 6.1 files: every
# hunk only one tool makes, grouped by semantic patch (see spatch_diff.py).
# Fails when sempatch makes a hunk spatch does not and that hunk is not listed
# in testdata/spatch-diff-known.txt.
#
# usage: scripts/spatch-diff.sh [--files quick|full] [--cocci-tests DIR] [--only NAME] [--jobs N]
# env:   SEMPATCH_KERNEL (the tree; default: where scripts/fetch-kernel.sh puts it)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [[ ! -x $root/target/release/sempatch ]]; then
    (cd "$root" && cargo build --release --quiet)
fi
exec python3 "$root/scripts/spatch_diff.py" "$@"
