import TeamAnalysis

/// Renders an `AnalysisReport` as JSON: its `ReportDocument`, the facts with their sentences
/// (`JSONOutput`: sorted snake_case keys).
public enum JSONReport {
    public static func render(_ report: AnalysisReport) throws -> String {
        try JSONOutput.render(Phrasebook.worded(report))
    }

    /// Reads a report's JSON back (for tests and for comparing runs): every word, and every fact
    /// the JSON carries (those it says in words only are nil in `report`).
    public static func parse(_ text: String) throws -> ReportDocument {
        try JSONOutput.parse(ReportDocument.self, from: text)
    }
}
