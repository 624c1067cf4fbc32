import Counters
import TeamAnalysis

/// The sentences about counters (`--counters`): the summary's line per host, the
/// `capture_incomplete` finding's advice, and the counters' notes under their table.
extension Phrasebook {
    /// The hosts the counters name, in report order then the counter-only ones.
    static func counterHosts(_ r: ReportDocument) -> [String] {
        var hosts: [String] = []
        for h in r.hosts.map(\.name) + (r.counters ?? []).map(\.host) where !hosts.contains(h) && (r.counters ?? []).contains(where: { $0.host == h }) {
            hosts.append(h)
        }
        return hosts
    }

    /// The summary's line for `host` from its counters: "SMB Direct: both members used, 9.6 and
    /// 9.4 Gb/s peak, from counters" when RDMA counters counted traffic, else the same for the
    /// NICs' traffic; nil without counters of the host.
    public static func countersLine(host: String, _ r: ReportDocument) -> String? {
        let listed = firstPerMember((r.counters ?? []).filter { $0.host == host })
        guard !listed.isEmpty else { return nil }
        // The members; the team interface and virtual adapters only when no member is listed.
        let members = listed.filter { $0.role == .member }
        let entries = members.isEmpty ? listed : members
        let rdma = entries.filter { $0.carriedRdma == true }
        if !rdma.isEmpty {
            let peaks = rdma.map { max($0.rdmaSentBitsPerSecondPeak ?? 0, $0.rdmaReceivedBitsPerSecondPeak ?? 0) }
            return "SMB Direct (RDMA): \(used(rdma.map(\.member), of: entries.map(\.member))), \(rates(peaks)) peak, from counters"
        }
        let carried = entries.filter(\.carried)
        guard !carried.isEmpty else { return "no traffic, from counters" }
        let peaks = carried.map { max($0.sentBitsPerSecondPeak, $0.receivedBitsPerSecondPeak) }
        let noRDMA = entries.allSatisfy { $0.carriedRdma == nil } ? "" : " (no RDMA traffic)"
        return "traffic: \(used(carried.map(\.member), of: entries.map(\.member))), \(rates(peaks)) peak\(noRDMA), from counters"
    }

    /// One entry per member (the first file's, when several files give a member).
    static func firstPerMember(_ entries: [CounterReport]) -> [CounterReport] {
        var seen: Set<String> = []
        return entries.filter { seen.insert($0.member).inserted }
    }

    /// "both members used", "all 3 members used", "1 of 2 members used (eth0; not eth1)".
    static func used(_ used: [String], of all: [String]) -> String {
        if used.count == all.count {
            return all.count == 1 ? "the one member used" : (all.count == 2 ? "both members used" : "all \(all.count) members used")
        }
        let unused = all.filter { !used.contains($0) }
        return "\(used.count) of \(all.count) members used (\(used.joined(separator: ", ")); not \(unused.joined(separator: ", ")))"
    }

    /// "9.6 and 9.4 Gb/s" when the rates share a unit, else each with its own.
    static func rates(_ values: [Double]) -> String {
        let words = values.map(TextFormat.rate)
        let units = Set(words.map { $0.split(separator: " ").last.map(String.init) ?? "" })
        func join(_ parts: [String]) -> String {
            parts.count <= 1 ? parts.joined() : parts.dropLast().joined(separator: ", ") + " and " + parts.last!
        }
        if units.count == 1, let unit = units.first, words.count > 1 {
            return join(words.map { String($0.split(separator: " ").first ?? "") }) + " " + unit
        }
        return join(words)
    }

