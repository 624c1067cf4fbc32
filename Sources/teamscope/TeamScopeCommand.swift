import ArgumentParser
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
        """,
        version: TeamAnalyzer.version,
        subcommands: [Analyze.self, Simulate.self, Verify.self, Samples.self],
        defaultSubcommand: nil
    )
}
