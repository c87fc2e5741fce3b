#!/usr/bin/env bash
# Retention figures for BENCHMARKS.md (issue 11 item 10): the SQLite store's size per million
# recorded events, and the time of one prune (retention 395d over a two-year history, so about
# half goes), with the file size after the space is given back.
#   bench/prune.sh [ROWS]     (default 1000000; everything goes to bench/out/)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-1000000}
source bench/store-classpath.sh
DB=$OUT/prune.db
rm -f $DB $DB-wal $DB-shm
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
java -cp "$CP" org.saslfail.store.StoreBench import $DB "$ROWS"
echo "store after import: $(stat -c %s $DB) bytes for $ROWS events"
/usr/bin/time -f "  %e s wall, %U s user, %S s sys" java -cp "$CP" org.saslfail.store.StoreBench prune $DB
echo "store after prune: $(stat -c %s $DB) bytes"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
