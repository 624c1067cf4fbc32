#!/usr/bin/env bash
# make live-soak (root; not part of make test): teamscope capture for DURATION seconds (default
# 1800) on two veth members while tcpreplay replays traffic whose flows come and go — every
# loop of the file gets new addresses (--unique-ip), so 20,000 flows per loop and more than
# 100,000 distinct flows within a few minutes. Flows idle for FLOW_IDLE (default 60s) are
# retired (--flow-idle), so memory should follow the active flows only: the script samples the
# process's resident memory every 10 s and prints it at 5 minutes and at the end, with the
# verdict "flat" when the end is within 10 % of the 5-minute figure.
set -eu
cd "$(dirname "$0")/.."
DURATION=${DURATION:-1800}
FLOW_IDLE=${FLOW_IDLE:-60s}
PPS=${PPS:-5000}
BIN=${BIN:-.build/release/teamscope}
[ "$(id -u)" -eq 0 ] || { echo "live-soak: needs root (network namespaces)" >&2; exit 2; }
for t in tcpreplay ip gcc; do command -v $t >/dev/null || { echo "live-soak: $t is missing (make test installs it)" >&2; exit 2; }; done
WORK=$(mktemp -d /tmp/live-soak.XXXXXX)
A=tssA$$ B=tssB$$
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; ip netns del $A 2>/dev/null || true; ip netns del $B 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
gcc -O2 -o "$WORK/genpcap" ../shared/bench/genpcap.c
# 400,000 packets over 20,000 TCP flows, 200-byte frames.
"$WORK/genpcap" "$WORK/flows.pcap" 400000 20000 200 128 >/dev/null
. scripts/lib/veth-pairs.sh
veth_pairs $A $B ls 2
ip netns exec $A "$BIN" capture -i lsA0 -i lsA1 --flow-idle "$FLOW_IDLE" --format json -o "$WORK/report.json" 2>"$WORK/err" &
pid=$!
pids+=("$pid")
sleep 1
for i in 0 1; do
  ip netns exec $B tcpreplay -q --loop=0 --unique-ip --pps="$PPS" -i lsB$i "$WORK/flows.pcap" >/dev/null 2>&1 &
  pids+=("$!")
done
rss() { awk '/^VmRSS/ {print $2}' /proc/"$pid"/status; }
at5=""
printf "%8s %12s\n" seconds rss_kib
for s in $(seq 10 10 "$DURATION"); do
  sleep 10
  kill -0 "$pid" 2>/dev/null || { echo "live-soak: teamscope ended early:" >&2; cat "$WORK/err" >&2; exit 1; }
  r=$(rss)
  printf "%8s %12s\n" "$s" "$r"
  [ "$s" -eq 300 ] && at5=$r
done
end=$(rss)
peak=$(awk '/^VmHWM/ {print $2}' /proc/"$pid"/status)
kill -INT "$pid"; wait "$pid" || true
python3 - "$WORK/report.json" "${at5:-}" "$end" "$peak" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
at5, end, peak = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
fs = r.get("flow_summary", {})
retired = fs.get("retired", {}).get("flows", 0)
print(f"packets {sum(m['packets'] for m in r['members'])}, flows {fs.get('flows')}, retired {retired}")
print(f"resident memory: end {end} KiB, peak {peak} KiB" + (f", at 5 minutes {at5} KiB" if at5 else ""))
if at5:
    ratio = end / int(at5)
    print(f"end / 5 minutes = {ratio:.3f}: " + ("flat (within 10 %)" if ratio <= 1.10 else "GROWING"))
PY
