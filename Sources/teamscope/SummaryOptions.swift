import ArgumentParser
import Reporting
import TeamAnalysis

/// What of the report to show and when to fail (`analyze`, `capture`): `--summary` (the summary
/// lines only), `--explain` (each verdict's evidence in the text), `--fail-on SEVERITY` (exit 3
/// when a finding at or above it exists). `verify` has its own exit status (0/1/2).
struct SummaryOptions: ParsableArguments {
    @Flag(name: .customLong("summary"), help: "Print only the summary: per host the team, the migration answer, the findings by severity and what would settle the verdict (text and markdown).")
    var summary = false

    @Flag(name: .customLong("explain"), help: "In the text report, give each verdict's evidence, the models ruled out and what would decide (once per team; JSON, HTML and Markdown always carry them).")
    var explain = false

    @Option(name: .customLong("fail-on"), help: ArgumentHelp("Exit 3 when a finding of this severity or a more severe one exists: info, warning or problem.", valueName: "severity"))
    var failOn: Severity?

    enum Severity: String, ExpressibleByArgument, CaseIterable {
        case info, warning, problem

        var findingSeverity: FindingSeverity {
            switch self {
            case .info: return .info
            case .warning: return .warning
            case .problem: return .problem
            }
        }
    }

    /// `--summary` is for the formats that have summary lines.
    func validate(format: Analyze.OutputFormat) throws {
        if summary && !(format == .text || format == .markdown) {
            throw ValidationError("--summary is for --format text or markdown (the \(format.rawValue) report is whole by design)")
        }
    }

    /// Exit 3 when `report` has a finding at or above `--fail-on` (after the report is written).
    func exitStatus(for report: AnalysisReport) throws {
        guard let failOn else { return }
        if report.findings.contains(where: { $0.severity >= failOn.findingSeverity }) { throw ExitCode(3) }
    }
}
