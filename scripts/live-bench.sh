#!/usr/bin/env bash
# make live-bench: CPU time and drops of teamscope capture against two tcpdump processes on the
# same two veth members under the same load, in the same run. Two network namespaces joined by veth pairs;
# tcpreplay --topspeed sends ROUNDS × PACKETS frames out of both peers at once (the highest rate
# this machine sustains), received on the members being captured. Each member carries flows of
# its own (64 TCP flows each, the second file's addresses rewritten), as a bond spreads flows:
# the same file on both would make every segment a copy of one the other member carried. Each round runs teamscope
# (one process, a packet ring per member that tells each packet's direction; libpcap's two handles
# per member with TEAMSCOPE_LIBPCAP_HANDLES=1, passed on), then teamscope --no-analysis -w /dev/null (the capture
# path alone: handles, merge, file, as tcpdump does) and then two tcpdumps (-B and -s as
# teamscope's), and prints what each captured, what the kernel dropped and the CPU seconds (perf stat's
# task-clock, else GNU time's user + system) each spent per million packets captured; the last lines are the
# ratios over all rounds.
set -eu
cd "$(dirname "$0")/.."
PACKETS=${PACKETS:-1000000}
# PPS: packets per second per sender (tcpreplay --pps), the same for both tools; unset: --topspeed.
PPS=${PPS:-}
ROUNDS=${ROUNDS:-3}
BIN=${BIN:-.build/release/teamscope}
# Packet sockets teamscope opens on the two members: a ring each, or libpcap's two each.
TS_SOCKETS=2
[ -z "${TEAMSCOPE_LIBPCAP_HANDLES:-}" ] || TS_SOCKETS=4
[ "$(id -u)" -eq 0 ] || { echo "live-bench: needs root (network namespaces)" >&2; exit 2; }
for t in tcpreplay tcprewrite tcpdump ip gcc /usr/bin/time; do command -v $t >/dev/null || { echo "live-bench: $t is missing (make test installs it)" >&2; exit 2; }; done
WORK=$(mktemp -d /tmp/live-bench.XXXXXX)
A=tslbA$$ B=tslbB$$
cleanup() { ip netns del $A 2>/dev/null || true; ip netns del $B 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
gcc -O2 -o "$WORK/genpcap" ../shared/bench/genpcap.c
"$WORK/genpcap" "$WORK/load.pcap" "$PACKETS" 64 1514 128 >/dev/null
tcprewrite --pnat=192.0.2.0/24:198.51.100.0/24 -i "$WORK/load.pcap" -o "$WORK/load1.pcap"
. scripts/lib/veth-pairs.sh
veth_pairs $A $B lb 2
load() { # both peers at once; prints the packets sent
  local speed=--topspeed
  [ -z "$PPS" ] || speed=--pps=$PPS
  ip netns exec $B tcpreplay -q $speed -i lbB0 "$WORK/load.pcap" >"$WORK/r0" 2>&1 &
  local s0=$!
  ip netns exec $B tcpreplay -q $speed -i lbB1 "$WORK/load1.pcap" >"$WORK/r1" 2>&1 &
  local s1=$!
  wait $s0 $s1
  sleep 0.5
  # tcpreplay's "Rated: … pps" of both senders, summed.
  rate=$(cat "$WORK/r0" "$WORK/r1" | awk '/Rated:/ {for (i = 1; i < NF; i++) if ($(i+1) ~ /^pps/) s += $i} END {printf "%.0f", s}')
}
sockets() { ip netns exec $A cat /proc/net/packet | tail -n +2 | wc -l; }
# CPU time of one process: perf stat's task-clock where perf runs here (to the microsecond),
# else GNU time's user + system (in steps of 10 ms, coarse beside rounds of a few tenths of a
# second). "${TIMED[@]}" OUT CMD…: runs CMD with its CPU time written to OUT; cpu OUT prints it
# in seconds. CLOCK=time forces GNU time.
if [ "${CLOCK:-}" != time ] && perf stat -x, -e task-clock -o /dev/null true 2>/dev/null; then
  TIMED=(perf stat -x, -e task-clock -o)
  # "msec,,task-clock,…": the first field is milliseconds.
  cpu() { awk -F, '$3 == "task-clock" {printf "%.3f", $1 / 1000}' "$1"; }
  echo "live-bench: CPU time is perf stat's task-clock"
else
  TIMED=(/usr/bin/time -f "%U %S" -o)
  # GNU time's last line is "%U %S" (a line before it tells a non-zero exit status).
  cpu() { tail -n 1 "$1" | awk '{printf "%.3f", $1 + $2}'; }
  echo "live-bench: CPU time is GNU time's user + system"
fi
per_million() { awk -v c="$1" -v n="$2" 'BEGIN {printf "%.3f", (n > 0 ? c * 1e6 / n : 0)}'; }
# measured NAME ARGS…: teamscope capture on both members with ARGS under one load, its CPU time
# in $WORK/NAME.time, its stderr in $WORK/NAME.err.
measured() {
  local name=$1; shift
  ip netns exec $A "${TIMED[@]}" "$WORK/$name.time" "$BIN" capture -i lbA0 -i lbA1 "$@" 2>"$WORK/$name.err" &
  local tpid=$! pid
  # GNU time and perf stat wait for their command: the signal goes to teamscope itself.
  while [ -z "$(pgrep -P $tpid)" ]; do sleep 0.05; done
  pid=$(pgrep -P $tpid)
  # teamscope: a packet ring per member (libpcap: a handle per direction on each member).
  while [ "$(sockets)" -lt "$TS_SOCKETS" ]; do sleep 0.05; done
  load
  kill -INT $pid; wait $tpid || true
}
printf "%-5s %-10s %12s %12s %12s %12s %8s %10s\n" round tool sent pps captured kernel_drops cpu_s cpu_s_per_M
tcpu=0 tcap=0 wcpu=0 wcap=0 dcpu=0 dcap=0
for r in $(seq 1 "$ROUNDS"); do
  measured t --format json -o "$WORK/t.json"
  read -r captured drops < <(python3 - "$WORK/t.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(sum(m["packets"] for m in r["members"]), sum(m["live_drops"]["kernel"] for m in r["members"]))
PY
)
  c=$(cpu "$WORK/t.time")
  tcpu=$(awk -v a="$tcpu" -v b="$c" 'BEGIN {print a + b}'); tcap=$((tcap + captured))
  printf "%-5s %-10s %12s %12s %12s %12s %8s %10s\n" "$r" teamscope "$((2 * PACKETS))" "$rate" "$captured" "$drops" "$c" "$(per_million "$c" "$captured")"
  # The capture path alone: the same handles and merge, written as tcpdump writes (-w /dev/null), no analysis.
  measured w --no-analysis -w /dev/null
  # "N packets written to …; dropped by the kernel: lbA0 D0, lbA1 D1"
  read -r captured drops < <(awk '/packets? written/ {n = $1; sub(/.*dropped by the kernel: /, ""); gsub(/[^0-9 ]/, " "); for (i = 1; i <= NF; i++) if (i % 2 == 0) d += $i} END {print n + 0, d + 0}' "$WORK/w.err")
  c=$(cpu "$WORK/w.time")
  wcpu=$(awk -v a="$wcpu" -v b="$c" 'BEGIN {print a + b}'); wcap=$((wcap + captured))
  printf "%-5s %-10s %12s %12s %12s %12s %8s %10s\n" "$r" capture-only "$((2 * PACKETS))" "$rate" "$captured" "$drops" "$c" "$(per_million "$c" "$captured")"
  ip netns exec $A "${TIMED[@]}" "$WORK/d0.time" tcpdump -q -i lbA0 -B 8192 -s 128 -w /dev/null 2>"$WORK/d0" &
  t0=$!
  ip netns exec $A "${TIMED[@]}" "$WORK/d1.time" tcpdump -q -i lbA1 -B 8192 -s 128 -w /dev/null 2>"$WORK/d1" &
  t1=$!
  while [ -z "$(pgrep -P $t0)" ] || [ -z "$(pgrep -P $t1)" ]; do sleep 0.05; done
  p0=$(pgrep -P $t0) p1=$(pgrep -P $t1)
  while [ "$(sockets)" -lt 2 ]; do sleep 0.05; done
  sleep 0.3
  load
  kill -INT $p0 $p1; wait $t0 $t1 || true
  n=$(cat "$WORK/d0" "$WORK/d1" | awk '/packets captured/ {s += $1} END {print s + 0}')
  d=$(cat "$WORK/d0" "$WORK/d1" | awk '/dropped by kernel/ {s += $1} END {print s + 0}')
  c=$(awk -v a="$(cpu "$WORK/d0.time")" -v b="$(cpu "$WORK/d1.time")" 'BEGIN {printf "%.3f", a + b}')
  dcpu=$(awk -v a="$dcpu" -v b="$c" 'BEGIN {print a + b}'); dcap=$((dcap + n))
  printf "%-5s %-10s %12s %12s %12s %12s %8s %10s\n" "$r" "2×tcpdump" "$((2 * PACKETS))" "$rate" "$n" "$d" "$c" "$(per_million "$c" "$n")"
done
awk -v tc="$tcpu" -v tn="$tcap" -v wc="$wcpu" -v wn="$wcap" -v dc="$dcpu" -v dn="$dcap" 'BEGIN {
  t = (tn > 0 ? tc * 1e6 / tn : 0); w = (wn > 0 ? wc * 1e6 / wn : 0); d = (dn > 0 ? dc * 1e6 / dn : 0)
  printf "all rounds: teamscope %.3f CPU s per million packets captured, 2×tcpdump %.3f: ratio %.2f×\n", t, d, (d > 0 ? t / d : 0)
  printf "capture path alone (--no-analysis -w /dev/null): %.3f CPU s per million packets: ratio %.2f× (analysis: %.3f)\n", w, (d > 0 ? w / d : 0), t - w }'
