import ArgumentParser
import PacketWire
import TeamAnalysis
import TeamingModels

/// The options every command that reads captures shares.
struct CaptureOptions: ParsableArguments {
    @Argument(help: ArgumentHelp(
        "Capture files: PATH, MEMBER=PATH or HOST/MEMBER=PATH (HOST/*=PATH for a multi-interface pcapng). pcap, pcapng and their gzip-compressed forms; - is standard input.",
        valueName: "capture"))
    var captures: [String] = []

    @Option(name: [.customShort("f"), .long], help: ArgumentHelp("Only count packets matching this tcpdump-syntax BPF filter.", valueName: "expr"))
    var filter: String?

    @Option(name: .customLong("local-mac"), help: ArgumentHelp("A MAC address of the capturing host: MAC, or HOST=MAC with several hosts. Repeatable.", valueName: "[host=]mac"))
    var localMACs: [String] = []

    @Option(name: .customLong("local-ip"), help: ArgumentHelp("An IP address of the capturing host: IP, or HOST=IP with several hosts. Repeatable.", valueName: "[host=]ip"))
    var localIPs: [String] = []

    @Option(name: .customLong("aggregate"), help: ArgumentHelp("An interface that is a bond/team master or other aggregate capture point (NAME or HOST/NAME); bond*, team* and the LBFO multiplexor are recognised by name. Repeatable.", valueName: "name"))
    var aggregates: [String] = []

    @Option(name: .customLong("bin"), parsing: .unconditional, help: ArgumentHelp("Throughput bin width (e.g. 100ms, 1s, 500us).", valueName: "duration"))
    var bin: String = "100ms"

    @Option(name: .customLong("dedupe-window"), parsing: .unconditional, help: ArgumentHelp("How far apart two copies of one packet on a host's interfaces may be.", valueName: "duration"))
    var dedupeWindow: String = "10ms"

    @Option(name: .customLong("pinned-threshold"), parsing: .unconditional, help: ArgumentHelp("A flow direction is pinned when one member carries at least this share of its bytes.", valueName: "share"))
    var pinnedThreshold: Double = 0.999

    @Option(name: .customLong("move-debounce"), parsing: .unconditional, help: ArgumentHelp("How long a new member must carry a flow before the change counts as a move.", valueName: "duration"))
    var moveDebounce: String = "50ms"

    @Option(name: .customLong("migration-port"), help: ArgumentHelp("Treat flows on this port as migration streams (besides 6600, 445, 8000, 902, 49152-49215). Repeatable.", valueName: "port"))
    var migrationPorts: [UInt16] = []

    @Option(name: .customLong("top-flows"), parsing: .unconditional, help: ArgumentHelp("How many of the largest flows to list.", valueName: "n"))
    var topFlows: Int = 20

    @Option(name: .customLong("rss-queues"), parsing: .unconditional, help: ArgumentHelp("RSS receive queues at the receiver, for each flow's predicted queue and the migration streams that share one (0: off).", valueName: "n"))
    var rssQueues: Int = 8

    @Option(name: .customLong("rss-table"), parsing: .unconditional, help: ArgumentHelp("RSS indirection-table size (0: off).", valueName: "n"))
    var rssTable: Int = 128

    @Option(name: .customLong("kernel"), help: ArgumentHelp("The Linux kernel whose bonding hash to reproduce, e.g. 4.9 (no low-bit discard), 5.4 (discard on every IP policy), 6.1 (current; the default).", valueName: "version"))
    var kernel: String?

    @Flag(name: .customLong("no-flows"), help: "Member statistics only: skip flows, TCP analysis, reordering, migration streams and SMB sessions (the fastest pass).")
    var noFlows = false

    @Option(name: .customLong("max-flows"), parsing: .unconditional, help: ArgumentHelp("Largest number of flows tracked one by one; more are counted per member only.", valueName: "n"))
    var maxFlows: Int = 1 << 18

    @Option(name: .customLong("ifname"), help: ArgumentHelp("The member name of interface index N in a Linux SLL2 capture of several interfaces (tcpdump -i any), which is split by member. Repeatable.", valueName: "N=NAME"))
    var interfaceNames: [String] = []

    @Option(name: .customLong("link-speed"), help: ArgumentHelp("A member's link speed, for its utilisation and the single_member_ceiling finding: MEMBER=SPEED or HOST/MEMBER=SPEED, e.g. eth0=10G, A/NIC1=25G (G, M, k or bits per second). Repeatable; pcapng if_speed gives it too.", valueName: "[host/]member=speed"))
    var linkSpeeds: [String] = []

    @Flag(name: .customLong("single-thread"), help: "Read, decode and analyse on one thread (slower; the report is byte for byte the same).")
    var singleThread = false

