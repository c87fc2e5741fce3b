#!/usr/bin/env bash
# saslfail's nftables backend at scale, side by side with fail2ban, in a network namespace
# (never the host's ruleset). Needs root, nft, fail2ban, python3. Run it under the test lock:
#   flock /tmp/saslfail-it.lock bench/nft/run.sh [RESTORE_N] [WAVE_N] [WAVE_SECS] [HOLD_N] [F2B_SECS]
# defaults: 100000 10000 60 500000 60. Prints the figures BENCHMARKS.md quotes.
# PARTS="1 1b 2 3 3b" (the default) chooses the parts to run.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
restore_n=${1:-100000}; wave_n=${2:-10000}; wave_s=${3:-60}; hold_n=${4:-500000}; f2b_s=${5:-60}
jar="$here/saslfail-cli/target/saslfail.jar"
[[ -f $jar ]] || "$here/scripts/build.sh"
ns=nfb-srv; atk=nfb-atk
work=$(mktemp -d /tmp/saslfail-nftbench.XXXXXX)
f2b_pid=
cleanup() {
  [[ -n $f2b_pid ]] && kill -9 "$f2b_pid" 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
  ip netns del "$atk" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fresh_ns() {
  ip netns del "$ns" 2>/dev/null || true; ip netns del "$atk" 2>/dev/null || true
  ip netns add "$ns"; ip netns add "$atk"
  ip -n "$ns" link add v-srv type veth peer name v-atk netns "$atk"
  ip -n "$ns" addr add 10.77.150.1/24 dev v-srv; ip -n "$ns" link set v-srv up; ip -n "$ns" link set lo up
  ip -n "$atk" addr add 10.77.150.2/24 dev v-atk; ip -n "$atk" link set v-atk up
}
classes=$work/classes; mkdir -p "$classes"
javac -d "$classes" -cp "$jar" "$here/bench/nft/NftBench.java"
# the daemon's own JVM options (packaging/daemon-jvm.options: a 64 MB heap), so its figures are the daemon's
parts=" ${PARTS:-1 1b 2 3 3b} "
want() { [[ $parts == *" $1 "* ]]; }
bench() { MALLOC_ARENA_MAX=1 java "@$here/packaging/daemon-jvm.options" -cp "$jar:$classes" NftBench "$@"; }

echo "# $(date -u +%FT%TZ) $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg), $(uname -r), $(nft --version), $(java -version 2>&1 | head -1), $(fail2ban-client --version | head -1)"
echo "# command: bench/nft/run.sh $restore_n $wave_n $wave_s $hold_n $f2b_s"

if want 1; then
echo "## 1. restore $restore_n running bans into an empty ruleset"
fresh_ns
bench restore "$restore_n" "$ns"   # the first run also builds the store (not timed)
fresh_ns
bench restore "$restore_n" "$ns"

fi
if want 1b; then
echo "## 1b. fail2ban restoring $restore_n bans through its nftables-multiport action (bounded to ${f2b_s} s)"
fresh_ns
cfg=$work/f2b; mkdir -p "$cfg/action.d" "$cfg/filter.d"
cp /etc/fail2ban/action.d/nftables.conf /etc/fail2ban/action.d/nftables-multiport.conf "$cfg/action.d/"
printf '[Definition]\nfailregex = ^NEVER-MATCHES <HOST>$\n' > "$cfg/filter.d/never.conf"
cat > "$cfg/fail2ban.conf" <<CONF
[Definition]
loglevel = INFO
logtarget = $work/f2b.log
socket = $work/f2b.sock
pidfile = $work/f2b.pid
dbfile = $work/f2b.sqlite3
dbpurgeage = 40d
[Thread]
CONF
cat > "$cfg/jail.conf" <<CONF
[DEFAULT]
[saslfail-strike2]
enabled = true
filter = never
logpath = /dev/null
backend = polling
bantime = 8d
banaction = nftables-multiport
port = 25,465,587,110,143,993,995,4190
action = nftables-multiport[name=saslfail-strike2, port="25,465,587,110,143,993,995,4190", protocol=tcp]
CONF
ip netns exec "$ns" fail2ban-client -c "$cfg" start >/dev/null
ip netns exec "$ns" fail2ban-client -c "$cfg" stop >/dev/null
python3 - "$work/f2b.sqlite3" "$restore_n" <<'PY'
import sqlite3, sys, time
db, n = sys.argv[1], int(sys.argv[2])
c = sqlite3.connect(db); now = int(time.time())
rows = [(f"100.{64 + (i >> 16)}.{(i >> 8) & 255}.{i & 255}", now) for i in range(n)]
# fail2ban restores from bips (each address's latest ban); bans keeps the history
for table in ("bans", "bips"):
    c.executemany(f"INSERT INTO {table}(jail, ip, timeofban, bantime, bancount, data) VALUES ('saslfail-strike2', ?, ?, 691200, 1, '{{}}')", rows)
c.commit()
PY
start=$(date +%s.%N)
ip netns exec "$ns" fail2ban-client -c "$cfg" start >/dev/null
f2b_pid=$(cat "$work/f2b.pid")
sleep "$f2b_s"
held=$( (ip netns exec "$ns" nft list set inet f2b-table addr-set-saslfail-strike2 2>/dev/null || true) | { grep -oE '[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+' || true; } | wc -l)
restored=$(grep -c "Restore Ban" "$work/f2b.log" || true)
[[ -n ${KEEP_F2B_LOG:-} ]] && cp "$work/f2b.log" "$KEEP_F2B_LOG"
el=$(python3 -c "import time; print(f'{time.time() - $start:.1f}')")
kill -9 "$f2b_pid"; f2b_pid=
echo "fail2ban: $restored 'Restore Ban' lines in its log"
python3 - "$held" "$el" "$restore_n" <<'PY'
import sys
held, el, n = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
rate = held / el
print(f"fail2ban: {held} of {n} bans in its nftables set after {el:.0f} s = {rate:.1f} bans/s; projected total for {n}: "
      + (f"{n / rate / 60:.0f} min" if rate > 0 else "never"))
PY

fi
if want 2; then
echo "## 2. a wave of $wave_n escalations over $wave_s s"
fresh_ns
bench wave "$wave_n" "$wave_s" "$ns"

fi
if want 3; then
echo "## 3. $hold_n running bans held"
fresh_ns
slab0=$(awk '/^Slab:/ {print $2}' /proc/meminfo)
bench hold "$hold_n" "$ns"  # builds the store on first use
fresh_ns
slab0=$(awk '/^Slab:/ {print $2}' /proc/meminfo)
bench hold "$hold_n" "$ns"
slab1=$(awk '/^Slab:/ {print $2}' /proc/meminfo)
echo "hold: kernel slab memory grew $(( (slab1 - slab0) / 1024 )) MB with the set loaded (/proc/meminfo Slab; other activity adds noise)"
probe() {
  ip netns exec "$atk" python3 -c "
import socket; s = socket.socket(); s.settimeout(1)
try:
    s.connect(('10.77.150.1', 25)); print('accepted')
except socket.timeout:
    print('dropped')
except OSError:
    print('refused')"
}
before=$(probe)
ip netns exec "$ns" nft add element inet saslfail addr4 '{ 10.77.150.2 timeout 1h }'
after=$(probe)
echo "hold: with $hold_n elements held, a TCP SYN to port 25 (no listener) from 10.77.150.2: $before before its ban (RST), $after once banned"

fi
if want 3b; then
echo "## 3b. the daemon itself holding $hold_n running bans (its JVM options; no fail2ban, so only the nftables path runs)"
fresh_ns
cat > "$work/daemon.conf" <<CONF
database = /tmp/saslfail-nftbench-$hold_n.db
services = postfix
log.postfix = /dev/null
notify.mode = none
fail2ban.socket = $work/no-fail2ban.sock
fail2ban.db = $work/no-fail2ban.sqlite3
enforcement = nftables
nftables.command = ip netns exec $ns nft
nftables.verify_every = 20s
CONF
# through the launcher (bin/saslfail), so its JVM flags, CDS archive and malloc setting are the daemon's own;
# NMT=1 adds native memory tracking and prints where the memory goes
nmt_opts=; [[ -n ${NMT:-} ]] && nmt_opts="-XX:NativeMemoryTracking=summary"
SASLFAIL_JAVA_OPTS="$nmt_opts" "$here/bin/saslfail" daemon --config "$work/daemon.conf" > "$work/daemon.log" 2>&1 &
dpid=$!
peak=0
for i in $(seq 1 90); do
  sleep 1
  rss=$(awk '/^VmRSS:/ {print $2}' /proc/$dpid/status 2>/dev/null || echo 0)
  (( rss > peak )) && peak=$rss
done
hwm=$(awk '/^VmHWM:/ {print $2}' /proc/$dpid/status 2>/dev/null || echo 0)
if [[ -n ${NMT:-} ]]; then
  jcmd "$dpid" VM.native_memory summary | grep -E "^(Total|-)|committed=" | grep -E "Total|Java Heap|Class|Thread|Code|GC|Internal|Other|Symbol|Arena|Shared|Metaspace" | sed "s/^/nmt: /" | head -24
  jcmd "$dpid" GC.heap_info | sed "s/^/heap: /" | head -8
fi
kill "$dpid"; wait "$dpid" 2>/dev/null || true
{ grep -E "nftables:" "$work/daemon.log" || true; } | sed "s/^/daemon log: /" | head -6
{ grep -E "OutOfMemory|ERROR" "$work/daemon.log" || true; } | head -3 | sed "s/^/daemon log: /"
echo "daemon: resident $(( rss / 1024 )) MB after 90 s (load at start, verifications every 20 s), peak sampled $(( peak / 1024 )) MB, VmHWM $(( hwm / 1024 )) MB"

fi