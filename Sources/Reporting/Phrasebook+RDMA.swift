import TeamAnalysis

/// RDMA (RoCEv2) in words: the host's RDMA flows at a glance, a flow's retransmission figures,
/// and the RDMA part of the migration summary's answer.
extension Phrasebook {
    /// "RDMA: 6 flows (RoCEv2) on eth0 + eth1, each held to one member": the summary's RDMA part
    /// of the migration answer; nil when the host saw no RDMA flow.
    static func rdmaInWords(_ host: String, _ r: ReportDocument) -> String? {
        guard let s = r.rdma?.first(where: { $0.host == host }) else { return nil }
        let members = s.memberShares.keys.sorted().joined(separator: " + ")
        let held = s.pinnedFlows == s.flows ? (s.flows == 1 ? "held to one member" : "each held to one member")
                                            : "\(s.pinnedFlows) of \(s.flows) held to one member"
        return "RDMA: \(TextFormat.plural(s.flows, "flow")) (RoCEv2) on \(members.isEmpty ? "no member" : members), \(held)"
    }

    /// A host's RDMA line: "6 RDMA flows, 1.2 MB: eth0 50 %, eth1 50 %; 6 UDP source ports
    /// (2.58 bits of entropy); 6 of 6 flows pinned; 1 PSN gap, 4 resent, 1 NAK".
    public static func rdmaHostLine(_ s: RDMAHostSummary) -> String {
        let shares = s.memberShares.sorted { $0.key < $1.key }.map { "\($0.key) \(TextFormat.percent($0.value))" }.joined(separator: ", ")
        var text = "\(TextFormat.plural(s.flows, "RDMA flow")), \(TextFormat.bytes(s.bytes)): \(shares)"
        text += "; \(TextFormat.plural(s.udpSourcePorts, "UDP source port")) (\(TextFormat.fixed(s.udpSourcePortEntropyBits, 2)) bits of entropy for a hash to spread)"
        text += "; \(s.pinnedFlows) of \(TextFormat.plural(s.flows, "flow")) pinned"
        let health = rdmaHealth(psnGaps: s.psnGaps, resent: s.resent, naks: s.naks)
        return text + "; " + (health.isEmpty ? "no PSN gap, resent packet or NAK" : health)
    }

    /// "1 PSN gap, 4 resent, 1 NAK" (empty when all three are 0).
    public static func rdmaHealth(psnGaps: Int, resent: Int, naks: Int) -> String {
        var parts: [String] = []
        if psnGaps > 0 { parts.append(TextFormat.plural(psnGaps, "PSN gap")) }
        if resent > 0 { parts.append("\(resent) resent") }
        if naks > 0 { parts.append(TextFormat.plural(naks, "NAK")) }
        return parts.joined(separator: ", ")
    }

    /// Who carried an RDMA flow: "eth0" when pinned, else "eth0 60 % + eth1 40 %".
    public static func rdmaCarriers(_ f: RDMAFlowReport) -> String {
        if f.pinned, let m = f.members.first { return m.member }
        return f.members.map { "\($0.member) \(TextFormat.percent($0.share))" }.joined(separator: " + ")
    }

    /// The RDMA part of a migration summary's answer: "; 6 RDMA flows (RoCEv2), each held to one
    /// member" (empty without RDMA flows).
    static func rdmaMigrationClause(_ m: MigrationSummary) -> String {
        guard let c = m.rdma else { return "" }
        let held = c.heldToOneMember == c.flows ? (c.flows == 1 ? "held to one member" : "each held to one member")
            : c.heldToOneMember == 0 ? "none held to one member" : "\(c.heldToOneMember) held to one member"
        return "; \(TextFormat.plural(c.flows, "RDMA flow")) (RoCEv2, SMB Direct's transport), \(held)"
    }

    /// A migration summary's figures: streams, sessions and rates, or — when only RDMA carried
    /// the migration — its flows and average.
    public static func migrationFigures(_ m: MigrationSummary) -> String {
        if m.streams == 0, let c = m.rdma {
            return "\(TextFormat.plural(c.flows, "RDMA flow")) (RoCEv2); together \(TextFormat.rate(m.bitsPerSecondAvg)) on average"
        }
        var text = "\(TextFormat.plural(m.streams, "stream")) (at most \(m.maxConcurrent) at once)"
        if m.smbSessions > 0 { text += ", \(TextFormat.plural(m.smbSessions, "SMB session"))" }
        if let c = m.rdma { text += ", \(TextFormat.plural(c.flows, "RDMA flow"))" }
        return text + "; together \(TextFormat.rate(m.bitsPerSecondAvg)) on average, peak \(TextFormat.rate(m.bitsPerSecondPeak)) over 1 s"
    }
}
