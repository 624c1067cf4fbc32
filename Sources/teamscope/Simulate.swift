import ArgumentParser
import Foundation
import Reporting
import TeamAnalysis
import TeamingModels

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "What if: spread the flows of any capture over N members under each policy, side by side.",
        discussion: """
        Works on any capture, even one taken on a single NIC or on the bond master. Linux hashes \
        are the kernel's exactly; round robin stripes every flow; active-backup uses one member; \
        the Windows address-hash modes use a stand-in hash (theirs is unpublished). Example: \
        would LACP layer3+4 spread my four migrations over two members?

          teamscope simulate --policy linux/layer3+4 --members 2,4 m.pcap
        """
    )

    @OptionGroup var capture: CaptureOptions

    @OptionGroup var layout: TextWidthOptions

    @Option(name: .customLong("policy"), help: ArgumentHelp("Policies, comma-separated (default: all): \(Simulator.policies.map(\.rawValue).joined(separator: ", ")).", valueName: "p1,p2,…"))
    var policies: String?

    @Option(name: .customLong("members"), help: ArgumentHelp("Member counts, comma-separated (e.g. 2,4).", valueName: "n1,n2,…"))
    var memberCounts: String = "2"

    @Option(help: ArgumentHelp("Output format: text, json or html (each policy's spread as bars).", valueName: "format"))
    var format: Format = .text

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, html
    }

    func validate() throws {
        for p in policyList where !Simulator.policies.contains(p) {
            throw ValidationError("--policy \(p): expected one of \(Simulator.policies.map(\.rawValue).joined(separator: ", "))")
        }
        guard !counts.isEmpty, counts.allSatisfy({ $0 > 0 && $0 <= 64 }) else {
            throw ValidationError("--members \(memberCounts): expected member counts between 1 and 64, e.g. 2,4")
        }
    }

    var policyList: [ModelName] { policies.map { $0.split(separator: ",").map { ModelName(String($0)) } } ?? Simulator.policies }
    var counts: [Int] { memberCounts.split(separator: ",").compactMap { Int($0) } }

    func run() throws {
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
            print(try SimulationReport.json(results), terminator: "")
        case .html:
            print(HTMLReport.render(simulation: results), terminator: "")
        case .text:
            let flows = byHost.mapValues { SimulationReport.HostFlows(flowDirections: $0.count, bytes: $0.map(\.bytes).reduce(0, +)) }
            print(SimulationReport.text(results, flows: flows, width: layout.resolved(), style: layout.style()), terminator: "")
        }
    }
}
