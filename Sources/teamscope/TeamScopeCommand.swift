import ArgumentParser
import Foundation
import TeamAnalysis

@main
struct TeamScopeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "teamscope",
        abstract: "Shows how a NIC team (Linux bonding/teaming, Windows LBFO/SET, switch LACP) really spreads traffic over its members, from packets captured on them.",
        discussion: """
        Capture on every member (tcpdump -i eth0 -w eth0.pcap, dumpcap, or Windows pktmon \
        converted to pcapng), on one host or both ends, then:

          teamscope analyze eth0.pcap eth1.pcap
          teamscope analyze hostA/eth0=a0.pcap hostA/eth1=a1.pcap hostB/eth0=b0.pcap

        What captures miss (SMB Direct over RDMA, drops) shows in per-member counters: \
        perfmon CSV from typeperf, or teamscope counters on Linux, read by analyze --counters.
        """,
        version: TeamAnalyzer.version,
        subcommands: [Analyze.self, Capture.self, RecordCounters.self, Monitor.self, Simulate.self, Verify.self],
        defaultSubcommand: nil
    )

    /// Unusable options and arguments exit with status 2, as the README says (ArgumentParser's
    /// own default is 64); `teamscope` alone shows the help and exits 2 too.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.isEmpty {
            printError(helpMessage())
            Foundation.exit(2)
        }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                printError(fullMessage(for: error))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
