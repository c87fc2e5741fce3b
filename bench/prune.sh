#!/usr/bin/env bash
# Retention figures for BENCHMARKS.md (issue 11 item 10): the SQLite store's size per million
# recorded events, and the time of one prune (retention 395d over a two-year history, so about
# half goes), with the file size after the space is given back.
#   bench/prune.sh [ROWS]     (default 1000000; everything goes to bench/out/)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-1000000}
OUT=bench/out
mkdir -p $OUT
mvn -B -q -o -pl saslfail-store -am package -DskipTests \
  dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$PWD/$OUT/store.cp" >/dev/null
jar cf $OUT/store-bench.jar -C saslfail-store/target/test-classes org/saslfail/store/StoreBench.class
CP="$OUT/store-bench.jar:$(ls saslfail-store/target/saslfail-store-*.jar | grep -v tests):$(cat $OUT/store.cp)"
DB=$OUT/prune.db
rm -f $DB $DB-wal $DB-shm
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
java -cp "$CP" org.saslfail.store.StoreBench import $DB "$ROWS"
echo "store after import: $(stat -c %s $DB) bytes for $ROWS events"
/usr/bin/time -f "  %e s wall, %U s user, %S s sys" java -cp "$CP" org.saslfail.store.StoreBench prune $DB
echo "store after prune: $(stat -c %s $DB) bytes"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
