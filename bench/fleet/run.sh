#!/usr/bin/env bash
# A fleet of three saslfail daemons on one machine sharing one PostgreSQL 15 database, each with its
# own fail2ban server (private config, socket, database, nftables table; TEST-NET addresses that are
# only put in sets, never contacted). Measures (issue 13):
#  1. propagation latency over SAMPLES decisions: a strike-1 ban injected on mx1 -> the same address
#     banned in saslfail-strike1 of mx2 and mx3, from the decision's commit (fleet_decisions.decided_at_ms)
#     and from mx1's own fail2ban ban, by fail2ban's log times (ms): p50, p99, max;
#  2. a wave of WAVE escalations on mx1 (repeat offenders: one ended offense each on record, bans
#     injected with fail2ban-client in chunks of 100): when mx1's fail2ban made the last strike-1 ban,
#     when mx1 enforced the last escalation, when mx2 and mx3 enforced the last one; CPU and memory of
#     each daemon;
#  3. PostgreSQL transactions and statements per second per idle node (pg_stat_database xact_commit
#     over IDLE seconds with the three daemons idle, minus the same without daemons).
# Usage (root): bench/fleet/run.sh [SAMPLES] [WAVE] [IDLE]   (default 200 1000 120)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
jar="$here/saslfail-cli/target/saslfail.jar"
[[ -f $jar ]] || "$here/scripts/build.sh"
samples=${1:-200}; wave=${2:-1000}; idle=${3:-120}
d=$(mktemp -d /tmp/saslfail-fleet-bench.XXXXXX)
db=saslfail_fleet_bench
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
  for n in 1 2 3; do
    fail2ban-client -c "$d/mx$n/conf" stop >/dev/null 2>&1 || true
    nft delete table inet "f2b-fleet-bench-$n" 2>/dev/null || true
  done
  "$here/testbed/postgres.sh" drop $db >/dev/null 2>&1 || true
  rm -rf "$d"
}
trap cleanup EXIT
echo "# $(date -u +%FT%TZ) $(uname -n) $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1), $(fail2ban-server -V | head -1), $(psql --version)"
url=$("$here/testbed/postgres.sh" up $db | tail -1)
psqlq() { psql -p 5432 -d $db -tAqc "$1"; }

