# Sourced by the live scripts (live-bench, live-soak, monitor-soak): two network namespaces
# joined by COUNT veth pairs, NS_A's ends named PREFIX"A"i, NS_B's PREFIX"B"i, all up, IPv6 off
# (no neighbour discovery or router solicitations in the measured traffic).
# veth_pairs NS_A NS_B PREFIX COUNT [MAC_A MAC_B]: with MAC_A/MAC_B, every A end (B end) gets
# that MAC, as the members of one bond share the bond's.
veth_pairs() {
  local a=$1 b=$2 prefix=$3 count=$4 mac_a=${5:-} mac_b=${6:-} i
  ip netns add "$a"
  ip netns add "$b"
  for i in $(seq 0 $((count - 1))); do
    ip link add "${prefix}A$i" netns "$a" type veth peer name "${prefix}B$i" netns "$b"
    [ -z "$mac_a" ] || ip -n "$a" link set "${prefix}A$i" address "$mac_a"
    [ -z "$mac_b" ] || ip -n "$b" link set "${prefix}B$i" address "$mac_b"
    ip -n "$a" link set "${prefix}A$i" up
    ip -n "$b" link set "${prefix}B$i" up
  done
  for ns in "$a" "$b"; do ip netns exec "$ns" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1; done
}
