#!/usr/bin/env bash
# A real PostgreSQL 15 for the store's integration tests (DESIGN §4), without systemd.
#   postgres.sh up NAME     start the Debian cluster 15/main if it is down, make sure the superuser
#                           role "root" exists (password below, for TCP on localhost), drop any
#                           database NAME and create it afresh; prints its JDBC URL on the last line
#   postgres.sh drop NAME   drop database NAME (if it exists)
# NAME: lower-case letters, digits and "_", starting with a letter (e.g. saslfail_it_12345).
# Leaves the cluster running: other tests may be using it.
set -euo pipefail
VERSION=15
CLUSTER=main
PORT=5432
TEST_PASSWORD=saslfail-test
cmd=${1:-}
name=${2:-}

usage() {
  echo "usage: $0 up|drop NAME" >&2
  exit 2
}

[[ $cmd == up || $cmd == drop ]] || usage
[[ $name =~ ^[a-z][a-z0-9_]{0,62}$ ]] || usage
if [[ $(id -u) -ne 0 ]]; then
  echo "postgres.sh: needs root" >&2
  exit 1
fi
command -v pg_ctlcluster >/dev/null || { echo "postgres.sh: PostgreSQL is not installed (testbed/install-packages.sh)" >&2; exit 1; }

as_postgres() {
  su postgres -c "$*"
}

case $cmd in
  up)
    if ! pg_lsclusters -h | awk -v v=$VERSION -v c=$CLUSTER '$1 == v && $2 == c && $4 == "online" { found = 1 } END { exit !found }'; then
      pg_ctlcluster $VERSION $CLUSTER start
    fi
    if [[ $(as_postgres "psql -p $PORT -tAc \"SELECT 1 FROM pg_roles WHERE rolname = 'root'\"") != 1 ]]; then
      as_postgres "createuser -p $PORT -s root"
    fi
    psql -p $PORT -d postgres -qc "ALTER ROLE root PASSWORD '$TEST_PASSWORD'"
    dropdb -p $PORT --if-exists "$name"
    createdb -p $PORT "$name"
    echo "jdbc:postgresql://localhost:$PORT/$name?user=root&password=$TEST_PASSWORD"
    ;;
  drop)
    dropdb -p $PORT --if-exists "$name"
    ;;
esac
