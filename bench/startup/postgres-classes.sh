#!/usr/bin/env bash
# Remakes saslfail-cli/src/main/resources/org/saslfail/cli/cds-postgres.classes: every class the
# report commands load on PostgreSQL (read without the archive, so that the list does not depend on
# the one made before). CdsTraining loads them after its SQLite runs so that the AppCDS archive holds
# pgjdbc, its SCRAM client and the JDK's sockets and crypto too: a build machine has no PostgreSQL
# server to train against. Run it after a change of
# the PostgreSQL driver (then rebuild: the archive is made at package time).
# Usage (root, PostgreSQL 15 installed): bench/startup/postgres-classes.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out="$here/saslfail-cli/src/main/resources/org/saslfail/cli/cds-postgres.classes"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; "$here/testbed/postgres.sh" drop saslfail_cds >/dev/null 2>&1 || true' EXIT
url=$(flock -o /tmp/saslfail-it.lock "$here/testbed/postgres.sh" up saslfail_cds | tail -1)
"$here/bin/saslfail" status --db "$url" >/dev/null   # creates the schema
for cmd in "status" "status --json" "list --limit 50" "list --limit 50 --json" "report summary" "report summary --json"; do
  # shellcheck disable=SC2086
  SASLFAIL_JAVA_OPTS="-Xshare:off -Xlog:class+load=info:file=$tmp/load.txt" "$here/bin/saslfail" $cmd --db "$url" >/dev/null
  # classes read from the jar or the JDK's modules; no generated ones
  sed -n 's/^\[[^]]*\]\[[^]]*\]\[[^]]*\] \([^ ]*\) source: \(jar:\|file:\|jrt:\).*/\1/p' "$tmp/load.txt" >> "$tmp/all.txt"
done
{
  echo "# The classes the report commands load on PostgreSQL: CdsTraining loads them for the AppCDS archive."
  echo "# Made by bench/startup/postgres-classes.sh; do not edit."
  # not the JDK's JFR event classes nor the jar's multi-release ones (META-INF/versions): loaded from
  # the archive under -XX:StartFlightRecording they crash JDK 17.0.15 (SIGSEGV in
  # KlassFactory::check_shared_class_file_load_hook, seen with pgjdbc's LazyCleanerImpl)
  unzip -Z1 "$here/saslfail-cli/target/saslfail.jar" 'META-INF/versions/*' | sed -n 's|^META-INF/versions/[0-9]*/\(.*\)\.class$|\1|p' \
    | tr / . | sort -u > "$tmp/versioned.txt"
  grep -v '\$\$Lambda\|/0x\|^jdk\.internal\.event\.' "$tmp/all.txt" | grep -vxFf "$tmp/versioned.txt" | sort -u
} > "$out"
echo "$(grep -vc '^#' "$out") classes in $out"
