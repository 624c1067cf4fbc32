#!/usr/bin/env python3
"""TeamScope benchmark: `teamscope analyze` against the plain libpcap read loop on the same file,
in the same run. Reports wall-time ratios (min of interleaved runs) and peak RSS per process.
Machines are noisy: only the ratios mean something."""
import os, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "bench")
WORK = os.path.join(ROOT, "bench-work")
TEAMSCOPE = os.path.join(ROOT, ".build", "release", "teamscope")
RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def sh(*args):
    subprocess.run(args, check=True)


def measure(cmd):
    """Wall seconds and peak RSS (MB) of one run, output discarded."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        sys.exit(f"failed: {' '.join(cmd)}")
    return wall, usage.ru_maxrss / 1024


def main():
    if not os.path.isdir(SHARED):
        sys.exit("../shared/bench is not beside the repository: nothing to compare against")
    os.makedirs(WORK, exist_ok=True)
    sh("swift", "build", "-c", "release", "--package-path", ROOT)
    pcaploop = os.path.join(WORK, "pcaploop")
    genpcap = os.path.join(WORK, "genpcap")
    sh("gcc", "-O2", "-o", pcaploop, os.path.join(SHARED, "pcaploop.c"), "-lpcap")
    sh("gcc", "-O2", "-o", genpcap, os.path.join(SHARED, "genpcap.c"))
    print(f"{'capture':<8} {'analysis':<13} {'pcaploop s':>10} {'teamscope s':>11} {'ratio':>6} {'pcaploop MB':>11} {'teamscope MB':>12}")
    for label, packets in (("1M", 1_000_000), ("10M", 10_000_000)):
        path = os.path.join(WORK, f"hdr{label}.pcap")
        if not os.path.exists(path):
            sh(genpcap, path, str(packets), "256", "1514", "128")
        measure([pcaploop, path])  # warm the page cache
        policies = "linux/layer2,linux/layer2+3,linux/layer3+4,linux/encap2+3,linux/encap3+4,linux/vlan+srcmac,linux/round-robin,linux/active-backup"
        runs = (("members only", ["analyze", "--format", "json", "--no-flows"]), ("full", ["analyze", "--format", "json"]),
                ("simulate x8", ["simulate", "--format", "json", "--members", "2", "--policy", policies]))
        for name, command in runs:
            base, ours, base_rss, our_rss = [], [], 0, 0
            for _ in range(RUNS):
                w, r = measure([pcaploop, path]); base.append(w); base_rss = max(base_rss, r)
                w, r = measure([TEAMSCOPE] + command + [path]); ours.append(w); our_rss = max(our_rss, r)
            print(f"{label:<8} {name:<13} {min(base):>10.3f} {min(ours):>11.3f} {min(ours) / min(base):>6.2f} {base_rss:>11.1f} {our_rss:>12.1f}")
    print("targets: members only <= 1.5, full (members, flows, reordering) <= 2.0, simulate with 8 policies <= 2.5; peak RSS <= 64 MB, flat from 1M to 10M packets")


if __name__ == "__main__":
    main()
