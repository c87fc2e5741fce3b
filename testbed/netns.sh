#!/usr/bin/env bash
# Test hosts in network namespaces, the only addresses integration tests may send traffic to.
#   netns.sh add NAME HOST_CIDR NS_CIDR [HOST6_CIDR NS6_CIDR]   e.g. add atk1 10.77.1.1/24 10.77.1.2/24 fd77:1::1/64 fd77:1::2/64
#   netns.sh del NAME
# The veth on the host side is named after the namespace (at most 15 characters).
set -euo pipefail
cmd=${1:-}; name=${2:-}
[[ $name =~ ^[a-z0-9-]{1,11}$ ]] || { echo "netns.sh: bad namespace name '$name'" >&2; exit 2; }
host_if="v-$name"; ns_if="n-$name"
case $cmd in
  add)
    host_cidr=$3; ns_cidr=$4
    ip netns del "$name" 2>/dev/null || true
    ip link del "$host_if" 2>/dev/null || true
    ip netns add "$name"
    ip link add "$host_if" type veth peer name "$ns_if"
    ip link set "$ns_if" netns "$name"
    ip addr add "$host_cidr" dev "$host_if"
    ip link set "$host_if" up
    ip netns exec "$name" ip addr add "$ns_cidr" dev "$ns_if"
    ip netns exec "$name" ip link set "$ns_if" up
    ip netns exec "$name" ip link set lo up
    if [[ $# -ge 6 ]]; then
      ip addr add "$5" dev "$host_if" nodad
      ip netns exec "$name" ip addr add "$6" dev "$ns_if" nodad
    fi
    ip netns exec "$name" ip route add default dev "$ns_if" 2>/dev/null || true
    ip netns exec "$name" ip -6 route add default dev "$ns_if" 2>/dev/null || true
    ;;
  del)
    ip netns del "$name" 2>/dev/null || true
    ip link del "$host_if" 2>/dev/null || true
    ;;
  *) echo "usage: $0 add|del NAME ..." >&2; exit 2 ;;
esac
