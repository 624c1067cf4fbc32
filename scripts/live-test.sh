#!/usr/bin/env bash
# make live-test: teamscope capture on a real Linux bond. ../shared/bondvm boots a small VM with
# the kernel's bonding driver (802.3ad, layer3+4, two members) and runs the release binary beside
# bond0 while traffic flows — once with the standard traffic, once with a member failing over,
# once on a balance-tlb bond behind a bridge — then BondVMTests checks what came back against the
# kernel's own counters and events.
# About 1 minute per run (qemu without KVM); too slow for every CI run, so not part of make test.
set -eu
cd "$(dirname "$0")/.."
BONDVM=../shared/bondvm/bondvm.sh
[ -x "$BONDVM" ] || { echo "live-test: $BONDVM is missing (../shared beside the repository)" >&2; exit 2; }
OUT=${TEAMSCOPE_BONDVM_OUT:-.build/bondvm}
rm -rf "$OUT" && mkdir -p "$OUT/payload"
cp .build/release/teamscope "$OUT/payload/"
for traffic in standard failover; do
  echo "== bondvm: 802.3ad layer3+4, traffic $traffic"
  "$BONDVM" --mode 802.3ad --hash layer3+4 --members 2 --traffic "$traffic" --payload "$OUT/payload" \
    --run './teamscope capture --host A --bond bond0 -w $OUT/cap.pcapng --format json -o $OUT/live.json' \
    --out "$OUT/$traffic" >"$OUT/$traffic.log" 2>&1 || { tail -20 "$OUT/$traffic.log" >&2; exit 1; }
done
# A balance-tlb bond whose peer is a bridge (a switch that learns MACs): the verdict from the
# live capture alone, and the oracle captures of both sides.
echo "== bondvm: balance-tlb, peer bridge, traffic small"
"$BONDVM" --mode balance-tlb --members 2 --peer bridge --traffic small --payload "$OUT/payload" \
  --run './teamscope capture --host A --bond bond0 --format json -o $OUT/live.json' \
  --out "$OUT/tlb" >"$OUT/tlb.log" 2>&1 || { tail -20 "$OUT/tlb.log" >&2; exit 1; }
TEAMSCOPE_BONDVM_OUT=$(cd "$OUT" && pwd) swift test --filter BondVMTests 2>&1 | tee "$OUT/tests.log" | grep -E "error|passed|failed|skipped" || true
grep -q "with 0 failures" "$OUT/tests.log" && ! grep -q "skipped" "$OUT/tests.log"
