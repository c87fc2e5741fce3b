#!/usr/bin/env bash
# saslfail's own cost per ban event, without fail2ban: intake from a fail2ban-shaped SQLite
# database + escalation decision + SQLite store write (DryRunJailGateway instead of the socket).
# Usage: bench/daemon/event-cost.sh [EVENTS] [REPEATERS]   (default 5000 and 1500)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
jar="$here/saslfail-cli/target/saslfail.jar"
[[ -f $jar ]] || "$here/scripts/build.sh"
echo "# $(date -u +%FT%TZ) $(uname -n) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
exec java -XX:+UseSerialGC -Xmx64m -cp "$jar" "$here/bench/daemon/EventCost.java" "${1:-5000}" "${2:-1500}"
