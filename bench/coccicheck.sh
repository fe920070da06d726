#!/usr/bin/env bash
# sempatch check against coccicheck-style spatch runs, for findings and time.
#
# What it measures, over DIRS (default: fs/ext4 drivers/net/ethernet/intel mm
# kernel) of a Linux tree:
#  (a) spatch the way `make coccicheck MODE=M M=DIR` runs it: for every .cocci
#      under scripts/coccinelle (sorted) and every DIR, from the tree root,
#        spatch -D M [--no-show-diff] --very-quiet --cocci-file F <its Options:>
#               --dir DIR --patch . --jobs $JOBS --chunksize 1
#               --timeout 200 --use-gitgrep
#      (--no-show-diff in report mode only, and --patch . (the tree root, so
#      that diffs name files from it), as coccicheck with M=DIR; --timeout
#      200 --use-gitgrep are what the tree's .cocciconfig adds; --use-gitgrep
#      falls back to grep in a tree that is not a git checkout; a script whose
#      `Requires:` is newer than spatch is skipped, as coccicheck does). Not
#      passed: the -I/--include flags coccicheck takes from a configured
#      build's LINUXINCLUDE (the tree is not configured; sempatch reads no
#      headers either, and 53 of the 72 scripts say --no-includes). Each run's
#      stdout goes to OUT/spatch/M/parts/<script>@<dir>.txt with its wall
#      time, CPU time and peak RSS (/usr/bin/time -v) beside it (.time);
#      OUT/spatch/M/<script>.txt is the concatenation over DIRS. A run whose
#      .time file exists is not redone, so an interrupted run continues where
#      it stopped; spatch's time is always the sum of the recorded per-run
#      times, and the report says how many were measured by this invocation.
#  (b) sempatch check --mode M --json --timeout 200 -j $JOBS DIR... from the
#      tree root: one run for every script and every DIR; its output is
#      OUT/sempatch/M.jsonl, its time and peak RSS OUT/sempatch/M.time.
#  (c) per script, report mode: the sets of findings (file, line, message)
#      (a line `path:line:col-col: message`, columns dropped; any other
#      non-empty line is kept whole); patch mode: the multisets of changed
#      lines of the diffs, ('-', file, old line number, text) and
#      ('+', file, text). Prints a markdown table script | ours | spatch |
#      equal?, the times, peak memory and speed-up, and writes the
#      differences to OUT/diff-M.txt.
# In patch mode only the scripts that declare `virtual patch` run.
# Peak memory: the largest RSS of one process; spatch --jobs N runs N
# workers beside its parent, so its footprint at a time can be up to N+1 of
# that.
#
# usage: nice -n 19 bench/coccicheck.sh [--mode report|patch] [--compare-only]
#            [--spatch-only] [--sempatch-only] [TREE [OUT]]
#   TREE default $HOME/.cache/sempatch/linux-6.1 (only read), OUT default
#   ./coccicheck-out. Environment: DIRS (space-separated, relative to TREE),
#   JOBS (default nproc), SEMPATCH (the binary; default: cargo build
#   --release, then $CARGO_TARGET_DIR or target/release/sempatch).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)

mode=report
do_spatch=1
do_sempatch=1
pos=()
while [ $# -gt 0 ]; do
  case $1 in
    --mode) mode=$2; shift 2 ;;
    --mode=*) mode=${1#--mode=}; shift ;;
    --compare-only) do_spatch=0; do_sempatch=0; shift ;;
    --spatch-only) do_sempatch=0; shift ;;
    --sempatch-only) do_spatch=0; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "coccicheck.sh: unknown option $1" >&2; exit 2 ;;
    *) pos+=("$1"); shift ;;
  esac
done
case $mode in report|patch) ;; *) echo "coccicheck.sh: --mode report|patch" >&2; exit 2 ;; esac
tree=$(cd "${pos[0]:-$HOME/.cache/sempatch/linux-6.1}" && pwd)
mkdir -p "${pos[1]:-coccicheck-out}"
out=$(cd "${pos[1]:-coccicheck-out}" && pwd)
read -r -a dirs <<<"${DIRS:-fs/ext4 drivers/net/ethernet/intel mm kernel}"
jobs=${JOBS:-$(nproc)}

