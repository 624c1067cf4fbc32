import ArgumentParser
import Foundation
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

          teamscope simulate --policy linux/layer3+4,linux/layer2+3 --members 2 migration.pcap
        """
    )

    @OptionGroup var capture: CaptureOptions

    @Option(name: .customLong("policy"), help: ArgumentHelp("Policies, comma-separated (default: all): \(Simulator.policies.joined(separator: ", ")).", valueName: "p1,p2,…"))
    var policies: String?

    @Option(name: .customLong("members"), help: ArgumentHelp("Member counts, comma-separated (e.g. 2,4).", valueName: "n1,n2,…"))
    var memberCounts: String = "2"

    @Option(help: ArgumentHelp("Output format: text or json.", valueName: "format"))
    var format: Analyze.OutputFormat = .text

    func validate() throws {
        for p in policyList where !Simulator.policies.contains(p) {
            throw ValidationError("--policy \(p): expected one of \(Simulator.policies.joined(separator: ", "))")
        }
        guard !counts.isEmpty, counts.allSatisfy({ $0 > 0 && $0 <= 64 }) else {
            throw ValidationError("--members \(memberCounts): expected member counts between 1 and 64, e.g. 2,4")
        }
    }

    var policyList: [String] { policies.map { $0.split(separator: ",").map(String.init) } ?? Simulator.policies }
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
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            print(String(decoding: try encoder.encode(results), as: UTF8.self))
        case .text:
            for host in results.keys.sorted() {
                let flows = byHost[host]!
                print("Host \(host): \(flows.count) flow directions, \(flows.map(\.bytes).reduce(0, +)) bytes")
                for r in results[host]! {
                    let spread = zip(r.bytesPerMember, r.flowsPerMember).enumerated()
                        .map { "m\($0.offset): \(String(format: "%.1f", 100 * Double($0.element.0) / Double(max(1, r.bytesPerMember.reduce(0, +)))))% (\($0.element.1) flows)" }
                        .joined(separator: "  ")
                    print("  \(r.policy.padding(toLength: 24, withPad: " ", startingAt: 0)) n=\(r.members)  imbalance \(String(format: "%.2f", r.imbalance))  largest flow \(String(format: "%.1f", r.largestFlowShare * 100))%  \(spread)")
                }
            }
        }
    }
}
