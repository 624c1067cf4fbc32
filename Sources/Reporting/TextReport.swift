import TeamAnalysis

/// Renders an `AnalysisReport` for a terminal: per host, each member's sent and received
/// share and throughput, then aggregates, inputs and warnings.
public enum TextReport {
    /// "cannot score linux/layer2, …: they read the destination MAC, which Linux SLL captures do not record".
    static func undecidableLine(_ models: [UndecidableModelReport]) -> String {
        var groups: [[String]: [String]] = [:]
        for m in models { groups[m.missing, default: []].append(m.model) }
        let fieldNames = ["source_mac": "source MAC", "destination_mac": "destination MAC"]
        let links = Array(Set(models.flatMap(\.linkTypes))).sorted().joined(separator: " and ")
        let parts = groups.sorted { $0.key.count > $1.key.count || ($0.key.count == $1.key.count && $0.key.lexicographicallyPrecedes($1.key)) }
            .map { fields, names in
                let f = fields.map { fieldNames[$0] ?? $0 }
                return "\(names.joined(separator: ", ")) (\(f.count == 1 ? "it reads the \(f[0])" : "they read the \(f.joined(separator: " and "))"))"
            }
        return "cannot score \(parts.joined(separator: "; ")): \(links) captures do not record it and no frame of the peer showed it"
    }

    /// The widths a terminal report is laid out to when nothing else says: what `samples`
    /// writes and what a pipe gets without `COLUMNS`.
    public static let defaultWidth = 100

    /// The report laid out to `width` columns (nil: every line whole, `--wide`).
    /// Whether `host` is the placeholder name of a host no argument named: the text leaves it out.
    static func isUnnamed(_ host: String, _ r: ReportDocument) -> Bool {
        r.hosts.contains { $0.name == host && $0.unnamed == true }
    }

    /// "A/" before a member (or "A " before a verb), nothing for an unnamed host.
    static func hostPrefix(_ host: String, _ r: ReportDocument, separator: String = "/") -> String {
        isUnnamed(host, r) ? "" : TextFormat.visible(host) + separator
    }

    /// Words coloured in a terminal: verdicts and severities.
    static let tones: [String: TerminalStyle.Tone] = [
        "pinned": .green, "split": .yellow, "problem": .red, "warning": .yellow, "info": .cyan,
        "PASS": .green, "FAIL": .red,
    ]

    /// Each member's sent and received throughput as sparklines under the member table, on one
    /// scale per direction for the host (so members compare at a glance).
    static func sparklines(_ members: [MemberReport], binWidthNs: Int64, width: Int?, into out: inout TextPage) {
        guard let longest = members.map({ max($0.throughput.sentBitsPerSecond.count, $0.throughput.receivedBitsPerSecond.count) }).max(), longest > 1 else { return }
        let name = members.map { TextFormat.visible($0.name).count }.max() ?? 0
        // "  NAME  sent ▁▂▃  received ▁▂▃": two sparklines share what the line has left.
        let room = width.map { ($0 - 2 - name - 2 - 5 - 2 - 9) / 2 } ?? 120
        let cells = max(8, min(longest, room))
        let bins = (longest + cells - 1) / cells
        out += "\n  throughput over time (each mark \(bins == 1 ? TextFormat.span(binWidthNs) : "≈ " + TextFormat.span(binWidthNs * Int64(bins))); one scale per direction)\n"
        let sentPeak = members.compactMap { Sparkline.cellMeans($0.throughput.sentBitsPerSecond, width: cells).max() }.max()
        let receivedPeak = members.compactMap { Sparkline.cellMeans($0.throughput.receivedBitsPerSecond, width: cells).max() }.max()
        for m in members {
            let padded = TextFormat.visible(m.name).padding(toLength: name, withPad: " ", startingAt: 0)
            out += "  \(padded)  sent \(Sparkline.render(m.throughput.sentBitsPerSecond, width: cells, peak: sentPeak))"
            out += "  received \(Sparkline.render(m.throughput.receivedBitsPerSecond, width: cells, peak: receivedPeak))\n"
        }
    }

