import ArgumentParser
import Foundation
import Reporting
import TeamAnalysis
#if canImport(Glibc)
import Glibc
#endif

/// Where `analyze` and `capture` write their report, opened before the work starts (a path
/// that cannot be written is said at once, not after minutes of reading), and the report
/// rendered in the format asked for.
struct ReportOutput {
    let format: Analyze.OutputFormat
    /// The folder of a CSV report (`--format csv -o DIR`), else nil.
    let csvFolder: String?
    private let output: OutputFile

    /// Opens `-o` (with csv: makes the folder; `-o -`: standard output); exit 2 with the
    /// reason when it cannot be.
    init(format: Analyze.OutputFormat, path: String?) throws {
        self.format = format
        if format == .csv, let path, path != "-" {
            try CSVFolder.prepare(path)
            csvFolder = path
            output = try OutputFile(nil)
        } else {
            csvFolder = nil
            output = try OutputFile(path)
        }
    }

    func close() { output.close() }

    /// Renders `report` and writes it (csv with a folder: three files).
    func write(_ report: AnalysisReport, layout: TextWidthOptions, shown: SummaryOptions = SummaryOptions()) throws {
        let fd = output.descriptor
        let text: String
        switch format {
        case .text: text = TextReport.render(report, width: layout.resolved(writingTo: fd), style: layout.style(writingTo: fd),
                                                  explain: shown.explain, summaryOnly: shown.summary)
        case .json: text = try JSONReport.render(report)
        case .html: text = HTMLReport.render(report)
        case .markdown: text = MarkdownReport.render(report, summaryOnly: shown.summary)
        case .csv:
            if let csvFolder {
                try CSVFolder.write(report, to: csvFolder)
                return
            }
            text = try CSVReport.render(report, table: .members)
        }
        output.write(text)
    }
}
