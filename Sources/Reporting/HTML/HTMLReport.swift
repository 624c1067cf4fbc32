import Claims
import TeamAnalysis
import TeamingModels

/// `--format html`: one self-contained page — inline CSS and SVG, nothing fetched (its Content
/// Security Policy forbids every load), no script — that draws the report: per host each
/// member's throughput over time (the perfmon view) and its share of what the host sent and
/// received, the flows as lanes coloured by the member carrying them, the member-to-member heat
/// map, SMB sessions, the teaming model, findings, claims from `verify`, inputs and problems.
/// Every string from a capture or a claims file goes through `HTMLEscape`.
public enum HTMLReport {
    /// The page for `report`; `claims`: `verify`'s verdicts, shown first.
    public static func render(_ report: AnalysisReport, claims: [ClaimResult]? = nil) -> String {
        let r = Phrasebook.worded(report)
        var body = ""
        header(r, claims: claims, into: &body)
        if let claims { claimsSection(claims, into: &body) }
        // The answer first: the summary and the findings above every chart.
        summarySection(r, into: &body)
        findingsSection(r, into: &body)
        hostsSummary(r, into: &body)
        for host in r.hosts { hostSection(host, r, into: &body) }
        CounterCharts.section(r, into: &body)
        migrationSection(r, into: &body)
        flowSection(r, into: &body)
        rdmaSection(r, into: &body)
        matrixSection(r, into: &body)
        smbSection(r, into: &body)
        modelSection(r, into: &body)
        inputsSection(r, into: &body)
        return page(title: "TeamScope report" + (r.inputs.first.map { ": " + $0.path } ?? ""), body: body)
    }

    /// `simulate --format html`: per host, each policy's spread over the members as stacked bars.
    public static func render(simulation results: [String: [SimulationResult]]) -> String {
        var body = "<h1>TeamScope simulation</h1>\n<p class=\"muted\">What each policy would do with the flows of these captures; bars show each member's share of the bytes.</p>\n"
        for host in results.keys.sorted() {
            body += "<h2>Host \(HTMLEscape.text(host))</h2>\n"
            for v in results[host]!.map(SimulationDocument.init) {
                body += "<h3>\(HTMLEscape.text(v.policy)), \(v.members) members</h3>\n<p>imbalance \(TextFormat.fixed(v.imbalance, 2)); largest flow \(TextFormat.fixed(v.largestFlowShare * 100, 1)) %; \(HTMLEscape.text(v.note))</p>\n"
                let bar = ShareBars.Bar(label: "bytes", parts: v.bytesPerMember.enumerated().map { ("m\($0.offset)", $0.offset, $0.element) })
                body += ShareBars(title: "\(v.policy) over \(v.members) members", bars: [bar]).rendered() + "\n"
            }
        }
        return page(title: "TeamScope simulation", body: body)
    }

    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
        <meta name="generator" content="TeamScope \(TeamAnalyzer.version)">
        <title>\(HTMLEscape.text(title))</title>
        <style>
        \(HTMLStyle.css)
        </style>
        </head>
        <body>
        \(body)</body>
        </html>

