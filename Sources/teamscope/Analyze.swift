import ArgumentParser
import Reporting
import TeamAnalysis
#if canImport(Glibc)
import Glibc
#endif

struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Report each member's sent and received packets, bytes, share and throughput.",
        discussion: """
        Every packet is counted once, at the member that carried it: copies seen on a bond master \
        or on several pktmon components are matched and removed. Direction comes from the capture \
        (pcapng epb_flags, Linux SLL packet type), from --local-mac/--local-ip, or is inferred from \
        evidence in the captures (one host's member files alone: a peer's frames flooded to every \
        member, the host's broadcasts echoed back, one address sent with each member's MAC, the \
        LACP actor, checksums left to the NIC, the initial TTL, how quickly each side answers the \
        other's TCP handshakes and segments); the report says which, and how sure it is. When nothing decides, the team is judged with each candidate's MACs as the \
        host's, and the report lists every hypothesis.

        Then, per flow: the member(s) carrying each direction on each host, moves, reordering and \
        TShark-compatible TCP analysis; migration streams; the teaming models the traffic follows, \
        and a verdict per host that weighs them against the source MACs, the receive side, the \
        LACPDUs, when flows moved and the platform (the initial TTL the host sent with, its EUI-64 \
        link-local address, pktmon's components): the team's family (Linux bonding mode, Windows \
        LBFO or SET; none for interfaces that share no MAC, address or flow), the switch's part \
        (lacp, static, independent), the model, a confidence, the evidence and every model ruled \
        out with the reason (one member captured alone: said, and no spreading judged); \
        SMB sessions on ports 445/139 (and 5445, SMB Direct over iWARP) with their channels (first \
        or bound), dialect, signing and encryption, the interfaces the server advertised and the \
        member carrying each channel; and RDMA flows of RoCEv2 (UDP 4791) per queue pair with their \
        members, UDP source ports, PSN gaps, resent packets and NAKs.

        Counters (--counters, README "Counters"): per member and direction the throughput its NIC \
        and its RDMA engine counted (perfmon CSV from typeperf or relog, or a log of teamscope \
        counters), averages, peaks, its share of the team and the RDMA share; with captures of \
        the same span, what the capture did not see (RDMA, drops, offloads) as a finding.

        The text report opens with a summary per host: the team, the migration answer, the \
        findings by severity and what would settle the verdict (--summary: only that; --explain: \
        each verdict's evidence too).

        Exit status: 0 when at least one input could be read (damaged inputs are reported and \
        what was read before the damage still counts), 2 when none could, or the options are \
        unusable, 3 with --fail-on when a finding at or above that severity exists.
        """
    )

    @OptionGroup var capture: CaptureOptions

    @OptionGroup var flows: FlowReportOptions

    @OptionGroup var judging: TeamOptions

    @OptionGroup var counters: CounterOptions

    @Option(help: ArgumentHelp("Output format: text, json, html (one self-contained page with charts), markdown (GitHub tables) or csv (with -o DIR: members.csv, flows.csv, throughput.csv; else the members table).", valueName: "format"))
    var format: OutputFormat = .text

    @OptionGroup var layout: TextWidthOptions

    @OptionGroup var shown: SummaryOptions

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Write the report to this file instead of standard output (- is standard output; with --format csv: a folder for the three tables).", valueName: "file"), completion: .file())
    var output: String?

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json, html, markdown, csv
    }

    func validate() throws {
        try shown.validate(format: format)
        if capture.captures.isEmpty && counters.files.isEmpty { throw ValidationError("Give at least one capture file (or --counters FILE).") }
    }

    func run() throws {
        let analyzer: TeamAnalyzer
        do {
            var options = capture.analysisOptions
            flows.apply(to: &options)
            judging.apply(to: &options)
            counters.apply(to: &options, inputs: try counters.read())
            analyzer = try TeamAnalyzer(specs: capture.specs, options: options)
        } catch {
            printError("teamscope: \(error)")
            throw ExitCode(2)
        }
        let output = try ReportOutput(format: format, path: self.output)
        defer { output.close() }
        if let progress = ProgressLine.forStandardError() { analyzer.onProgress = progress.update }
        let report = analyzer.run()
        for input in report.inputs {
            if let e = input.error { printError("teamscope: \(e)") }
        }
        // Nothing could be read: the errors above say why; no empty report.
        guard report.inputs.contains(where: { $0.error == nil || $0.packets > 0 }) || (report.inputs.isEmpty && report.counters != nil) else { throw ExitCode(2) }
        try output.write(report, layout: layout, shown: shown)
        try shown.exitStatus(for: report)
    }
}

func printError(_ message: String) {
    let line = message + "\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
}
