import ArgumentParser
import TeamAnalysis

/// What a team report is judged and listed by, for every command that reports on a team
/// (`analyze`, `verify`, `capture`): pinned share, migration ports, the flows listed, link
/// speeds and the enslave order.
struct TeamOptions: ParsableArguments {
    @Option(name: .customLong("pinned-threshold"), parsing: .unconditional, help: ArgumentHelp("A flow direction is pinned when one member carries at least this share of its bytes.", valueName: "share"))
    var pinnedThreshold: Double = 0.999

    @Option(name: .customLong("migration-port"), help: ArgumentHelp("Treat flows on this port as migration streams (besides 6600, 445, 5445, 8000, 902, 49152-49215). Repeatable.", valueName: "port"))
    var migrationPorts: [UInt16] = []

    @Option(name: .customLong("top-flows"), parsing: .unconditional, help: ArgumentHelp("How many of the largest flows to list.", valueName: "n"))
    var topFlows: Int = 20

    @Option(name: .customLong("link-speed"), help: ArgumentHelp("A member's link speed, for its utilisation and the single_member_ceiling finding: MEMBER=SPEED or HOST/MEMBER=SPEED, e.g. eth0=10G, A/NIC1=25G (G, M, k or bits per second). Repeatable; pcapng if_speed gives it too.", valueName: "[host/]member=speed"))
    var linkSpeeds: [String] = []

    @Option(name: .customLong("members"), help: ArgumentHelp("The members in enslave order (e.g. eth0,eth1) for exact Linux prediction; without it every order is tried.", valueName: "m1,m2,…"))
    var memberOrder: String?

    func validate() throws {
        guard (0.5...1).contains(pinnedThreshold) else { throw ValidationError("--pinned-threshold: expected a share between 0.5 and 1") }
        guard topFlows >= 0 else { throw ValidationError("--top-flows \(topFlows): expected 0 or more") }
        for l in linkSpeeds where Self.parseLinkSpeed(l) == nil {
            throw ValidationError("--link-speed \(l): expected MEMBER=SPEED or HOST/MEMBER=SPEED with a positive speed such as 10G, 2.5G or 100M")
        }
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

    /// Writes these options into `o`.
    func apply(to o: inout AnalysisOptions) {
        o.pinnedThreshold = pinnedThreshold
        o.migrationPorts = migrationPorts
        o.topFlows = topFlows
        for l in linkSpeeds { if let (who, speed) = Self.parseLinkSpeed(l) { o.linkSpeeds[who] = speed } }
        // --members wins over the order a --bonding file gave.
        if let memberOrder { o.memberOrder = memberOrder.split(separator: ",").map(String.init) }
    }
}
