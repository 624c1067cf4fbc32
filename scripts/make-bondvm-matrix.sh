#!/bin/bash
# make-bondvm-matrix.sh: the real-kernel regression matrix (Tests/Fixtures/bondvm/).
#
#   scripts/make-bondvm-matrix.sh [--only NAME[,NAME…]] [--missing] [--keep DIR] [--bondvm DIR]
#
# Runs ../shared/bondvm once per scenario below (sequentially, nice'd: about a minute each with
# KVM, a few without) and keeps, per scenario, what some of four ways of capturing give, each
# small (snap length 96, `--traffic small`, or `failover` once; gzip), cut to the window the
# kernel's counters cover:
#   A_<member>.pcap.gz   tcpdump -i MEMBER on host A (bondvm's own member captures)      form a
#   B_<member>.pcap.gz   the same on host B                                              form b
#   any.pcap.gz          tcpdump -i any inside host A (Linux SLL2 with the kernel's ifindex);
#                        form imm: the same with --immediate-mode                        form any
#   members.pcapng.gz    dumpcap -i MEMBER… of every member of A into one pcapng         form pcapng
# and the kernel's own truth: scenario.env (mode, policy, members, peer, traffic),
# A_bond0_before.txt (/proc/net/bonding/bond0: the enslave order), A_counters_before.txt and
# A_counters_after.txt (every interface's tx/rx packet counters when the bond is ready and after
# the traffic), failover.env (which member went down, and when), links.json (`ip -d -j link
# show` inside host A) and bonding.txt (/proc/net/bonding/bond0) as a user would save them beside
# a capture. `--keep DIR` also keeps each run's whole output; `--missing` runs only the scenarios
# that have no folder yet.
#
# The VM is booted with `no_timer_check` (a private copy of bondvm.sh): without KVM, on a loaded
# machine, qemu's emulated timer fails Linux's IO-APIC timer check and the guest panics at boot
# ("IO-APIC + timer doesn't work", Documentation/admin-guide/kernel-parameters.txt). A run whose
# VM still did not finish is tried again once.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BONDVM=${BONDVM:-$ROOT/../shared/bondvm}
DEST=$ROOT/Tests/Fixtures/bondvm
only="" keep="" missing=""
while [ $# -gt 0 ]; do
	case "$1" in
	--only) only=",$2,"; shift 2 ;;
	--keep) keep=$2; shift 2 ;;
	--missing) missing=1; shift ;;
	--bondvm) BONDVM=$2; shift 2 ;;
	-h|--help) sed -n 2,30p "$0"; exit 0 ;;
	*) echo "make-bondvm-matrix: unknown argument $1" >&2; exit 2 ;;
	esac
done
[ -x "$BONDVM/bondvm.sh" ] || { echo "make-bondvm-matrix: no $BONDVM/bondvm.sh (../shared/bondvm)" >&2; exit 1; }
command -v dumpcap >/dev/null && command -v editcap >/dev/null ||
	{ echo "make-bondvm-matrix: dumpcap and editcap are needed (scripts/install-deps.sh --test installs TShark)" >&2; exit 1; }

# forms: a = tcpdump -i MEMBER of every member of A, b = the same on B, any = tcpdump -i any
# inside A, imm = the same with --immediate-mode, pcapng = dumpcap of every member of A into one
# pcapng. Not every form in every run: all of them would not fit in 15 MB.
# name             mode          hash         members peer   traffic  forms
SCENARIOS="
lacp-l2-2          802.3ad       layer2       2 bond   small    a,b,any
lacp-l23-3         802.3ad       layer2+3     3 bond   small    a,any
rr-2               balance-rr    layer2       2 bond   small    a,b,any
ab-2               active-backup layer2       2 bond   small    a,any
tlb-l2-2-bridge    balance-tlb   layer2       2 bridge small    a,any
alb-l2-2-bridge    balance-alb   layer2       2 bridge small    a,any
xor-l2-3           balance-xor   layer2       3 bond   small    a,any
lacp-l34-4         802.3ad       layer3+4     4 bond   small    a,imm
lacp-e23-2         802.3ad       encap2+3     2 bond   small    pcapng
ab-2-fail          active-backup layer2       2 bond   failover a
xor-l23-2-bridge   balance-xor   layer2+3     2 bridge small    a,b
lacp-e34-3         802.3ad       encap3+4     3 bond   small    a,b
xor-l34-4          balance-xor   layer3+4     4 bond   small    pcapng
alb-l34-3-bridge   balance-alb   layer3+4     3 bridge small    a,imm
xor-e34-2          balance-xor   encap3+4     2 bond   small    a,imm
tlb-l34-3          balance-tlb   layer3+4     3 bond   small    pcapng
xor-vlansrc-3      balance-xor   vlan+srcmac  3 bond   small    a
ab-3-bridge        active-backup layer2       3 bridge small    a,imm
rr-3-bridge        balance-rr    layer2       3 bridge small    pcapng
lacp-vlansrc-2     802.3ad       vlan+srcmac  2 bond   small    a
tlb-l23-4          balance-tlb   layer2+3     4 bond   small    a
"

