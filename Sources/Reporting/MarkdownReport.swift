import TeamAnalysis

/// `--format markdown`: GitHub-flavoured tables to paste into a wiki or a ticket: per host the
/// verdict and the member table, the migration answer, findings and the largest flows. Every
/// string from a capture is escaped (`cell`): no HTML, link or table break of its own survives.
public enum MarkdownReport {
    /// A table cell or inline text that renders as the characters it holds: control characters
    /// made visible, `&`, `<`, `>` as character references (GitHub passes raw HTML through),
    /// Markdown's punctuation and the cell separator `|` backslash-escaped, line ends as spaces.
    static func cell(_ s: String) -> String {
        var out = ""
        for ch in TextFormat.visible(s) {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "|", "\\", "`", "*", "_", "[", "]", "!", "~": out += "\\" + String(ch)
            default: out.append(ch)
            }
        }
        return out
    }

    static func table(_ header: [String], _ rows: [[String]], numeric: Set<Int> = []) -> String {
        var out = "| " + header.map(cell).joined(separator: " | ") + " |\n"
        out += "|" + header.indices.map { numeric.contains($0) ? " ---: |" : " --- |" }.joined() + "\n"
        for r in rows { out += "| " + r.map(cell).joined(separator: " | ") + " |\n" }
        return out
    }

    /// The page: the summary first, then per host the details (`summaryOnly`: the summary alone,
    /// `--summary`). A peer host's verdict lines that repeat an earlier host's are not repeated.
    public static func render(_ report: AnalysisReport, summaryOnly: Bool = false) -> String {
        let r = Phrasebook.worded(report)
        var out = "# TeamScope report\n\n"
        out += "TeamScope \(cell(r.version)): \(TextFormat.count(r.packetsRead)) packets read from \(TextFormat.plural(r.inputs.count, "input")), \(TextFormat.count(r.duplicatesRemoved)) duplicates removed"
        if let start = r.captureStartNs, let end = r.captureEndNs {
            out += "; capture \(TextFormat.time(start)) → \(TextFormat.time(end)) (\(TextFormat.duration(r.captureSpanNs)))"
        }
        out += ".\n\n## Summary\n\n"
        for s in Phrasebook.summaries(r) {
            out += "- **\(cell(s.host)):** \(cell(s.team))\n"
            for line in s.details { out += "  - \(cell(line))\n" }
        }
        if let problems = Phrasebook.problemsLine(r) { out += "- \(cell(problems))\n" }
        if summaryOnly { return out }
        var written: [String: String] = [:]
        for h in r.hosts {
            out += "\n## " + (h.unnamed == true ? "Host (unnamed)" : "Host \(cell(h.name))") + "\n\n"
            if let v = h.verdict {
                out += "- **Team:** \(cell(v.summary))\n"
                let block = v.evidence + Phrasebook.ruledOutLines(v) + (v.wouldDecide.isEmpty ? [] : ["would decide: \(v.wouldDecide.joined(separator: "; "))"])
                for line in block where written[line] == nil { out += "  - \(cell(line))\n" }
                let repeated = block.compactMap { written[$0] }
                if let earlier = repeated.first {
                    out += "  - \(cell(Phrasebook.asForEarlierHost(TextReport.isUnnamed(earlier, r) ? "this host" : earlier, all: repeated.count == block.count)))\n"
                }
                for line in block where written[line] == nil { written[line] = h.name }
            }
            if let v = h.modelVerdict { out += "- **Teaming model:** \(cell(v))\n" }
            if let v = h.receiveVerdict { out += "- **Receive:** \(cell(v))\n" }
            out += "- **Migration:** \(cell(h.migration.answer))\n"
            out += "- **Direction:** \(cell(h.direction.method.rawValue))\(h.direction.confidence == .none ? "" : " (\(h.direction.confidence.rawValue))")\n"
            for hyp in h.direction.hypotheses ?? [] { out += "  - \(cell(Phrasebook.hypothesis(hyp, host: h.name)))\n" }
            out += "\n"
            let rows = r.members.filter { $0.host == h.name }.map { m in
                [m.name, TextFormat.count(m.sent.packets), TextFormat.bytes(m.sent.bytes), TextFormat.percent(m.sent.share), TextFormat.rate(m.sent.averageBitsPerSecond),
                 TextFormat.count(m.received.packets), TextFormat.bytes(m.received.bytes), TextFormat.percent(m.received.share), TextFormat.rate(m.received.averageBitsPerSecond)]
            } + [["total", TextFormat.count(h.sent.packets), TextFormat.bytes(h.sent.bytes), "", "", TextFormat.count(h.received.packets), TextFormat.bytes(h.received.bytes), "", ""]]
            out += table(["member", "sent packets", "sent bytes", "sent share", "avg sent", "received packets", "received bytes", "received share", "avg received"], rows, numeric: Set(1...8))
        }
        out += countersSection(r)
        for m in r.migrationSummary {
            out += "\n## Live migration (\(cell(m.hosts.joined(separator: " ↔ "))))\n\n\(cell(m.answer))\n\n"
            if !m.perStream.isEmpty { out += table(["stream", "average", "peak", "members"], m.perStream.map { [$0.stream, TextFormat.rate($0.bitsPerSecondAvg), TextFormat.rate($0.bitsPerSecondPeak), $0.members.joined(separator: ", ")] }, numeric: [1, 2]) }
        }
        if !r.findings.isEmpty {
            out += "\n## Findings\n\n"
            out += table(["severity", "kind", "where", "advice"], r.findings.map { f in
                [f.severity.rawValue, f.kind.rawValue, f.host + (f.members.isEmpty ? "" : " (\(f.members.joined(separator: ", ")))"), f.advice]
            })
        }
        if !r.flows.isEmpty {
            out += "\n## Largest flows (\(TextFormat.plural(r.flowSummary.flows, "flow")) in all)\n\n"
            if let retired = r.flowSummary.retired { out += Phrasebook.retiredFlows(retired) + "\n\n" }
            out += table(["flow", "bytes", "verdict", "moves", "retransmissions", "reordered", "carried by"], r.flows.map { f in
                [TextFormat.endpoints(f), TextFormat.bytes(f.bytes), f.pinned ? "pinned" : "split", String(f.moves.count), String(f.retransmissions), TextFormat.fixed(f.reordering.ratio, 4),
                 f.directions.filter { $0.bytes > 0 }.map { "\($0.direction.rawValue) \($0.host): \(TextFormat.carriers($0))" }.joined(separator: "; ")]
            }, numeric: [1, 3, 4, 5])
        }
        out += rdmaSection(r)
        if let lacp = r.lacp, !lacp.isEmpty {
            out += "\n## LACP\n\n"
            out += table(["host", "member", "LACPDUs", "actor", "partner", "rate", "distributing"], lacp.map { l in
                [l.host, l.member, String(l.pdus), l.actorSystem.map { "\($0) key \(l.actorKey ?? 0) port \(l.actorPort ?? 0)" } ?? "–",
                 l.partnerSystem.map { "\($0) key \(l.partnerKey ?? 0) port \(l.partnerPort ?? 0)" } ?? "–", l.rate ?? "–", l.distributing ? "yes" : "no"]
            }, numeric: [2])
        }
        let problems = r.inputs.compactMap(\.error) + r.warnings
        if !problems.isEmpty {
            out += "\n## Problems\n\n" + problems.map { "- \(cell($0))\n" }.joined()
        }
        return out
    }

    /// Per host the counters' table and notes (`--counters`); empty without counters.
    static func countersSection(_ r: ReportDocument) -> String {
        guard let all = r.counters, !all.isEmpty else { return "" }
        var out = ""
        for host in Phrasebook.counterHosts(r) {
            let entries = all.filter { $0.host == host }
            out += "\n## Counters of \(cell(TextReport.isUnnamed(host, r) ? "this host" : host))\n\n"
            if let line = Phrasebook.countersLine(host: host, r) { out += "\(cell(line)).\n\n" }
            let rows = Phrasebook.counterRows(entries) { _ in "" }
            out += table(rows[0], Array(rows.dropFirst()), numeric: Set(2..<14))
            out += "\n" + Phrasebook.counterNotes(entries) { _ in "" }.map { "- \(cell($0))\n" }.joined()
        }
        return out
    }
}
