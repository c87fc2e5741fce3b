#!/usr/bin/env bash
# The whole test suite: unit tests and integration tests against a real SQLite, PostgreSQL,
# fail2ban, Postfix + Dovecot and nftables. As root it first installs what the tests need.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
"$here/testbed/install-packages.sh"
mvn -B -ntp verify "$@"