WORK=$(mktemp -d /tmp/bondvm-matrix.XXXXXX)
[ -n "$keep" ] && mkdir -p "$keep"
trap 'rm -rf "$WORK"' EXIT
# the private bondvm with no_timer_check
mkdir -p "$WORK/bondvm" "$WORK/payload"
cp "$BONDVM/bondvm.sh" "$BONDVM/init" "$BONDVM/traf.c" "$WORK/bondvm/"
sed -i 's/-append "console=ttyS0 quiet panic=-1 /-append "console=ttyS0 quiet panic=-1 no_timer_check /' "$WORK/bondvm/bondvm.sh"
# and the moments the kernel's counters are read, logged on both sides of each reading: without
# KVM a reading takes a second or more after "bonds ready", and an 802.3ad member sends an
# LACPDU every second meanwhile (the captures are cut to the middle of each reading)
sed -i -e 's#^counters /out/state/A_counters_\(before\|after\)\.txt$#log "counters \1 start"; &; log "counters \1 end"#' "$WORK/bondvm/init"
cp "$(command -v dumpcap)" "$WORK/payload/dumpcap"
# glibc loads libgcc_s when a thread exits (pthread_exit unwinds): without it dumpcap aborts at
# the end ("libgcc_s.so.1 must be installed") before writing its statistics (drops) blocks
gcc_s=$(ldconfig -p | awk '/libgcc_s.so.1 .*x86-64/ { print $NF; exit }')
[ -n "$gcc_s" ] && cp -L "$gcc_s" "$WORK/payload/libgcc_s.so.1"
# bondvm.sh probes KVM (30 s) on every run: probe once here, and skip it when it fails
if [ -z "${BONDVM_NO_KVM:-}" ]; then
	k=$(for v in $(ls /lib/modules | sort -V); do [ -e /boot/vmlinuz-$v ] && echo $v; done | tail -1)
	if ! { [ -w /dev/kvm ] && timeout 30 qemu-system-x86_64 -enable-kvm -m 256 -nodefaults -nic none -display none \
		-serial stdio -monitor none -no-reboot -kernel "/boot/vmlinuz-$k" -append "console=ttyS0 panic=-1" \
		</dev/null 2>/dev/null | grep -q 'Linux version'; }; then
		export BONDVM_NO_KVM=1
	fi
fi

