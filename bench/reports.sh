#!/usr/bin/env bash
# Benchmark for issue 2: import-legacy of a 1,000,000-row legacy history, then the wall time of
# `status`, `list --limit 50` and `report summary` on that store, JVM start included.
# Usage: bench/reports.sh [--times-only] [ROWS [RUNS]]   (default 1000000 rows, 5 runs per report;
# writes under bench/out/, git-ignored). --times-only re-times the reports on the store a previous
# run imported. Goals (#2): status, list --limit 50 and report summary each < 1 s.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
times_only=no
if [[ ${1:-} == --times-only ]]; then times_only=yes; shift; fi
rows=${1:-1000000}
runs=${2:-5}
out="$here/bench/out"
mkdir -p "$out"
legacy="$out/legacy-$rows.db.txt"
db="$out/reports-$rows.db"
saslfail="$here/bin/saslfail"
[[ -f $here/saslfail-cli/target/saslfail.jar ]] || "$here/scripts/build.sh"

if [[ ! -f $legacy ]]; then
  echo "generating $rows legacy rows..."
  python3 - "$legacy" "$rows" <<'PY'
import random, sys, datetime as dt
path, rows = sys.argv[1], int(sys.argv[2])
random.seed(1)
now = dt.datetime.now().replace(microsecond=0)
start = now - dt.timedelta(days=400)
span = (now - start).total_seconds()
jails = ["postfix-sasl-first", "postfix-sasl-second", "postfix-sasl-third", "dovecot-first", "dovecot-second", "dovecot-third"]
with open(path, "w") as f:
    f.write("timestamp|ip|jail|action|strike_level|notified\n")
    for i in range(rows):
        t = start + dt.timedelta(seconds=span * i / rows)
        n = random.randint(0, 199999)  # 200,000 distinct offenders (IPv4 and IPv6)
        ip = f"{1 + n % 223}.{(n >> 8) % 256}.{(n >> 3) % 256}.{n % 250 + 1}" if n % 10 else f"2001:db8:{n >> 16:x}:{n & 0xffff:x}::{n % 7 + 1}"
        k = random.choice((1, 1, 1, 2, 2, 3))
        svc = 0 if random.random() < 0.75 else 3
        r = random.random()
        action = "ban" if r < 0.8 else "unban" if r < 0.93 else "restore-ban"
        f.write(f"{t:%Y-%m-%d %H:%M:%S}|{ip}|{jails[svc + k - 1]}|{action}|{k}|{int(random.random() < 0.5)}\n")
PY
fi
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB; $(java -version 2>&1 | head -1)"
# wall milliseconds of one command
t() { local s e; s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
secs() { printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)); }
if [[ $times_only == no || ! -f $db ]]; then
  rm -f "$db" "$db"-wal "$db"-shm
  echo "import-legacy of $rows rows: $(secs "$(t "$saslfail" import-legacy --db "$db" "$legacy")") s (load $(cut -d' ' -f1-3 /proc/loadavg))"
  echo "store size: $(du -h "$db" | cut -f1)"
fi
# CPU seconds (user + sys) of one command, when GNU time is there: steadier than wall time on a shared machine
cpu() { if [[ -x /usr/bin/time ]]; then /usr/bin/time -o "$out/.cpu" -f '%U %S' "$@" >/dev/null 2>&1; awk '{printf "%d", ($1 + $2) * 1000}' "$out/.cpu"; else echo 0; fi; }
printf '%-16s %-7s %-7s %-8s %s\n' report best median "cpu best" "load before (1/5/15 min)"
for cmd in "status" "list --limit 50" "report summary" "report by-ip" "report by-date" "show 1.0.0.1"; do
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  ms=()
  cpus=()
  for ((i = 0; i < runs; i++)); do
    # shellcheck disable=SC2086
    ms+=("$(t "$saslfail" $cmd --db "$db")")
    # shellcheck disable=SC2086
    cpus+=("$(cpu "$saslfail" $cmd --db "$db")")
  done
  read -r best median < <(printf '%s\n' "${ms[@]}" | sort -n | awk '{a[NR]=$1} END {print a[1], a[int((NR+1)/2)]}')
  cbest=$(printf '%s\n' "${cpus[@]}" | sort -n | head -1)
  printf '%-16s %-7s %-7s %-8s %s\n' "$cmd" "$(secs "$best")" "$(secs "$median")" "$(secs "$cbest")" "$load"
done
rm -f "$out/.cpu"
echo "(wall seconds of $runs runs each, JVM start included; cpu = user + sys of $runs further runs)"
