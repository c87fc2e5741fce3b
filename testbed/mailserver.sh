#!/usr/bin/env bash
# A real Postfix with Dovecot SASL for integration tests (DESIGN §4), without systemd.
#   mailserver.sh up     configure (idempotent) and start Postfix + Dovecot; prints the Postfix log path
#   mailserver.sh up NETNS   the same, but Postfix (re)started inside network namespace NETNS, so that it
#                            listens on that namespace's addresses only (Dovecot stays: SASL is a unix socket)
#   mailserver.sh down   stop both
# Test users (passwd-file): alice / secret, bob / secret. Postfix logs to /var/log/postfix.log.
# Postfix listens on all addresses so that test-namespace clients can reach it.
set -euo pipefail
LOG=/var/log/postfix.log
DOVECOT_USERS=/etc/dovecot/saslfail-test.passwd
cmd=${1:-up}

configure() {
  postconf -e maillog_file=$LOG \
    inet_interfaces=all inet_protocols=all \
    smtpd_sasl_auth_enable=yes smtpd_sasl_type=dovecot smtpd_sasl_path=private/auth \
    smtpd_tls_security_level=none smtpd_tls_auth_only=no \
    "mynetworks=127.0.0.0/8 [::1]/128" \
    "smtpd_relay_restrictions=permit_mynetworks permit_sasl_authenticated reject_unauth_destination" \
    mydestination='$myhostname, localhost.$mydomain, localhost' \
    smtputf8_enable=no
  touch $LOG
  if [[ ! -f $DOVECOT_USERS ]]; then
    local hash
    hash=$(doveadm pw -s SHA512-CRYPT -p secret)
    printf 'alice:%s::::::\nbob:%s::::::\n' "$hash" "$hash" > $DOVECOT_USERS
    chmod 0640 $DOVECOT_USERS
    chown root:dovecot $DOVECOT_USERS
  fi
  # ssl off: comment the cert lines so dovecot does not try to read them
  sed -i -E 's/^(ssl_cert|ssl_key)\s*=/#&/' /etc/dovecot/conf.d/10-ssl.conf
  cat > /etc/dovecot/local.conf <<CONF
# written by saslfail testbed/mailserver.sh
protocols =
ssl = no
disable_plaintext_auth = no
auth_failure_delay = 0
auth_mechanisms = plain login
passdb {
  driver = passwd-file
  args = scheme=SHA512-CRYPT $DOVECOT_USERS
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=/nonexistent
}
service auth {
  unix_listener /var/spool/postfix/private/auth {
    mode = 0660
    user = postfix
    group = postfix
  }
}
log_path = /var/log/dovecot.log
CONF
  # the packaged auth-system.conf.ext (pam) would be consulted first: keep only ours
  sed -i -E 's/^!include auth-system.conf.ext/#&/' /etc/dovecot/conf.d/10-auth.conf
}

case $cmd in
  up)
    configure
    if ! doveadm service status >/dev/null 2>&1 && ! pgrep -x dovecot >/dev/null; then
      dovecot </dev/null >/dev/null 2>&1
    else
      doveadm reload >/dev/null 2>&1 || true
    fi
    netns=${2:-}
    master=$(tr -d ' ' < /var/spool/postfix/pid/master.pid 2>/dev/null || true)
    if [[ -z $netns && -n $master && $(readlink /proc/$master/ns/net 2>/dev/null) != "$(readlink /proc/self/ns/net)" ]]; then
      # left running in a test namespace (mailserver.sh up NETNS): bring it back to the host's
      postfix stop >/dev/null 2>&1 || true
    fi
    if [[ -n $netns ]]; then
      postfix stop >/dev/null 2>&1 || true
      ip netns exec "$netns" postfix start >/dev/null 2>&1
    elif postfix status >/dev/null 2>&1; then
      postfix reload >/dev/null 2>&1
    else
      postfix start >/dev/null 2>&1
    fi
    for _ in $(seq 50); do
      [[ -S /var/spool/postfix/private/auth ]] && break
      sleep 0.1
    done
    echo $LOG
    ;;
  down)
    postfix stop >/dev/null 2>&1 || true
    doveadm stop >/dev/null 2>&1 || pkill -x dovecot || true
    ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
