#!/usr/bin/env python3
"""TeamScope benchmark: `teamscope analyze` against the plain libpcap read loop on the same file,
in the same run. Reports wall-time ratios (medians of alternating runs), peak RSS per process,
the flow table's cases (10k, 100k and 1M flows) and instructions per packet (callgrind).
Machines are noisy: only the ratios mean something."""
import os, shutil, struct, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "bench")
WORK = os.path.join(ROOT, "bench-work")
TEAMSCOPE = os.path.join(ROOT, ".build", "release", "teamscope")
RUNS = int(os.environ.get("BENCH_RUNS", "5"))


def sh(*args):
    subprocess.run(args, check=True)


def measure(cmd, cpu=False):
    """Wall seconds and peak RSS (MB) of one run, output discarded; with `cpu`, also the CPU
    seconds (user + system) it used."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        sys.exit(f"failed: {' '.join(cmd)}")
    if cpu:
        return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime
    return wall, usage.ru_maxrss / 1024


def shift_addresses(path):
    """Moves every IPv4 address of an Ethernet pcap up by 16 in its last octet, in place: the
    second member file of the two-member case then carries flows of its own. Done in a child
    process: a child forked later inherits this process's peak RSS in its own ru_maxrss."""
    if os.fork() == 0:
        import mmap
        with open(path, "r+b") as f:
            m = mmap.mmap(f.fileno(), 0)
            off, n = 24, len(m)
            while off + 16 <= n:
                cap = struct.unpack_from("<I", m, off + 8)[0]
                p = off + 16
                if cap >= 34 and m[p + 12] == 8 and m[p + 13] == 0:
                    m[p + 29] = (m[p + 29] + 16) & 255
                    m[p + 33] = (m[p + 33] + 16) & 255
                off = p + cap
            m.flush()
            m.close()
        os._exit(0)
    _, status = os.wait()
    if status != 0:
        sys.exit("failed to prepare the second member file")


def two_members(pcaploop, genpcap):
    """One host, a file per member (5M packets each, flows of their own): the common case, and
    the one that can use both cores. Compared with pcaploop reading both files one after the
    other, and with the same analysis on one thread (`--single-thread`). Nothing in genpcap's
    synthetic traffic says which station is the host (no handshakes, no answers), so it is
    measured twice: with `--local-mac` (the host known, as when the capture decides) and with no
    option (each station judged as the host's, the hypotheses counted in the same one pass)."""
    files = [os.path.join(WORK, f"member{i}.pcap") for i in (0, 1)]
    if not all(os.path.exists(f) for f in files):
        sh(genpcap, files[0], "5000000", "256", "1514", "128")
        sh(genpcap, files[1], "5000000", "255", "1514", "128")
        shift_addresses(files[1])
    # The baseline is pcaploop on each file, the walls added: a wrapper process running both
    # would add its own start-up to the baseline and flatter the ratio.
    for f in files:
        measure([pcaploop, f])
    known = ["--local-mac", "02:00:00:00:00:01"]
    base, par, single, guess, rss, guess_rss, cpu = [], [], [], [], 0, 0, []
    for _ in range(RUNS):
        base.append(sum(measure([pcaploop, f])[0] for f in files))
        w, r, c = measure([TEAMSCOPE, "analyze", "--format", "json"] + known + files, cpu=True); par.append(w); rss = max(rss, r); cpu.append(c / w)
        single.append(measure([TEAMSCOPE, "analyze", "--format", "json", "--single-thread"] + known + files)[0])
        w, r = measure([TEAMSCOPE, "analyze", "--format", "json"] + files); guess.append(w); guess_rss = max(guess_rss, r)
    print(f"{'2x5M':<8} {'full, 2 files':<13} {median(base):>10.3f} {median(par):>11.3f} {median(par) / median(base):>6.2f} {'':>11} {rss:>12.1f}"
          f"   cpu/wall {median(cpu):.2f}; --single-thread {median(single) / median(base):.2f}; --local-mac")
    print(f"{'2x5M':<8} {'both ways':<13} {median(base):>10.3f} {median(guess):>11.3f} {median(guess) / median(base):>6.2f} {'':>11} {guess_rss:>12.1f}"
          f"   no option: two direction hypotheses in one pass")


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
            base, ours, base_rss, our_rss, cpu = [], [], 0, 0, []
            for _ in range(RUNS):
                w, r = measure([pcaploop, path]); base.append(w); base_rss = max(base_rss, r)
                w, r, c = measure([TEAMSCOPE] + command + [path], cpu=True); ours.append(w); our_rss = max(our_rss, r); cpu.append(c / w)
            print(f"{label:<8} {name:<13} {median(base):>10.3f} {median(ours):>11.3f} {median(ours) / median(base):>6.2f} {base_rss:>11.1f} {our_rss:>12.1f}"
                  f"   cpu/wall {median(cpu):.2f}")
    two_members(pcaploop, genpcap)
    print("targets (issue 24): full <= 1.2 on one 10M file, full with two member files <= 1.2 with cpu/wall >= 1.7, simulate with 8 policies <= 2.5; peak RSS <= 64 MB, flat from 1M to 10M packets")
    smb_bench(pcaploop)
    flows_bench(pcaploop)
    instructions_bench(pcaploop, genpcap)  # after flows_bench, which builds genflows


