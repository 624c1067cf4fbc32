import TeamAnalysis

/// Renders an `AnalysisReport` as JSON (`JSONOutput`: sorted snake_case keys).
public enum JSONReport {
    public static func render(_ report: AnalysisReport) throws -> String {
        try JSONOutput.render(Phrasebook.worded(report))
    }

    /// Reads a report back (for tests and for comparing runs).
    public static func parse(_ text: String) throws -> AnalysisReport {
        try JSONOutput.parse(AnalysisReport.self, from: text)
    }
}
