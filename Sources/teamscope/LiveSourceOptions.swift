import ArgumentParser
import CaptureIO
import LiveCapture
import TeamAnalysis
#if canImport(Glibc)
import Glibc
#endif

/// Where and how a live command captures (`capture`, `monitor`): the members (bond, team or
/// interfaces), the handles' settings, idle flows' retirement and the privilege drop; and the
/// session they open.
struct LiveSourceOptions: ParsableArguments {
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

    @Option(name: .customLong("flow-idle"), parsing: .unconditional, help: ArgumentHelp("Retire a flow after this long without a packet into per-member totals and the list of the largest flows, so memory follows the active flows (e.g. 5m, 90s).", valueName: "duration"))
    var flowIdle: String = "5m"

    @Option(name: .customShort("Z"), help: ArgumentHelp("Once the handles are open, drop privileges to this user (as tcpdump -Z).", valueName: "user"))
    var user: String?

    func validate() throws {
        try Self.validateSources(bond: bond, team: team, interfaces: interfaces, verb: "capture")
        if snapLength < 64 || snapLength > 262_144 { throw ValidationError("-s \(snapLength): expected 64 to 262144 bytes") }
        if bufferKiB < 64 { throw ValidationError("-B \(bufferKiB): expected at least 64 KiB") }
        if Duration.parseNanoseconds(flowIdle).map({ $0 < 1_000_000_000 }) ?? true {
            throw ValidationError("--flow-idle \(flowIdle): expected a duration of at least 1s such as 5m")
        }
    }

    /// Writes the flow retirement into `o`.
    func apply(to o: inout AnalysisOptions) {
        o.flowIdle = Duration.parseNanoseconds(flowIdle)
    }

    /// The plan from sysfs (and teamdctl), the session on it with every handle open, then the
    /// privileges dropped (`-Z`). Prints what went wrong and exits 2 when any step fails.
    func openSession(options: AnalysisOptions, write: String? = nil, rotation: Rotation = Rotation(), analyzes: Bool = true) throws -> CaptureSession {
        let sysfs = SysfsTree()
        var plan = try Self.plan(bond: bond, team: team, interfaces: interfaces, withMaster: withMaster, sysfs: sysfs)
        plan.host = hostName ?? Self.machineName()
        let settings = LiveSource.Settings(snapLength: snapLength, bufferSize: bufferKiB * 1024, promiscuous: !noPromiscuous, filter: filter)
        let watcher = LinkWatcher([], sysfs: sysfs)
        let session: CaptureSession
        do {
            let lister: (() -> [String])? = plan.device == nil ? nil : { [plan] in
                plan.currentMembers(sysfs: sysfs, teamdctl: plan.isTeam ? plan.device.flatMap(TeamPorts.stateDump) : nil)
            }
            session = try CaptureSession(plan: plan, snapLength: UInt32(snapLength), options: options, write: write, rotation: rotation,
                                         opener: Self.opener(settings), links: watcher, sysfs: sysfs, memberLister: lister,
                                         analyzes: analyzes)
        } catch let e as LiveCaptureError {
            watcher.stop()
            printError("teamscope: \(e)")
            throw ExitCode(2)
        } catch let e as CaptureError {
            watcher.stop()
            printError("teamscope: -w \(e)")
            throw ExitCode(2)
        }
        try dropPrivileges()
        return session
    }

    /// A packet ring per member on Linux (both directions in one socket), libpcap's handles where
    /// it cannot, or for every member with TEAMSCOPE_LIBPCAP_HANDLES set (to compare them).
    static func opener(_ settings: LiveSource.Settings) -> HandleOpener {
        PacketRingOpener(settings: settings, ringsAllowed: getenv("TEAMSCOPE_LIBPCAP_HANDLES") == nil)
    }

    /// `-Z`: after the handles are open, before anything else is served or written.
    func dropPrivileges() throws {
        guard let user else { return }
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

    /// One of --bond, --team or -i (and not both --bond and --team): what `capture`, `monitor`
    /// and `counters` take their members from. `verb`: what the command does with them.
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
}