    func validate() throws {
        if let kernel, LinuxKernelEra(release: kernel) == nil {
            throw ValidationError("--kernel \(kernel): expected a release such as 4.9, 5.4 or 6.1")
        }
        guard (0.5...1).contains(pinnedThreshold) else { throw ValidationError("--pinned-threshold: expected a share between 0.5 and 1") }
        guard let debounce = Duration.parseNanoseconds(moveDebounce), debounce >= 0 else { throw ValidationError("--move-debounce \(moveDebounce): expected a duration such as 50ms") }
        guard topFlows >= 0 else { throw ValidationError("--top-flows \(topFlows): expected 0 or more") }
        guard maxFlows > 0 else { throw ValidationError("--max-flows \(maxFlows): expected at least 1") }
        for n in interfaceNames where Self.parseInterfaceName(n) == nil {
            throw ValidationError("--ifname \(n): expected N=NAME, e.g. 3=eth0")
        }
        for l in linkSpeeds where Self.parseLinkSpeed(l) == nil {
            throw ValidationError("--link-speed \(l): expected MEMBER=SPEED or HOST/MEMBER=SPEED with a positive speed such as 10G, 2.5G or 100M")
        }
        if captures.isEmpty { throw ValidationError("Give at least one capture file.") }
        for m in localMACs where LocalAddress<MACAddress>.parseMAC(m) == nil {
            throw ValidationError("--local-mac \(m): expected a MAC such as 02:00:00:00:00:01, or HOST=MAC")
        }
        for ip in localIPs where LocalAddress<IPAddress>.parseIP(ip) == nil {
            throw ValidationError("--local-ip \(ip): expected an IPv4 or IPv6 address, or HOST=IP")
        }
        guard let b = Duration.parseNanoseconds(bin), b > 0 else {
            throw ValidationError("--bin \(bin): expected a positive duration such as 100ms or 1s")
        }
        guard b >= 1_000_000 else {
            throw ValidationError("--bin \(bin): expected at least 1ms (a shorter bin measures single frames, not throughput)")
        }
        guard rssQueues >= 0, rssTable >= 0 else { throw ValidationError("--rss-queues and --rss-table must not be negative") }
        guard let window = Duration.parseNanoseconds(dedupeWindow), window >= 0 else {
            throw ValidationError("--dedupe-window \(dedupeWindow): expected a duration such as 10ms")
        }
    }

    var specs: [CaptureSpec] { captures.map(CaptureSpec.parse) }

    static func parseInterfaceName(_ text: String) -> (UInt32, String)? {
        guard let eq = text.firstIndex(of: "="), let i = UInt32(text[..<eq]) else { return nil }
        let name = String(text[text.index(after: eq)...])
        return name.isEmpty ? nil : (i, name)
    }

    /// "A/eth0=10G" → ("A/eth0", 1e10); G, M and k are decimal (bits per second).
    static func parseLinkSpeed(_ text: String) -> (String, Double)? {
        guard let eq = text.lastIndex(of: "=") else { return nil }
        let who = String(text[..<eq]), value = text[text.index(after: eq)...].uppercased()
        guard !who.isEmpty else { return nil }
        let scales: [(String, Double)] = [("G", 1e9), ("M", 1e6), ("K", 1e3)]
        for (suffix, scale) in scales where value.hasSuffix(suffix) {
            guard let v = Double(value.dropLast()), v > 0 else { return nil }
            return (who, v * scale)
        }
        guard let v = Double(value), v > 0 else { return nil }
        return (who, v)
    }

    var analysisOptions: AnalysisOptions {
        var o = AnalysisOptions()
        o.filter = filter
        o.localMACs = localMACs.compactMap(LocalAddress<MACAddress>.parseMAC)
        o.localIPs = localIPs.compactMap(LocalAddress<IPAddress>.parseIP)
        o.aggregates = aggregates
        o.binWidth = Duration.parseNanoseconds(bin) ?? 100_000_000
        o.duplicateWindow = Duration.parseNanoseconds(dedupeWindow) ?? 10_000_000
        o.pinnedThreshold = pinnedThreshold
        o.moveDebounce = Duration.parseNanoseconds(moveDebounce) ?? 50_000_000
        o.migrationPorts = migrationPorts
        o.topFlows = topFlows
        o.flowCapacity = maxFlows
        o.parallel = !singleThread
        for n in interfaceNames { if let (i, name) = Self.parseInterfaceName(n) { o.interfaceNames[i] = name } }
        for l in linkSpeeds { if let (who, speed) = Self.parseLinkSpeed(l) { o.linkSpeeds[who] = speed } }
        o.trackFlows = !noFlows
        o.rssQueues = rssTable == 0 ? 0 : max(0, rssQueues)
        o.rssTableSize = max(1, rssTable)
        o.kernelEra = kernel.flatMap { LinuxKernelEra(release: $0) } ?? .current
        return o
    }
}

extension Duration {
    /// Parses "100ms", "1s", "250us", "5000ns", "2m" (a bare number is milliseconds).
    static func parseNanoseconds(_ text: String) -> Int64? {
        let units: [(String, Double)] = [("ns", 1), ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9)]
        let t = text.trimmingCharacters(in: " ")
        for (suffix, scale) in units where t.hasSuffix(suffix) {
            guard let v = Double(t.dropLast(suffix.count)), v >= 0 else { return nil }
            return Int64((v * scale).rounded())
        }
        guard let v = Double(t), v >= 0 else { return nil }
        return Int64((v * 1e6).rounded())
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}
