import Foundation
import TeamAnalysis

/// Renders an `AnalysisReport` as JSON: snake_case keys, sorted, pretty-printed, so the same
/// input always gives byte-identical output.
public enum JSONReport {
    public static func render(_ report: AnalysisReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let data = try encoder.encode(report)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Reads a report back (for tests and for comparing runs).
    public static func parse(_ text: String) throws -> AnalysisReport {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(AnalysisReport.self, from: Data(text.utf8))
    }
}