saslfail() { local n=$1; shift; java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$jar" "$@" --config "$d/mx$n/saslfail.conf"; }
for n in 1 2 3; do
  m="$d/mx$n"
  mkdir -p "$m/conf"
  (cd /etc/fail2ban && find . -type d -exec mkdir -p "$m/conf/{}" \; \
    && find . -type f ! -path './jail.d/*' ! -name jail.local ! -path './fail2ban.d/*' -exec cp {} "$m/conf/{}" \;)
  printf '[Definition]\nlogtarget = %s\nsocket = %s\npidfile = %s\ndbfile = %s\n' \
    "$m/f2b.log" "$m/f2b.sock" "$m/f2b.pid" "$m/f2b.sqlite3" > "$m/conf/fail2ban.local"
  : > "$m/postfix.log"
  cat > "$m/saslfail.conf" <<CONF
database = $url
fleet.node = mx$n
ladder = 1h, 2h, 4h
ignore = 127.0.0.0/8 ::1
services = postfix
log.postfix = $m/postfix.log
subnet_threshold = 0
fail2ban.socket = $m/f2b.sock
fail2ban.db = $m/f2b.sqlite3
fail2ban.config_dir = $m/conf
fail2ban.backend = polling
fail2ban.banaction_params = table=f2b-fleet-bench-$n
notify.mode = none
CONF
  saslfail $n fail2ban write-config >/dev/null
  fail2ban-client -c "$m/conf" start >/dev/null
done
saslfail 1 doctor >/dev/null 2>&1 || true   # creates the schema

xacts() { psqlq "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = '$db'"; }
# baseline: the database without daemons
sleep 2; b0=$(xacts); sleep 30; b1=$(xacts)
base=$(python3 -c "print(($b1 - $b0) / 30)")

for n in 1 2 3; do
  java -XX:+UseSerialGC -Xmx128m -jar "$jar" daemon --config "$d/mx$n/saslfail.conf" >"$d/mx$n/daemon.log" 2>&1 &
  pids+=($!)
done
for n in 1 2 3; do
  for _ in $(seq 100); do grep -q "saslfail daemon running" "$d/mx$n/daemon.log" && break; sleep 0.2; done
done
sleep 3

# 3. idle
i0=$(xacts); sleep "$idle"; i1=$(xacts)
echo "idle: $(python3 -c "print(f'{(($i1 - $i0) / $idle - $base) / 3:.2f}')") PostgreSQL transactions/s per idle node ($(python3 -c "print(f'{$base:.2f}')")/s without daemons, ${idle} s)"

# 1. latency, one decision at a time
start_ms=$(( $(date +%s%3N) ))
for i in $(seq 1 "$samples"); do
  fail2ban-client -c "$d/mx1/conf" set saslfail-postfix banip "198.18.$(( 60 + i / 250 )).$(( i % 250 + 1 ))" >/dev/null
done
for _ in $(seq 300); do
  c2=$(grep -c "\[saslfail-strike1\] Ban 198.18.6" "$d/mx2/f2b.log" || true); c3=$(grep -c "\[saslfail-strike1\] Ban 198.18.6" "$d/mx3/f2b.log" || true)
  [[ $c2 -ge $samples && $c3 -ge $samples ]] && break; sleep 0.2
done
psqlq "SELECT offender, decided_at_ms FROM fleet_decisions WHERE offender LIKE '198.18.6%'" > "$d/decided.txt"
python3 - "$d" "$samples" <<'PY'
import re, sys, datetime
d, n = sys.argv[1], int(sys.argv[2])
def bans(path, jail):
    out = {}
    for line in open(path, encoding="utf-8", errors="replace"):
        m = re.match(r"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),(\d{3}) .*\[" + re.escape(jail) + r"\] Ban (\S+)", line)
        if m:
            t = datetime.datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S").replace(tzinfo=datetime.timezone.utc).timestamp()
            out.setdefault(m.group(3), t * 1000 + int(m.group(2)))
    return out
decided = {l.split("|")[0]: int(l.split("|")[1]) for l in open(d + "/decided.txt") if "|" in l}
src = bans(d + "/mx1/f2b.log", "saslfail-postfix")
for label, base in (("decision committed", decided), ("mx1's fail2ban ban", src)):
    lat = []
    for node in ("mx2", "mx3"):
        got = bans(d + "/" + node + "/f2b.log", "saslfail-strike1")
        lat += [got[ip] - base[ip] for ip in base if ip in got and ip.startswith("198.18.6")]
    lat.sort()
    if not lat:
        print("latency: nothing enforced"); continue
    p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))]
    print(f"latency from {label} to enforced on mx2/mx3 ({len(lat)} of {2 * n}): p50 {p(0.5):.0f} ms, p99 {p(0.99):.0f} ms, max {lat[-1]:.0f} ms")
PY

