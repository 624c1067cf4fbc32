import TeamAnalysis

/// Renders an `AnalysisReport` for a terminal: per host, each member's sent and received
/// share and throughput, then aggregates, inputs and warnings.
public enum TextReport {
    public static func render(_ r: AnalysisReport) -> String {
        var out = "TeamScope \(r.version): \(TextFormat.count(r.packetsRead)) packets read from \(r.inputs.count) input\(r.inputs.count == 1 ? "" : "s")"
        out += ", \(TextFormat.count(r.duplicatesRemoved)) duplicates removed"
        if let f = r.filter { out += ", \(TextFormat.count(r.packetsFiltered)) left out by filter \"\(f)\"" }
        out += "\n"
        if let start = r.captureStartNs, let end = r.captureEndNs {
            out += "Capture: \(TextFormat.time(start)) → \(TextFormat.time(end)) (\(TextFormat.duration(r.captureSpanNs))); throughput in \(r.binWidthNs / 1_000_000) ms bins\n"
        }
        for host in r.hosts {
            out += "\nHost \(host.name)\n"
            let d = host.direction
            out += "  direction: \(d.method)" + (d.confidence == "none" ? "" : " (\(d.confidence))")
            if !d.localMacs.isEmpty { out += ", local MAC \(d.localMacs.joined(separator: ", "))" }
            out += "\n"
            if !d.explanation.isEmpty { out += "  \(d.explanation)\n" }
            var rows: [[String]] = [["member", "sent pkts", "sent bytes", "sent share", "avg sent", "peak sent",
                                     "recv pkts", "recv bytes", "recv share", "avg recv", "peak recv", "unknown", "decided by"]]
            for m in r.members where m.host == host.name {
                rows.append([m.name, TextFormat.count(m.sent.packets), TextFormat.bytes(m.sent.bytes), TextFormat.percent(m.sent.share),
                             TextFormat.rate(m.sent.averageBitsPerSecond), TextFormat.rate(m.sent.peakBitsPerSecond),
                             TextFormat.count(m.received.packets), TextFormat.bytes(m.received.bytes), TextFormat.percent(m.received.share),
                             TextFormat.rate(m.received.averageBitsPerSecond), TextFormat.rate(m.received.peakBitsPerSecond),
                             TextFormat.count(m.unknownDirection.packets), m.directionSource])
            }
            rows.append(["total", TextFormat.count(host.sent.packets), TextFormat.bytes(host.sent.bytes), "", "", "",
                         TextFormat.count(host.received.packets), TextFormat.bytes(host.received.bytes), "", "", "",
                         TextFormat.count(host.unknownDirection.packets), ""])
            out += "\n" + TextFormat.table(rows)
            let drops = r.members.filter { $0.host == host.name && ($0.drops ?? 0) > 0 }
            for m in drops { out += "  \(m.name): the capture recorded \(TextFormat.count(Int(m.drops!))) dropped packets\n" }
        }
        if !r.aggregates.isEmpty {
            out += "\nAggregates (bond/team masters; their packets are not counted as a member's)\n"
            for a in r.aggregates {
                out += "  \(a.host)/\(a.name): \(TextFormat.count(a.packets)) packets, \(TextFormat.count(a.matchedOnMember)) matched on a member, \(TextFormat.count(a.onlyOnAggregate)) seen only here; \(a.reason)\n"
            }
        }
        out += "\nInputs\n"
        var rows: [[String]] = [["file", "host", "format", "packets", "members", "status"]]
        for i in r.inputs {
            let members = Set(i.interfaces.map(\.member)).sorted().joined(separator: ",")
            let format = (i.format ?? "–") + (i.compressed ? "+gzip" : "")
            rows.append([i.path, i.host, format, TextFormat.count(i.packets), members.isEmpty ? "–" : members,
                         i.error.map { "stopped at byte \($0.isEmpty ? "?" : String(i.errorOffset ?? 0))" } ?? "read to the end"])
        }
        out += TextFormat.table(rows)
        let errors = r.inputs.compactMap(\.error)
        let notes = errors + r.warnings
        if !notes.isEmpty {
            out += "\nProblems\n"
            for n in notes { out += "  \(n)\n" }
        }
        return out
    }
}
