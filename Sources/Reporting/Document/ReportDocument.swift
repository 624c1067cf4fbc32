import TeamAnalysis

/// A report as the user reads it: the facts (`report`) paired with their sentences, written
/// here by `Phrasebook` from the facts. Every renderer reads this; the JSON is its encoding —
/// the facts' own fields, less those said in words, with the words beside them (`warnings`,
/// `hosts[].verdict`, `findings[].advice`, …). The facts themselves stay whole in
/// `AnalysisReport`'s own coding; a document read back from JSON keeps every word and every
/// fact its JSON carries.
@dynamicMemberLookup
public struct ReportDocument: Codable, Sendable, Equatable {
    public var report: AnalysisReport
    /// `warning_details` in words, one sentence each.
    public var warnings: [String]
    public var hosts: [HostDocument]
    public var aggregates: [AggregateDocument]
    public var inference: [InferenceDocument]
    public var smbSessions: [SMBSessionDocument]
    public var migrationStreams: [FlowDocument]
    public var flows: [FlowDocument]
    public var findings: [FindingDocument]
    public var migrationSummary: [MigrationSummaryDocument]

    /// The report's parts that are documents of their own, and so not encoded with the facts.
    static let parts: Set<String> = ["hosts", "aggregates", "inference", "smb_sessions", "migration_streams", "flows", "findings", "migration_summary"]

    public init(_ report: AnalysisReport) {
        self.report = report
        warnings = (report.warningDetails ?? []).map { Phrasebook.warning($0, filter: report.filter) }
        // A live capture's report (`teamscope capture`, which records link events) advises what
        // `capture` takes, not `analyze`'s --local-mac.
        let live = report.linkEvents != nil
        hosts = report.hosts.map { HostDocument($0, live: live) }
        aggregates = report.aggregates.map(AggregateDocument.init)
        inference = report.inference.map(InferenceDocument.init)
        smbSessions = report.smbSessions.map(SMBSessionDocument.init)
        migrationStreams = report.migrationStreams.map(FlowDocument.init)
        flows = report.flows.map(FlowDocument.init)
        let moves = (report.flows + report.migrationStreams).flatMap(\.moves)
        findings = report.findings.map { FindingDocument($0, moves: moves) }
        migrationSummary = report.migrationSummary.map(MigrationSummaryDocument.init)
    }

    public subscript<T>(dynamicMember fact: KeyPath<AnalysisReport, T>) -> T { report[keyPath: fact] }

    public func encode(to encoder: any Encoder) throws {
        try FactEncoder.encode(report, to: encoder, omitting: Self.parts)
        var c = encoder.container(keyedBy: DocumentKey.self)
        try c.encode(warnings, forKey: "warnings")
        try c.encode(hosts, forKey: "hosts")
        try c.encode(aggregates, forKey: "aggregates")
        try c.encode(inference, forKey: "inference")
        try c.encode(smbSessions, forKey: "smb_sessions")
        try c.encode(migrationStreams, forKey: "migration_streams")
        try c.encode(flows, forKey: "flows")
        try c.encode(findings, forKey: "findings")
        try c.encode(migrationSummary, forKey: "migration_summary")
    }

    public init(from decoder: any Decoder) throws {
        report = try AnalysisReport(from: decoder)
        let c = try decoder.container(keyedBy: DocumentKey.self)
        warnings = try c.decode([String].self, forKey: "warnings")
        hosts = try c.decode([HostDocument].self, forKey: "hosts")
        aggregates = try c.decode([AggregateDocument].self, forKey: "aggregates")
        inference = try c.decode([InferenceDocument].self, forKey: "inference")
        smbSessions = try c.decode([SMBSessionDocument].self, forKey: "smb_sessions")
        migrationStreams = try c.decode([FlowDocument].self, forKey: "migration_streams")
        flows = try c.decode([FlowDocument].self, forKey: "flows")
        findings = try c.decode([FindingDocument].self, forKey: "findings")
        migrationSummary = try c.decode([MigrationSummaryDocument].self, forKey: "migration_summary")
    }
}
