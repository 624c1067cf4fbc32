import ArgumentParser
import Foundation
import Reporting
import TeamAnalysis
import TeamingModels

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "What if: spread the flows of any capture over N members under each policy, side by side.",
        discussion: """
        Works on any capture, even one taken on a single NIC or on the bond master. Linux hashes \
        are the kernel's exactly; round robin stripes every flow; active-backup uses one member; \
        the Windows address-hash modes use a stand-in hash (theirs is unpublished). Example: \
        would LACP layer3+4 spread my four migrations over two members?

          teamscope simulate --policy linux/layer3+4 --member-counts 2,4 m.pcap
        """
    )

    @OptionGroup var capture: CaptureOptions

    @OptionGroup var layout: TextWidthOptions

    @Option(name: .customLong("policy"), help: ArgumentHelp("Policies, comma-separated (default: all): \(Simulator.policies.map(\.rawValue).joined(separator: ", ")).", valueName: "p1,p2,…"), completion: .list(Simulator.policies.map(\.rawValue)))
    var policies: String?

    @Option(name: .customLong("member-counts"), help: ArgumentHelp("Team sizes to simulate, comma-separated (e.g. 2,4; default: 2).", valueName: "n1,n2,…"))
    var memberCountList: String?

    /// The old spelling of `--member-counts` (before `--members` meant the enslave order
    /// everywhere else): still read, no longer shown.
    @Option(name: .customLong("members"), help: .hidden)
    var legacyMemberCounts: String?

    var memberCounts: String { memberCountList ?? legacyMemberCounts ?? "2" }

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Write the comparison to this file instead of standard output (- is standard output).", valueName: "file"), completion: .file())
    var output: String?

    @Option(help: ArgumentHelp("Output format: text, json or html (each policy's spread as bars).", valueName: "format"))
    var format: Format = .text

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, html
    }

    func validate() throws {
        try capture.requireCaptures()
        for p in policyList where !Simulator.policies.contains(p) {
            throw ValidationError("--policy \(p): expected one of \(Simulator.policies.map(\.rawValue).joined(separator: ", "))")
        }
        if memberCountList != nil && legacyMemberCounts != nil {
            throw ValidationError("--member-counts and --members (its old spelling) say the same thing: give --member-counts")
        }
        guard !counts.isEmpty, counts.allSatisfy({ $0 > 0 && $0 <= 64 }) else {
            throw ValidationError("--member-counts \(memberCounts): expected member counts between 1 and 64, e.g. 2,4")
        }
    }

    var policyList: [ModelName] { policies.map { $0.split(separator: ",").map { ModelName(String($0)) } } ?? Simulator.policies }
    var counts: [Int] { memberCounts.split(separator: ",").compactMap { Int($0) } }

    func run() throws {
        let out = try OutputFile(output)
        defer { out.close() }
        let analyzer: TeamAnalyzer
        do {
            analyzer = try TeamAnalyzer(specs: capture.specs, options: capture.analysisOptions)
        } catch {
            printError("teamscope: \(error)")
            throw ExitCode(2)
        }
        let byHost = analyzer.collectFlows()
        guard !byHost.isEmpty else {
            printError("teamscope: no flow with data in the captures")
            throw ExitCode(2)
        }
        var results: [String: [SimulationResult]] = [:]
        for (host, flows) in byHost {
            for n in counts {
                for p in policyList {
                    if let r = Simulator.run(flows, policy: p, members: n, era: capture.analysisOptions.kernelEra) { results[host, default: []].append(r) }
                }
            }
        }
        switch format {
        case .json:
            out.write(try SimulationReport.json(results))
        case .html:
            out.write(HTMLReport.render(simulation: results))
        case .text:
            let flows = byHost.mapValues { SimulationReport.HostFlows(flowDirections: $0.count, bytes: $0.map(\.bytes).reduce(0, +)) }
            out.write(SimulationReport.text(results, flows: flows, width: layout.resolved(writingTo: out.descriptor), style: layout.style(writingTo: out.descriptor)))
        }
    }
}
