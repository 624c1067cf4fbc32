import CaptureIO
import Foundation
import PacketWire
import Reporting
import TeamAnalysis
#if canImport(Glibc)
import Glibc
#endif

/// Set by SIGINT/SIGTERM: the capture loop ends at its next turn. A signal handler may touch
/// nothing else.
nonisolated(unsafe) private var stopRequested: sig_atomic_t = 0

/// `teamscope capture`'s loop: one libpcap handle per member polled from one thread, packets
/// merged by timestamp (held back until every handle has been read past them) into
/// `LiveAnalysis` and, with -w, a pcapng file; once a second the statistics, the members' link
/// state (down, up, removed, added, newly enslaved) and, on a terminal, the live view.
final class CaptureSession {
    struct PlanError: Error { var message: String }

    /// What to capture on: the members, the master when asked for, the bond's configuration.
    struct Plan {
        var host = "host"
        var members: [String]
        var master: String?
        var bond: BondConfiguration?
        /// Where new members come from while capturing (the bond or team device).
        var device: String?
        var isTeam = false

        static func resolve(bond: String?, team: String?, interfaces: [String], withMaster: Bool) throws -> Plan {
            if let bond {
                guard let config = BondConfiguration.read(bond) else {
                    throw PlanError(message: "--bond \(bond): /sys/class/net/\(bond)/bonding does not exist: not a bond (is the bonding module loaded?)")
                }
                let members = config.members + interfaces.filter { !config.members.contains($0) }
                guard !members.isEmpty else { throw PlanError(message: "--bond \(bond): the bond has no members (/sys/class/net/\(bond)/bonding/slaves is empty)") }
                return Plan(members: members, master: withMaster ? bond : nil, bond: config, device: bond)
            }
            if let team {
                let ports = teamPorts(team)
                guard let ports, !ports.isEmpty else {
                    throw PlanError(message: "--team \(team): no ports found (teamdctl \(team) state dump, /sys/class/net/\(team)/lower_*)")
                }
                return Plan(members: ports + interfaces.filter { !ports.contains($0) }, master: withMaster ? team : nil, device: team, isTeam: true)
            }
            for i in interfaces where BondConfiguration.operstate(i) == nil {
                throw PlanError(message: "-i \(i): no such interface (/sys/class/net/\(i) does not exist)")
            }
            return Plan(members: interfaces, master: nil)
        }

