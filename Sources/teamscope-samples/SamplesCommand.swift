import ArgumentParser
import LabTraffic
import Reporting
import TeamAnalysis
#if canImport(Glibc)
import Glibc
#endif

/// `teamscope-samples`: a development tool, not part of what `make install` ships. It links
/// LabTraffic (the synthetic scenarios) so that `teamscope` itself does not; `make samples` runs it.
@main
struct SamplesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "teamscope-samples",
        abstract: "Rebuild the sample captures and their reports (deterministic: the same bytes every time).",
        discussion: """
        A development tool (make samples runs it; make install leaves it out). Writes the samples \
        (lacp-l34, windows-pktmon, balance-rr, smb-multichannel) into --captures, then runs analyze \
        on each and writes <name>.txt, <name>.json and <name>.html into --reports. Run it from the \
        repository root so that the reports name the files as Captures/… .
        """
    )

    @Option(help: "Folder for the sample captures.")
    var captures: String = "Captures"

    @Option(help: "Folder for the reports (none when empty).")
    var reports: String = "Reports"

    func run() throws {
        for file in try SampleCaptures.write(to: captures) { print(file) }
        guard !reports.isEmpty else { return }
        _ = mkdir(reports, 0o755)
        for sample in SampleCaptures.samples {
            let args = sample.arguments.map { $0.replacingPrefix("Captures/", with: captures + "/") }
            let analyzer = try TeamAnalyzer(specs: args.map(CaptureSpec.parse), options: AnalysisOptions())
            let report = analyzer.run()
            try write(TextReport.render(report), to: "\(reports)/\(sample.name).txt")
            try write(JSONReport.render(report), to: "\(reports)/\(sample.name).json")
            try write(HTMLReport.render(report), to: "\(reports)/\(sample.name).html")
            for ext in ["txt", "json", "html"] { print("\(reports)/\(sample.name).\(ext)") }
        }
    }

    private func write(_ text: String, to path: String) throws {
        guard let f = fopen(path, "w") else { throw ValidationError("cannot write \(path)") }
        fputs(text, f)
        fclose(f)
    }
}

extension String {
    func replacingPrefix(_ prefix: String, with replacement: String) -> String {
        hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
    }
}
