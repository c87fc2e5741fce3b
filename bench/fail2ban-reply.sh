#!/usr/bin/env bash
# How long the fail2ban client needs to read and decode a large ban list, in the daemon's own JVM
# (packaging/daemon-jvm.options: 64 MB heap): a stand-in socket answers 'get JAIL banip --with-time'
# with N bans (default 200,000), ROUNDS times (default 5). Prints the figures.
#   bench/fail2ban-reply.sh [N] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -o -q test-compile -pl saslfail-fail2ban -am
PICKLE=$(find ~/.m2/repository/net/razorvine/pickle -name 'pickle-*.jar' | sort | tail -1)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), java: $(java -version 2>&1 | head -1)"
java @packaging/daemon-jvm.options \
  -cp saslfail-fail2ban/target/classes:saslfail-fail2ban/target/test-classes:saslfail-core/target/classes:"$PICKLE" \
  org.saslfail.fail2ban.client.ReplyBench "${1:-200000}" "${2:-5}"