        /// A team's ports: `teamdctl NAME state dump` (its "ports" object) when teamdctl runs,
        /// else the device's `lower_*` links in sysfs.
        static func teamPorts(_ team: String) -> [String]? {
            if let teamdctl = ["/usr/bin/teamdctl", "/usr/sbin/teamdctl", "/bin/teamdctl"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: teamdctl)
                p.arguments = [team, "state", "dump"]
                let out = Pipe()
                p.standardOutput = out
                p.standardError = Pipe()
                if (try? p.run()) != nil {
                    let data = out.fileHandleForReading.readDataToEndOfFile()
                    p.waitUntilExit()
                    if p.terminationStatus == 0, let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                       let ports = json["ports"] as? [String: Any] {
                        return ports.keys.sorted()
                    }
                }
            }
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/sys/class/net/\(team)") else { return nil }
            return entries.filter { $0.hasPrefix("lower_") }.map { String($0.dropFirst(6)) }.sorted()
        }
    }

    /// One libpcap handle of a member (one per direction when the kernel can tell them apart)
    /// and the packets read from it not yet merged, their bytes one after another in `data` (no
    /// allocation per packet): time, wire length, start and length in `data`.
    final class Handle {
        unowned let member: Member
        let source: LiveSource
        var queue: [(time: Int64, wire: Int, start: Int, count: Int)] = []
        var data: [UInt8] = []
        var head = 0
        init(member: Member, source: LiveSource) {
            self.member = member
            self.source = source
        }
        var direction: CaptureDirection { source.settings.direction }
    }

    /// One captured interface: its handles while open, its interface index in the analysis and
    /// the file, what its closed handles counted, and its link state as last seen.
    final class Member {
        let name: String
        let index: Int
        /// The link type the analysis and the file declared for it (its handles' when they
        /// opened, else the other members').
        let linkType: LinkType
        var handles: [Handle] = []
        var closedStatistics = LiveStatistics()
        var state: String?
        var lastOpenAttempt: UInt64 = 0
        /// Kernel drops already written into an EPB (epb_dropcount counts since the last packet).
        var dropsWritten: UInt64 = 0

        init(name: String, index: Int, linkType: LinkType) {
            self.name = name
            self.index = index
            self.linkType = linkType
        }

        var isOpen: Bool { !handles.isEmpty }
        /// Both handles see every packet of the interface: `received` is one handle's count, the
        /// drops are summed (a drop in either ring may have been a packet of its direction).
        var statistics: LiveStatistics {
            let open = handles.compactMap { $0.source.statistics() }
            return closedStatistics + LiveStatistics(received: open.map(\.received).max() ?? 0,
                                                     kernelDrops: open.reduce(0) { $0 + $1.kernelDrops },
                                                     interfaceDrops: open.map(\.interfaceDrops).max() ?? 0)
        }

        func close() {
            closedStatistics = statistics
            for h in handles { h.source.close() }
            handles = []
        }
    }

    /// Opens `name`'s handles: one for what it sends and one for what it receives when the kernel
    /// can filter by direction (`directional`), else one for both.
    static func open(_ name: String, settings: LiveSource.Settings, directional: Bool) throws(LiveCaptureError) -> [LiveSource] {
        guard directional else { return [try LiveSource(device: name, settings: settings)] }
        var out = settings, back = settings
        out.direction = .outbound
        back.direction = .inbound
        return [try LiveSource(device: name, settings: out), try LiveSource(device: name, settings: back)]
    }

    let plan: Plan
    let settings: LiveSource.Settings
    let options: AnalysisOptions
    private var members: [Member] = []
    private let analysis: LiveAnalysis
    private var facts: LiveFacts
    private var writer: CaptureWriter?
    private let writePath: String?
    private let rotateBytes: Int?
    private let rotateSeconds: Int?
    private var fileIndex = 0
    private var fileStartNs: Int64 = 0
    private let startNs: Int64
    private var captured = 0
    private var view = LiveView.State()
    /// A handle per direction on each member (the kernel's packet type), or one (MACs decide).
    private var directional = true

    static func machineName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "host" }
        // SAFETY: gethostname wrote into a zero-filled buffer whose last byte stays 0.
        let name = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return name.isEmpty ? "host" : name
    }

    static func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    /// Opens every member's handle (a member that is down is opened when it comes up; any other
    /// failure, and a permission problem above all, ends here), the analysis and the file.
    init(plan: Plan, settings: LiveSource.Settings, options: AnalysisOptions, write: String?, rotateBytes: Int?, rotateSeconds: Int?) throws {
        self.plan = plan
        self.settings = settings
        writePath = write
        self.rotateBytes = rotateBytes
        self.rotateSeconds = rotateSeconds
        var facts = LiveFacts(bond: plan.bond)
        let names = plan.members + (plan.master.map { [$0] } ?? [])
        var opened: [(String, [LiveSource])] = []
        startNs = Self.now()
        // The kernel's packet type decides direction where libpcap can filter on it (Linux);
        // elsewhere the interfaces' own MACs do.
        var directional = true
        for name in names {
            var result = Result(catching: { () throws(LiveCaptureError) -> [LiveSource] in try Self.open(name, settings: settings, directional: directional) })
            if case .failure(let e) = result, e.kind == .direction, directional, opened.isEmpty {
                directional = false
                result = Result(catching: { () throws(LiveCaptureError) -> [LiveSource] in try Self.open(name, settings: settings, directional: false) })
            }
            switch result {
            case .success(let sources):
                opened.append((name, sources))
            case .failure(let e):
                // A member that is down now is opened when it comes up; anything else ends here.
                guard e.kind == .down else { throw e }
                opened.append((name, []))
                facts.linkEvents.append(LinkEvent(host: plan.host, member: name, timeNs: startNs, event: "down"))
            }
        }
        self.directional = directional
        var macs = Set<UInt64>()
        for name in names + (plan.device.map { [$0] } ?? []) {
            if let a = BondConfiguration.address(name) { macs.insert(a) }
        }
        for (_, mac) in plan.bond?.addresses ?? [:] { macs.insert(mac) }
        var o = options
        o.localMACs = macs.sorted().map { LocalAddress(host: nil, address: MACAddress(rawValue: $0)) }
        o.localMACsFromInterfaces = true
        o.directionFromKernel = directional
        if let master = plan.master { o.aggregates.append(master) }
        self.options = o
        let linkType = opened.compactMap { $0.1.first?.linkType }.first ?? .ethernet
        analysis = LiveAnalysis(host: plan.host, members: opened.map { ($0.0, $0.1.first?.linkType ?? linkType, UInt32(settings.snapLength)) },
                                options: o, originNs: startNs)
        for (i, (name, sources)) in opened.enumerated() {
            let m = Member(name: name, index: i, linkType: sources.first?.linkType ?? linkType)
            m.handles = sources.map { Handle(member: m, source: $0) }
            m.state = BondConfiguration.operstate(name)
            members.append(m)
        }
        self.facts = facts
        if let write {
            writer = try openWriter(write)
            fileStartNs = startNs
        }
    }

    /// FILE, then FILE with ".1", ".2", … before its extension.
    func rotatedPath(_ base: String, _ n: Int) -> String {
        guard n > 0 else { return base }
        let ext = (base as NSString).pathExtension
        let stem = ext.isEmpty ? base : String(base.dropLast(ext.count + 1))
        return ext.isEmpty ? "\(stem).\(n)" : "\(stem).\(n).\(ext)"
    }

    /// A file with an interface per member, in their interface order (members added while
    /// capturing included).
    private func openWriter(_ base: String) throws -> CaptureWriter {
        let interfaces = members.map { CaptureWriter.Interface(name: $0.name, linkType: $0.linkType, snapLength: UInt32(settings.snapLength)) }
        return try CaptureWriter(path: rotatedPath(base, fileIndex), format: .pcapng, interfaces: interfaces)
    }

    /// Statistics blocks for every interface, then the file closed.
    private func closeWriter(at end: Int64) {
        guard let writer else { return }
        for m in members {
            let s = m.statistics
            writer.writeStatistics(interface: m.index, timestamp: end, start: fileStartNs, end: end, received: s.received,
                                   interfaceDrops: s.interfaceDrops, kernelDrops: s.kernelDrops)
        }
        writer.close()
        self.writer = nil
    }

    private var watcher: LinkWatcher?

    /// Captures until the duration, the count or a signal, and returns the final report.
    func run(duration: Int64?, count: Int?, display: Bool) -> AnalysisReport {
        let watcher = LinkWatcher(members.map(\.name))
        self.watcher = watcher
        defer { watcher.stop() }
        stopRequested = 0
        signal(SIGINT) { _ in stopRequested = 1 }
        signal(SIGTERM) { _ in stopRequested = 1 }
        var lastSecond = startNs
        var lastState = startNs
        while stopRequested == 0 {
            let round = Self.now()
            var fds = members.flatMap { $0.handles.map { pollfd(fd: $0.source.fileDescriptor, events: Int16(POLLIN), revents: 0) } }
            _ = poll(&fds, nfds_t(fds.count), 50)
            if Self.now() - lastState >= 200_000_000 {
                checkLinks(Self.now())
                lastState = Self.now()
            }
            for m in members { read(m) }
            // Every handle has now been read past `round`: what came before it is in order.
            merge(upTo: round - 2_000_000, count: count)
            let now = Self.now()
            if let count, captured >= count { break }
            if let duration, now - startNs >= duration { break }
            if now - lastSecond >= 1_000_000_000 {
                lastSecond = now
                rotateIfDue(now)
                if display { drawView(now) }
            }
        }
        // Everything the rings still hold counts: read until they are empty.
        while members.reduce(0, { $0 + read($1) }) > 0 { merge(upTo: .max, count: count) }
        merge(upTo: .max, count: count)
        let end = Self.now()
        if display { Self.standardError(LiveView.erase(&view)) }
        updateStatistics()
        closeWriter(at: end)
        for m in members { m.close() }
        return analysis.finish(facts)
    }

    /// Reads what `m`'s handles hold into their queues; a failed member is closed (the link
    /// check reopens it).
    @discardableResult
    private func read(_ m: Member) -> Int {
        guard m.isOpen else { return 0 }
        var n = 0
        do {
            for h in m.handles {
                n += try h.source.dispatch { time, wire, bytes in
                    h.queue.append((time, wire, h.data.count, bytes.count))
                    h.data.append(contentsOf: bytes)
                }
            }
        } catch {
            // What the handles read before the failure still counts: merged first. The link
            // watcher records the down or the removal, with its time; the handles are reopened
            // once the link is up again.
            for h in m.handles { retired.append(h) }
            m.close()
        }
        return n
    }

    /// Hands every queued packet older than `limit` to the analysis and the file, oldest first.
    private func merge(upTo limit: Int64, count: Int?) {
        let handles = members.flatMap(\.handles) + retired
        while true {
            var best: Handle?
            for h in handles where h.head < h.queue.count {
                let t = h.queue[h.head].time
                if t <= limit, best.map({ t < $0.queue[$0.head].time }) ?? true { best = h }
            }
            guard let h = best else { break }
            if let count, captured >= count { break }
            let p = h.queue[h.head]
            h.head += 1
            // SAFETY: p.start + p.count <= h.data.count, as queued; emit copies what it keeps.
            h.data.withUnsafeBytes { all in
                emit(h.member, direction: h.direction, time: p.time, wire: p.wire, bytes: UnsafeRawBufferPointer(rebasing: all[p.start..<(p.start + p.count)]))
            }
        }
        for h in handles where h.head > 0 && h.head == h.queue.count {
            h.queue.removeAll(keepingCapacity: true)
            h.data.removeAll(keepingCapacity: true)
            h.head = 0
        }
        retired.removeAll { $0.head == $0.queue.count }
    }

    /// Handles of failed members whose packets have not all been merged yet.
    private var retired: [Handle] = []

    private func emit(_ m: Member, direction: CaptureDirection, time: Int64, wire: Int, bytes b: UnsafeRawBufferPointer) {
        captured += 1
        do {
            let sent = analysis.add(member: m.index, timestamp: time, wireLength: wire, direction: direction, bytes: b)
            if let writer {
                // epb_flags bits 0-1: the direction the analysis counted it in (1 inbound, 2 outbound).
                let flags: UInt32 = sent.map { $0 ? 2 : 1 } ?? 0
                let drops = m.statistics.kernelDrops
                let dropCount: UInt64? = drops > m.dropsWritten ? drops - m.dropsWritten : nil
                m.dropsWritten = drops
                writer.write(timestamp: time, interface: m.index, bytes: b, wireLength: wire, flags: flags, dropCount: dropCount)
            }
        }
    }

    private func updateStatistics() {
        for m in members { facts.statistics[m.name] = m.statistics }
    }

    /// Link state of every member (as the watcher saw it change, with its times), members newly
    /// enslaved, and reopening of closed handles.
    private func checkLinks(_ now: Int64) {
        for change in watcher?.drain() ?? [] {
            guard let m = members.first(where: { $0.name == change.member }), change.state != m.state else { continue }
            let event: String?
            switch (m.state, change.state) {
            case (_, nil): event = "removed"
            case (nil, _): event = "added"
            case (_, "up"?): event = "up"
            case ("up"?, _): event = "down"
            default: event = nil
            }
            if let event, facts.linkEvents.last(where: { $0.member == m.name })?.event != event {
                facts.linkEvents.append(LinkEvent(host: plan.host, member: m.name, timeNs: change.timeNs, event: event))
            }
            m.state = change.state
        }
        if let device = plan.device {
            let current = plan.isTeam ? Plan.teamPorts(device) ?? [] : BondConfiguration.read(device)?.members ?? []
            for name in current where !members.contains(where: { $0.name == name }) {
                let sources = (try? Self.open(name, settings: settings, directional: directional)) ?? []
                let linkType = sources.first?.linkType ?? members.first?.linkType ?? .ethernet
                let m = Member(name: name, index: analysis.addMember(name: name, linkType: linkType, snapLength: UInt32(settings.snapLength)), linkType: linkType)
                members.append(m)
                writer?.writeInterface(CaptureWriter.Interface(name: name, linkType: linkType, snapLength: UInt32(settings.snapLength)))
                facts.linkEvents.append(LinkEvent(host: plan.host, member: name, timeNs: now, event: "added"))
                m.state = BondConfiguration.operstate(name)
                watcher?.add(name)
                m.handles = sources.map { Handle(member: m, source: $0) }
            }
        }
        for m in members {
            let state = m.state
            // Reopened once the link is up again ("unknown": interfaces without carrier state).
            if !m.isOpen, state == "up" || state == "unknown", UInt64(now) - m.lastOpenAttempt >= 500_000_000 {
                m.lastOpenAttempt = UInt64(now)
                m.handles = ((try? Self.open(m.name, settings: settings, directional: directional)) ?? []).map { Handle(member: m, source: $0) }
            }
        }
    }

    private func rotateIfDue(_ now: Int64) {
        guard let writer, let base = writePath else { return }
        let bySize = rotateBytes.map { writer.size >= $0 } ?? false
        let byTime = rotateSeconds.map { now - fileStartNs >= Int64($0) * 1_000_000_000 } ?? false
        guard bySize || byTime else { return }
        closeWriter(at: now)
        fileIndex += 1
        fileStartNs = now
        self.writer = try? openWriter(base)
        for m in members { m.dropsWritten = m.statistics.kernelDrops }
    }

    private func drawView(_ now: Int64) {
        updateStatistics()
        let report = analysis.snapshot(facts)
        var size = winsize()
        let width = ioctl(2, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 100
        Self.standardError(LiveView.frame(report, statistics: facts.statistics, elapsedNs: now - startNs, width: width, state: &view))
    }

    static func standardError(_ text: String) {
        _ = text.withCString { write(2, $0, strlen($0)) }
    }

    /// `-Z USER`: the user's groups, group and user id, as tcpdump does; nil when done, else why not.
    static func dropPrivileges(to user: String) -> String? {
        guard let pw = getpwnam(user) else { return "no such user" }
        // SAFETY: pw is getpwnam's entry, read before any other getpw call.
        if initgroups(user, pw.pointee.pw_gid) != 0 { return "initgroups: \(String(cString: strerror(errno)))" }
        if setgid(pw.pointee.pw_gid) != 0 { return "setgid: \(String(cString: strerror(errno)))" }
        if setuid(pw.pointee.pw_uid) != 0 { return "setuid: \(String(cString: strerror(errno)))" }
        return nil
    }
}
