#!/usr/bin/env bash
# Start-up wall time of the saslfail command: 'saslfail --version' and 'saslfail status' on an
# empty store, with the class-data-sharing archive (saslfail-cli/target/saslfail.jsa, built by
# mvn package) and without it (-Xshare:off). Prints the best and the median of N runs each.
# usage: bench/startup.sh [N]   (default 15)    Goals: --version < 0.3 s, status < 0.5 s.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
n=${1:-15}
launcher="$here/bin/saslfail"
[[ -f $here/saslfail-cli/target/saslfail.jar ]] || { echo "build first: mvn -B -q -pl saslfail-cli -am package -DskipTests" >&2; exit 2; }
[[ -f $here/saslfail-cli/target/saslfail.jsa ]] || echo "note: no CDS archive in saslfail-cli/target: the 'with' rows equal the 'without' rows" >&2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: > "$tmp/none.conf"
echo 'timestamp|ip|jail|action|strike_level|notified' > "$tmp/empty"
"$launcher" import-legacy --config "$tmp/none.conf" --db "$tmp/s.db" "$tmp/empty" > /dev/null

# prints "best median" in seconds of n runs of the command
measure() {
  local times=() t0 t1
  for ((i = 0; i < n; i++)); do
    t0=$(date +%s%N)
    "$@" > /dev/null
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.3f %.3f\n", a[1]/1000, a[int((NR+1)/2)]/1000}'
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $(java -version 2>&1 | head -1)"
echo "runs per figure: $n (best / median, seconds)"
printf '%-34s %-8s %-8s\n' command best median
for share in with without; do
  if [[ $share == without ]]; then export SASLFAIL_JAVA_OPTS="-Xshare:off"; else export SASLFAIL_JAVA_OPTS=""; fi
  read -r b m < <(measure "$launcher" --version)
  printf '%-34s %-8s %-8s\n' "--version ($share CDS)" "$b" "$m"
  read -r b m < <(measure "$launcher" status --config "$tmp/none.conf" --db "$tmp/s.db")
  printf '%-34s %-8s %-8s\n' "status, empty store ($share CDS)" "$b" "$m"
done
