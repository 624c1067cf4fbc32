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
        repository root so that the reports name the files as Captures/… . With --scenario it \
        writes only that lab scenario (not a sample: Captures/ and Reports/ stay as they are) and \
        prints the analyze arguments for it.
        """
    )

    @Option(help: "Folder for the sample captures.")
    var captures: String = "Captures"

    @Option(help: "Folder for the reports (none when empty).")
    var reports: String = "Reports"

    /// Lab scenarios that are no sample: written on request, for a look or a test.
    enum Scenario: String, ExpressibleByArgument, CaseIterable {
        /// `RoCEv2Scenario`: two hosts of two members, four RoCEv2 queue pairs, a lost packet and its NAK.
        case rocev2
        /// `SMBDirectIWARPScenario`: SMB 3.1.1 over SMB Direct over iWARP (TCP 5445).
        case smbdIWARP = "smbd-iwarp"
    }

    @Option(help: "Write only this lab scenario into --captures and print its analyze arguments (rocev2, smbd-iwarp).")
    var scenario: Scenario?

    func run() throws {
        if let scenario {
            switch scenario {
            case .rocev2: for argument in try RoCEv2Scenario().write(to: captures) { print(argument) }
            case .smbdIWARP: for argument in try SMBDirectIWARPScenario().write(to: captures) { print(argument) }
            }
            return
        }
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
