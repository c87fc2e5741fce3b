#!/usr/bin/env bash
# Test hosts on one switched LAN, each in its own network namespace, for tests that need several
# machines which reach each other (a fleet and its attacker). The switch is a bridge inside a
# namespace of its own, so the host's interfaces, routes and firewall are never involved.
#   lan.sh add SWITCH NAME CIDR    namespace NAME with address CIDR, plugged into SWITCH (created if absent)
#   lan.sh cut SWITCH NAME         unplug NAME (its link goes down; addresses stay)
#   lan.sh plug SWITCH NAME        plug it back in
#   lan.sh del SWITCH NAME...      delete the namespaces and then the switch
# Names: at most 11 characters of [a-z0-9-].
set -euo pipefail
cmd=${1:-}; switch=${2:-}; name=${3:-}
valid() { [[ $1 =~ ^[a-z0-9-]{1,11}$ ]] || { echo "lan.sh: bad namespace name '$1'" >&2; exit 2; }; }
valid "$switch"
port() { echo "p-$1"; }
case $cmd in
  add)
    valid "$name"; cidr=${4:?lan.sh add SWITCH NAME CIDR}
    if ! ip netns exec "$switch" true 2>/dev/null; then
      ip netns add "$switch"
      ip netns exec "$switch" ip link add br0 type bridge
      ip netns exec "$switch" ip link set br0 up
    fi
    ip netns del "$name" 2>/dev/null || true
    ip netns add "$name"
    ip netns exec "$switch" ip link del "$(port "$name")" 2>/dev/null || true
    ip netns exec "$switch" ip link add "$(port "$name")" type veth peer name eth0 netns "$name"
    ip netns exec "$switch" ip link set "$(port "$name")" master br0 up
    ip netns exec "$name" ip addr add "$cidr" dev eth0
    ip netns exec "$name" ip link set eth0 up
    ip netns exec "$name" ip link set lo up
    ;;
  cut)
    valid "$name"
    ip netns exec "$switch" ip link set "$(port "$name")" down
    ;;
  plug)
    valid "$name"
    ip netns exec "$switch" ip link set "$(port "$name")" up
    ;;
  del)
    shift 2
    for n in "$@"; do
      valid "$n"
      ip netns del "$n" 2>/dev/null || true
    done
    ip netns del "$switch" 2>/dev/null || true
    ;;
  *) echo "usage: $0 add|cut|plug|del SWITCH NAME ..." >&2; exit 2 ;;
esac
