#!/bin/sh
# How often each verdict confidence is right (issue 21, item 6): generates the LabTraffic
# calibration captures (every Linux bonding mode, 2-4 members, few and many flows, a peer bond or
# a switch), adds the real kernel captures of ../shared/corpus/kernel-bonding and any
# ../shared/bondvm --out folders given as arguments, runs the verdict on host A's member files
# with and without --local-mac, and prints the table the README publishes. About a minute or two
# in a release build; not part of `make test` (CalibrationTests pins a few of its cases).
#   scripts/calibrate.sh [BONDVM_OUT_DIR ...]
set -e
cd "$(dirname "$0")/.."
swift build -c release --product teamscope-calibrate >&2
real=""
for d in ../shared/corpus/kernel-bonding/*/ "$@"; do
	[ -d "$d/pcap" ] && real="$real ${d%/}"
done
exec .build/release/teamscope-calibrate --seeds "${SEEDS:-2}" --stability "${STABILITY:-12}" ${real:+--real $real}
