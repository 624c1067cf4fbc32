import TeamingModels

/// Renders `simulate`'s results: per host, each policy and member count side by side.
public enum SimulationReport {
    /// Per host: the flow directions redistributed and their bytes.
    public struct HostFlows: Sendable {
        public var flowDirections: Int
        public var bytes: Int
        public init(flowDirections: Int, bytes: Int) {
            self.flowDirections = flowDirections
            self.bytes = bytes
        }
    }

    /// Per host, one line per policy, wrapped to `width` (nil: never).
    public static func text(_ results: [String: [SimulationResult]], flows: [String: HostFlows], width: Int? = TextReport.defaultWidth,
                            style: TerminalStyle = .plain) -> String {
        var out = TextPage(width: width)
        for host in results.keys.sorted() {
            let f = flows[host] ?? HostFlows(flowDirections: 0, bytes: 0)
            out += "Host \(TextFormat.visible(host)): \(TextFormat.plural(f.flowDirections, "flow direction")), \(TextFormat.count(f.bytes)) bytes\n"
            for r in results[host]! {
                let total = max(1, r.bytesPerMember.reduce(0, +))
                let spread = zip(r.bytesPerMember, r.flowsPerMember).enumerated().map { i, e in
                    "m\(i): \(TextFormat.fixed(100 * Double(e.0) / Double(total), 1))% (\(TextFormat.plural(e.1, "flow")))"
                }.joined(separator: "  ")
                out += "  \(r.policy.padding(toLength: 24, withPad: " ", startingAt: 0)) n=\(r.members)  imbalance \(TextFormat.fixed(r.imbalance, 2))"
                out += "  largest flow \(TextFormat.fixed(r.largestFlowShare * 100, 1))%  \(spread)\n"
            }
        }
        return out.rendered(style: style)
    }

    public static func json(_ results: [String: [SimulationResult]]) throws -> String {
        try JSONOutput.render(results.mapValues { $0.map(SimulationDocument.init) })
    }

    public static func note(_ n: SimulationNote) -> String {
        switch n {
        case .exactHash: return "exact: the kernel's hash of each flow's first frame"
        case .striped: return "every flow striped packet by packet (reorders at the receiver)"
        case .activeMember: return "everything on the active member"
        case .standInHash: return "stand-in hash (Toeplitz): Microsoft's is unpublished; the spread's shape, not the exact member"
        }
    }
}
