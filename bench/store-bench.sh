#!/usr/bin/env bash
# Offense-store figures for BENCHMARKS.md: import ROWS outcomes into a fresh SQLite store, then
# time each report in a fresh JVM (wall time includes JVM start, as for the CLI), once plain and
# once with an application class-data-sharing archive (what a launcher can do: -XX:SharedArchiveFile).
#   bench/store-bench.sh [ROWS]     (default 1000000; everything goes to bench/out/)
# The machine's load skews wall times; CPU seconds (user + sys) are printed too.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-1000000}
source bench/store-classpath.sh
DB=$OUT/store.db
rm -f $DB $DB-wal $DB-shm $OUT/store.jsa
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
/usr/bin/time -f "  %e s wall, %U s user, %S s sys" java -cp "$CP" org.saslfail.store.StoreBench import $DB "$ROWS"
echo "store: $(du -h $DB | cut -f1) ($DB)"
java -XX:ArchiveClassesAtExit=$OUT/store.jsa -cp "$CP" org.saslfail.store.StoreBench query $DB summary >/dev/null 2>&1
for cds in none $OUT/store.jsa; do
  echo "class-data archive: $cds"
  opts=(-XX:TieredStopAtLevel=1)
  [[ $cds != none ]] && opts+=(-XX:SharedArchiveFile=$cds)
  for report in status list list-ip summary show by-ip by-date; do
    /usr/bin/time -f "    %e s wall, %U s user, %S s sys" java "${opts[@]}" -cp "$CP" org.saslfail.store.StoreBench query $DB $report 2>&1 | sed 's/^/  /'
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
