import TeamAnalysis

/// Where the report's facts become sentences. Every renderer words a report through here
/// first, so the text, the JSON and anything later say the same thing the same way.
public enum Phrasebook {
    /// The report with its sentence fields written from its facts.
    public static func worded(_ report: AnalysisReport) -> AnalysisReport {
        var r = report
        r.warnings = (report.warningDetails ?? []).map { warning($0, filter: report.filter) }
        return r
    }

    /// One warning in one sentence.
    public static func warning(_ w: AnalysisWarning, filter: String?) -> String {
        let path = w.path ?? "?"
        switch w.kind {
        case .undecodedLinkType:
            return "\(path): interface \(w.interface ?? 0) (\(w.member ?? "?")) has \(w.linkType ?? "an unknown link type"), which TeamScope does not decode (expected Ethernet, raw IPv4/IPv6, Linux SLL or SLL2); its frames are counted but not decoded"
        case .ambiguousCopies:
            return "host \(w.host ?? "?"): two interfaces repeat each other's packets but neither is known to be the bond/team master; the first copy of each packet is counted (name the master with --aggregate)"
        case .throughputBinsFull:
            return "\(w.host ?? "?")/\(w.member ?? "?"): \(w.packets ?? 0) packets fall in more distinct time bins than TeamScope keeps; they are left out of the throughput series"
        case .filterNotApplicable:
            let n = w.packets ?? 0
            let why = w.reason.map { "filter \"\(filter ?? "")\": \($0)" } ?? "filter \"\(filter ?? "")\" does not apply"
            return "\(path): \(why); \(n) packet\(n == 1 ? "" : "s") on \(w.linkType ?? "?") left out"
        case .flowTableFull:
            return "the flow table is full (\(w.capacity ?? 0) flows): \(w.flows ?? 0) more flows (\(w.packets ?? 0) packets) are counted per member but not tracked one by one"
        case .emptyInput:
            return "\(path): the file declares no interface and holds no packet"
        }
    }
}