[ -x /usr/bin/time ] || { echo "coccicheck.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "coccicheck.sh: python3 is missing" >&2; exit 1; }
[ -d "$tree/scripts/coccinelle" ] || { echo "coccicheck.sh: no $tree/scripts/coccinelle" >&2; exit 1; }

# The scripts, relative to scripts/coccinelle, as coccicheck lists them.
mapfile -t scripts < <(cd "$tree/scripts/coccinelle" && find . -name '*.cocci' -type f | sed 's|^\./||' | LC_ALL=C sort)
if [ "$mode" = patch ]; then
  mapfile -t scripts < <(cd "$tree/scripts/coccinelle" && grep -lE '^virtual[[:space:]]+patch\b' "${scripts[@]}")
fi
printf '%s\n' "${scripts[@]}" >"$out/scripts-$mode.txt"

# "wall cpu maxrss_kib status" from a `/usr/bin/time -v` log.
time_fields() {
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + t[i] }
    /User time/ { u = $2 } /System time/ { s = $2 }
    /Maximum resident set size/ { m = $2 } /Exit status/ { x = $2 }
    END { printf "%.2f %.2f %d %d\n", w, u + s, m, x }' "$1"
}

# (a) spatch, one run per script and directory, resumable.
if [ $do_spatch = 1 ]; then
  command -v spatch >/dev/null || { echo "coccicheck.sh: spatch is missing" >&2; exit 1; }
  sp=$out/spatch/$mode
  mkdir -p "$sp/parts"
  flags=(--very-quiet)
  [ "$mode" = report ] && flags=(--no-show-diff --very-quiet)
  spatch_version=$(spatch --version | awk 'NR == 1 { print $3 }')
  measured=0
  cached=0
  for d in "${dirs[@]}"; do
    for s in "${scripts[@]}"; do
      part=$sp/parts/${s%.cocci}@${d//\//_}
      mkdir -p "$(dirname "$part")"
      if [ -f "$part.time" ]; then
        cached=$((cached + 1))
        continue
      fi
      cocci=$tree/scripts/coccinelle/$s
      req=$({ grep "Requires:" "$cocci" || true; } | cut -d':' -f2 | sed "s| ||")
      if [ -n "$req" ] && ! { echo "$req"; echo "$spatch_version"; } | sort -CV; then
        echo "coccicheck.sh: skipping $s (requires spatch $req)" >&2
        : >"$part.txt"
        echo "0 0 0 0" >"$part.time"
        continue
      fi
      # coccicheck: OPT=`grep "Options:" $COCCI | cut -d':' -f2`
      read -r -a opt <<<"$({ grep "Options:" "$cocci" || true; } | cut -d':' -f2 | tr '\n' ' ')"
      echo "spatch $mode: $d $s" >&2
      (cd "$tree" && /usr/bin/time -v -o "$part.tv" \
        spatch -D "$mode" "${flags[@]}" --cocci-file "$cocci" "${opt[@]}" \
        --dir "$d" --patch . --jobs "$jobs" --chunksize 1 --timeout 200 --use-gitgrep \
        >"$part.tmp" 2>"$part.err") || true
      mv "$part.tmp" "$part.txt"
      time_fields "$part.tv" >"$part.time.tmp"
      mv "$part.time.tmp" "$part.time"
      measured=$((measured + 1))
    done
  done
  echo "$measured $cached" >"$sp/this-run"
  for s in "${scripts[@]}"; do
    mkdir -p "$(dirname "$sp/${s%.cocci}.txt")"
    for d in "${dirs[@]}"; do cat "$sp/parts/${s%.cocci}@${d//\//_}.txt"; done >"$sp/${s%.cocci}.txt"
  done
fi

# (b) sempatch, one run.
if [ $do_sempatch = 1 ]; then
  bin=${SEMPATCH:-}
  if [ -z "$bin" ]; then
    (cd "$top" && cargo build --release -q)
    bin=${CARGO_TARGET_DIR:-$top/target}/release/sempatch
  fi
  mkdir -p "$out/sempatch"
  echo "sempatch $mode: ${dirs[*]}" >&2
  (cd "$tree" && /usr/bin/time -v -o "$out/sempatch/$mode.tv" \
    "$bin" check --mode "$mode" --json --timeout 200 -j "$jobs" "${dirs[@]}" \
    >"$out/sempatch/$mode.jsonl" 2>"$out/sempatch/$mode.err") || true
  time_fields "$out/sempatch/$mode.tv" >"$out/sempatch/$mode.time"
fi

# (c) the comparison.
python3 - "$mode" "$out" "${dirs[@]}" <<'EOF'
import collections, json, os, re, sys

mode, out, dirs = sys.argv[1], sys.argv[2], sys.argv[3:]
scripts = [l.strip() for l in open(f"{out}/scripts-{mode}.txt") if l.strip()]
FINDING = re.compile(r"^(.+?):(\d+)(?::\d+-\d+)?: (.*)$")


def path(p):
    p = p.strip()
    while p.startswith("./"):
        p = p[2:]
    return p


def findings(text):
    """Report mode: the set of (file, line, message)."""
    s = set()
    for l in text.splitlines():
        l = l.rstrip()
        if not l.strip():
            continue
        m = FINDING.match(l)
        s.add((path(m[1]), int(m[2]), m[3].strip()) if m else ("", 0, l.strip()))
    return s


HUNK = re.compile(r"^@@ -(\d+)(?:,\d+)? \+\d+(?:,\d+)? @@")


def changes(text):
    """Patch mode: the multiset of ('-', file, old line, text) and ('+', file, text)."""
    c = collections.Counter()
    f, old = None, 0
    for l in text.splitlines():
        if l.startswith("--- "):
            continue
        if l.startswith("+++ "):
            p = path(l[4:].split("\t")[0])
            f = p[2:] if p.startswith("b/") else p
            continue
        m = HUNK.match(l)
        if m:
            old = int(m[1])
            continue
        if f is None or l.startswith("diff "):
            continue
        if l.startswith("-"):
            c[("-", f, old, l[1:].rstrip())] += 1
            old += 1
        elif l.startswith("+"):
            c[("+", f, l[1:].rstrip())] += 1
        elif l.startswith(" ") or l == "":
            old += 1
    return c


def parse(text):
    return findings(text) if mode == "report" else changes(text)


def size(x):
    return sum(x.values()) if isinstance(x, collections.Counter) else len(x)


def minus(a, b):
    return (a - b) if isinstance(a, collections.Counter) else (a - b)


def times(f):
    w, c, m, x = open(f).read().split()
    return float(w), float(c), int(m), int(x)


# spatch: per script, the concatenation over the directories.
sp_dir = f"{out}/spatch/{mode}"
spatch, sp_wall, sp_cpu, sp_rss, sp_fail, missing = {}, 0.0, 0.0, 0, [], 0
per_dir = collections.defaultdict(lambda: [0.0, 0])
sp_timeouts = collections.Counter()
for s in scripts:
    text, complete = "", True
    for d in dirs:
        part = f"{sp_dir}/parts/{s[:-6]}@{d.replace('/', '_')}"
        if not os.path.exists(part + ".time"):
            complete = False
            missing += 1
            continue
        text += open(part + ".txt", errors="replace").read()
        if os.path.exists(part + ".err"):
            sp_timeouts[s] += open(part + ".err", errors="replace").read().count("Common.Timeout")
        w, c, m, x = times(part + ".time")
        sp_wall += w
        sp_cpu += c
        sp_rss = max(sp_rss, m)
        per_dir[d][0] += w
        per_dir[d][1] += 1
        if x != 0:
            sp_fail.append(f"{s} @ {d} (exit {x})")
    spatch[s] = parse(text) if complete else None

# sempatch: the JSON records, grouped by script.
ours = {s: (set() if mode == "report" else collections.Counter()) for s in scripts}
status = {}
texts = collections.defaultdict(str)
skipped, failed = collections.Counter(), collections.Counter()
jl = f"{out}/sempatch/{mode}.jsonl"
have_ours = os.path.exists(jl)
if have_ours:
    for l in open(jl, errors="replace"):
        r = json.loads(l)
        t = r.get("type")
        cocci = r.get("cocci") or ""
        s = cocci.split("scripts/coccinelle/", 1)[-1]
        if t == "finding":
            texts[s] += f"{r['file']}:{r['line']}:{r['column']}-{r['column_end']}: {r['message']}\n"
        elif t == "output":
            texts[s] += r["text"] + "\n"
        elif t == "diff" and not r.get("context"):
            texts[s] += r["diff"]
        elif t == "skipped" and cocci:
            skipped[s] += 1
        elif t == "script_failed":
            failed[s] += 1
        elif t == "summary":
            for p in r["patches"]:
                status[p["cocci"].split("scripts/coccinelle/", 1)[-1]] = p
    for s in scripts:
        ours[s] = parse(texts[s])

rows, equal, compared, diffs = [], 0, 0, []
for s in scripts:
    o, p = ours[s], spatch[s]
    st = status.get(s, {}).get("status", "?")
    notes = [] if st in ("ran", "?") else [f"ours {st}"]
    if skipped[s]:
        notes.append(f"ours: {skipped[s]} file(s) timed out")
    if failed[s]:
        notes.append(f"ours: {failed[s]} script failure(s)")
    if sp_timeouts[s]:
        notes.append(f"spatch: {sp_timeouts[s]} file(s) timed out")
    note = f" ({'; '.join(notes)})" if notes else ""
    if p is None or not have_ours:
        rows.append(f"| {s} | {size(o) if have_ours else '-'} | {'-' if p is None else size(p)} | not run{note} |")
        continue
    compared += 1
    if o == p and st != "refused":
        equal += 1
        rows.append(f"| {s} | {size(o)} | {size(p)} | yes{note} |")
        continue
    only_o, only_p = minus(o, p), minus(p, o)
    rows.append(f"| {s} | {size(o)} | {size(p)} | no: {size(only_o)} only ours, {size(only_p)} only spatch{note} |")
    diffs.append(f"## {s}{note}")
    for tag, only in (("only ours", only_o), ("only spatch", only_p)):
        for x in sorted(only, key=str):
            diffs.append(f"{tag}: {x}")

print(f"### {mode} mode over {' '.join(dirs)}\n")
print("| script | ours | spatch | equal? |")
print("|---|---:|---:|---|")
print("\n".join(rows))
print(f"\n{equal} of {compared} compared scripts equal ({len(scripts)} scripts).")
with open(f"{out}/diff-{mode}.txt", "w") as f:
    f.write("\n".join(diffs) + "\n")
print(f"Differences: {out}/diff-{mode}.txt")

print()
runs = len(scripts) * len(dirs)
mr = f"{sp_dir}/this-run"
this = open(mr).read().split() if os.path.exists(mr) else ["?", "?"]
print(f"spatch:   {sp_wall:.1f} s wall, {sp_cpu:.1f} s CPU, peak RSS {sp_rss / 1024:.0f} MiB (per process), "
      f"{runs - missing} of {runs} runs (sum of recorded per-run times; {this[0]} measured by the last invocation, {this[1]} from earlier ones)")
for d in dirs:
    print(f"          {d}: {per_dir[d][0]:.1f} s over {per_dir[d][1]} runs")
if sp_fail:
    print(f"          non-zero exits: {', '.join(sp_fail)}")
tf = f"{out}/sempatch/{mode}.time"
if os.path.exists(tf):
    w, c, m, x = times(tf)
    print(f"sempatch: {w:.1f} s wall, {c:.1f} s CPU, peak RSS {m / 1024:.0f} MiB, exit {x}")
    if missing == 0 and w > 0:
        print(f"speed-up: {sp_wall / w:.1f}x wall, {sp_cpu / max(c, 0.01):.1f}x CPU")
    elif w > 0:
        print("speed-up: not computed, spatch runs missing")
EOF
