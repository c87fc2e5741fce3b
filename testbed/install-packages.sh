#!/usr/bin/env bash
# Installs what saslfail's build and tests need on Debian 12. Safe to run again: it only
# installs what is missing. Needs root (it is a no-op with a warning otherwise).
set -euo pipefail
# swaks needs IO::Socket::INET6 for -6 (a Recommends, which --no-install-recommends skips)
PKGS=(openjdk-17-jdk-headless maven fail2ban nftables postfix dovecot-core swaks libio-socket-inet6-perl sqlite3 postgresql iproute2 procps python3 python3-systemd ipset asciidoctor lintian debootstrap systemd-container chromium systemd)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "testbed: not root, cannot install: ${missing[*]} (integration tests that need them will be skipped)" >&2
  exit 0
fi
echo "testbed: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
echo "postfix postfix/main_mailer_type select Local only" | debconf-set-selections
echo "postfix postfix/mailname string saslfail-test.localdomain" | debconf-set-selections
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
