#!/usr/bin/env bash
# Whole-kernel benchmark: each shipped transform over Debian's Linux 6.1 tree
# (as a git repository), without and with the word index (`sempatch index`),
# against `rg -l` for the same identifiers and against
# `spatch --use-gitgrep` on an equivalent semantic patch (bench/*.cocci), all
# measured in one run with the same warm cache. Prints the median of RUNS runs
# (default 5) and the peak RSS, then `sempatch series` against the sum of the
# three apply runs.
#
# usage: bench/kernel.sh            (RUNS=7 bench/kernel.sh for more runs)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-5}
jobs=$(nproc)

[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }
for tool in rg spatch git perl bc; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install ripgrep coccinelle git perl bc)" >&2; exit 1; }
done

# The tree as a git repository, with the put_user_page*() family named as in
# 2019 (unpin_user_page* renamed back) so that every transform has work to do.
repo=${SEMPATCH_BENCH_REPO:-${XDG_CACHE_HOME:-$HOME/.cache}/sempatch/linux-6.1-git}
if [ ! -f "$repo/.sempatch-bench-ready" ]; then
  src=$("$top/scripts/fetch-kernel.sh")
  echo "bench: making $repo (a one-time copy of $src as a git repository)" >&2
  rm -rf "$repo"
  mkdir -p "$(dirname "$repo")"
  cp -a "$src" "$repo"
  rm -f "$repo/.sempatch-complete"
  (
    cd "$repo"
    # Debian's packaging line ignores everything; a kernel checkout does not.
    sed -i '/^\/\*$/d; /^!\/debian\/$/d' .gitignore
    git init -q -b master
    git config user.name "Bench" && git config user.email "bench@example.org"
    git add -A -f && git commit -q -m "Linux 6.1 (Debian linux-source-6.1)"
    rg -l unpin_user_page -t c | xargs sed -i 's/unpin_user_page/put_user_page/g'
    git commit -q -a -m "Name the release family put_user_page*() as in 2019"
  )
  touch "$repo/.sempatch-bench-ready"
fi

(cd "$top" && cargo build --release -q)
bin="$top/target/release/sempatch"
cd "$repo"
git reset -q --hard && git clean -q -fd

# median_of CMD...: runs CMD $runs times, prints "median_seconds peak_rss_kib".
median_of() {
  local times=() rss=0 out f
  f=$(mktemp)
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$f" "$@" >/dev/null 2>&1 || true
    out=$(tail -n 1 "$f")
    times+=("${out% *}")
    [ "${out#* }" -gt "$rss" ] && rss=${out#* }
  done
  rm -f "$f"
  printf '%s %s\n' "$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")" "$rss"
}

# Warm the cache once.
cat $(git ls-files -- '*.c' '*.h') >/dev/null 2>&1 || true

# The word index (`sempatch index`), built once; the plain runs do without it.
start=$(date +%s.%N)
"$bin" index . 2>/dev/null
printf 'word index built in %.1fs\n\n' "$(echo "$(date +%s.%N) - $start" | bc -l)"

printf '%-26s %9s %9s %9s %9s %13s %13s %10s\n' transform sempatch indexed "rg -l" spatch "vs rg" "vs spatch" "RSS (MiB)"
printf '%-26s %9s %9s %9s %9s %13s %13s %10s\n' "" "" "" "" "" "plain/indexed" "plain/indexed" ""
total=0
for t in put_user_pages_dirty_lock:release:'\bput_page\b' pin_user_pages:pin:'\bget_user_pages' unpin_user_page:rename:'\bput_user_page'; do
  name=${t%%:*}; rest=${t#*:}; ref=${rest%%:*}; re=${rest#*:}
  read -r ours rss < <(median_of "$bin" apply -q --no-index "$top/transforms/$name.cocci" .)
  read -r idx irss < <(median_of "$bin" apply -q "$top/transforms/$name.cocci" .)
  read -r rgt _ < <(median_of rg -l -t c "$re" .)
  read -r sp _ < <(median_of spatch --sp-file "$top/bench/$ref.cocci" --dir . --use-gitgrep -j "$jobs" --very-quiet)
  total=$(echo "$total + $ours" | bc -l)
  [ "$irss" -gt "$rss" ] && rss=$irss
  printf '%-26s %8.2fs %8.2fs %8.2fs %8.2fs %6.2fx/%.2fx %6.1fx/%.1fx %10.1f\n' "$name" "$ours" "$idx" "$rgt" "$sp" \
    "$(echo "$ours / $rgt" | bc -l)" "$(echo "$idx / $rgt" | bc -l)" \
    "$(echo "$sp / $ours" | bc -l)" "$(echo "$sp / $idx" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
done

# The whole series: three transforms and the commits, on a branch of its own.
manifest=$(mktemp --suffix=.toml)
sed "s|^smpl = \"|smpl = \"$top/transforms/|; /^paths = \[/,/^\]/d" "$top/transforms/series.toml" >"$manifest"
series_cmd() {
  git branch -q -D sempatch-bench 2>/dev/null || true
  "$bin" series --manifest "$manifest" --tree . --branch sempatch-bench --out "$(mktemp -d)" --date "2020-01-30 12:00:00 +0000"
}
read -r st srss < <(median_of bash -c "$(declare -f series_cmd); bin=$bin manifest=$manifest series_cmd")
printf '\nseries (3 transforms, commits built): %.2fs, %.2fx the sum of the apply runs (%.2fs); peak RSS %.1f MiB\n' \
  "$st" "$(echo "$st / $total" | bc -l)" "$total" "$(echo "$srss / 1024" | bc -l)"
rm -f "$manifest"