    /// The advice of a `capture_incomplete` finding.
    static func unseenAdvice(_ f: Finding, _ u: FindingFigures.UnseenTraffic) -> String {
        let parts = u.unseen.keys.sorted().map { m -> String in
            let all = (u.counted[m] ?? 0) + (u.rdma[m] ?? 0)
            let share = all > 0 ? Double(u.unseen[m] ?? 0) / Double(all) : 0
            var text = "\(m) \(TextFormat.bytes(u.unseen[m] ?? 0)) (\(TextFormat.percent(share)))"
            if let r = u.rdma[m], r > 0 { text += ", \(TextFormat.bytes(r)) of it RDMA" }
            if let d = u.captureDrops[m], d > 0 { text += ", and the capture recorded \(TextFormat.plural(d, "drop")) on it" }
            return text
        }
        let figures = "over \(TextFormat.fixed(u.seconds, 1)) s the counters counted traffic the capture did not see: \(parts.joined(separator: "; "))"
        switch f.cause {
        case .rdmaNotCaptured:
            return figures + ". RDMA (SMB Direct over RoCE or iWARP) bypasses the host's network stack, so no capture on the host sees it: judge these members' share from the counters, or capture on a switch port mirror"
        default:
            return figures + ". The NIC counted frames the capture lacks: drops the capture did not record (a full buffer), a capture filter, or offloads that merge frames (LRO/GRO, TSO); its shares and rates for these members are too low"
        }
    }

    /// A member's comparison with its capture, in words: "the capture holds 70.1% of the 12.0 MiB
    /// the NIC counted over 9.0 s; RDMA 0 B".
    static func comparisonLine(_ c: CounterCaptureComparison) -> String {
        let share = c.countedBytes > 0 ? Double(c.capturedBytes) / Double(c.countedBytes) : 1
        var text = "the capture holds \(TextFormat.percent(share)) of the \(TextFormat.bytes(c.countedBytes)) the NIC counted over \(TextFormat.fixed(c.seconds, 1)) s"
        if c.rdmaBytes > 0 { text += ", and none of the \(TextFormat.bytes(c.rdmaBytes)) of RDMA" }
        return text
    }

    /// The counters' table: per member its rates, shares and samples (rows of cells).
    static func counterRows(_ entries: [CounterReport], hostPrefix: (String) -> String) -> [[String]] {
        var rows: [[String]] = [["member", "source", "avg sent", "peak sent", "avg recv", "peak recv", "RDMA avg sent", "RDMA peak sent",
                                 "RDMA avg recv", "RDMA peak recv", "sent share", "recv share", "RDMA share", "samples"]]
        func optional(_ v: Double?) -> String { v.map(TextFormat.rate) ?? "–" }
        for e in entries {
            rows.append([hostPrefix(e.host) + e.member, e.source, TextFormat.rate(e.sentBitsPerSecondAvg), TextFormat.rate(e.sentBitsPerSecondPeak),
                         TextFormat.rate(e.receivedBitsPerSecondAvg), TextFormat.rate(e.receivedBitsPerSecondPeak),
                         optional(e.rdmaSentBitsPerSecondAvg), optional(e.rdmaSentBitsPerSecondPeak),
                         optional(e.rdmaReceivedBitsPerSecondAvg), optional(e.rdmaReceivedBitsPerSecondPeak),
                         TextFormat.percent(e.sentShare), TextFormat.percent(e.receivedShare), TextFormat.percent(e.rdmaShare),
                         "\(e.samples)" + (e.missingSamples > 0 ? " (\(e.missingSamples) missing)" : "")])
        }
        return rows
    }

    /// Lines under the counters' table: where each member's counters came from, and its
    /// comparison with the capture.
    static func counterNotes(_ entries: [CounterReport], hostPrefix: (String) -> String) -> [String] {
        var out: [String] = []
        for e in entries {
            var line = "\(hostPrefix(e.host))\(e.member): \(e.file)"
            if let i = e.instance { line += " (\(i))" }
            switch e.role {
            case .teamInterface: line += ", the team's own interface (not a member: outside the shares)"
            case .virtualAdapter: line += ", a virtual adapter (not a member: outside the shares)"
            case .member, .pseudo: break
            }
            // The usual interval to the millisecond (a sampler's is never exact).
            let interval = e.intervalNs >= 1_000_000 ? (e.intervalNs + 500_000) / 1_000_000 * 1_000_000 : e.intervalNs
            line += ", \(TextFormat.plural(e.samples, "sample")) every \(TextFormat.span(interval)) from \(TextFormat.time(e.startNs))"
            if let d = e.droppedPackets, d > 0 { line += "; the NIC dropped \(TextFormat.plural(d, "packet"))" }
            if let c = e.capture { line += "; \(comparisonLine(c))" }
            out.append(line)
        }
        return out
    }
}
