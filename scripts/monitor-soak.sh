#!/usr/bin/env bash
# make monitor-soak (not in CI): teamscope monitor on two veth members in a network namespace
# for SOAK_SECONDS (default 1800) of replayed traffic with FLOWS distinct flows per member
# (default 120,000, 240,000 in all: 4 packets each, replayed in a loop out of both peers at PPS
# packets per second each, so they come, retire after FLOW_IDLE and come again),
# scraped once a second. Prints the peak RSS (VmHWM) at 1/6 of the run (5 minutes of 30) and at
# the end, their ratio (the issue asks for at most 1.10), and the scrapes' latency percentiles
# (p99 asked at most 100 ms). Documentation addresses only; everything stays in the namespaces.
set -eu
cd "$(dirname "$0")/.."
SOAK_SECONDS=${SOAK_SECONDS:-1800}
FLOWS=${FLOWS:-120000}
PPS=${PPS:-2000}
FLOW_IDLE=${FLOW_IDLE:-5m}
BIN=${BIN:-.build/release/teamscope}
[ "$(id -u)" -eq 0 ] || { echo "monitor-soak: needs root (network namespaces)" >&2; exit 2; }
for t in tcpreplay ip curl python3; do command -v $t >/dev/null || { echo "monitor-soak: $t is missing (make test installs it)" >&2; exit 2; }; done
WORK=$(mktemp -d /tmp/monitor-soak.XXXXXX)
A=tsmsA$$ B=tsmsB$$
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  ip netns del $A 2>/dev/null || true; ip netns del $B 2>/dev/null || true; rm -rf "$WORK"
}
trap cleanup EXIT
# Per member FLOWS UDP and TCP flows, 4 frames each, 128 bytes, into 192.0.2.0/24: from
# 198.51.100.0/24 on the first member, from 203.0.113.0/24 on the second (distinct flows).
for i in 0 1; do
python3 - "$WORK/flows$i.pcap" "$FLOWS" "$i" <<'PY'
import struct, sys
path, flows, member = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
net = [198, 51, 100] if member == 0 else [203, 0, 113]
host, peer = bytes.fromhex("02000000 0a01".replace(" ", "")), bytes.fromhex("020000000b01")
with open(path, "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    n = 0
    for i in range(flows):
        proto = 17 if i % 2 else 6
        src = bytes(net + [1 + i % 250]); dst = bytes([192, 0, 2, 1 + (i // 250) % 250])
        sport = 1024 + (i // 62500) * 1000 + i % 997; dport = 2000 + (i // 997) % 60000
        for k in range(4):
            l4 = struct.pack(">HHHH", sport, dport, 128 - 34, 0) if proto == 17 else struct.pack(">HHIIBBHHH", sport, dport, k, 0, 0x50, 0x18, 65535, 0, 0)
            ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 128 - 14, 0, 0, 64, proto, 0, src, dst)
            frame = host + peer + b"\x08\x00" + ip + l4
            frame += b"\x00" * (128 - len(frame))
            f.write(struct.pack("<IIII", 1700000000 + n // 1000000, n % 1000000, len(frame), len(frame)) + frame)
            n += 1
PY
done
. scripts/lib/veth-pairs.sh
veth_pairs $A $B sm 2 02:00:00:00:0a:01 02:00:00:00:0b:01
ip -n $A link set lo up
ip netns exec $A "$BIN" monitor --host soak -i smA0 -i smA1 --flow-idle "$FLOW_IDLE" --listen 127.0.0.1:9464 2>"$WORK/monitor.err" &
pids+=($!)
sleep 2
mon=$(pgrep -f " monitor --host soak -i smA0" | head -1)
for i in 0 1; do
  ip netns exec $B tcpreplay -q --pps="$PPS" --loop=0 -i smB$i "$WORK/flows$i.pcap" >/dev/null 2>&1 &
  pids+=($!)
done
start=$(date +%s)
early=$((SOAK_SECONDS / 6))
hwm_early=""
: > "$WORK/latency"
while [ $(( $(date +%s) - start )) -lt "$SOAK_SECONDS" ]; do
  ip netns exec $A curl -s -o /dev/null -w '%{time_total}\n' http://127.0.0.1:9464/metrics >> "$WORK/latency" || echo "fail" >> "$WORK/latency"
  if [ -z "$hwm_early" ] && [ $(( $(date +%s) - start )) -ge "$early" ]; then
    hwm_early=$(awk '/VmHWM/ {print $2}' /proc/$mon/status)
    rss_early=$(awk '/VmRSS/ {print $2}' /proc/$mon/status)
    echo "after ${early}s: VmHWM ${hwm_early} kB, VmRSS ${rss_early} kB"
  fi
  sleep 1
done
hwm_end=$(awk '/VmHWM/ {print $2}' /proc/$mon/status)
rss_end=$(awk '/VmRSS/ {print $2}' /proc/$mon/status)
ip netns exec $A curl -s http://127.0.0.1:9464/metrics > "$WORK/last.prom"
echo "after ${SOAK_SECONDS}s: VmHWM ${hwm_end} kB, VmRSS ${rss_end} kB"
python3 - "$WORK/latency" "$hwm_early" "$hwm_end" "$WORK/last.prom" <<'PY'
import sys
lines = open(sys.argv[1]).read().split()
fails = sum(1 for l in lines if l == "fail")
t = sorted(float(l) * 1000 for l in lines if l != "fail")
def pct(p): return t[min(len(t) - 1, int(p / 100 * len(t)))]
print(f"scrapes: {len(t)} answered, {fails} failed; latency ms p50 {pct(50):.1f} p99 {pct(99):.1f} max {t[-1]:.1f}")
early, end = int(sys.argv[2]), int(sys.argv[3])
print(f"peak RSS end / early: {end / early:.3f} (at most 1.10 asked)")
for l in open(sys.argv[4]):
    if l.startswith(("teamscope_flows_tracked", "teamscope_flows_retired_total", "teamscope_capture_packets_total", "teamscope_report_build_seconds")):
        print(l.strip())
PY