def smb_capture(path, port, connections=4, writes=64, size=1 << 20):
    """SMB 3 WRITEs of `size` bytes over `connections` TCP connections to `port`, full payload,
    segments interleaved across the connections: what live migration over SMB Multichannel
    puts on the wire. The same bytes on another port measure what the SMB layer costs."""
    mss = 1448
    out = open(path, "wb")
    out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
    t = [1_795_000_000, 0]

    def frame(c, to_server, seq, ack, flags, payload=b""):
        cport, sport = 50000 + c, port
        src, dst = (bytes([198, 51, 100, 1]), bytes([198, 51, 100, 2])) if to_server else (bytes([198, 51, 100, 2]), bytes([198, 51, 100, 1]))
        sp, dp = (cport, sport) if to_server else (sport, cport)
        tcp = struct.pack(">HHIIBBHHH", sp, dp, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, 0x50, flags, 65535, 0, 0)
        ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 40 + len(payload), 0, 0x4000, 64, 6, 0, src, dst)
        eth = (b"\x02\x00\x00\x00\x00\x02" + b"\x02\x00\x00\x00\x00\x01" if to_server else b"\x02\x00\x00\x00\x00\x01" + b"\x02\x00\x00\x00\x00\x02") + b"\x08\x00"
        pkt = eth + ip + tcp + payload
        t[1] += 1000
        if t[1] >= 1_000_000:
            t[0] += 1; t[1] -= 1_000_000
        out.write(struct.pack("<IIII", t[0], t[1], len(pkt), len(pkt)) + pkt)

    def message(c, mid, to_server):
        head = b"\xfeSMB" + struct.pack("<HHIHHIIQII", 64, 1, 0, 9, 1, 0 if to_server else 1, 0, mid, 0xFEFF, 5) + struct.pack("<Q", 0x4400000000 + c) + bytes(16)
        if to_server:
            body = struct.pack("<HHIQ", 49, 112, size, mid * size) + bytes(32) + bytes(size)
        else:
            body = struct.pack("<HHIIHH", 17, 0, size, 0, 0, 0)
        m = head + body
        return struct.pack(">I", len(m)) + m

    cseq = [1000 * (c + 1) for c in range(connections)]
    sseq = [9000 * (c + 1) for c in range(connections)]
    for c in range(connections):
        frame(c, True, cseq[c], 0, 0x02); cseq[c] += 1
        frame(c, False, sseq[c], cseq[c], 0x12); sseq[c] += 1
        frame(c, True, cseq[c], sseq[c], 0x10)
    for w in range(writes):
        pending = [message(c, w + 1, True) for c in range(connections)]
        offsets = [0] * connections
        segment = 0
        while any(offsets[c] < len(pending[c]) for c in range(connections)):
            for c in range(connections):
                if offsets[c] >= len(pending[c]):
                    continue
                chunk = pending[c][offsets[c]:offsets[c] + mss]
                frame(c, True, cseq[c], sseq[c], 0x18, chunk)
                cseq[c] += len(chunk); offsets[c] += len(chunk)
                if segment % 2 == 1:
                    frame(c, False, sseq[c], cseq[c], 0x10)
            segment += 1
        for c in range(connections):
            reply = message(c, w + 1, False)
            frame(c, False, sseq[c], cseq[c], 0x18, reply); sseq[c] += len(reply)
    out.close()


def smb_bench(pcaploop):
    rows = []
    for port in (445, 6600):
        path = os.path.join(WORK, f"smb{port}.pcap")
        if not os.path.exists(path):
            smb_capture(path, port)
        measure([pcaploop, path])
        base, ours, rss = [], [], 0
        for _ in range(RUNS):
            base.append(measure([pcaploop, path])[0])
            w, r = measure([TEAMSCOPE, "analyze", "--format", "json", path]); ours.append(w); rss = max(rss, r)
        rows.append((port, median(base), median(ours), rss))
        print(f"{'SMB ' + str(port):<8} {'full':<13} {median(base):>10.3f} {median(ours):>11.3f} {median(ours) / median(base):>6.2f} {'':>11} {rss:>12.1f}")
    (_, b445, o445, _), (_, b6600, o6600, _) = rows
    print(f"SMB layer: {(o445 / b445) / (o6600 / b6600):.2f}x the same packets on a non-SMB port (4 channels, 64 WRITEs of 1 MiB each)")


