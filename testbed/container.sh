#!/usr/bin/env bash
# A booted Debian 12 with a real systemd and the journal as the only log, for the tests that need
# one (DESIGN §4, issue 16). Everything is made here from Debian's mirror: nothing is cached
# between runs that a fresh CI machine would lack.
#
#   container.sh build DIR     debootstrap bookworm into DIR (about a minute) with systemd, then
#                              the stock mail server of a new user: postfix, dovecot-core, fail2ban,
#                              python3-systemd, Java 17; no rsyslog, so mail logs only to the journal
#   container.sh boot DIR      boots DIR with systemd-nspawn on a private network; prints the PID of
#                              its systemd once it is running (use it with 'exec' and 'stop')
#   container.sh exec PID CMD  runs CMD inside the booted container (all its namespaces)
#   container.sh stop PID      powers it off and waits for it to end
#
# Needs root and the host packages debootstrap and systemd-container (testbed/install-packages.sh).
# Run under the global test lock.
set -euo pipefail

mirror() {
  local uri
  uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  echo "${uri:-http://deb.debian.org/debian}"
}

build() {
  local dir=$1
  rm -rf "$dir"
  debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus,iproute2 bookworm "$dir" "$(mirror)" >"$dir.debootstrap.log" 2>&1 \
    || { tail -20 "$dir.debootstrap.log" >&2; exit 1; }
  echo "saslfail-test" >"$dir/etc/hostname"
  # no service may start inside the chroot: it shares the host's network
  printf '#!/bin/sh\nexit 101\n' >"$dir/usr/sbin/policy-rc.d"
  chmod 755 "$dir/usr/sbin/policy-rc.d"
  packages "$dir"
  rm -f "$dir/usr/sbin/policy-rc.d"
}

# the stock packages a new user installs (preseeded Postfix, no syslog daemon), in a not-booted
# nspawn (it mounts /proc, which Java's postinst needs) on the host's network, for apt only
packages() {
  local dir=$1
  systemd-nspawn -q -D "$dir" --register=no --keep-unit /bin/sh -c '
    set -e
    export DEBIAN_FRONTEND=noninteractive
    echo "postfix postfix/main_mailer_type select Local only" | debconf-set-selections
    echo "postfix postfix/mailname string saslfail-test.localdomain" | debconf-set-selections
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless fail2ban python3-systemd postfix \
      dovecot-core nftables swaks procps >/dev/null
    apt-get clean
  ' >"$dir.packages.log" 2>&1 </dev/null || { tail -20 "$dir.packages.log" >&2; exit 1; }
}

boot() {
  local dir=$1 log=$1.console.log leader="" i
  # its own session: it outlives the shell that booted it; with no descriptor but the standard
  # three, so it never holds the test lock (flock's) that its caller may have been run under
  (
    for fd in /proc/$BASHPID/fd/*; do
      fd=${fd##*/}
      if (( fd > 2 )); then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
    exec setsid systemd-nspawn -D "$dir" --register=no --keep-unit --private-network -b --console=pipe
  ) >"$log" 2>&1 </dev/null &
  local nspawn=$!
  for i in $(seq 1 100); do
    leader=$(pgrep -P "$nspawn" -x systemd || true)
    if [[ -n $leader ]] && [[ $(nsenter -t "$leader" -a systemctl is-system-running 2>/dev/null || true) =~ ^(running|degraded)$ ]]; then
      echo "$leader"
      return 0
    fi
    sleep 0.2
  done
  echo "container.sh: $dir did not boot; console:" >&2
  tail -20 "$log" >&2
  kill "$nspawn" 2>/dev/null || true
  exit 1
}

case ${1:-} in
  build) build "$2" ;;
  packages) packages "$2" ;;
  boot) boot "$2" ;;
  exec) pid=$2; shift 2; exec nsenter -t "$pid" -a "$@" ;;
  stop)
    nsenter -t "$2" -a systemctl poweroff >/dev/null 2>&1 || true
    for _ in $(seq 1 150); do kill -0 "$2" 2>/dev/null || exit 0; sleep 0.2; done
    kill -9 "$2" 2>/dev/null || true
    ;;
  *) sed -n '2,20p' "$0" >&2; exit 2 ;;
esac
