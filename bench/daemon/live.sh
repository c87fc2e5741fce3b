#!/usr/bin/env bash
# saslfail with a real fail2ban (private instance, nftables in its own table, TEST-NET
# addresses that are only put in sets, never contacted):
#  1. escalation latency: a repeat offender's strike-1 ban issued -> its tier ban present,
#     one offender at a time, from fail2ban's own log times (ms);
#  2. waves of WAVE strike-1 bans (REPEAT of them repeat offenders), made from mail-log lines
#     (log) and/or injected with fail2ban-client (banip): fail2ban's own ban rate, how long after
#     fail2ban's last strike-1 ban the last escalation was applied, the end state, the daemon's CPU;
#  3. the daemon's resident memory with OFFENDERS offenders in the store: after start, peak
#     during the waves, after (with SASLFAIL_JAVA_OPTS=-XX:NativeMemoryTracking=summary also
#     where it goes).
# Usage (root): bench/daemon/live.sh [LATENCY_SAMPLES] [WAVE] [REPEAT] [OFFENDERS]  (default 50 1000 300 100000)
# Environment: WAVE_MODES ("log banip"), WAVE_RATE (log lines a second, 100), NOTIFY_MODE (smart).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
jar="$here/saslfail-cli/target/saslfail.jar"
[[ -f $jar ]] || "$here/scripts/build.sh"
samples=${1:-50}; wave=${2:-1000}; repeat=${3:-300}; offenders=${4:-100000}
d=$(mktemp -d /tmp/saslfail-bench.XXXXXX)
table=f2b-dmn-bench
daemon_pid=
sampler_pid=
cleanup() {
  [[ -n $sampler_pid ]] && kill "$sampler_pid" 2>/dev/null || true
  [[ -n $daemon_pid ]] && kill "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null || true
  fail2ban-client -c "$d/conf" stop >/dev/null 2>&1 || true
  nft delete table inet $table 2>/dev/null || true
  rm -rf "$d"
}
trap cleanup EXIT
echo "# $(date -u +%FT%TZ) $(uname -n) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1), $(fail2ban-server -V | head -1)"

# fail2ban: the system's config without its jails, everything else under $d
mkdir -p "$d/conf"
(cd /etc/fail2ban && find . -type d -exec mkdir -p "$d/conf/{}" \; \
  && find . -type f ! -path './jail.d/*' ! -name jail.local ! -path './fail2ban.d/*' -exec cp {} "$d/conf/{}" \;)
printf '[Definition]\nlogtarget = %s\nsocket = %s\npidfile = %s\ndbfile = %s\n' \
  "$d/f2b.log" "$d/f2b.sock" "$d/f2b.pid" "$d/f2b.sqlite3" > "$d/conf/fail2ban.local"
