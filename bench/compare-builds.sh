#!/usr/bin/env bash
# Start-up and report wall times of two builds side by side, interleaved run by run, so that a
# shared or busy machine slows both alike: this tree against an older commit (default: the commit
# before issue 12 moved the daemon and the use cases out of the CLI).
# usage: bench/compare-builds.sh [OLD_REV [ROWS [RUNS]]]   (defaults 58bd1ca^, 1000000, 7)
# Listings are cut at 50 (into a pipe they are whole since issue 17). Each build imports the same generated legacy history into its own store (an older build refuses
# a newer schema). Prints the median and best wall seconds per command and the ratio new/old.
# Writes under bench/out/ (git-ignored); the old build lives in a temporary git worktree.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
old_rev=${1:-58bd1ca^}
rows=${2:-1000000}
runs=${3:-7}
out="$here/bench/out"
mkdir -p "$out"
old_tree=$(mktemp -d /tmp/saslfail-old.XXXXXX)
cleanup() { git -C "$here" worktree remove --force "$old_tree" >/dev/null 2>&1 || rm -rf "$old_tree"; }
trap cleanup EXIT

[[ -f $here/saslfail-cli/target/saslfail.jar ]] || "$here/scripts/build.sh"
echo "building $old_rev ($(git -C "$here" rev-parse --short "$old_rev")) in $old_tree ..." >&2
git -C "$here" worktree add -q --detach "$old_tree" "$old_rev"
(cd "$old_tree" && mvn -B -q -o -DskipTests package -pl saslfail-cli -am >/dev/null)

# the same legacy history as bench/reports.sh (generated there when missing)
legacy="$out/legacy-$rows.db.txt"
[[ -f $legacy ]] || { echo "generating the legacy history with bench/reports.sh ..." >&2; "$here/bench/reports.sh" "$rows" 1 >/dev/null; }
: > "$out/none.conf"
declare -A launcher=([new]="$here/bin/saslfail" [old]="$old_tree/bin/saslfail")
for b in old new; do
  db="$out/compare-$b-$rows.db"
  # KEEP=1 re-times the stores a previous run imported
  [[ ${KEEP:-} == 1 && -f $db ]] && continue
  rm -f "$db" "$db"-wal "$db"-shm
  s=$(date +%s%N)
  "${launcher[$b]}" import-legacy --config "$out/none.conf" --db "$db" "$legacy" >/dev/null
  echo "import-legacy of $rows rows with the $b build: $(( ($(date +%s%N) - s) / 1000000 )) ms" >&2
done

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB; $(java -version 2>&1 | head -1)"
echo "old: $old_rev = $(git -C "$here" log -1 --format='%h %s' "$old_rev" | cut -c1-70)"
echo "new: $(git -C "$here" log -1 --format='%h %s' HEAD | cut -c1-70)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); $runs runs per command and build, interleaved"
ms() { local s; s=$(date +%s%N); "$@" >/dev/null 2>&1; echo $(( ($(date +%s%N) - s) / 1000000 )); }
stats() { sort -n | awk '{a[NR]=$1} END {printf "%d %d\n", a[int((NR+1)/2)], a[1]}'; }
printf '%-18s %9s %9s %9s %9s %7s\n' command "old med" "new med" "old best" "new best" "new/old"
for cmd in "--version" "status" "list --limit 50" "report summary" "report by-ip --limit 50" "show 1.0.0.1"; do
  declare -A t=([old]="" [new]="")
  for ((i = 0; i < runs; i++)); do
    for b in old new; do
      args=($cmd)
      [[ $cmd == --version ]] || args+=(--config "$out/none.conf" --db "$out/compare-$b-$rows.db")
      t[$b]+="$(ms "${launcher[$b]}" "${args[@]}") "
    done
  done
  read -r om ob < <(tr ' ' '\n' <<<"${t[old]}" | grep . | stats)
  read -r nm nb < <(tr ' ' '\n' <<<"${t[new]}" | grep . | stats)
  awk -v c="$cmd" -v om="$om" -v nm="$nm" -v ob="$ob" -v nb="$nb" \
    'BEGIN {printf "%-18s %9.3f %9.3f %9.3f %9.3f %7.2f\n", c, om / 1000, nm / 1000, ob / 1000, nb / 1000, nm / om}'
done
echo "(wall seconds, JVM start included; med = median, best = fastest run)"