    /// The report laid out to `width` columns (nil: every line whole, `--wide`): the summary
    /// first, then the details. `explain`: each host's verdict evidence, the models ruled out
    /// and what would decide (once per team: a peer host's lines that repeat an earlier host's
    /// are not written again); `summaryOnly`: the summary lines alone (`--summary`).
    public static func render(_ report: AnalysisReport, width: Int? = TextReport.defaultWidth, style: TerminalStyle = .plain,
                              explain: Bool = false, summaryOnly: Bool = false) -> String {
        let r = Phrasebook.worded(report)
        var out = TextPage(width: width)
        out += "TeamScope \(r.version): \(TextFormat.count(r.packetsRead)) packets read from \(r.inputs.count) input\(r.inputs.count == 1 ? "" : "s")"
        out += ", \(TextFormat.count(r.duplicatesRemoved)) duplicates removed"
        if let f = r.filter { out += ", \(TextFormat.count(r.packetsFiltered)) left out by filter \"\(f)\"" }
        out += "\n"
        if let start = r.captureStartNs, let end = r.captureEndNs {
            out += "Capture: \(TextFormat.time(start)) → \(TextFormat.time(end)) (\(TextFormat.duration(r.captureSpanNs)))\n"
        }
        summarySection(r, into: &out)
        if summaryOnly { return out.rendered(style: style, tones: tones) }
        if r.captureStartNs != nil { out += "\nDetails (throughput in \(TextFormat.span(r.binWidthNs)) bins)\n" }
        // Verdict lines already written for an earlier host, and which host.
        var written: [String: String] = [:]
        for host in r.hosts {
            out += host.unnamed == true ? "\nHost (unnamed: HOST/MEMBER=PATH names it)\n" : "\nHost \(TextFormat.visible(host.name))\n"
            let d = host.direction
            out += "  direction: \(d.method.rawValue)" + (d.confidence == .none ? "" : " (\(d.confidence.rawValue))")
            if !d.localMacs.isEmpty { out += ", local MAC \(d.localMacs.joined(separator: ", "))" }
            out += "\n"
            if !d.explanation.isEmpty { out += "  \(d.explanation)\n" }
            for h in d.hypotheses ?? [] { out += "    \(Phrasebook.hypothesis(h, host: host.name))\n" }
            if let b = host.bond { out += "  configured: \(Phrasebook.bondLine(b))\n" }
            if let v = host.verdict {
                out += "  team: \(v.summary)\n"
                out += "    platform: \(v.platform.os)\n"
                let block = v.evidence.map { "- " + $0 } + Phrasebook.ruledOutLines(v)
                    + (v.wouldDecide.isEmpty ? [] : ["would decide: \(v.wouldDecide.joined(separator: "; "))"])
                if explain {
                    let repeated = block.compactMap { written[$0] }
                    for line in block where written[line] == nil { out += "    \(line)\n" }
                    if let earlier = repeated.first {
                        out += "    \(Phrasebook.asForEarlierHost(isUnnamed(earlier, r) ? "this host" : earlier, all: repeated.count == block.count))\n"
                    }
                    for line in block where written[line] == nil { written[line] = host.name }
                } else if !block.isEmpty {
                    out += "    \(Phrasebook.explainHint(evidence: v.evidence.count, ruledOut: v.ruledOut.count))\n"
                }
            }
            out += "  \(host.migration.answer)\n"
            if let v = host.modelVerdict { out += "  teaming model: \(v)\n" }
            if let u = host.modelsUndecidable, !u.isEmpty { out += "  " + undecidableLine(u) + "\n" }
            if let v = host.receiveVerdict { out += "  receive: \(v)\n" }
            var rows: [[String]] = [["member", "sent pkts", "sent bytes", "sent share", "avg sent", "peak sent",
                                     "recv pkts", "recv bytes", "recv share", "avg recv", "peak recv", "unknown", "decided by"]]
            for m in r.members where m.host == host.name {
                rows.append([TextFormat.visible(m.name), TextFormat.count(m.sent.packets), TextFormat.bytes(m.sent.bytes), TextFormat.percent(m.sent.share),
                             TextFormat.rate(m.sent.averageBitsPerSecond), TextFormat.rate(m.sent.peakBitsPerSecond),
                             TextFormat.count(m.received.packets), TextFormat.bytes(m.received.bytes), TextFormat.percent(m.received.share),
                             TextFormat.rate(m.received.averageBitsPerSecond), TextFormat.rate(m.received.peakBitsPerSecond),
                             TextFormat.count(m.unknownDirection.packets), m.directionSource.name])
            }
            rows.append(["total", TextFormat.count(host.sent.packets), TextFormat.bytes(host.sent.bytes), "", "", "",
                         TextFormat.count(host.received.packets), TextFormat.bytes(host.received.bytes), "", "", "",
                         TextFormat.count(host.unknownDirection.packets), ""])
            out += "\n"
            // Too wide: what was sent, then what was received.
            out.table(rows, groups: [[0, 1, 2, 3, 4, 5], [6, 7, 8, 9, 10, 11, 12]])
            sparklines(r.members.filter { $0.host == host.name }, binWidthNs: r.binWidthNs, width: out.width, into: &out)
            let drops = r.members.filter { $0.host == host.name && ($0.drops ?? 0) > 0 }
            for m in drops {
                if let live = m.liveDrops {
                    out += "  \(TextFormat.visible(m.name)): \(TextFormat.count(Int(live.kernel))) packets dropped by the kernel (buffer full), \(TextFormat.count(Int(live.interface))) by the interface: reordering and retransmission figures are unreliable\n"
                } else {
                    out += "  \(TextFormat.visible(m.name)): the capture recorded \(TextFormat.count(Int(m.drops!))) dropped packets\n"
                }
            }
        }
        countersSection(r, into: &out)
        if let lacp = r.lacp, !lacp.isEmpty {
            out += "\nLACP (IEEE 802.1AX: each member's port and its partner, from the LACPDUs)\n"
            for l in lacp { out += "  \(hostPrefix(l.host, r))\(TextFormat.visible(l.member)): \(Phrasebook.lacpLine(l))\n" }
        }
        if let events = r.linkEvents, !events.isEmpty {
            out += "\nLink events\n"
            for e in events { out += "  \(TextFormat.time(e.timeNs))  \(hostPrefix(e.host, r))\(TextFormat.visible(e.member)) \(e.event.rawValue)\n" }
        }
        findingsSection(r, into: &out)
        for m in r.migrationSummary {
            out += "\nLive migration (\(m.hosts.map { isUnnamed($0, r) ? "this host" : TextFormat.visible($0) }.joined(separator: " ↔ ")))\n"
            out += "  \(Phrasebook.migrationFigures(m.fact))\n"
            out += "  \(TextFormat.visible(m.answer))\n"
        }
        flowSection(r, into: &out)
        RDMAText.render(r, into: &out)
        SMBText.render(r, into: &out)
        if !r.aggregates.isEmpty {
            out += "\nAggregates (bond/team masters; their packets are not counted as a member's)\n"
            for a in r.aggregates {
                out += "  \(hostPrefix(a.host, r))\(TextFormat.visible(a.name)): \(TextFormat.count(a.packets)) packets, \(TextFormat.count(a.matchedOnMember)) matched on a member, \(TextFormat.count(a.onlyOnAggregate)) seen only here; \(a.reason)\n"
            }
        }
        out += "\nInputs\n"
        var rows: [[String]] = [["file", "host", "format", "packets", "members", "status"]]
        for i in r.inputs {
            let members = Set(i.interfaces.map { TextFormat.visible($0.member) }).sorted().joined(separator: ",")
            let format = (i.format ?? "–") + (i.compressed ? "+gzip" : "")
            rows.append([TextFormat.visible(i.path), isUnnamed(i.host, r) ? "" : TextFormat.visible(i.host), format, TextFormat.count(i.packets), members.isEmpty ? "–" : members,
                         i.error.map { "stopped at byte \($0.isEmpty ? "?" : String(i.errorOffset ?? 0))" } ?? "read to the end"])
        }
        // Too wide (long paths): each path goes under its row.
        out.table(rows, detail: 0)
        let errors = r.inputs.compactMap(\.error)
        let notes = (errors + r.warnings).map(TextFormat.visible)
        if !notes.isEmpty {
            out += "\nProblems\n"
            for n in notes { out += "  \(n)\n" }
        }
        // Names, paths and share names come from captures: no control character of theirs may
        // reach the terminal, wherever a line quotes them (TextPage shows them escaped).
        return out.rendered(style: style, tones: tones)
    }