# 2. a wave of escalations: WAVE repeat offenders of mx1 (an ended offense 10 days ago each)
now_ms=$(date +%s%3N)
python3 - "$d/seed.sql" "$wave" "$now_ms" <<'PY'
import sys
path, n, now = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with open(path, "w") as f:
    f.write("BEGIN;\n")
    for i in range(n):
        ip = f"198.19.{i // 250}.{i % 250 + 1}"
        hexip = "4%08x" % ((198 << 24) | (19 << 16) | ((i // 250) << 8) | (i % 250 + 1))
        at = now - 10 * 86400000 + i
        f.write("INSERT INTO offenses (offender, offender_hex, offender_len, ip, service, strike, jail, at_ms, expires_at_ms, node)"
                f" VALUES ('{ip}','{hexip}',32,'{ip}','postfix',1,'saslfail-postfix',{at},{at + 3600000},'mx1');\n")
    f.write("COMMIT;\n")
PY
psql -p 5432 -d $db -q -f "$d/seed.sql" >/dev/null
cpu() { local p=$1; awk '{print $14 + $15}' /proc/$p/stat; }
rss() { awk '/VmRSS/ {print $2}' /proc/$1/status; }
declare -A cpu0
for k in 0 1 2; do cpu0[$k]=$(cpu "${pids[$k]}"); done
x0=$(xacts); t0=$(date +%s%3N)
ips=(); for i in $(seq 0 $(( wave - 1 ))); do ips+=("198.19.$(( i / 250 )).$(( i % 250 + 1 ))"); done
for ((i = 0; i < wave; i += 100)); do
  fail2ban-client -c "$d/mx1/conf" set saslfail-postfix banip "${ips[@]:i:100}" >/dev/null
done
for _ in $(seq 600); do
  done1=$(grep -c "\[saslfail-strike2\] Ban 198.19" "$d/mx1/f2b.log" || true)
  done2=$(grep -c "\[saslfail-strike2\] Ban 198.19" "$d/mx2/f2b.log" || true); done3=$(grep -c "\[saslfail-strike2\] Ban 198.19" "$d/mx3/f2b.log" || true)
  [[ $done1 -ge $wave && $done2 -ge $wave && $done3 -ge $wave ]] && break; sleep 0.5
done
x1=$(xacts); t1=$(date +%s%3N)
python3 - "$d" "$wave" <<'PY'
import re, sys, datetime
d, n = sys.argv[1], int(sys.argv[2])
def times(path, jail, prefix):
    ts = []
    for line in open(path, encoding="utf-8", errors="replace"):
        m = re.match(r"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),(\d{3}) .*\[" + re.escape(jail) + r"\] Ban " + re.escape(prefix), line)
        if m:
            t = datetime.datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S").replace(tzinfo=datetime.timezone.utc).timestamp()
            ts.append(t + int(m.group(2)) / 1000)
    return ts
s1 = times(d + "/mx1/f2b.log", "saslfail-postfix", "198.19.")
e1 = times(d + "/mx1/f2b.log", "saslfail-strike2", "198.19.")
first, last = min(s1), max(s1)
print(f"wave: {len(s1)} strike-1 bans on mx1 in {last - first:.1f} s; escalations enforced on mx1: {len(e1)}, the last {max(e1) - last:+.2f} s after the last strike-1 ban")
for node in ("mx2", "mx3"):
    e = times(d + "/" + node + "/f2b.log", "saslfail-strike2", "198.19.")
    print(f"wave: {node} enforced {len(e)} of {n}, the last {max(e) - last:+.2f} s after mx1's last strike-1 ban ({max(e) - max(e1):+.2f} s after mx1's last escalation)")
PY
echo "wave: $(python3 -c "print(f'{($x1 - $x0) / (($t1 - $t0) / 1000):.0f}')") PostgreSQL transactions/s (all nodes) while it ran ($(( (t1 - t0) / 1000 )) s until the last was enforced everywhere)"
hz=$(getconf CLK_TCK)
for k in 0 1 2; do
  p=${pids[$k]}
  echo "wave: mx$(( k + 1 )) daemon CPU $(python3 -c "print(f'{($(cpu $p) - ${cpu0[$k]}) / $hz:.1f}')") s, resident $(( $(rss $p) / 1024 )) MiB after"
done
echo "decisions: $(psqlq 'SELECT count(*) FROM fleet_decisions'), offenses of the wave: $(psqlq "SELECT count(*) FROM offenses WHERE ip LIKE '198.19.%' AND strike = 2"), applied: $(psqlq "SELECT string_agg(node || ' #' || applied_id, ', ' ORDER BY node) FROM fleet_applied")"
