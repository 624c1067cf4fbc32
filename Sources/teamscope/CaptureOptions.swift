import ArgumentParser
import CaptureIO
import Foundation
import PacketWire
import TeamAnalysis
import TeamingModels

/// The options every command that reads capture files shares (`analyze`, `verify`, `simulate`):
/// the inputs and how they are read. What shapes the report is in `FlowReportOptions` and
/// `TeamOptions`, so that each command's help lists only what it uses.
struct CaptureOptions: ParsableArguments {
    @Argument(help: ArgumentHelp(
        "Capture files: PATH, MEMBER=PATH or HOST/MEMBER=PATH (HOST/*=PATH for a multi-interface pcapng). pcap, pcapng and their gzip-compressed forms; - is standard input.",
        valueName: "capture"),
        completion: .file(extensions: CompletionKind.captureExtensions))
    var captures: [String] = []

    @Option(name: [.customShort("f"), .long], help: ArgumentHelp("Only count packets matching this tcpdump-syntax BPF filter.", valueName: "expr"))
    var filter: String?

    @Option(name: .customLong("local-mac"), help: ArgumentHelp("A MAC address of the capturing host: MAC, or HOST=MAC with several hosts. Repeatable.", valueName: "[host=]mac"))
    var localMACs: [String] = []

    @Option(name: .customLong("local-ip"), help: ArgumentHelp("An IP address of the capturing host: IP, or HOST=IP with several hosts. Repeatable.", valueName: "[host=]ip"))
    var localIPs: [String] = []

    @Option(name: .customLong("aggregate"), help: ArgumentHelp("An interface that is a bond/team master or other aggregate capture point (NAME or HOST/NAME); bond*, team* and the LBFO multiplexor are recognised by name. Repeatable.", valueName: "name"))
    var aggregates: [String] = []

    @Option(name: .customLong("dedupe-window"), parsing: .unconditional, help: ArgumentHelp("How far apart two copies of one packet on a host's interfaces may be.", valueName: "duration"))
    var dedupeWindow: String = "10ms"

    @Option(name: .customLong("kernel"), help: ArgumentHelp("The Linux kernel whose bonding hash to reproduce, e.g. 4.9 (no low-bit discard), 5.4 (discard on every IP policy), 6.1 (current; the default).", valueName: "version"))
    var kernel: String?

    @Option(name: .customLong("max-flows"), parsing: .unconditional, help: ArgumentHelp("Largest number of flows tracked one by one; more are counted per member only.", valueName: "n"))
    var maxFlows: Int = 1 << 18

    @Option(name: .customLong("ifname"), help: ArgumentHelp("The member name of interface index N in a Linux SLL2 capture of several interfaces (tcpdump -i any), which is split by member. Repeatable.", valueName: "N=NAME"))
    var interfaceNames: [String] = []

    @Option(name: .customLong("links"), help: ArgumentHelp("The capturing host's `ip -d -j link show` (JSON): names the members of a Linux SLL2 capture by interface index, makes each bond, team and bridge an aggregate, and reports each bond's mode and hash policy against the traffic. Repeatable.", valueName: "file"),
            completion: .file(extensions: ["json"]))
    var links: [String] = []

    @Option(name: .customLong("bonding"), help: ArgumentHelp("A saved /proc/net/bonding/BOND ([BOND=]FILE; BOND defaults to the file's name without extension): the bond's mode, hash policy and members in enslave order (the member order for exact Linux prediction when none is given), reported against the traffic. Repeatable.", valueName: "[bond=]file"))
    var bondings: [String] = []

    @Flag(name: .customLong("single-thread"), help: "Read, decode and analyse on one thread (slower; the report is byte for byte the same).")
    var singleThread = false

