#!/usr/bin/env bash
# Issue 13: `status`, `list --limit 50` and `report summary` on a PostgreSQL store of 10,000,000
# offenses (a fleet's years), JVM start included; goal < 1 s each.
# Usage (root, PostgreSQL 15 installed; holds /tmp/saslfail-it.lock while it changes PostgreSQL):
#   bench/fleet/reports-pg.sh [--times-only] [ROWS [RUNS]]     default 10000000 rows, 5 runs per report
# It makes database saslfail_bench (testbed/postgres.sh), lets saslfail create the schema, then fills
# it with SQL generate_series (no JVM in the loop): ROWS offenses over three years up to now, one
# ban event each, 4,000,000 distinct IPv4 offenders, 80 % strike 1, 14 % strike 2, 6 % strike 3,
# 75 % Postfix; about 42,000 bans running at the end (what status prints). Indexes are dropped
# for the load and built again after it, then ANALYZE. --times-only re-times an earlier load.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
times_only=no
if [[ ${1:-} == --times-only ]]; then times_only=yes; shift; fi
rows=${1:-10000000}
runs=${2:-5}
name=saslfail_bench
lock=/tmp/saslfail-it.lock
saslfail="$here/bin/saslfail"
[[ -f $here/saslfail-cli/target/saslfail.jar ]] || "$here/scripts/build.sh"
url="jdbc:postgresql://localhost:5432/$name?user=root&password=saslfail-test"

if [[ $times_only == no ]]; then
  start=$(date +%s)
  # -o: the PostgreSQL server this may start must not inherit the lock's descriptor, or it would
  # hold the lock for as long as it runs and every other test would wait for it
  flock -o "$lock" bash -c '
    set -euo pipefail
    "$1/testbed/postgres.sh" up "$2" >/dev/null
    "$3" status --db "$4" >/dev/null   # creates the schema (every migration)
    psql -q -v ON_ERROR_STOP=1 -v rows="$5" -v now_ms="$(($(date +%s) * 1000))" -d "$2" -f "$1/bench/fleet/fill-pg.sql"
  ' _ "$here" "$name" "$saslfail" "$url" "$rows"
  echo "load of $rows offenses (and as many events): $(( $(date +%s) - start )) s (load $(cut -d' ' -f1-3 /proc/loadavg))"
  psql -d "$name" -tAc "SELECT 'database size: ' || pg_size_pretty(pg_database_size(current_database()))"
fi
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB; $(java -version 2>&1 | head -1); $(psql -d "$name" -tAc 'SHOW server_version')"
psql -d "$name" -tAc "SELECT 'offenses: ' || count(*) FROM offenses"
t() { local s e; s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
secs() { printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)); }
# "status, terminal" runs status on a pseudo-terminal (script(1)), as an administrator sees it: the
# first 100 running bans and the total; "status" into a file lists every running ban (issue 17)
on_terminal() { script -qec "$(printf '%q ' "$@")" /dev/null; }
printf '%-18s %-7s %-7s %s\n' report best median "load before (1/5/15 min)"
for cmd in "status, terminal" "status" "list --limit 50" "report summary"; do
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  ms=()
  for ((i = 0; i < runs; i++)); do
    if [[ $cmd == "status, terminal" ]]; then
      ms+=("$(t on_terminal "$saslfail" status --db "$url")")
    else
      # shellcheck disable=SC2086
      ms+=("$(t "$saslfail" $cmd --db "$url")")
    fi
  done
  read -r best median < <(printf '%s\n' "${ms[@]}" | sort -n | awk '{a[NR]=$1} END {print a[1], a[int((NR+1)/2)]}')
  printf '%-18s %-7s %-7s %s\n' "$cmd" "$(secs "$best")" "$(secs "$median")" "$load"
done
# shellcheck disable=SC2016
echo "(wall seconds of $runs runs each, JVM start included; status printed $("$saslfail" status --db "$url" | wc -l) lines into a file,"
echo " $(on_terminal "$saslfail" status --db "$url" | wc -l) on a terminal)"
