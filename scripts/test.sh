#!/usr/bin/env bash
# Runs the whole test suite and ends with one plain line, "N passed, M failed, K skipped", taken
# from XCTest's closing summary ("Executed N tests, with K tests skipped and M failures"; Swift
# Testing's closing line only counts its own tests). Then every fuzz target runs FUZZ_SECONDS
# (unset or 0: none), seeded from the samples, and any crash it finds fails the run. The style
# check (scripts/lint.sh: swift-format's rules and the line length, a few seconds) runs first;
# a finding fails the run too, after the tests have run.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/lint.sh
lint_status=$?
log=$(mktemp)
swift test 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
[ "$lint_status" -eq 0 ] || { [ "$status" -ne 0 ] || status=$lint_status; }
fuzz_line=""
if [ "${FUZZ_SECONDS:-0}" -gt 0 ]; then
  scripts/fuzz.sh --seconds "$FUZZ_SECONDS" | tee -a "$log"
  fuzz_status=${PIPESTATUS[0]}
  fuzz_line=$(sed -n '/^== fuzz summary/,$p' "$log")
  [ "$fuzz_status" -eq 0 ] || status=$fuzz_status
fi
summary=$(grep -E "^[[:space:]]*Executed [0-9]+ tests?, with " "$log" | tail -n 1)
if [ -n "$summary" ]; then
  total=$(echo "$summary" | sed -E 's/.*Executed ([0-9]+) tests?.*/\1/')
  failed=$(echo "$summary" | sed -E 's/.* ([0-9]+) failures?.*/\1/')
  skipped=0
  if echo "$summary" | grep -qE "with [0-9]+ tests? skipped"; then
    skipped=$(echo "$summary" | sed -E 's/.*with ([0-9]+) tests? skipped.*/\1/')
  fi
  [ -z "$fuzz_line" ] || echo "$fuzz_line"
  [ "$lint_status" -eq 0 ] || echo "lint: findings above (scripts/lint.sh)"
  echo "$((total - failed - skipped)) passed, $failed failed, $skipped skipped"
fi
rm -f "$log"
exit "$status"
