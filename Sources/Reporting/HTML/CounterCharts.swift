import TeamAnalysis

/// The counters' part of the HTML page (`--counters`): per host the perfmon view of each
/// direction — NIC sent and received, RDMA sent and received when counted — one step line per
/// member as the capture's charts draw them, then the counters' table and notes.
enum CounterCharts {
    static func section(_ r: ReportDocument, into out: inout String) {
        guard let all = r.counters, !all.isEmpty else { return }
        for host in Phrasebook.counterHosts(r) {
            let entries = Phrasebook.firstPerMember(all.filter { $0.host == host })
            let name = HTMLReport.hostName(host, r)
            out += "<h2>Counters of \(HTMLEscape.text(name))</h2>\n"
            if let line = Phrasebook.countersLine(host: host, r) { out += "<p>\(HTMLEscape.text(line)).</p>\n" }
            let start = entries.map(\.startNs).min() ?? 0
            let end = entries.map(\.endNs).max() ?? start
            let interval = entries.map(\.intervalNs).min() ?? 1_000_000_000
            let members = entries.map(\.member)
            func slot(_ member: String) -> Int {
                r.hosts.contains { $0.name == host } ? HTMLReport.slot(host, member, r) : members.firstIndex(of: member) ?? 7
            }
            let directions: [(String, KeyPath<CounterThroughput, [UInt64?]?>)] = [
                ("sent by the NIC", \.sentOptional), ("received by the NIC", \.receivedOptional),
                ("sent by RDMA", \.rdmaSentBitsPerSecond), ("received by RDMA", \.rdmaReceivedBitsPerSecond),
            ]
            for (label, keyPath) in directions {
                let series = entries.compactMap { e -> ThroughputChart.Series? in
                    guard let values = e.throughput[keyPath: keyPath] else { return nil }
                    return ThroughputChart.Series(member: e.member, slot: slot(e.member), startNs: e.throughput.startNs, bitsPerSecond: values.map { $0 ?? 0 })
                }
                guard !series.isEmpty else { continue }
                let chart = ThroughputChart(title: "\(name): bits per second \(label) per member, from counters", binWidthNs: interval, series: series,
                                            marks: [], axis: TimeAxis(startNs: start, endNs: end, left: ThroughputChart.left, right: ThroughputChart.right),
                                            axisLabel: "time since the counters' start")
                out += "<h3>Throughput \(label)\(chart.factor > 1 ? " <span class=\"muted\">(each step \(TextFormat.span(interval * Int64(chart.factor))))</span>" : "")</h3>\n"
                out += chart.rendered() + "\n"
            }
            out += "<div class=\"legend\">"
            for m in members { out += "<span><span class=\"sw m\(slot(m) % 8)\"></span>\(HTMLEscape.text(m))</span>" }
            out += "</div>\n"
            if entries.contains(where: { $0.missingSamples > 0 }) { out += "<p class=\"muted\">Missing samples are drawn as 0.</p>\n" }
            let rows = Phrasebook.counterRows(entries) { _ in "" }
            var t = HTMLTable(rows[0], numeric: Set(2..<14))
            for row in rows.dropFirst() { t.add(row) }
            out += t.rendered()
            out += "<ul class=\"muted\">\n"
            for n in Phrasebook.counterNotes(entries, hostPrefix: { _ in "" }) { out += "<li>\(HTMLEscape.text(n))</li>\n" }
            out += "</ul>\n"
        }
    }
}

extension CounterThroughput {
    /// The NIC's series as the RDMA ones are typed, for one key path per chart.
    var sentOptional: [UInt64?]? { sentBitsPerSecond }
    var receivedOptional: [UInt64?]? { receivedBitsPerSecond }
}