def median(xs):
    s = sorted(xs)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def flows_bench(pcaploop):
    """Many distinct TCP flows (scripts/genflows.c: one source address per 60,000 ports), 5M
    packets each: 10k, 100k and 1M flows, every flow tracked. Wall ratios are medians of
    alternating runs against pcaploop on the same file; the time of 1M flows is also given
    against 10k flows' (flat in the number of flows: <= 1.5), and the memory per tracked flow
    from the peak RSS of the 1M and 10k cases. The server port is 6600 (Hyper-V live migration),
    so every flow is also a migration stream with a full report; FLOWS_PORT=7000 measures the
    flow table without a million stream reports."""
    genflows = os.path.join(WORK, "genflows")
    sh("gcc", "-O2", "-o", genflows, os.path.join(ROOT, "scripts", "genflows.c"))
    rows = {}
    port = os.environ.get("FLOWS_PORT", "6600")
    for flows in (10_000, 100_000, 1_000_000):
        path = os.path.join(WORK, f"flows{flows}.pcap" if port == "6600" else f"flows{flows}-port{port}.pcap")
        if not os.path.exists(path):
            sh(genflows, path, "5000000", str(flows), "1514", "128", port)
        measure([pcaploop, path])
        base, ours, rss = [], [], 0
        for _ in range(RUNS):
            base.append(measure([pcaploop, path])[0])
            w, r = measure([TEAMSCOPE, "analyze", "--format", "json", "--max-flows", str(flows), path]); ours.append(w); rss = max(rss, r)
        rows[flows] = (median(base), median(ours), rss)
        b, o, r = rows[flows]
        label = f"{flows // 1000}k" if flows < 1_000_000 else f"{flows // 1_000_000}M"
        print(f"{'5M':<8} {label + ' flows':<13} {b:>10.3f} {o:>11.3f} {o / b:>6.2f} {'':>11} {r:>12.1f}")
    (b10, o10, r10), (b1m, o1m, r1m) = rows[10_000], rows[1_000_000]
    per_flow = (r1m - r10) * 1024 * 1024 / (1_000_000 - 10_000)
    print(f"flows: 1M flows take {(o1m / b1m) / (o10 / b10):.2f}x the time of 10k flows (against pcaploop); "
          f"about {per_flow:.0f} bytes per tracked flow (peak RSS, 1M against 10k flows)")
    print("targets: 1M flows <= 1.5x the time of 10k flows, peak RSS <= 400 MB, about 300 bytes per flow")


def instructions(cmd):
    """Instructions the command executes (callgrind's total)."""
    p = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + cmd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for line in p.stderr.splitlines():
        if "Collected :" in line:
            return int(line.split()[-1])
    sys.exit(f"callgrind failed on {' '.join(cmd)}:\n{p.stderr[-2000:]}")


def instructions_bench(pcaploop, genpcap):
    """Instructions per packet on 200k packets (callgrind: the figure noise does not move),
    teamscope on one thread against pcaploop."""
    path = os.path.join(WORK, "hdr200k.pcap")
    if not os.path.exists(path):
        sh(genpcap, path, "200000", "256", "1514", "128")
    if shutil.which("valgrind") is None:
        print("instructions: valgrind is not installed (apt-get install valgrind): skipped")
        return
    # Valgrind cannot read the Swift toolchain's debug information: a copy without it.
    stripped = os.path.join(WORK, "teamscope-nodebug")
    sh("strip", "--strip-debug", "-o", stripped, TEAMSCOPE)
    ours = instructions([stripped, "analyze", "--single-thread", "--format", "json", "-o", "/dev/null", path])
    base = instructions([pcaploop, path])
    print(f"instructions per packet (callgrind, 200k packets, --single-thread): teamscope {ours / 200_000:.0f}, "
          f"pcaploop {base / 200_000:.0f}, ratio {ours / base:.2f}")
    # The same on 400k packets, less the 200k: what each further packet costs, with the start-up
    # (the Swift runtime's type metadata, argument parsing) and the report left out.
    path400 = os.path.join(WORK, "hdr400k.pcap")
    if not os.path.exists(path400):
        sh(genpcap, path400, "400000", "256", "1514", "128")
    ours400 = instructions([stripped, "analyze", "--single-thread", "--format", "json", "-o", "/dev/null", path400])
    base400 = instructions([pcaploop, path400])
    print(f"instructions per further packet (callgrind, 400k less 200k packets, --single-thread): teamscope {(ours400 - ours) / 200_000:.0f}, "
          f"pcaploop {(base400 - base) / 200_000:.0f}, ratio {(ours400 - ours) / max(1, base400 - base):.2f}")
    # The flows case at callgrind's pace: 200k packets over 40k distinct flows, five packets a
    # flow as in 5M packets over 1M flows (every flow tracked), so each packet pays its share of
    # a new flow and of its report.
    genflows = os.path.join(WORK, "genflows")
    flows = os.path.join(WORK, "flows40k-200k.pcap")
    if not os.path.exists(flows):
        sh(genflows, flows, "200000", "40000", "1514", "128", os.environ.get("FLOWS_PORT", "6600"))
    ours = instructions([stripped, "analyze", "--single-thread", "--format", "json", "-o", "/dev/null", "--max-flows", "40000", flows])
    base = instructions([pcaploop, flows])
    print(f"instructions per packet (callgrind, 200k packets over 40k flows, --single-thread): teamscope {ours / 200_000:.0f}, "
          f"pcaploop {base / 200_000:.0f}, ratio {ours / base:.2f}")


if __name__ == "__main__":
    main()
