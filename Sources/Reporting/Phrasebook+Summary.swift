import TeamAnalysis
import TeamingModels

/// The answer first (issue 23): per host at most four lines before any evidence — the team, the
/// migration answer, the findings by severity, and the one capture or setting that would most
/// improve the answer. The text, Markdown and HTML reports open with them; `--summary` prints
/// only them.
public struct HostSummary: Sendable, Equatable {
    /// The host's name ("this host" for the one no argument named).
    public var host: String
    /// "linux/802.3ad, switch lacp, linux/layer3+4 — low confidence (a guess); or windows/lbfo".
    public var team: String
    /// "pinned: each of 4 streams stayed on one member; members used: eth0, eth1".
    public var migration: String
    /// "1 problem, 2 warnings" or "none".
    public var findings: String
    /// The verdict's first `would_decide`, when it has one.
    public var improve: String?
    /// What the host's counters (`--counters`) say of its members' traffic, when any were given.
    public var counters: String?

    /// The lines after the team as the text and Markdown reports write them, labelled.
    public var details: [String] {
        ["migration: \(migration)"] + (counters.map { [$0] } ?? []) + ["findings: \(findings)"] + (improve.map { ["would settle it: \($0)"] } ?? [])
    }
}

extension Phrasebook {
    /// Each host's summary, from a worded report (`worded(_:)` first).
    public static func summaries(_ r: ReportDocument) -> [HostSummary] {
        let captured = r.hosts.map { h in
            HostSummary(host: h.unnamed == true ? "this host" : h.name, team: teamInWords(h), migration: migrationInWords(h, r),
                        findings: findingCounts(r.findings.filter { $0.host == h.name }),
                        improve: h.verdict?.wouldDecide.first, counters: countersLine(host: h.name, r))
        }
        // Hosts only counters tell of.
        let countedOnly = counterHosts(r).filter { h in !r.hosts.contains { $0.name == h } }.map { h in
            HostSummary(host: h, team: "not judged (counters only: no capture of this host)", migration: "no capture",
                        findings: findingCounts(r.findings.filter { $0.host == h }), improve: nil, counters: countersLine(host: h, r))
        }
        return captured + countedOnly
    }

    /// How sure, in words.
    static func confidenceInWords(_ c: Confidence) -> String {
        switch c {
        case .certain: return "certain"
        case .high: return "high confidence"
        case .medium: return "medium confidence"
        case .low: return "low confidence (a guess)"
        case .none: return "no confidence"
        }
    }

    /// The team in one line: mode, the switch's part, the model, how sure (and what else fits).
    static func teamInWords(_ h: HostDocument) -> String {
        guard let v = h.team else {
            if h.model?.notJudged != nil, let words = h.modelVerdict { return words }
            return "not judged" + (h.modelVerdict.map { " (\($0))" } ?? "")
        }
        if let noTeam = noTeam(v) { return "\(noTeam) — \(confidenceInWords(v.confidence))" }
        guard let family = v.family else {
            return "no team mode fits: the evidence rules out every model (best fit \(v.model?.rawValue ?? "none")) — \(confidenceInWords(.low))"
        }
        var text = "\(family.rawValue), switch \(v.switchPart.rawValue)"
        if let m = v.model { text += ", \(m.rawValue)" }
        text += " — \(confidenceInWords(v.confidence))"
        if !v.tiedFamilies.isEmpty { text += "; or \(v.tiedFamilies.map(\.rawValue).joined(separator: ", "))" }
        return text
    }

    /// Pinned or split, and the members the migration streams used on this host.
    static func migrationInWords(_ h: HostDocument, _ r: ReportDocument) -> String {
        let a = h.migration
        let rdma = rdmaInWords(h.name, r)
        guard a.streams > 0 else { return rdma ?? "no migration stream seen" }
        var used = Set(a.byMember.keys)
        for s in a.splitExamples ?? [] { used.formUnion(s.shares.keys) }
        for m in r.migrationSummary { if let u = m.membersUsed[h.name] { used.formUnion(u) } }
        let members = "members used: " + (used.isEmpty ? "none" : used.sorted().joined(separator: ", "))
        let tcp: String
        if a.split == 0 {
            tcp = a.streams == 1 ? "pinned: the one stream stayed on one member; \(members)"
                                 : "pinned: each of \(a.streams) streams stayed on one member; \(members)"
        } else {
            tcp = "split: \(a.split) of \(TextFormat.plural(a.streams, "stream")) spread over members; \(members)"
        }
        return rdma.map { tcp + "; " + $0 } ?? tcp
    }

    /// Findings by severity, the most severe first: "1 problem, 2 warnings, 1 info", or "none".
    static func findingCounts(_ findings: [FindingDocument]) -> String {
        let counts = [FindingSeverity.problem, .warning, .info].compactMap { s -> String? in
            let n = findings.filter { $0.severity == s }.count
            guard n > 0 else { return nil }
            return s == .info ? "\(n) info" : TextFormat.plural(n, s.rawValue)
        }
        return counts.isEmpty ? "none" : counts.joined(separator: ", ")
    }

    /// Where a peer host's verdict repeats an earlier host's lines.
    public static func asForEarlierHost(_ host: String, all: Bool) -> String {
        all ? "evidence, models ruled out and what would decide: the same as for \(host)"
            : "the other evidence, models ruled out and what would decide: the same as for \(host)"
    }

    /// Under a verdict when its evidence is not shown (text without `--explain`).
    public static func explainHint(evidence: Int, ruledOut: Int) -> String {
        "(\(TextFormat.plural(evidence, "piece")) of evidence, \(TextFormat.plural(ruledOut, "model")) ruled out and what would decide: --explain shows them)"
    }

    /// The summary's line when inputs were damaged or the report has warnings.
    /// The summary's pointer to the problems (inputs that failed, warnings), nil when none.
    public static func problemsLine(_ r: ReportDocument) -> String? {
        let n = r.inputs.compactMap(\.error).count + r.warnings.count
        return n == 0 ? nil : "\(TextFormat.plural(n, "problem")) with the inputs or options: see Problems at the end"
    }
}