    /// The answer first: per host its team, the migration answer, the findings by severity and
    /// what would settle the verdict; then, when any, how many problems the inputs had.
    static func summarySection(_ r: ReportDocument, into out: inout TextPage) {
        out += "\nSummary\n"
        for s in Phrasebook.summaries(r) {
            out += "  \(TextFormat.visible(s.host)): \(s.team)\n"
            for line in s.details { out += "    \(line)\n" }
        }
        if let problems = Phrasebook.problemsLine(r) { out += "  \(problems)\n" }
    }

    /// Per host the counters' table (`--counters`): each member's rates, shares and samples,
    /// then where they came from and how they compare with the capture.
    static func countersSection(_ r: ReportDocument, into out: inout TextPage) {
        guard let all = r.counters, !all.isEmpty else { return }
        for host in Phrasebook.counterHosts(r) {
            let entries = all.filter { $0.host == host }
            out += isUnnamed(host, r) ? "\nCounters\n" : "\nCounters of \(TextFormat.visible(host))\n"
            let rows = Phrasebook.counterRows(entries) { _ in "" }
            // Too wide: the NIC's columns, then RDMA's and the shares.
            out.table(rows, groups: [[0, 1, 2, 3, 4, 5], [0, 6, 7, 8, 9, 10, 11, 12, 13]])
            for n in Phrasebook.counterNotes(entries, hostPrefix: { _ in "" }) { out += "  \(TextFormat.visible(n))\n" }
        }
    }

