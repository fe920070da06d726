#!/usr/bin/env bash
# Compare sempatch with Coccinelle's spatch on the test cases that have a
# spatch.cocci (the same rule in pure Coccinelle syntax) next to rule.cocci.
#
# For each such case, both tools rewrite their own copy of input.c in place;
# the two resulting files are compared, so diff headers and hunk layout do
# not matter. Prints `same` or `differs` per case and a summary line.
# Not part of `cargo test`: run it by hand (needs spatch in PATH).
#
# usage: scripts/spatch-compare.sh [-v] [CASE...]
#   -v      show `diff -u spatch-result sempatch-result` for cases that differ
#   CASE    case names or number prefixes (`109`, `14`), or `known-bugs` /
#           `cases` for a whole folder (default: every case with a
#           spatch.cocci under testdata/cases and testdata/known-bugs)
# env:  SEMPATCH  the sempatch binary (default: target/release/sempatch,
#                 built with `cargo build --release` if missing)
#       SPATCH    the spatch binary (default: spatch)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
verbose=0
if [[ ${1:-} == -v ]]; then verbose=1; shift; fi

sempatch=${SEMPATCH:-$root/target/release/sempatch}
spatch=${SPATCH:-spatch}
if [[ ! -x $sempatch ]]; then
    (cd "$root" && cargo build --release --quiet)
fi
command -v "$spatch" >/dev/null || { echo "spatch not found" >&2; exit 2; }

dirs=()
if [[ $# -eq 0 ]]; then
    for d in "$root"/testdata/cases/*/ "$root"/testdata/known-bugs/*/; do
        [[ -f $d/spatch.cocci ]] && dirs+=("${d%/}")
    done
else
    for c in "$@"; do
        if [[ -d $root/testdata/$c && ! -f $root/testdata/$c/spatch.cocci ]]; then
            cands=("$root"/testdata/"$c"/*/)     # a whole folder: known-bugs
        else
            cands=("$root"/testdata/cases/"$c"* "$root"/testdata/known-bugs/"$c"*
                   "$root"/testdata/"$c")
        fi
        for d in "${cands[@]}"; do
            d=${d%/}
            [[ -f $d/spatch.cocci ]] && dirs+=("$d")
        done
    done
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
same=0; differs=0
for d in "${dirs[@]}"; do
    name=${d#"$root"/testdata/}
    rm -rf "$tmp"/ours "$tmp"/theirs
    mkdir -p "$tmp"/ours "$tmp"/theirs
    cp "$d"/input.c "$tmp"/ours/input.c
    cp "$d"/input.c "$tmp"/theirs/input.c
    status=ok
    "$sempatch" apply --in-place "$d"/rule.cocci "$tmp"/ours/input.c \
        >/dev/null 2>"$tmp"/ours.err || status="sempatch failed"
    (cd "$tmp"/theirs && "$spatch" --very-quiet --in-place \
        --sp-file "$d"/spatch.cocci input.c >/dev/null 2>"$tmp"/theirs.err) \
        || status="spatch failed"
    if [[ $status == ok ]] && cmp -s "$tmp"/ours/input.c "$tmp"/theirs/input.c; then
        printf '%-55s same\n' "$name"
        same=$((same + 1))
    else
        [[ $status == ok ]] && status=differs || status="differs ($status)"
        printf '%-55s %s\n' "$name" "$status"
        differs=$((differs + 1))
        if [[ $verbose == 1 ]]; then
            diff -u --label spatch --label sempatch \
                "$tmp"/theirs/input.c "$tmp"/ours/input.c | sed 's/^/    /' || true
        fi
    fi
done
echo "$same same, $differs differ"
