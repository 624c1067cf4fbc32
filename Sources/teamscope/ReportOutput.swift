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
    let path: String?
    private var file: UnsafeMutablePointer<FILE>?

    /// Opens `-o` (with csv: makes the folder); exit 2 with the reason when it cannot be.
    init(format: Analyze.OutputFormat, path: String?) throws {
        self.format = format
        self.path = path
        if format == .csv, let path {
            try CSVFolder.prepare(path)
        } else if let path {
            guard let f = fopen(path, "w") else {
                // SAFETY: strerror returns a NUL-terminated message.
                printError("teamscope: -o \(path): cannot be written (\(String(cString: strerror(errno))))")
                throw ExitCode(2)
            }
            file = f
        }
    }

    func close() { if let file { fclose(file) } }

    /// Renders `report` and writes it (csv with a folder: three files).
    func write(_ report: AnalysisReport, layout: TextWidthOptions) throws {
        let fd = file.map { fileno($0) } ?? 1
        let text: String
        switch format {
        case .text: text = TextReport.render(report, width: layout.resolved(writingTo: fd), style: layout.style(writingTo: fd))
        case .json: text = try JSONReport.render(report)
        case .html: text = HTMLReport.render(report)
        case .markdown: text = MarkdownReport.render(report)
        case .csv:
            if let path {
                try CSVFolder.write(report, to: path)
                return
            }
            text = try CSVReport.render(report, table: .members)
        }
        if let file { fputs(text, file) } else { print(text, terminator: "") }
    }
}
