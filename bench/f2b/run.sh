#!/usr/bin/env bash
# Socket client round-trip times, fail2ban's own ban rate with the dummy action, and the
# intake's latency, against a private fail2ban server (needs root and fail2ban).
#   bench/f2b/run.sh [N]      N = round trips per measurement (default 2000)
set -euo pipefail
cd "$(dirname "$0")/../.."
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
# the reactor (-am) resolves saslfail-core from its build output; the fail2ban module runs last, so its classpath stays in the file
mvn -B -q -o -pl saslfail-fail2ban -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cp_file" >/dev/null
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr), $(java -version 2>&1 | head -1), $(fail2ban-client --version | head -1)"
echo "command: bench/f2b/run.sh ${1:-2000}   ($(date -u +%Y-%m-%dT%H:%MZ))"
echo
java -cp "saslfail-fail2ban/target/test-classes:saslfail-fail2ban/target/classes:$(cat "$cp_file")" \
  org.saslfail.fail2ban.bench.Fail2banBench "${1:-2000}"
