#!/usr/bin/env bash
# The style check CI runs (scripts/test.sh calls it first): swift-format's lint rules from
# .swift-format over every Swift file of the repository, no line longer than its lineLength,
# and a `// SAFETY:` note on every unsafe memory access in Sources/ (scripts/safety-check.sh).
# Each finding is printed as path:line:column (or path:line) with the rule; any finding fails.
#
# Only swift-format's rules run, not its pretty-printer (--debug-disable-pretty-print): the code
# is not laid out the printer's way (one-line `{ a; b }` bodies, continuation indents), and
# re-laying every file out is not worth the merge conflicts. The rules enabled in .swift-format
# are the ones the code already follows; lineLength is the longest line today, so it can only
# go down (see the README's Layout section).
set -uo pipefail
cd "$(dirname "$0")/.."
if ! swift format --version >/dev/null 2>&1; then
  echo "lint: swift format is not in this toolchain (Swift 6 has it): cannot check the style" >&2
  exit 1
fi
mapfile -t files < <(git ls-files --cached --others --exclude-standard "*.swift" 2>/dev/null || find Sources Tests Fuzz Package.swift -name '*.swift')
status=0
swift format lint --strict --parallel --debug-disable-pretty-print --configuration .swift-format "${files[@]}" || status=1
limit=$(sed -nE 's/^ *"lineLength" *: *([0-9]+).*/\1/p' .swift-format)
# Characters, not bytes (the sources have ×, →, …): grep under a UTF-8 locale.
if LC_ALL=C.UTF-8 grep -nE ".{$((limit + 1)),}" "${files[@]}" | cut -c1-160 | sed "s/\$/ … [LineLength] over $limit characters/"; then
  status=1
fi
scripts/safety-check.sh || status=1
[ "$status" -eq 0 ] && echo "lint: ${#files[@]} files, no finding"
exit "$status"
