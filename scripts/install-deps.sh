#!/usr/bin/env bash
# Installs what TeamScope needs on a fresh Debian/Ubuntu machine when it is missing:
# libpcap-dev (build), zlib1g-dev (gzip input), and with --test tshark (the differential tests)
# chromium (the browser tests of the HTML report), tcpreplay, iproute2 and tcpdump (the live
# capture tests and their benchmark), python3-jsonschema (the JSON Schema test), prometheus
# (prometheus and promtool, for the monitor tests).
set -eu
need=()
pkg-config --exists libpcap 2>/dev/null || need+=(libpcap-dev)
pkg-config --exists zlib 2>/dev/null || need+=(zlib1g-dev)
if [ "${1:-}" = "--test" ]; then
  command -v tshark >/dev/null 2>&1 || need+=(tshark)
  command -v capinfos >/dev/null 2>&1 || need+=(tshark)
  # The browser tests render the HTML reports in headless Chromium.
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  # The live capture tests replay packets onto veth pairs in network namespaces.
  command -v tcpreplay >/dev/null 2>&1 || need+=(tcpreplay)
  command -v ip >/dev/null 2>&1 || need+=(iproute2)
  command -v tcpdump >/dev/null 2>&1 || need+=(tcpdump)
  # The JSON Schema test validates every report with Python's jsonschema.
  python3 -c 'import jsonschema' >/dev/null 2>&1 || need+=(python3-jsonschema)
  # The monitor tests: a real Prometheus scraping teamscope monitor, promtool checking the
  # exposition and the shipped alert rules.
  command -v promtool >/dev/null 2>&1 || need+=(prometheus)
  command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
  command -v curl >/dev/null 2>&1 || need+=(curl)
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  # tshark asks whether non-root users may capture; answer no without a prompt.
  echo "wireshark-common wireshark-common/install-setuid boolean false" | $sudo_cmd debconf-set-selections 2>/dev/null || true
  $sudo_cmd apt-get install -y -qq --no-install-recommends $(printf '%s\n' "${need[@]}" | sort -u) >/dev/null
fi