while read -r name mode hash n peer traffic forms; do
	[ -n "$name" ] || continue
	[ -z "$only" ] || [[ "$only" == *",$name,"* ]] || continue
	[ -z "$missing" ] || [ ! -d "$DEST/$name" ] || continue
	members=$(seq 0 $((n - 1)) | sed 's/^/vethA/' | tr '\n' ' ')
	has() { [[ ",$forms," == *",$1,"* ]]; }
	# The capture command starts early (right after the members are enslaved, before bond0 is
	# up), as bondvm's own member captures do; it saves the host's description once the bond is up.
	# (/usr/sbin/ip: busybox's sh would run its own ip applet, which has no -j)
	run='(sleep 10; /usr/sbin/ip -d -j link show > $OUT/links.json; cat /proc/net/bonding/bond0 > $OUT/bonding.txt) &'
	has any && run="$run tcpdump -i any -s 96 -w \$OUT/any.pcap 2> \$OUT/any.txt &"
	has imm && run="$run tcpdump -i any -s 96 --immediate-mode -w \$OUT/any.pcap 2> \$OUT/any.txt &"
	if has pcapng; then
		ifs=$(for m in $members; do printf -- '-i %s ' "$m"; done)
		run="$run LD_LIBRARY_PATH=/payload ./dumpcap -q -n -s 96 $ifs -w \$OUT/members.pcapng 2> \$OUT/dumpcap.txt &"
	fi
	run="$run wait"
	out=$WORK/$name
	for try in 1 2; do
		rm -rf "$out"
		echo "make-bondvm-matrix: $name ($mode $hash, $n members, peer $peer, $traffic; $forms), try $try" >&2
		if nice -n 5 "$WORK/bondvm/bondvm.sh" --mode "$mode" --hash "$hash" --members "$n" --peer "$peer" \
			--traffic "$traffic" --snap 96 --run-at early --payload "$WORK/payload" --run "$run" --out "$out" </dev/null >"$WORK/$name.log" 2>&1; then
			break
		fi
		tail -3 "$WORK/$name.log" >&2
	done
	[ -f "$out/state/scenario.env" ] || { echo "make-bondvm-matrix: $name failed; see $WORK/$name.log" >&2; continue; }
	# written beside and moved into place whole: a reader never sees half a scenario
	d=$DEST/.$name.partial
	rm -rf "$d"
	mkdir -p "$d"
	# Every capture is cut to the window the kernel's counters cover: from A_counters_before
	# (the middle of its reading, right after "bonds ready") to A_counters_after (the middle of its
	# reading, one second after "traffic done").
	middle() { # the middle of the counters' reading $1, as seconds.nanoseconds
		grep -E " counters $1 (start|end)$" "$out/log/events.txt" | cut -d' ' -f1 |
			awk '{ t[NR] = $1 } END { if (NR == 2) printf "%.6f", (t[1] + t[2]) / 2 }'
	}
	from=$(middle before)
	to=$(middle after)
	if [ -z "$from" ] || [ -z "$to" ]; then
		from=$(grep ' bonds ready' "$out/log/events.txt" | cut -d' ' -f1)
		to=$(grep ' traffic done' "$out/log/events.txt" | cut -d' ' -f1)
		to="$(( ${to%.*} + 1 )).${to#*.}"
	fi
	keep_window() { # source destination.gz
		editcap -A "$from" -B "$to" "$1" "$WORK/cut" && gzip -9n < "$WORK/cut" > "$2"
	}
	if has a; then for m in $members; do keep_window "$out/pcap/A_$m.pcap" "$d/A_$m.pcap.gz"; done; fi
	if has b; then for m in $members; do b=vethB${m#vethA}; keep_window "$out/pcap/B_$b.pcap" "$d/B_$b.pcap.gz"; done; fi
	if has a; then for f in "$out"/pcap/A_*_after_up.pcap; do [ -f "$f" ] && keep_window "$f" "$d/$(basename "$f").gz"; done; fi
	if has any || has imm; then keep_window "$out/payload/any.pcap" "$d/any.pcap.gz"; fi
	if has pcapng; then
		editcap -F pcapng -A "$from" -B "$to" "$out/payload/members.pcapng" "$WORK/cut" && gzip -9n < "$WORK/cut" > "$d/members.pcapng.gz"
	fi
	cp "$out/payload/links.json" "$out/payload/bonding.txt" "$d/"
	cp "$out/state/scenario.env" "$out/state/A_bond0_before.txt" "$out/state/A_counters_before.txt" "$out/state/A_counters_after.txt" "$d/"
	[ -f "$out/state/failover.env" ] && cp "$out/state/failover.env" "$d/"
	echo "$forms" > "$d/forms.txt"
	rm -rf "${DEST:?}/$name"
	mv "$d" "$DEST/$name"
	d=$DEST/$name
	[ -n "$keep" ] && cp -a "$out" "$keep/"
	du -sh "$d" >&2
done < <(echo "$SCENARIOS")
du -sh "$DEST" >&2
