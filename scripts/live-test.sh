#!/usr/bin/env bash
# make live-test: teamscope capture on a real Linux bond. ../shared/bondvm boots a small VM with
# the kernel's bonding driver (two members) and runs the release binary beside bond0 while traffic
# flows — 802.3ad layer3+4 with the standard traffic, a member failing over under 802.3ad,
# active-backup and balance-xor, and a balance-tlb bond behind a bridge — then BondVMTests checks
# what came back against the kernel's own counters and events and tcpdump's captures of the
# members in the same runs. 1 to 9 minutes per run (qemu without KVM, five runs); too slow for
# every CI run, so not part of make test.
set -eu
cd "$(dirname "$0")/.."
BONDVM=../shared/bondvm/bondvm.sh
[ -x "$BONDVM" ] || { echo "live-test: $BONDVM is missing (../shared beside the repository)" >&2; exit 2; }
OUT=${TEAMSCOPE_BONDVM_OUT:-.build/bondvm}
# BIN: the binary to run in the VM; RUNS: which runs (default all), e.g. RUNS="ab-failover tlb"
# to make those again and keep the others' results.
BIN=${BIN:-.build/release/teamscope}
RUNS=${RUNS:-standard failover ab-failover xor-failover tlb}
if [ "$RUNS" = "standard failover ab-failover xor-failover tlb" ]; then rm -rf "$OUT"; fi
mkdir -p "$OUT/payload"
cp "$BIN" "$OUT/payload/teamscope"
wanted() { case " $RUNS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
run() { # NAME MODE HASH TRAFFIC [PEER]
  wanted "$1" || return 0
  rm -rf "${OUT:?}/$1"
  echo "== bondvm: $2 $3, traffic $4, peer ${5:-bond}"
  "$BONDVM" --mode "$2" --hash "$3" --members 2 --peer "${5:-bond}" --traffic "$4" --payload "$OUT/payload" \
    --run './teamscope capture --host A --bond bond0 -w $OUT/cap.pcapng --format json -o $OUT/live.json' \
    --out "$OUT/$1" >"$OUT/$1.log" 2>&1 || { tail -20 "$OUT/$1.log" >&2; exit 1; }
}
# The standard traffic, then a member going down and up under 802.3ad, active-backup and
# balance-xor (each failover checked against tcpdump's captures of the members, the oracle).
run standard 802.3ad layer3+4 standard
run failover 802.3ad layer3+4 failover
run ab-failover active-backup layer2 failover
run xor-failover balance-xor layer3+4 failover
# A balance-tlb bond whose peer is a bridge (a switch that learns MACs): the verdict from the
# live capture alone, and the oracle captures of both sides (balance-tlb balances by load, its
# hash policy unused: tlb_dynamic_lb is on).
run tlb balance-tlb layer3+4 small bridge
TEAMSCOPE_BONDVM_OUT=$(cd "$OUT" && pwd) swift test --filter BondVMTests 2>&1 | tee "$OUT/tests.log" | grep -E "error|passed|failed|skipped" || true
grep -q "with 0 failures" "$OUT/tests.log" && ! grep -q "skipped" "$OUT/tests.log"