        """
    }

    /// A member's colour slot: its place among its host's members.
    static func slot(_ host: String, _ member: String, _ r: ReportDocument) -> Int {
        r.hosts.first { $0.name == host }?.members.firstIndex(of: member) ?? 7
    }

    /// A host as the page names it: "this host" for the one no argument named.
    static func hostName(_ host: String, _ r: ReportDocument) -> String {
        TextReport.isUnnamed(host, r) ? "this host" : host
    }

    /// "host/member" as the page writes it: without the placeholder name of an unnamed host.
    static func memberName(_ qualified: String, _ r: ReportDocument) -> String {
        for h in r.hosts where h.unnamed == true && qualified.hasPrefix(h.name + "/") { return String(qualified.dropFirst(h.name.count + 1)) }
        return qualified
    }

    static func legend(_ members: [String], host: String, _ r: ReportDocument, marks: Bool) -> String {
        var out = "<div class=\"legend\">"
        for m in members { out += "<span><span class=\"sw m\(slot(host, m, r) % 8)\"></span>\(HTMLEscape.text(m))</span>" }
        if marks { out += "<span><span class=\"markkey\"></span>a flow moved between members, or a member's link went down or up</span>" }
        return out + "</div>\n"
    }

    static func header(_ r: ReportDocument, claims: [ClaimResult]?, into out: inout String) {
        out += "<h1>TeamScope report</h1>\n<p>TeamScope \(HTMLEscape.text(r.version)): \(TextFormat.count(r.packetsRead)) packets read from \(TextFormat.plural(r.inputs.count, "input")), \(TextFormat.count(r.duplicatesRemoved)) duplicates removed"
        if let f = r.filter { out += ", \(TextFormat.count(r.packetsFiltered)) left out by filter <code>\(HTMLEscape.text(f))</code>" }
        out += ".</p>\n"
        if let start = r.captureStartNs, let end = r.captureEndNs {
            out += "<p class=\"muted\">Capture \(TextFormat.time(start)) → \(TextFormat.time(end)) (\(TextFormat.duration(r.captureSpanNs))); throughput in \(TextFormat.span(r.binWidthNs)) bins.</p>\n"
        }
        if let claims {
            let failed = claims.filter { !$0.passed }.count
            out += "<p class=\"\(failed == 0 ? "verdict-pass" : "verdict-fail")\">\(failed == 0 ? "PASS" : "FAIL"): \(claims.count - failed) of \(TextFormat.plural(claims.count, "claim")) hold.</p>\n"
        }
    }

    static func claimsSection(_ claims: [ClaimResult], into out: inout String) {
        out += "<h2>Claims</h2>\n"
        var t = HTMLTable(["verdict", "claim", "evidence"])
        for c in claims { t.add([c.passed ? "PASS" : "FAIL", c.name, c.evidence], class: c.passed ? "pass" : "fail") }
        out += t.rendered()
    }

    /// Per host: the team, the migration answer, the findings by severity and what would settle
    /// the verdict (`Phrasebook.summaries`).
    static func summarySection(_ r: ReportDocument, into out: inout String) {
        out += "<h2>Summary</h2>\n"
        let summaries = Phrasebook.summaries(r)
        // The counters' column only when counters were given, so that other pages stay as they were.
        let counted = summaries.contains { $0.counters != nil }
        var t = HTMLTable(["host", "team", "migration"] + (counted ? ["counters"] : []) + ["findings", "would settle it"])
        for s in summaries { t.add([s.host, s.team, s.migration] + (counted ? [s.counters ?? "–"] : []) + [s.findings, s.improve ?? "–"]) }
        out += t.rendered()
        if let problems = Phrasebook.problemsLine(r) { out += "<p class=\"verdict-fail\">\(HTMLEscape.text(problems)).</p>\n" }
    }

    static func hostsSummary(_ r: ReportDocument, into out: inout String) {
        out += "<h2>Verdict</h2>\n<div class=\"cards\">\n"
        // Lines already written on an earlier host's card, and which host: written once per team.
        var written: [String: String] = [:]
        for h in r.hosts {
            out += "<div class=\"card\"><h3>\(h.unnamed == true ? "Host (unnamed)" : "Host " + HTMLEscape.text(h.name))</h3>\n"
            if let b = h.bond { out += "<p><b>Configured:</b> \(HTMLEscape.text(Phrasebook.bondLine(b)))</p>\n" }
            if let v = h.verdict {
                out += "<p><b>Team:</b> \(HTMLEscape.text(v.summary))</p>\n<ul class=\"evidence\">\n"
                let ruledOut = Phrasebook.ruledOutLines(v)
                let decide = v.wouldDecide.isEmpty ? [] : ["Would decide: \(v.wouldDecide.joined(separator: "; "))"]
                let block = v.evidence + ruledOut + decide
                for e in v.evidence where written[e] == nil { out += "<li>\(HTMLEscape.text(e))</li>\n" }
                out += "</ul>\n"
                let newRuledOut = ruledOut.filter { written[$0] == nil }
                if !newRuledOut.isEmpty {
                    out += "<details open><summary>\(TextFormat.plural(v.ruledOut.count, "model")) ruled out</summary><ul>\n"
                    for line in newRuledOut { out += "<li>\(HTMLEscape.text(line))</li>\n" }
                    out += "</ul></details>\n"
                }
                for line in decide where written[line] == nil { out += "<p class=\"muted\">\(HTMLEscape.text(line))</p>\n" }
                let repeated = block.compactMap { written[$0] }
                if let earlier = repeated.first {
                    out += "<p class=\"muted\">\(HTMLEscape.text(Phrasebook.asForEarlierHost(hostName(earlier, r), all: repeated.count == block.count))).</p>\n"
                }
                for line in block where written[line] == nil { written[line] = h.name }
            }
            if let v = h.modelVerdict { out += "<p><b>Teaming model:</b> \(HTMLEscape.text(v))</p>\n" }
            if let v = h.receiveVerdict { out += "<p><b>Receive:</b> \(HTMLEscape.text(v))</p>\n" }
            out += "<p><b>Migration:</b> \(HTMLEscape.text(h.migration.answer))</p>\n"
            let d = h.direction
            out += "<p class=\"muted\">Direction: \(HTMLEscape.text(d.method.rawValue))\(d.confidence == .none ? "" : " (\(d.confidence.rawValue))")"
            if !d.localMacs.isEmpty { out += ", local MAC \(HTMLEscape.text(d.localMacs.joined(separator: ", ")))" }
            out += (d.explanation.isEmpty ? "" : "; " + HTMLEscape.text(d.explanation))
            for hyp in d.hypotheses ?? [] { out += "<br>" + HTMLEscape.text(Phrasebook.hypothesis(hyp, host: h.name)) }
            out += "</p></div>\n"
        }
        out += "</div>\n"
    }

    /// Moves of the report's flows at `host` and its members' link events (a live capture's), as
    /// marks on its charts.
    static func marks(_ host: String, _ r: ReportDocument) -> [ThroughputChart.Mark] {
        var out: [ThroughputChart.Mark] = []
        for e in r.linkEvents ?? [] where e.host == host {
            out.append(.init(timeNs: e.timeNs, label: "\(e.member) \(e.event.rawValue) at \(TextFormat.time(e.timeNs))"))
        }
        for f in distinctFlows(r) {
            for m in f.moves where m.host == host {
                out.append(.init(timeNs: m.time, label: "\(TextFormat.endpoints(f)) (\(m.direction.rawValue)) moved \(m.from) → \(m.to) at \(TextFormat.time(m.time))"))
            }
        }
        return Array(out.sorted { $0.timeNs < $1.timeNs }.prefix(60))
    }

    /// The capture's span, stretched to a live capture's last link event (a member may go down
    /// after the last packet).
    static func axis(_ r: ReportDocument, left: Double, right: Double) -> TimeAxis {
        let start = r.captureStartNs ?? 0
        let end = max(r.captureEndNs ?? start, r.linkEvents?.map(\.timeNs).max() ?? start)
        return TimeAxis(startNs: start, endNs: end, left: left, right: right)
    }

    static func hostSection(_ h: HostDocument, _ r: ReportDocument, into out: inout String) {
        let name = hostName(h.name, r)
        out += "<h2>Members of \(HTMLEscape.text(name))</h2>\n"
        let members = r.members.filter { $0.host == h.name }
        let marks = marks(h.name, r)
        for (label, keyPath) in [("sent", \ThroughputSeries.sentBitsPerSecond), ("received", \ThroughputSeries.receivedBitsPerSecond)] {
            let series = members.map { ThroughputChart.Series(member: $0.name, slot: slot(h.name, $0.name, r), startNs: $0.throughput.startNs, bitsPerSecond: $0.throughput[keyPath: keyPath]) }
            let chart = ThroughputChart(title: "\(name): bits per second \(label) per member", binWidthNs: r.binWidthNs, series: series, marks: marks,
                                        axis: axis(r, left: ThroughputChart.left, right: ThroughputChart.right))
            out += "<h3>Throughput \(label)\(chart.factor > 1 ? " <span class=\"muted\">(each step \(TextFormat.span(r.binWidthNs * Int64(chart.factor))))</span>" : "")</h3>\n"
            out += chart.rendered() + "\n"
        }
        out += legend(members.map(\.name), host: h.name, r, marks: !marks.isEmpty)
        if members.contains(where: { $0.unknownDirection.bytes > 0 }) {
            out += "<p class=\"muted\">Not drawn: \(TextFormat.bytes(h.unknownDirection.bytes)) whose direction is unknown.</p>\n"
        }
        out += "<h3>Share per member</h3>\n"
        func bar(_ label: String, _ pick: (MemberReport) -> Int) -> ShareBars.Bar {
            ShareBars.Bar(label: label, parts: members.map { ($0.name, slot(h.name, $0.name, r), pick($0)) })
        }
        out += ShareBars(title: "\(name): share per member of what was sent and received", bars: [bar("sent", { $0.sent.bytes }), bar("received", { $0.received.bytes })]).rendered() + "\n"
        // Two tables, what was sent and what was received, so each fits 1280 px.
        var sent = HTMLTable(["member", "sent packets", "sent bytes", "sent share", "avg sent", "peak sent", "decided by", "link speed"], numeric: Set(1...5))
        var received = HTMLTable(["member", "received packets", "received bytes", "received share", "avg received", "peak received", "unknown"], numeric: Set(1...6))
        for m in members {
            sent.add([m.name, TextFormat.count(m.sent.packets), TextFormat.bytes(m.sent.bytes), TextFormat.percent(m.sent.share),
                      TextFormat.rate(m.sent.averageBitsPerSecond), TextFormat.rate(m.sent.peakBitsPerSecond), m.directionSource.name,
                      m.linkSpeed.map { TextFormat.rate($0) + " (\(m.linkSpeedSource?.rawValue ?? "?"))" } ?? "–"])
            received.add([m.name, TextFormat.count(m.received.packets), TextFormat.bytes(m.received.bytes), TextFormat.percent(m.received.share),
                          TextFormat.rate(m.received.averageBitsPerSecond), TextFormat.rate(m.received.peakBitsPerSecond),
                          TextFormat.count(m.unknownDirection.packets)])
        }
        sent.add(["total", TextFormat.count(h.sent.packets), TextFormat.bytes(h.sent.bytes), "", "", "", "", ""])
        received.add(["total", TextFormat.count(h.received.packets), TextFormat.bytes(h.received.bytes), "", "", "", TextFormat.count(h.unknownDirection.packets)])
        out += "<h3>Sent per member</h3>\n" + sent.rendered() + "<h3>Received per member</h3>\n" + received.rendered()
        for m in members where (m.drops ?? 0) > 0 || (m.liveDrops.map { $0.kernel + $0.interface } ?? 0) > 0 {
            let n = m.liveDrops.map { Int($0.kernel + $0.interface) } ?? Int(m.drops ?? 0)
            out += "<p class=\"verdict-fail\">\(HTMLEscape.text(m.name)): the capture recorded \(TextFormat.count(n)) dropped packets; reordering and retransmission figures are unreliable.</p>\n"
        }
    }

    static func findingsSection(_ r: ReportDocument, into out: inout String) {
        out += "<h2>Findings</h2>\n"
        guard !r.findings.isEmpty else {
            out += "<p>None (frame sizes, VLANs, silent members, capture gaps, link ceilings, RSS queues, drops).</p>\n"
            return
        }
        var t = HTMLTable(["severity", "kind", "where", "advice"])
        for f in r.findings {
            let place = hostName(f.host, r) + (f.members.isEmpty ? "" : " (\(f.members.joined(separator: ", ")))")
            t.add([f.severity.rawValue, f.kind.rawValue, place, f.advice], class: f.severity.rawValue)
        }
        out += t.rendered()
    }

    static func migrationSection(_ r: ReportDocument, into out: inout String) {
        for m in r.migrationSummary {
            out += "<h2>Live migration (\(HTMLEscape.text(m.hosts.map { hostName($0, r) }.joined(separator: " ↔ "))))</h2>\n"
            out += "<p>\(Phrasebook.migrationFigures(m.fact)).</p>\n"
            out += "<p><b>\(HTMLEscape.text(m.answer))</b></p>\n"
            var t = HTMLTable(["stream", "average", "peak", "members"], numeric: [1, 2])
            for s in m.perStream { t.add([s.stream, TextFormat.rate(s.bitsPerSecondAvg), TextFormat.rate(s.bitsPerSecondPeak), s.members.map { memberName($0, r) }.joined(separator: ", ")]) }
            out += t.rendered()
        }
    }

    /// The migration streams, then the largest flows not among them (a migration stream is
    /// often one of the largest flows too).
    static func distinctFlows(_ r: ReportDocument) -> [FlowDocument] {
        var seen = Set<String>()
        return (r.migrationStreams + r.flows).filter { seen.insert("\($0.protocol) \($0.streamLabel)").inserted }
    }

    /// The flows drawn as lanes: at most 12 of them.
    static func timelineFlows(_ r: ReportDocument) -> [FlowDocument] { Array(distinctFlows(r).prefix(12)) }

    static func lanes(_ r: ReportDocument) -> [FlowTimeline.Lane] {
        var lanes: [FlowTimeline.Lane] = []
        for f in timelineFlows(r) {
            for d in f.directions where d.bytes > 0 {
                let verb = TextFormat.verb(d)
                let who = TextReport.isUnnamed(d.host, r) ? verb : "\(d.host) \(verb)"
                let label = "\(who) \(d.direction == .forward ? "→" : "←")"
                let slotOf = { (m: String) in slot(d.host, m, r) }
                var segments = FlowTimeline.segments(fromNs: f.firstNs, toNs: f.lastNs, moves: d.moves, slot: slotOf)
                var bands: [(String, Int, Double)] = []
                if segments.isEmpty {
                    if d.pinned, let m = d.member {
                        segments = [FlowTimeline.Segment(fromNs: f.firstNs, toNs: f.lastNs, slot: slotOf(m), member: m)]
                    } else {
                        bands = d.memberShares.map { ($0.key, slotOf($0.key), $0.value) }.sorted { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
                    }
                }
                lanes.append(.init(group: TextFormat.endpoints(f), label: label, segments: segments, bands: bands, fromNs: f.firstNs, toNs: f.lastNs, moves: d.moves))
            }
        }
        return Array(lanes.prefix(32))
    }

    static func flowSection(_ r: ReportDocument, into out: inout String) {
        guard !r.flows.isEmpty || !r.migrationStreams.isEmpty else { return }
        out += "<h2>Flows over time</h2>\n<p class=\"muted\">Each lane is one direction of a flow at one host (→ as the flow's first line names it, ← back), coloured by the member carrying it; a black tick is a move, bands are a direction spread over members.</p>\n"
        let lanes = lanes(r)
        out += FlowTimeline(title: "flows over time by member", lanes: lanes, axis: axis(r, left: FlowTimeline.left, right: FlowTimeline.right)).rendered() + "\n"
        for h in r.hosts where r.members.contains(where: { $0.host == h.name }) {
            out += "<p class=\"muted\">\(HTMLEscape.text(hostName(h.name, r))):</p>" + legend(h.members, host: h.name, r, marks: false)
        }
        if !r.migrationStreams.isEmpty {
            out += "<h3>Migration streams</h3>\n"
            out += flowTable(r.migrationStreams.prefix(200).map { $0 }, r)
        }
        out += "<h3>Largest flows (\(TextFormat.plural(r.flowSummary.flows, "flow")) in all)</h3>\n"
        out += flowTable(r.flows, r)
        if !r.rssCollisions.isEmpty {
            out += "<h3>RSS (\(r.rssQueues) queues, \(r.rssTableSize)-entry table): migration streams sharing a receive queue</h3>\n"
            var t = HTMLTable(["receiver", "queue", "streams"], numeric: [1])
            for c in r.rssCollisions { t.add([c.receiver, String(c.queue), c.streams.joined(separator: ", ")]) }
            out += t.rendered()
        }
    }

    static func flowTable(_ flows: [FlowDocument], _ r: ReportDocument) -> String {
        var t = HTMLTable(["flow", "bytes", "verdict", "moves", "retransmissions", "out of order", "reordered", "carried by", "why a migration"], numeric: [1, 3, 4, 5, 6])
        for f in flows {
            let carriers = f.directions.filter { $0.bytes > 0 }
                .map { "\($0.direction): \(hostName($0.host, r)) \(TextFormat.verb($0)) on \(TextFormat.carriers($0))" }.joined(separator: "; ")
            t.add([TextFormat.endpoints(f), TextFormat.bytes(f.bytes), f.pinned ? "pinned" : "split", String(f.moves.count), String(f.retransmissions),
                   String(f.outOfOrder), TextFormat.fixed(f.reordering.ratio, 4), carriers, f.migrationReason ?? ""])
        }
        return t.rendered()
    }

    static func matrixSection(_ r: ReportDocument, into out: inout String) {
        guard let cells = r.memberMatrix, !cells.isEmpty else { return }
        out += "<h2>Member to member</h2>\n<p class=\"muted\">Bytes sent by one host's member and received by the other's.</p>\n"
        out += MatrixHeatMap(cells: cells).rendered() + "\n"
    }

    static func smbSection(_ r: ReportDocument, into out: inout String) {
        guard !r.smbSessions.isEmpty else { return }
        out += "<h2>SMB sessions</h2>\n"
        for s in r.smbSessions.prefix(20) {
            out += "<h3>Session \(HTMLEscape.text(s.sessionId))</h3>\n"
            if !s.shares.isEmpty { out += "<p>Shares: \(s.shares.map { "<code>\(HTMLEscape.text($0))</code>" }.joined(separator: ", "))</p>\n" }
            out += "<p>\(s.multichannelNegotiated ? "multichannel negotiated" : "no multichannel"); read \(TextFormat.bytes(Int(s.readBytes))), written \(TextFormat.bytes(Int(s.writeBytes)))\(s.loggedOff ? "; logged off" : "").</p>\n"
            out += SMBDiagram(session: s.fact, hosts: r.hosts.map(\.name), slot: { slot($0, $1, r) }).rendered() + "\n"
            if !s.interfaces.isEmpty {
                var t = HTMLTable(["interface", "addresses", "RSS", "RDMA", "RSS queues", "speed"], numeric: [0, 4, 5])
                for i in s.interfaces {
                    t.add([String(i.index), i.addresses.joined(separator: ", "), i.rss ? "yes" : "no", i.rdma ? "yes" : "no", String(i.rssQueueCount), TextFormat.rate(Double(i.linkSpeed))])
                }
                out += "<p class=\"muted\">Interfaces the server advertised:</p>" + t.rendered()
            }
            for n in s.notes { out += "<p>\(HTMLEscape.text(n))</p>\n" }
        }
    }

    static func modelSection(_ r: ReportDocument, into out: inout String) {
        guard !r.inference.isEmpty || r.hosts.contains(where: { $0.modelsUndecidable != nil }) else { return }
        out += "<h2>Teaming models</h2>\n"
        for h in r.hosts {
            let rows = r.inference.filter { $0.host == h.name }
            guard !rows.isEmpty || h.modelsUndecidable != nil else { continue }
            out += "<h3>\(HTMLEscape.text(hostName(h.name, r)))</h3>\n"
            if let v = h.modelVerdict { out += "<p>\(HTMLEscape.text(v))</p>\n" }
            if let v = h.verdict, !v.ruledOut.isEmpty {
                var ruled = HTMLTable(["ruled out", "by", "reason"], numeric: [])
                for o in v.ruledOut { ruled.add([o.model, o.by, o.reason]) }
                out += ruled.rendered()
            }
            if let u = h.modelsUndecidable, !u.isEmpty { out += "<p class=\"muted\">\(HTMLEscape.text(TextReport.undecidableLine(u)))</p>\n" }
            var t = HTMLTable(["rank", "model", "flows consistent", "bytes consistent", "member order", "chance fit", "note"], numeric: [0, 2, 3, 5])
            for i in rows.prefix(24) {
                t.add([String(i.rank), i.model.rawValue, "\(i.flowsConsistent) of \(i.flowsTotal)", TextFormat.percent(i.bytesConsistentRatio),
                       (i.memberOrder?.joined(separator: ",") ?? "–") + (i.orderUnique == false ? " (not unique)" : ""),
                       i.chanceFit.map { String(format: "%.2g", $0) } ?? "–", i.note])
            }
            out += rows.count > 24 ? "<details><summary>all \(rows.count) models</summary>" + t.rendered() + "</details>\n" : t.rendered()
        }
    }

    static func inputsSection(_ r: ReportDocument, into out: inout String) {
        if !r.aggregates.isEmpty {
            out += "<h2>Aggregates</h2>\n<p class=\"muted\">Bond/team masters: their packets are not counted as a member's.</p>\n"
            var t = HTMLTable(["aggregate", "packets", "matched on a member", "only here", "why"], numeric: [1, 2, 3])
            for a in r.aggregates { t.add(["\(hostName(a.host, r))/\(a.name)", TextFormat.count(a.packets), TextFormat.count(a.matchedOnMember), TextFormat.count(a.onlyOnAggregate), a.reason]) }
            out += t.rendered()
        }
        if let lacp = r.lacp, !lacp.isEmpty {
            out += "<h2>LACP</h2>\n<p class=\"muted\">Each member's port and its partner as the LACPDUs told them (IEEE 802.1AX).</p>\n"
            var t = HTMLTable(["member", "LACPDUs", "actor (system, key, port)", "partner (system, key, port)", "rate", "distributing since", "now", "state changes"], numeric: [1, 7])
            for l in lacp {
                func side(_ s: String?, _ k: Int?, _ p: Int?) -> String { s.map { "\($0), \(k.map(String.init) ?? "?"), \(p.map(String.init) ?? "?")" } ?? "–" }
                t.add([memberName("\(l.host)/\(l.member)", r), TextFormat.count(l.pdus), side(l.actorSystem, l.actorKey, l.actorPort), side(l.partnerSystem, l.partnerKey, l.partnerPort),
                       l.rate ?? "–", l.distributingFromNs.map(TextFormat.time) ?? "never", l.distributing ? "distributing" : "not distributing", String(l.stateChanges.count)],
                      class: l.distributing ? nil : "fail")
            }
            out += t.rendered()
        }
        if let events = r.linkEvents, !events.isEmpty {
            out += "<h2>Link events</h2>\n"
            var t = HTMLTable(["time", "member", "event"])
            for e in events { t.add([TextFormat.time(e.timeNs), memberName("\(e.host)/\(e.member)", r), e.event.rawValue], class: e.event.isUsable ? "pass" : "fail") }
            out += t.rendered()
        }
        out += "<h2>Inputs</h2>\n"
        var t = HTMLTable(["file", "host", "format", "packets", "members", "status"], numeric: [3])
        for i in r.inputs {
            let members = Set(i.interfaces.map(\.member)).sorted().joined(separator: ", ")
            t.add([i.path, hostName(i.host, r), (i.format ?? "–") + (i.compressed ? "+gzip" : ""), TextFormat.count(i.packets), members.isEmpty ? "–" : members,
                   i.error.map { "stopped at byte \(i.errorOffset ?? 0): \($0)" } ?? "read to the end"], class: i.error == nil ? nil : "fail")
        }
        out += t.rendered()
        var ifaces = HTMLTable(["file", "interface", "name", "description", "link type", "counted as", "role", "packets", "drops"], numeric: [1, 7, 8])
        for i in r.inputs {
            for f in i.interfaces {
                ifaces.add([i.path, String(f.index), f.name ?? "–", f.description ?? "–", f.linkType, f.member, f.role.rawValue, TextFormat.count(f.packets), f.drops.map { TextFormat.count(Int($0)) } ?? "–"])
            }
        }
        if !ifaces.rows.isEmpty { out += "<details><summary>Interfaces of the inputs (\(ifaces.rows.count))</summary>" + ifaces.rendered() + "</details>\n" }
        let problems = r.inputs.compactMap(\.error) + r.warnings
        if !problems.isEmpty {
            out += "<h2>Problems</h2>\n<ul>\n"
            for p in problems { out += "<li>\(HTMLEscape.text(p))</li>\n" }
            out += "</ul>\n"
        }
    }
}