: > "$d/postfix.log"
cat > "$d/saslfail.conf" <<CONF
database = $d/saslfail.db
ladder = 1h, 2h, 4h
ignore = 127.0.0.0/8 ::1
services = postfix
log.postfix = $d/postfix.log
subnet_threshold = 0
fail2ban.socket = $d/f2b.sock
fail2ban.db = $d/f2b.sqlite3
fail2ban.config_dir = $d/conf
fail2ban.backend = polling
fail2ban.banaction_params = table=$table
notify.mode = ${NOTIFY_MODE:-smart}
CONF
saslfail() { java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$jar" "$@" --config "$d/saslfail.conf"; }
saslfail fail2ban write-config >/dev/null
fail2ban-client -c "$d/conf" start >/dev/null

# history: OFFENDERS offenders whose offenses ended long ago (198.18.0.0/15 numbering from
# 198.19.0.0), written straight into the store's tables by sqlite3 to save time
saslfail doctor >/dev/null 2>&1 || true   # creates the store with its schema
now_ms=$(( $(date +%s) * 1000 ))
ip_of() { local i=$1; echo "198.$(( 18 + i / 65536 )).$(( i / 256 % 256 )).$(( i % 256 ))"; }
python3 - "$d/history.sql" "$offenders" "$now_ms" <<'PY'
import sys
path, n, now = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with open(path, "w") as f:
    f.write("BEGIN;\n")
    for i in range(n):
        j = 65536 + 20000 + i            # from 198.19.78.32 on: apart from the bench addresses
        ip = f"198.{18 + j // 65536}.{j // 256 % 256}.{j % 256}"
        hexip = "4%08x" % ((198 << 24) | ((18 + j // 65536) << 16) | ((j // 256 % 256) << 8) | (j % 256))
        at = now - 40 * 86400000 + i
        f.write(f"INSERT INTO offenses VALUES ('{ip}','{hexip}',32,'{ip}','postfix',1,'saslfail-postfix',{at},{at + 3600000},NULL);\n")
        f.write(f"INSERT INTO events VALUES ('ban|saslfail-postfix|{ip}|{at}','ban','saslfail-postfix','{ip}','{hexip}','{ip}',{at},'offense',1,'postfix','seeded');\n")
    f.write("COMMIT;\n")
PY
sqlite3 "$d/saslfail.db" < "$d/history.sql"
# the latency and wave repeat offenders: one old offense each
python3 - "$d/repeat.sql" "$samples" "$repeat" "$now_ms" <<'PY'
import sys
path, samples, repeat, now = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
def ip(i): return f"198.18.{i // 256 % 256}.{i % 256}"
with open(path, "w") as f:
    f.write("BEGIN;\n")
    for i in list(range(1, samples + 1)) + list(range(1000, 1000 + repeat)) + list(range(2000, 2000 + repeat)):
        a = ip(i); h = "4%08x" % ((198 << 24) | (18 << 16) | ((i // 256 % 256) << 8) | (i % 256)); at = now - 86400000 + i
        f.write(f"INSERT INTO offenses VALUES ('{a}','{h}',32,'{a}','postfix',1,'saslfail-postfix',{at},{at + 3600000},NULL);\n")
    f.write("COMMIT;\n")
PY
sqlite3 "$d/saslfail.db" < "$d/repeat.sql"
echo "store: $(sqlite3 "$d/saslfail.db" 'SELECT count(DISTINCT offender) FROM offenses') offenders, $(sqlite3 "$d/saslfail.db" 'SELECT count(*) FROM offenses') offenses"

# through the launcher, with the memory flags it gives the daemon (add more with SASLFAIL_JAVA_OPTS)
"$here/bin/saslfail" daemon --config "$d/saslfail.conf" 2> "$d/daemon.log" &
daemon_pid=$!
for _ in $(seq 100); do grep -q 'daemon running' "$d/daemon.log" && break; sleep 0.2; done
rss() { awk '/VmRSS|RssAnon|RssFile/ {printf "%s %.1f MB  ", $1, $2/1024}' "/proc/$daemon_pid/status"; }
echo "daemon RSS after start: $(rss)"
if [[ ${SASLFAIL_JAVA_OPTS:-} == *NativeMemoryTracking* ]]; then
  jcmd "$daemon_pid" VM.native_memory baseline >/dev/null
fi

# 1. latency, one repeat offender at a time
for i in $(seq 1 "$samples"); do
  ip=$(ip_of "$i")
  fail2ban-client -c "$d/conf" set saslfail-postfix banip "$ip" >/dev/null
  for _ in $(seq 100); do grep -q "\[saslfail-strike2\] Ban $ip\$" "$d/f2b.log" && break; sleep 0.05; done
done
python3 - "$d/f2b.log" "$samples" <<'PY'
import re, sys, datetime as dt
log, n = sys.argv[1], int(sys.argv[2])
t = {}
for line in open(log):
    m = re.match(r"(\S+ \S+),(\d+) fail2ban\.actions.*\[(saslfail-\w+)\] Ban (\S+)$", line.strip())
    if m:
        ts = dt.datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S").timestamp() + int(m.group(2)) / 1000
        t.setdefault((m.group(3), m.group(4)), ts)
lat = sorted((t[("saslfail-strike2", ip)] - t[("saslfail-postfix", ip)]) * 1000
             for (jail, ip) in t if jail == "saslfail-strike2" and ("saslfail-postfix", ip) in t)
if lat:
    p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))]
    print(f"escalation latency (strike-1 Ban -> strike2 Ban in fail2ban's log), {len(lat)} of {n}: "
          f"p50 {p(0.5):.0f} ms, p99 {p(0.99):.0f} ms, max {lat[-1]:.0f} ms")
PY

# 2. the waves. Each: WAVE strike-1 bans, REPEAT of them repeat offenders (seeded above).
#  log:   fail2ban's own way: failed-AUTH lines (Postfix's format) appended to the log the
#         strike-1 jail watches, RATE lines a second; fail2ban's filter and jail threads ban them.
#  banip: injected with 'fail2ban-client set saslfail-postfix banip' (100 per call) through the
#         socket saslfail also uses: fail2ban runs those bans in its one socket thread, so
#         saslfail's commands wait behind them (a harsher, less realistic figure).
wave_addrs() {   # $1 = first repeat offender index, $2 = first new address index
  python3 - "$wave" "$repeat" "$1" "$2" <<'PY2'
import sys
wave, repeat, r0, n0 = (int(a) for a in sys.argv[1:])
ip = lambda i: f"198.18.{i // 256 % 256}.{i % 256}"
# repeat offenders spread evenly through the wave, the last one last
new = iter(range(n0, n0 + wave - repeat))
rep = {wave - 1 - (k * wave) // repeat: r0 + k for k in range(repeat)}
print("\n".join(ip(rep[i]) if i in rep else ip(next(new)) for i in range(wave)))
PY2
}
measure() {      # $1 = label, $2 = fail2ban log line where the wave starts
  python3 - "$d/f2b.log" "$2" "$repeat" "$1" <<'PY2'
import re, sys, datetime as dt, collections
log, mark, repeat, label = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
s1, s2, lift, first = [], [], [], {}
tier = collections.Counter()
lat = []
for line in open(log).readlines()[mark:]:
    m = re.match(r"(\S+ \S+),(\d+) fail2ban\.actions.*\[(saslfail-\w+)\] (Ban|Unban) (\S+)$", line.strip())
    if m:
        ts = dt.datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S").timestamp() + int(m.group(2)) / 1000
        if m.group(4) == "Unban":
            lift.append(ts)
        elif m.group(3) == "saslfail-postfix":
            s1.append(ts); first[m.group(5)] = ts
        else:
            s2.append(ts); tier[m.group(5)] += 1; lat.append(ts - first.get(m.group(5), ts))
twice = sum(1 for n in tier.values() if n > 1)
print(f"wave ({label}): fail2ban issued {len(s1)} strike-1 bans in {s1[-1] - s1[0]:.1f} s "
      f"({len(s1) / max(0.001, s1[-1] - s1[0]):.0f} bans/s, fail2ban's own rate, nftables action)")
print(f"wave ({label}): saslfail applied {len(s2)} of {repeat} escalations ({twice} twice); the last "
      f"{s2[-1] - s1[-1]:+.2f} s after fail2ban's last strike-1 ban (tier bans issued at "
      f"{len(s2) / max(0.001, s2[-1] - s2[0]):.0f}/s); {len(lift)} lifted from strike-1, the last "
      f"{(lift[-1] - s1[-1]) if lift else float('nan'):+.2f} s after it")
lat.sort()
print(f"wave ({label}): each escalation, strike-1 Ban -> tier Ban: p50 {lat[len(lat) // 2] * 1000:.0f} ms, "
      f"max {lat[-1] * 1000:.0f} ms")
PY2
}
await_wave() {   # $1 = fail2ban log line where the wave starts; bounded to 300 s
  for _ in $(seq 600); do
    [[ $(tail -n +"$1" "$d/f2b.log" | grep -c '\[saslfail-strike2\] Ban ' || true) -ge $repeat \
       && $(tail -n +"$1" "$d/f2b.log" | grep -c '\[saslfail-postfix\] Ban ' || true) -ge $wave ]] && break
    sleep 0.5
  done
  sleep 1   # the lifts from strike-1 follow the tier bans
}
rate=${WAVE_RATE:-100}
# the daemon's resident memory every 0.2 s while the waves run: the peak is what counts
( peak=0; while kill -0 "$daemon_pid" 2>/dev/null && [[ ! -e $d/waves-done ]]; do
    kb=$(awk '/VmRSS/ {print $2}' "/proc/$daemon_pid/status" 2>/dev/null || echo 0)
    (( kb > peak )) && peak=$kb && echo "$peak" > "$d/rss-peak"
    sleep 0.2
  done ) &
sampler_pid=$!
cpu() { awk '{printf "%.2f", ($14 + $15) / 100}' "/proc/$daemon_pid/stat"; }   # utime + stime, s
for mode in ${WAVE_MODES:-log banip}; do
  mark=$(wc -l < "$d/f2b.log")
  cpu0=$(cpu)
  if [[ $mode == log ]]; then
    wave_addrs 1000 10000 > "$d/wave.txt"
    # Postfix maillog_file lines, RATE a second in tenths of a second
    python3 - "$d/wave.txt" "$d/postfix.log" "$rate" <<'PY2'
import sys, time
ips = open(sys.argv[1]).read().split()
out, rate = open(sys.argv[2], "a"), int(sys.argv[3])
step = max(1, rate // 10)
for k in range(0, len(ips), step):
    t0 = time.time()
    stamp = time.strftime("%b %e %H:%M:%S")
    for n, ip in enumerate(ips[k:k + step]):
        out.write(f"{stamp} bench postfix/smtpd[{4000 + (k + n) % 1000}]: warning: unknown[{ip}]: "
                  "SASL LOGIN authentication failed: (reason unavailable), sasl_username=alice\n")
    out.flush()
    time.sleep(max(0.0, 0.1 - (time.time() - t0)))
PY2
  else
    wave_addrs 2000 20000 > "$d/wave.txt"
    xargs -n 100 < "$d/wave.txt" | while read -r chunk; do
      # shellcheck disable=SC2086
      fail2ban-client -c "$d/conf" set saslfail-postfix banip $chunk >/dev/null
    done
  fi
  await_wave "$mark"
  measure "$mode$([[ $mode == log ]] && echo ", $rate lines/s")" "$mark"
  sleep 2   # lifts from strike-1 may still be on their way
  tier=$(fail2ban-client -c "$d/conf" status saslfail-strike2 | grep -o 'Banned IP list:.*')
  s1=$(fail2ban-client -c "$d/conf" status saslfail-postfix | grep -o 'Banned IP list:.*')
  python3 - "$d/wave.txt" "$repeat" "$tier" "$s1" "$mode" <<'PY2'
import sys
ips, repeat = open(sys.argv[1]).read().split(), int(sys.argv[2])
tier, s1 = set(sys.argv[3].split()[3:]), set(sys.argv[4].split()[3:])
moved = [ip for ip in ips if ip in tier]
print(f"wave ({sys.argv[5]}): end state: {sum(1 for ip in moved if ip not in s1)} of {repeat} repeat offenders in "
      f"saslfail-strike2 only, {len(moved)} in it at all; {sum(1 for ip in ips if ip in s1 and ip not in tier)} "
      f"first offenders in saslfail-postfix")
PY2
  echo "daemon RSS after the $mode wave: $(rss); daemon CPU for the wave: $(awk -v a="$cpu0" -v b="$(cpu)" -v n="$wave" 'BEGIN {printf "%.1f s, %.1f ms per strike-1 ban", b - a, (b - a) * 1000 / n}')"
done
touch "$d/waves-done"; wait "$sampler_pid" || true; sampler_pid=
echo "daemon RSS peak during the waves: $(awk '{printf "%.1f MB", $1/1024}' "$d/rss-peak")"
sleep 2
echo "daemon RSS after the waves: $(rss) (store: $(sqlite3 "$d/saslfail.db" 'SELECT count(DISTINCT offender) FROM offenses') offenders)"
if [[ ${SASLFAIL_JAVA_OPTS:-} == *NativeMemoryTracking* ]]; then
  # resident memory by mapping: what NMT cannot see (SQLite's page cache is malloc'd by its JNI library)
  python3 - "$daemon_pid" <<'PY2'
import sys, collections
rss, name = collections.Counter(), None
for line in open(f"/proc/{sys.argv[1]}/smaps"):
    f = line.split()
    if not f[0].endswith(":"):
        name = f[5] if len(f) > 5 else "[anon]"
        name = name.rsplit("/", 1)[-1]
    elif f[0] == "Rss:":
        rss[name] += int(f[1])
print("resident by mapping:", ", ".join(f"{n} {kb / 1024:.1f} MB" for n, kb in rss.most_common(8)))
PY2
  python3 - "$daemon_pid" <<'PY2'
import sys
rows, cur = [], None
for line in open(f"/proc/{sys.argv[1]}/smaps"):
    f = line.split()
    if not f[0].endswith(":"):
        lo, hi = (int(x, 16) for x in f[0].split("-"))
        cur = [f[0], (hi - lo) // 1024, f[5] if len(f) > 5 else "[anon]", 0]
        rows.append(cur)
    elif f[0] == "Rss:":
        cur[3] = int(f[1])
print("largest anonymous mappings (size KB, resident KB):",
      "; ".join(f"{r[1]} {r[3]}" for r in sorted((r for r in rows if r[2] in ("[anon]", "[heap]")), key=lambda r: -r[3])[:12]))
PY2
  sleep 8; echo "daemon RSS 10 s after the waves: $(rss)"
  jcmd "$daemon_pid" VM.native_memory summary.diff | grep -E '^Total|^-' | grep -v '=0KB' | head -30
fi
{ grep -c ' WARN \| ERROR ' "$d/daemon.log" || true; } | sed 's/^/daemon warnings and errors: /'