    /// Each finding, the most severe first: severity, kind, where, and its advice.
    static func findingsSection(_ r: ReportDocument, into out: inout TextPage) {
        guard !r.findings.isEmpty else {
            out += "\nFindings: none (frame sizes, VLANs, silent members, capture gaps, link ceilings, RSS queues, drops)\n"
            return
        }
        out += "\nFindings\n"
        for f in r.findings {
            let place = hostPrefix(f.host, r, separator: "") + (f.members.isEmpty ? "" : (isUnnamed(f.host, r) ? "" : " ") + "(\(f.members.joined(separator: ", ")))")
            out += "  \(f.severity.rawValue) \(f.kind.rawValue)\(place.isEmpty ? "" : " on \(place)"): \(f.advice)\n"
        }
    }

    /// Migration streams, then the largest flows: who carried each direction, moves, reordering.
    static func flowSection(_ r: ReportDocument, into out: inout TextPage) {
        func endpoints(_ f: FlowDocument) -> String { TextFormat.endpoints(f) }
        /// Per direction, who sent and received it on which member: "forward: A sent on eth0,
        /// B received on eth0; reverse: …" (an arrow beside a verb read both ways).
        func carriers(_ f: FlowDocument) -> String {
            FlowDirection.allCases.compactMap { direction -> String? in
                let ds = f.directions.filter { $0.direction == direction && $0.bytes > 0 }
                guard !ds.isEmpty else { return nil }
                let parts = ds.map { d -> String in
                    // (TextPage makes names from the capture visible.)
                    "\(hostPrefix(d.host, r, separator: " "))\(TextFormat.verb(d)) on \(TextFormat.carriers(d))"
                }
                return "\(direction.rawValue): " + parts.joined(separator: ", ")
            }.joined(separator: "; ")
        }
        func health(_ f: FlowDocument) -> String {
            var parts: [String] = []
            if f.reordering.dataSegments > 0 {
                parts.append("reordered \(String(format: "%.4f", f.reordering.ratio)) (max extent \(f.reordering.maxExtent), \(f.reordering.reorderedAfterMemberSwitch) after a member switch)")
            }
            if f.retransmissions > 0 { parts.append(TextFormat.plural(f.retransmissions, "retransmission")) }
            if f.outOfOrder > 0 { parts.append("\(f.outOfOrder) out-of-order") }
            if f.lostSegments > 0 { parts.append("\(f.lostSegments) lost") }
            return parts.joined(separator: ", ")
        }
        if !r.migrationStreams.isEmpty {
            out += "\nMigration streams\n"
            for f in r.migrationStreams.prefix(40) {
                out += "  \(endpoints(f))  \(TextFormat.bytes(f.bytes))  \(f.pinned ? "pinned" : "split")  [\(f.migrationReason ?? "")]\n"
                out += "    \(carriers(f))\n"
                if let rate = f.averageBitsPerSecond { out += "    average \(TextFormat.rate(rate))" + (health(f).isEmpty ? "" : "; ") + health(f) + "\n" }
                for m in f.moves.prefix(8) {
                    out += "    moved at \(TextFormat.time(m.time))\(isUnnamed(m.host, r) ? "" : " on \(TextFormat.visible(m.host))") (\(m.direction.rawValue)): \(m.from) → \(m.to)\n"
                }
                if f.moves.count > 8 { out += "    … \(f.moves.count - 8) more moves\n" }
            }
            if r.migrationStreams.count > 40 { out += "  … \(r.migrationStreams.count - 40) more migration streams in the JSON report\n" }
        }
        if !r.flows.isEmpty {
            out += "\nLargest flows (\(TextFormat.plural(r.flowSummary.flows, "flow")) in all)\n"
            if let retired = r.flowSummary.retired { out += "  " + Phrasebook.retiredFlows(retired) + "\n" }
            var rows: [[String]] = [["flow", "bytes", "verdict", "moves", "retrans", "ooo", "reordered", "carried by"]]
            for f in r.flows {
                rows.append([endpoints(f), TextFormat.bytes(f.bytes), f.pinned ? "pinned" : "split", String(f.moves.count),
                             String(f.retransmissions), String(f.outOfOrder), String(format: "%.4f", f.reordering.ratio), carriers(f)])
            }
            // Too wide: who carried each flow goes under its row.
            out.table(rows, detail: 7)
        }
        if !r.rssCollisions.isEmpty {
            out += "\nRSS (\(r.rssQueues) queues, \(r.rssTableSize)-entry table): migration streams sharing a receive queue, so one core\n"
            for c in r.rssCollisions { out += "  \(c.receiver) queue \(c.queue): \(c.streams.joined(separator: ", "))\n" }
        }
        if let matrix = r.memberMatrix, !matrix.isEmpty {
            out += "\nMember to member (bytes sent by one host's member and received by the other's)\n"
            for c in matrix where c.bytes > 0 {
                out += "  \(c.fromHost)/\(c.fromMember) → \(c.toHost)/\(c.toMember): \(TextFormat.bytes(c.bytes))\(c.approximate ? " (approximate: both ends split)" : "")\n"
            }
        }
    }
}
