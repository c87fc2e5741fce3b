#!/usr/bin/env bash
# Issue 13, on paper made measurable: how many ban decisions a second PostgreSQL takes on this machine
# when many nodes decide at once. pgbench runs bench/fleet/decision.sql (one decision's statements,
# as the store issues them) against the store bench/fleet/reports-pg.sh loaded (10,000,000 offenses),
# from C clients (nodes), unthrottled and at a fixed rate, with and without the NOTIFY fleet
# propagation adds; then removes what it added. Usage (root): bench/fleet/write-load.sh [CLIENTS [SECONDS]]
# (default 50 clients, 30 s). Holds /tmp/saslfail-it.lock while it runs.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
clients=${1:-50}
secs=${2:-30}
name=saslfail_bench
pgbench=/usr/lib/postgresql/15/bin/pgbench
exec 9>/tmp/saslfail-it.lock
flock 9
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(psql -d "$name" -tAc 'SHOW server_version'); synchronous_commit $(psql -d "$name" -tAc 'SHOW synchronous_commit'); $(psql -d "$name" -tAc 'SELECT count(*) FROM offenses') offenses"
run() { # label, pgbench options...
  local label=$1; shift
  local out
  out=$("$pgbench" -n -f "$here/bench/fleet/decision.sql" -c "$clients" -j 2 -T "$secs" "$@" "$name" 2>&1)
  printf '%-44s %s | %s | %s\n' "$label" "$(grep -o 'tps = [0-9.]*' <<<"$out" | head -1)" \
    "$(grep -o 'latency average = [0-9.]* ms' <<<"$out")" "$(grep -o 'latency stddev = [0-9.]* ms' <<<"$out" || true)$(grep -o 'schedule lag: avg [0-9.]* (max [0-9.]*) ms' <<<"$out" || true)"
}
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
run "unthrottled, no NOTIFY" -D notify=0
run "unthrottled, with NOTIFY" -D notify=1
run "833/s (50 nodes x 1,000/min), with NOTIFY" -D notify=1 -R 833
run "83/s (50 nodes x 100/min), with NOTIFY" -D notify=1 -R 83
psql -q -d "$name" <<'SQL'
DELETE FROM events WHERE at_ms >= 1900000000000;
DELETE FROM offenses WHERE at_ms >= 1900000000000;
DELETE FROM totals;
INSERT INTO totals (counter, strike, service, total) SELECT 'offenses', strike, service, count(*) FROM offenses GROUP BY strike, service;
INSERT INTO totals (counter, strike, service, total) SELECT 'offenders', 0, '', count(*) FROM offender_keys;
VACUUM ANALYZE events, offenses, offender_keys, totals;
SQL
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg) (rows added by the runs removed again)"