    func validate() throws {
        if let kernel, LinuxKernelEra(release: kernel) == nil {
            throw ValidationError("--kernel \(kernel): expected a release such as 4.9, 5.4 or 6.1")
        }
        guard maxFlows > 0 else { throw ValidationError("--max-flows \(maxFlows): expected at least 1") }
        for n in interfaceNames where Self.parseInterfaceName(n) == nil {
            throw ValidationError("--ifname \(n): expected N=NAME, e.g. 3=eth0")
        }
        for path in links {
            do { _ = try LinkTable.read(path) } catch { throw ValidationError("--links \(error)") }
        }
        for b in bondings where Self.readBonding(b) == nil {
            throw ValidationError("--bonding \(b): expected a saved /proc/net/bonding/BOND (cat /proc/net/bonding/bond0 > bond0.txt)")
        }
        for m in localMACs where LocalAddress<MACAddress>.parseMAC(m) == nil {
            throw ValidationError("--local-mac \(m): expected a MAC such as 02:00:00:00:00:01, or HOST=MAC")
        }
        for ip in localIPs where LocalAddress<IPAddress>.parseIP(ip) == nil {
            throw ValidationError("--local-ip \(ip): expected an IPv4 or IPv6 address, or HOST=IP")
        }
        guard let window = Duration.parseNanoseconds(dedupeWindow), window >= 0 else {
            throw ValidationError("--dedupe-window \(dedupeWindow): expected a duration such as 10ms")
        }
    }

    var specs: [CaptureSpec] { captures.map(CaptureSpec.parse) }

    /// For the commands that read nothing but captures (`analyze` also takes counters alone).
    func requireCaptures() throws {
        if captures.isEmpty { throw ValidationError("Give at least one capture file.") }
    }

    /// `[BOND=]FILE`: the bond named (else the file's name without its extensions) as the
    /// saved /proc/net/bonding file describes it; nil when it cannot be read or is not one.
    static func readBonding(_ text: String) -> BondConfiguration? {
        var path = text, name: String?
        if let eq = text.firstIndex(of: "="), !FileManager.default.fileExists(atPath: text) {
            name = String(text[..<eq])
            path = String(text[text.index(after: eq)...])
        }
        guard let data = FileManager.default.contents(atPath: path), let body = String(data: data, encoding: .utf8) else { return nil }
        let base = (path.split(separator: "/").last.map(String.init) ?? path).split(separator: ".").first.map(String.init) ?? path
        return BondConfiguration.parse(procBonding: body, name: name ?? base)
    }

    static func parseInterfaceName(_ text: String) -> (UInt32, String)? {
        guard let eq = text.firstIndex(of: "="), let i = UInt32(text[..<eq]) else { return nil }
        let name = String(text[text.index(after: eq)...])
        return name.isEmpty ? nil : (i, name)
    }

    var analysisOptions: AnalysisOptions {
        var o = AnalysisOptions()
        o.filter = filter
        o.localMACs = localMACs.compactMap(LocalAddress<MACAddress>.parseMAC)
        o.localIPs = localIPs.compactMap(LocalAddress<IPAddress>.parseIP)
        o.aggregates = aggregates
        o.duplicateWindow = Duration.parseNanoseconds(dedupeWindow) ?? 10_000_000
        o.flowCapacity = maxFlows
        o.parallel = !singleThread
        // The host's own description, and what --ifname says over it.
        var bonds: [BondConfiguration] = []
        for path in links {
            guard let table = try? LinkTable.read(path) else { continue }
            for (i, name) in table.names { o.describedInterfaceNames[i] = name }
            o.describedLinks.append(table)
            o.describedMasters += table.masters.filter { !o.describedMasters.contains($0) }
            bonds += table.bonds
        }
        for b in bondings {
            guard let bond = Self.readBonding(b) else { continue }
            if !o.describedMasters.contains(bond.name) { o.describedMasters.append(bond.name) }
            // /proc's member order is the enslave order; ip link's is not: it wins.
            bonds.removeAll { $0.name == bond.name }
            bonds.append(bond)
            if o.memberOrder == nil && bond.members.count >= 2 { o.memberOrder = bond.members }
        }
        o.configuredBonds = bonds
        for n in interfaceNames { if let (i, name) = Self.parseInterfaceName(n) { o.interfaceNames[i] = name } }
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

extension CompletionKind {
    /// What capture files end in, for shell completion (`.pcapng.gz` ends in `.gz`).
    static let captureExtensions = ["pcap", "pcapng", "gz", "cap"]
    /// The machine's network interfaces (`capture -i`).
    static let interfaces = CompletionKind.shellCommand("ls /sys/class/net 2>/dev/null")
    /// The machine's Linux bonds (`capture --bond`).
    static let bonds = CompletionKind.shellCommand("cat /sys/class/net/bonding_masters 2>/dev/null")
}

