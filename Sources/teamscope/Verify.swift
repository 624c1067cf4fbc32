import ArgumentParser
import Claims
import Foundation
import Reporting
import TeamAnalysis

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check claims about a team against captures: PASS/FAIL with evidence, for lab tests.",
        discussion: """
        The claims file is YAML (see the README's "Claims"): a teaming mode, pinned or spread \
        streams, members' sent/received shares and counts, reordering and retransmissions, SMB \
        session channels and the members they use. Exit status: 0 when every claim holds, 1 when \
        any fails, 2 when the claims file or the captures cannot be used.
        """
    )

    @OptionGroup var capture: CaptureOptions

    @OptionGroup var flows: FlowReportOptions

    @OptionGroup var judging: TeamOptions

    @Option(name: .customLong("claims"), help: ArgumentHelp("The claims file (YAML).", valueName: "file"), completion: .file(extensions: ["yaml", "yml"]))
    var claimsPath: String

    @Option(name: .customLong("junit"), help: ArgumentHelp("Also write the verdicts as JUnit XML to this file.", valueName: "file"), completion: .file(extensions: ["xml"]))
    var junit: String?

    @Option(help: ArgumentHelp("Output format: text, json, html (the verdicts above the analysis report's page) or markdown (a table of the verdicts).", valueName: "format"))
    var format: Format = .text

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, html, markdown
    }

    @OptionGroup var layout: TextWidthOptions

    func validate() throws { try capture.requireCaptures() }

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Write the verdicts to this file instead of standard output (- is standard output).", valueName: "file"), completion: .file())
    var output: String?

    func run() throws {
        let out = try OutputFile(output)
        defer { out.close() }
        let claims: ClaimsFile
        do {
            let text = try String(contentsOfFile: claimsPath, encoding: .utf8)
            claims = try ClaimsFile.parse(text)
        } catch let e as ClaimError {
            printError("teamscope: \(claimsPath): \(e)")
            throw ExitCode(2)
        } catch {
            printError("teamscope: \(claimsPath): cannot read the claims file (\(error.localizedDescription))")
            throw ExitCode(2)
        }
        let report: AnalysisReport
        do {
            var options = capture.analysisOptions
            flows.apply(to: &options)
            judging.apply(to: &options)
            let analyzer = try TeamAnalyzer(specs: capture.specs, options: options)
            if let progress = ProgressLine.forStandardError() { analyzer.onProgress = progress.update }
            report = analyzer.run()
        } catch {
            printError("teamscope: \(error)")
            throw ExitCode(2)
        }
        for input in report.inputs { if let e = input.error { printError("teamscope: \(e)") } }
        guard report.inputs.contains(where: { $0.error == nil || $0.packets > 0 }) else { throw ExitCode(2) }
        do {
            try ClaimEvaluator.validate(claims.claims, report: report)
        } catch {
            printError("teamscope: \(claimsPath): \(error)")
            throw ExitCode(2)
        }
        let results = ClaimEvaluator.evaluate(claims.claims, report: report)
        switch format {
        case .json: out.write(try VerifyReport.json(results))
        case .text: out.write(VerifyReport.text(results, width: layout.resolved(writingTo: out.descriptor), style: layout.style(writingTo: out.descriptor)))
        case .html: out.write(HTMLReport.render(report, claims: results))
        case .markdown: out.write(VerifyReport.markdown(results))
        }
        if let junit {
            guard FileManager.default.createFile(atPath: junit, contents: Data(JUnitReport.render(results).utf8)) else {
                printError("teamscope: cannot write \(junit)")
                throw ExitCode(2)
            }
        }
        if results.contains(where: { !$0.passed }) { throw ExitCode(1) }
    }
}
