import ArgumentParser
import CaptureIO
import Foundation
import LiveCapture
import PacketWire
import Reporting
import TeamAnalysis
#if canImport(Glibc)
import Glibc
#endif

struct Capture: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capture",
        abstract: "Capture live on every member of a bond or team and report as analyze does.",
        discussion: """
        Members are found from the bond (--bond: /sys/class/net/NAME/bonding), the team \
        (--team: teamdctl state dump, else the team's lower_* links) or given with -i. On Linux \
        one packet socket per Ethernet member (a TPACKET_V3 ring: the kernel's packet type says \
        what was sent); elsewhere, or with TEAMSCOPE_LIBPCAP_HANDLES=1, two libpcap handles per \
        member, one per direction (pcap_setdirection). Nanosecond timestamps; packets merged by \
        timestamp into the same stages as analyze. Ends on --duration, -c, Ctrl-C (SIGINT) or SIGTERM, then prints the report \
        (--format, -o; --summary, --explain as analyze) and exits 0 (3 with --fail-on when a \
        finding at or above that severity exists). A member going down, away or newly enslaved keeps the \
        capture alive: the event is recorded and the member reopened when it returns. Needs \
        CAP_NET_RAW and CAP_NET_ADMIN (root, or setcap on the binary); -Z drops to a user once \
        the handles are open (a member that goes away can then not be reopened).
        """
    )

    @OptionGroup var source: LiveSourceOptions

    @Option(name: .customShort("w"), help: ArgumentHelp("Also write what was captured to this pcapng file: an interface per member, direction in epb_flags, drops, statistics at the end.", valueName: "file"), completion: .file(extensions: ["pcapng"]))
    var writePath: String?

    @Flag(name: .customLong("no-analysis"), help: "With -w: only write the file (members merged in time order, direction, drops, statistics), no analysis and no report, at the least CPU per packet; analyze the file later. Prints how many packets it wrote and what the kernel dropped.")
    var noAnalysis = false

    @Option(name: .customShort("C"), parsing: .unconditional, help: ArgumentHelp("With -w: start a new file when this one reaches this many MB (10^6 bytes); files are FILE, then FILE with .1, .2, … before its extension.", valueName: "MB"))
    var rotateMB: Int?

    @Option(name: .customShort("G"), parsing: .unconditional, help: ArgumentHelp("With -w: start a new file every this many seconds.", valueName: "seconds"))
    var rotateSeconds: Int?

    @Option(name: .customLong("duration"), parsing: .unconditional, help: ArgumentHelp("Stop after this long (e.g. 30s, 5m).", valueName: "duration"))
    var duration: String?

    @Option(name: .customShort("c"), parsing: .unconditional, help: ArgumentHelp("Stop after this many packets.", valueName: "count"))
    var count: Int?

    @Option(name: .customLong("bin"), parsing: .unconditional, help: ArgumentHelp("Throughput bin width (e.g. 100ms, 1s).", valueName: "duration"))
    var bin: String = "100ms"

    @OptionGroup var judging: TeamOptions

    @Option(help: ArgumentHelp("Report format: text, json, html, markdown or csv (as analyze).", valueName: "format"))
    var format: Analyze.OutputFormat = .text

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Write the report to this file (- is standard output; with --format csv: a folder).", valueName: "file"), completion: .file())
    var output: String?

    @OptionGroup var layout: TextWidthOptions

    @OptionGroup var shown: SummaryOptions

    func validate() throws {
        try shown.validate(format: format)
        if (rotateMB != nil || rotateSeconds != nil) && writePath == nil { throw ValidationError("-C and -G rotate the -w file: give -w FILE") }
        if noAnalysis && writePath == nil { throw ValidationError("--no-analysis only writes the -w file: give -w FILE") }
        if let m = rotateMB, m < 1 { throw ValidationError("-C \(m): expected at least 1 MB") }
        if let g = rotateSeconds, g < 1 { throw ValidationError("-G \(g): expected at least 1 second") }
        if let c = count, c < 1 { throw ValidationError("-c \(c): expected at least 1 packet") }
        if let d = duration, Duration.parseNanoseconds(d) == nil { throw ValidationError("--duration \(d): expected a duration such as 30s or 5m") }
        if Duration.parseNanoseconds(bin).map({ $0 < 1_000_000 }) ?? true { throw ValidationError("--bin \(bin): expected a duration of at least 1ms") }
    }

    func run() throws {
        let output = try ReportOutput(format: format, path: self.output)
        defer { output.close() }
        var options = AnalysisOptions()
        options.binWidth = Duration.parseNanoseconds(bin)!
        judging.apply(to: &options)
        source.apply(to: &options)
        let session = try source.openSession(options: options, write: writePath,
                                             rotation: Rotation(bytes: rotateMB.map { $0 * 1_000_000 }, seconds: rotateSeconds),
                                             analyzes: !noAnalysis)
        StopSignal.install()
        if noAnalysis {
            _ = session.run(duration: duration.flatMap(Duration.parseNanoseconds), count: count, shouldStop: { StopSignal.isRequested })
            Self.standardError(Phrasebook.captureWritten(packets: session.captured, path: writePath ?? "",
                                                         members: session.memberStatistics.map { ($0.name, $0.statistics.kernelDrops) }) + "\n")
            return
        }
        let display = isatty(2) != 0 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
        var view = LiveView.State()
        let report = session.run(duration: duration.flatMap(Duration.parseNanoseconds), count: count, shouldStop: { StopSignal.isRequested },
                                 everySecond: display ? { s in
                                     let now = s.snapshot()
                                     Self.standardError(LiveView.frame(now.report, statistics: now.statistics, elapsedNs: now.elapsedNs,
                                                                       width: Self.terminalColumns(), state: &view))
                                 } : nil)
        if display { Self.standardError(LiveView.erase(&view)) }
        try output.write(report, layout: layout, shown: shown)
        try shown.exitStatus(for: report)
    }

    /// Standard error's terminal width (100 when it does not say).
    static func terminalColumns() -> Int {
        var size = winsize()
        return ioctl(2, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 100
    }

    static func standardError(_ text: String) {
        _ = text.withCString { write(2, $0, strlen($0)) }
    }
}
