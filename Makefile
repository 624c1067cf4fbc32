# TeamScope. Two commands do everything on a fresh machine:
#   make run    install what is missing, build, analyze every sample in Captures/
#   make test   install what is missing (with TShark), run the whole test suite and a short
#               run of every fuzz target (FUZZ_SECONDS each, 12 by default)
#   make install  release binary, shell completions and man page under PREFIX (/usr/local)
#   make fuzz   every fuzz target for FUZZ_SECONDS (60 by default; long runs: FUZZ_SECONDS=600)
#   make live-test  teamscope capture beside a real Linux bond in ../shared/bondvm's VM
#   make live-bench / live-soak  CPU and drops against tcpdump; memory over 30 minutes (root)
#   make monitor-soak  teamscope monitor for 30 minutes of 120,000 flows (root)
#   make calibrate  how often each verdict confidence is right (scripts/calibrate.sh; the README's table)
SWIFT ?= swift
BIN := .build/release/teamscope
SAMPLES_A := Captures/lacp-l34/A/eth0.pcap Captures/lacp-l34/A/eth1.pcap Captures/lacp-l34/B/eth0.pcap Captures/lacp-l34/B/eth1.pcap
SAMPLES_B := hv01/*=Captures/windows-pktmon/hv01.pcapng
SAMPLES_C := Captures/balance-rr/eth0.pcap.gz Captures/balance-rr/eth1.pcap.gz Captures/balance-rr/bond0.pcap.gz
SAMPLES_D := Captures/smb-multichannel/A/NIC1.pcap.gz Captures/smb-multichannel/A/NIC2.pcap.gz Captures/smb-multichannel/B/NIC1.pcap.gz Captures/smb-multichannel/B/NIC2.pcap.gz

.PHONY: run deps test build release samples screenshot bench fuzz live-test live-bench live-soak monitor-soak install clean calibrate

PREFIX ?= /usr/local

run: deps release
	$(BIN) analyze $(SAMPLES_A)
	$(BIN) analyze '$(SAMPLES_B)'
	$(BIN) analyze $(SAMPLES_C)
	$(BIN) analyze $(SAMPLES_D)

deps:
	@scripts/install-deps.sh

calibrate: deps
	scripts/calibrate.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

test:
	@scripts/install-deps.sh --test
	@FUZZ_SECONDS=$(or $(FUZZ_SECONDS),12) scripts/test.sh

# The man page comes from the commands' own help (swift-argument-parser's GenerateManual plugin),
# the completions from the binary itself: both stay in step with --help.
install: release
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
	  $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/teamscope
	$(BIN) --generate-completion-script bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/teamscope
	$(BIN) --generate-completion-script zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_teamscope
	$(BIN) --generate-completion-script fish > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/teamscope.fish
	mkdir -p .build/manual
	$(SWIFT) package --allow-writing-to-package-directory generate-manual -o .build/manual
	install -m 644 .build/manual/teamscope.1 $(DESTDIR)$(PREFIX)/share/man/man1/teamscope.1

# teamscope capture on a real Linux bond, in ../shared/bondvm's VM (about 2 minutes; not in make test).
live-test: release
	@scripts/live-test.sh

# Drops of teamscope capture against two tcpdumps on two veth members under the same load (root).
live-bench: release
	@scripts/live-bench.sh

# teamscope capture for 30 minutes (DURATION seconds) on two veths while flows come and go: its
# resident memory at 5 minutes and at the end (root; not in make test).
live-soak: release
	@scripts/live-soak.sh
# teamscope monitor for 30 minutes of replayed traffic with 120,000 distinct flows, scraped every
# second: peak RSS at 5 minutes and at the end, scrape latency percentiles (root; not in make test).
monitor-soak: release
	@scripts/monitor-soak.sh

fuzz: deps
	@scripts/fuzz.sh --seconds $(or $(FUZZ_SECONDS),60)

# Rebuild Captures/ and Reports/ (deterministic; a test checks they are current) with the
# teamscope-samples development tool, which links the LabTraffic generators so teamscope does not.
samples: release
	.build/release/teamscope-samples --captures Captures --reports Reports

# The README's picture of a sample's HTML report, as headless Chromium draws it (1280 px wide).
screenshot: release
	$(BIN) analyze --format html -o .build/lacp-l34.html $(SAMPLES_A)
	mkdir -p Reports/screenshots
	chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,1500 \
	  --screenshot=Reports/screenshots/lacp-l34.png file://$(CURDIR)/.build/lacp-l34.html

bench: deps
	@scripts/bench.sh

clean:
	rm -rf .build .build-fuzz
