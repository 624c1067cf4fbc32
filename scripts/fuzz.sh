#!/usr/bin/env bash
# make fuzz: builds the libFuzzer targets in Fuzz/ (one per parser, see Sources/FuzzHarness),
# seeds them from Captures/ and ../shared/corpus, and runs each for SECONDS (default 60).
#
#   scripts/fuzz.sh [--seconds N] [--jobs N] [TARGET...]    TARGET: FuzzPcap FuzzPcapng FuzzDecode FuzzSMB FuzzClaims FuzzRoCE FuzzSMBDirect
#
# Each target keeps the corpus it grows in .build-fuzz/corpus/TARGET across runs; a crash, a
# sanitizer report or an input slower than 10 s is written to .build-fuzz/artifacts/TARGET/ and
# fails the run. Keep such an input as a regression test: copy it into Fuzz/Regressions/TARGET/
# (FuzzHarnessTests runs every file there through the same code), then fix the parser.
# Ends with one line per target: executions, executions per second, coverage, corpus, outcome.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=60
jobs=1
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    Fuzz*) targets+=("$1"); shift ;;
    *) echo "fuzz.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=(FuzzPcap FuzzPcapng FuzzDecode FuzzSMB FuzzClaims FuzzRoCE FuzzSMBDirect)
scripts/install-deps.sh
work=.build-fuzz
mkdir -p "$work"

# SwiftPM's --sanitize fuzzer links libFuzzer but does not instrument the code for coverage;
# -sanitize=fuzzer given to the compiler does. Both are needed.
sanitize=(-c release --sanitize fuzzer --sanitize address -Xswiftc -sanitize=fuzzer,address)
# SwiftPM keeps a dependency's file list in its build plan: a source file added to the project
# since the last fuzz build would be missing from it. Planning again is cheap.
rm -f "$work/tools/debug.yaml" "$work/san/release.yaml"
echo "== building the seed writer"
if ! swift build --package-path Fuzz --scratch-path "$work/tools" --product fuzz-seeds >"$work/build-tools.log" 2>&1; then
  grep -E "error" "$work/build-tools.log" | head -n 20 >&2
  echo "fuzz.sh: the seed writer did not build (log $work/build-tools.log)" >&2
  exit 1
fi
for t in "${targets[@]}"; do
  echo "== building $t (libFuzzer, AddressSanitizer)"
  if ! swift build --package-path Fuzz --scratch-path "$work/san" --product "$t" "${sanitize[@]}" >"$work/build-$t.log" 2>&1; then
    grep -E "error" "$work/build-$t.log" | head -n 20 >&2
    echo "fuzz.sh: $t did not build (log $work/build-$t.log)" >&2
    exit 1
  fi
done

echo "== seeds"
rm -rf "$work/seeds"
captures=$(find Captures -type f \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.gz' \) | sort)
if [ -d ../shared/corpus ]; then
  captures="$captures $(find ../shared/corpus -type f \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.gz' -o -name '*.ntar' \) | sort)"
else
  echo "../shared is not beside the repository: seeding from Captures/ only"
fi
# shellcheck disable=SC2086
"$work/tools/debug/fuzz-seeds" "$work/seeds" $captures
mkdir -p "$work/seeds/claims"
for f in Captures/*/claims-*.yaml; do cp "$f" "$work/seeds/claims/$(basename "$(dirname "$f")")-$(basename "$f")"; done

# Longest input each target makes: whole captures need room, one frame or a claims file little;
# the SMB streams' negotiate, session setup and interface lists fit in 16 KiB.
max_len_of() {
  case "$1" in
    FuzzPcap|FuzzPcapng) echo 65536 ;; FuzzDecode) echo 16384 ;; FuzzSMB) echo 16384 ;; FuzzClaims) echo 4096 ;; FuzzRoCE) echo 256 ;; FuzzSMBDirect) echo 16384 ;;
  esac
}

seeds_of() {
  case "$1" in
    FuzzPcap) echo pcap ;; FuzzPcapng) echo pcapng ;; FuzzDecode) echo decode ;; FuzzSMB) echo smb ;; FuzzClaims) echo claims ;; FuzzRoCE) echo roce ;; FuzzSMBDirect) echo smbdirect ;;
  esac
}

summary=()
failed=0
for t in "${targets[@]}"; do
  corpus="$work/corpus/$t"; artifacts="$work/artifacts/$t/"; log="$work/$t.log"
  mkdir -p "$corpus" "$artifacts" "Fuzz/Regressions/$t"
  echo "== $t: ${seconds}s"
  parallel=()
  [ "$jobs" -gt 1 ] && parallel=(-jobs="$jobs" -workers="$jobs")
  # The Swift runtime's own crash handler would print its backtrace instead of the sanitizer's.
  SWIFT_BACKTRACE=enable=no "$work/san/release/$t" -max_total_time="$seconds" -max_len="$(max_len_of "$t")" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 "${parallel[@]}" -artifact_prefix="$artifacts" \
    "$corpus" "$work/seeds/$(seeds_of "$t")" "Fuzz/Regressions/$t" >"$log" 2>&1
  status=$?
  [ "$jobs" -gt 1 ] && cat fuzz-*.log >>"$log" 2>/dev/null && rm -f fuzz-*.log
  runs=$(grep -E "^stat::number_of_executed_units:" "$log" | awk '{s+=$2} END {print s+0}')
  rate=$(grep -E "^stat::average_exec_per_sec:" "$log" | awk '{s+=$2} END {print s+0}')
  cov=$(grep -oE "cov: [0-9]+ ft: [0-9]+ corp: [0-9]+" "$log" | tail -n 1)
  if [ "$status" -eq 0 ]; then
    outcome="no crash"
  else
    failed=1
    found=$(ls -t "$artifacts" 2>/dev/null | head -n 1)
    outcome="FOUND: $(grep -m1 -oE "ERROR: [A-Za-z]+: [^ ]+( [^ ]+)?|Fatal error: .*|Timeout.*" "$log" | head -n 1) -> $artifacts$found (log $log)"
  fi
  summary+=("$t: $runs executions, $rate/s, $cov, $outcome")
done
echo "== fuzz summary (${seconds}s per target)"
printf '%s\n' "${summary[@]}"
exit "$failed"
