#!/usr/bin/env bash
# make live-bench: drops of teamscope capture against two tcpdump processes on the same two veth
# members under the same load, in the same run. Two network namespaces joined by veth pairs;
# tcpreplay --topspeed sends ROUNDS × PACKETS frames out of both peers at once (the highest rate
# this machine sustains), received on the members being captured. Each round runs teamscope
# (one process, a handle per member) and then two tcpdumps (-B and -s as teamscope's), and
# prints what each captured and what the kernel dropped.
set -eu
cd "$(dirname "$0")/.."
PACKETS=${PACKETS:-1000000}
# PPS: packets per second per sender (tcpreplay --pps), the same for both tools; unset: --topspeed.
PPS=${PPS:-}
ROUNDS=${ROUNDS:-3}
BIN=${BIN:-.build/release/teamscope}
[ "$(id -u)" -eq 0 ] || { echo "live-bench: needs root (network namespaces)" >&2; exit 2; }
for t in tcpreplay tcpdump ip gcc; do command -v $t >/dev/null || { echo "live-bench: $t is missing (make test installs it)" >&2; exit 2; }; done
WORK=$(mktemp -d /tmp/live-bench.XXXXXX)
A=tslbA$$ B=tslbB$$
cleanup() { ip netns del $A 2>/dev/null || true; ip netns del $B 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
gcc -O2 -o "$WORK/genpcap" ../shared/bench/genpcap.c
"$WORK/genpcap" "$WORK/load.pcap" "$PACKETS" 64 1514 128 >/dev/null
ip netns add $A; ip netns add $B
for i in 0 1; do
  ip link add lbA$i netns $A type veth peer name lbB$i netns $B
  ip -n $A link set lbA$i up; ip -n $B link set lbB$i up
done
for ns in $A $B; do ip netns exec $ns sysctl -q -w net.ipv6.conf.all.disable_ipv6=1; done
load() { # both peers at once; prints the packets sent
  local speed=--topspeed
  [ -z "$PPS" ] || speed=--pps=$PPS
  ip netns exec $B tcpreplay -q $speed -i lbB0 "$WORK/load.pcap" >"$WORK/r0" 2>&1 &
  local s0=$!
  ip netns exec $B tcpreplay -q $speed -i lbB1 "$WORK/load.pcap" >"$WORK/r1" 2>&1 &
  local s1=$!
  wait $s0 $s1
  sleep 0.5
  # tcpreplay's "Rated: … pps" of both senders, summed.
  rate=$(cat "$WORK/r0" "$WORK/r1" | awk '/Rated:/ {for (i = 1; i < NF; i++) if ($(i+1) ~ /^pps/) s += $i} END {printf "%.0f", s}')
}
sockets() { ip netns exec $A cat /proc/net/packet | tail -n +2 | wc -l; }
printf "%-5s %-10s %12s %12s %12s %12s\n" round tool sent pps captured kernel_drops
for r in $(seq 1 "$ROUNDS"); do
  ip netns exec $A "$BIN" capture -i lbA0 -i lbA1 --format json -o "$WORK/t.json" 2>"$WORK/t.err" &
  pid=$!
  # teamscope: a handle per direction on each member.
  while [ "$(sockets)" -lt 4 ]; do sleep 0.05; done
  load
  kill -INT $pid; wait $pid || true
  read -r captured drops < <(python3 - "$WORK/t.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(sum(m["packets"] for m in r["members"]), sum(m["live_drops"]["kernel"] for m in r["members"]))
PY
)
  printf "%-5s %-10s %12s %12s %12s %12s\n" "$r" teamscope "$((2 * PACKETS))" "$rate" "$captured" "$drops"
  ip netns exec $A tcpdump -q -i lbA0 -B 8192 -s 128 -w /dev/null 2>"$WORK/d0" &
  p0=$!
  ip netns exec $A tcpdump -q -i lbA1 -B 8192 -s 128 -w /dev/null 2>"$WORK/d1" &
  p1=$!
  while [ "$(sockets)" -lt 2 ]; do sleep 0.05; done
  sleep 0.3
  load
  kill -INT $p0 $p1; wait $p0 $p1 || true
  c=$(cat "$WORK/d0" "$WORK/d1" | awk '/packets captured/ {s += $1} END {print s + 0}')
  d=$(cat "$WORK/d0" "$WORK/d1" | awk '/dropped by kernel/ {s += $1} END {print s + 0}')
  printf "%-5s %-10s %12s %12s %12s %12s\n" "$r" "2×tcpdump" "$((2 * PACKETS))" "$rate" "$c" "$d"
done
