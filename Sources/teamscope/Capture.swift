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
        abstract: "Capture live on every member of a bond or team and report as analyze does.",
        discussion: """
        Members are found from the bond (--bond: /sys/class/net/NAME/bonding), the team \
        (--team: teamdctl state dump, else the team's lower_* links) or given with -i. Two \
        libpcap handles per member, one per direction (pcap_setdirection: the kernel says what \
        was sent), immediate mode, nanosecond timestamps; packets merged by timestamp into the \
        same stages as analyze. Ends on --duration, -c, Ctrl-C (SIGINT) or SIGTERM, then prints the report \
        (--format, -o; --summary, --explain as analyze) and exits 0 (3 with --fail-on when a \
        finding at or above that severity exists). A member going down, away or newly enslaved keeps the \
        capture alive: the event is recorded and the member reopened when it returns. Needs \
        CAP_NET_RAW and CAP_NET_ADMIN (root, or setcap on the binary); -Z drops to a user once \
        the handles are open (a member that goes away can then not be reopened).
        """
    )

    @Option(name: .customLong("bond"), help: ArgumentHelp("A Linux bond: capture on its members, report its mode and hash policy and check the traffic against them.", valueName: "name"), completion: .bonds)
    var bond: String?

    @Option(name: .customLong("team"), help: ArgumentHelp("A libteam team device: capture on its ports.", valueName: "name"), completion: .interfaces)
    var team: String?

    @Option(name: [.customShort("i"), .customLong("interface")], help: ArgumentHelp("An interface to capture on (repeatable).", valueName: "iface"), completion: .interfaces)
    var interfaces: [String] = []

    @Flag(name: .customLong("with-master"), help: "Capture the bond or team device too; its copies of the members' packets are matched and removed, as in files.")
    var withMaster = false

    @Option(name: .customLong("host"), help: ArgumentHelp("The host's name in the report (default: the machine's host name).", valueName: "name"))
    var hostName: String?

    @Option(name: .customShort("s"), parsing: .unconditional, help: ArgumentHelp("Snap length: bytes kept of each packet (headers are enough).", valueName: "bytes"))
    var snapLength: Int32 = 128

    @Option(name: .customShort("B"), parsing: .unconditional, help: ArgumentHelp("Kernel buffer per member, in KiB (as tcpdump -B).", valueName: "KiB"))
    var bufferKiB: Int32 = 8192

    @Flag(name: .customShort("p"), help: "Do not put the interfaces into promiscuous mode.")
    var noPromiscuous = false

    @Option(name: [.customShort("f"), .long], help: ArgumentHelp("Capture only packets matching this tcpdump-syntax BPF filter (compiled by libpcap on each handle).", valueName: "expr"))
    var filter: String?

    @Option(name: .customShort("w"), help: ArgumentHelp("Also write what was captured to this pcapng file: an interface per member, direction in epb_flags, drops, statistics at the end.", valueName: "file"), completion: .file(extensions: ["pcapng"]))
    var writePath: String?

    @Option(name: .customShort("C"), parsing: .unconditional, help: ArgumentHelp("With -w: start a new file when this one reaches this many MB (10^6 bytes); files are FILE, then FILE with .1, .2, … before its extension.", valueName: "MB"))
    var rotateMB: Int?

    @Option(name: .customShort("G"), parsing: .unconditional, help: ArgumentHelp("With -w: start a new file every this many seconds.", valueName: "seconds"))
    var rotateSeconds: Int?

    @Option(name: .customLong("duration"), parsing: .unconditional, help: ArgumentHelp("Stop after this long (e.g. 30s, 5m).", valueName: "duration"))
    var duration: String?

    @Option(name: .customShort("c"), parsing: .unconditional, help: ArgumentHelp("Stop after this many packets.", valueName: "count"))
    var count: Int?

    @Option(name: .customShort("Z"), help: ArgumentHelp("Once the handles are open, drop privileges to this user (as tcpdump -Z).", valueName: "user"))
    var user: String?

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
        try Self.validateSources(bond: bond, team: team, interfaces: interfaces, verb: "capture")
        if snapLength < 64 || snapLength > 262_144 { throw ValidationError("-s \(snapLength): expected 64 to 262144 bytes") }
        if bufferKiB < 64 { throw ValidationError("-B \(bufferKiB): expected at least 64 KiB") }
        if (rotateMB != nil || rotateSeconds != nil) && writePath == nil { throw ValidationError("-C and -G rotate the -w file: give -w FILE") }
        if let m = rotateMB, m < 1 { throw ValidationError("-C \(m): expected at least 1 MB") }
        if let g = rotateSeconds, g < 1 { throw ValidationError("-G \(g): expected at least 1 second") }
        if let c = count, c < 1 { throw ValidationError("-c \(c): expected at least 1 packet") }
        if let d = duration, Duration.parseNanoseconds(d) == nil { throw ValidationError("--duration \(d): expected a duration such as 30s or 5m") }
        if Duration.parseNanoseconds(bin).map({ $0 < 1_000_000 }) ?? true { throw ValidationError("--bin \(bin): expected a duration of at least 1ms") }
    }

    func run() throws {
        let sysfs = SysfsTree()
        var plan = try Self.plan(bond: bond, team: team, interfaces: interfaces, withMaster: withMaster, sysfs: sysfs)
        plan.host = hostName ?? Self.machineName()
        let output = try ReportOutput(format: format, path: self.output)
        defer { output.close() }
        var options = AnalysisOptions()
        options.binWidth = Duration.parseNanoseconds(bin)!
        judging.apply(to: &options)
        let settings = LiveSource.Settings(snapLength: snapLength, bufferSize: bufferKiB * 1024, promiscuous: !noPromiscuous, filter: filter)
        let watcher = LinkWatcher([], sysfs: sysfs)
        let session: CaptureSession
        do {
            let lister: (() -> [String])? = plan.device == nil ? nil : { [plan] in
                plan.currentMembers(sysfs: sysfs, teamdctl: plan.isTeam ? plan.device.flatMap(TeamPorts.stateDump) : nil)
            }
            session = try CaptureSession(plan: plan, snapLength: UInt32(snapLength), options: options, write: writePath,
                                         rotation: Rotation(bytes: rotateMB.map { $0 * 1_000_000 }, seconds: rotateSeconds),
                                         opener: PcapOpener(settings: settings), links: watcher, sysfs: sysfs, memberLister: lister)
        } catch let e as LiveCaptureError {
            watcher.stop()
            printError("teamscope: \(e)")
            throw ExitCode(2)
        } catch let e as CaptureError {
            watcher.stop()
            printError("teamscope: -w \(e)")
            throw ExitCode(2)
        }
        if let user {
            do {
                try Privileges.drop(to: user)
            } catch {
                let problem: String
                switch error {
                case .noSuchUser: problem = "no such user"
                // SAFETY: strerror returns a NUL-terminated message.
                case .failed(let call, let code): problem = "\(call): \(String(cString: strerror(code)))"
                }
                printError("teamscope: -Z \(user): \(problem)")
                throw ExitCode(2)
            }
        }
        StopSignal.install()
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

    /// One of --bond, --team or -i (and not both --bond and --team): what `capture` and
    /// `counters` take their members from. `verb`: what the command does with them.
    static func validateSources(bond: String?, team: String?, interfaces: [String], verb: String) throws {
        let sources = [bond != nil, team != nil, !interfaces.isEmpty].filter { $0 }.count
        if sources == 0 { throw ValidationError("say where to \(verb): --bond NAME, --team NAME or -i IFACE (repeatable)") }
        if bond != nil && team != nil { throw ValidationError("--bond and --team: give one") }
    }

    /// The members from sysfs (and teamdctl for a team); exit 2 saying what was missing.
    static func plan(bond: String?, team: String?, interfaces: [String], withMaster: Bool, sysfs: SysfsTree) throws -> CapturePlan {
        do {
            return try CapturePlan.resolve(bond: bond, team: team, interfaces: interfaces, withMaster: withMaster,
                                           sysfs: sysfs, teamdctl: team.flatMap(TeamPorts.stateDump))
        } catch {
            printError("teamscope: \(describe(error))")
            throw ExitCode(2)
        }
    }

    /// Why no plan: what was missing, and where it was looked for.
    static func describe(_ e: CapturePlanError) -> String {
        switch e {
        case .notABond(let name, let path): return "--bond \(name): \(path) does not exist: not a bond (is the bonding module loaded?)"
        case .bondWithoutMembers(let name, let path): return "--bond \(name): the bond has no members (\(path) is empty)"
        case .teamWithoutPorts(let name, let net): return "--team \(name): no ports found (teamdctl \(name) state dump, \(net)/\(name)/lower_*)"
        case .noSuchInterface(let name, let path): return "-i \(name): no such interface (\(path) does not exist)"
        }
    }

    static func machineName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "host" }
        // SAFETY: the buffer's last byte stays 0, so the name is NUL-terminated within it.
        let name = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return name.isEmpty ? "host" : name
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
