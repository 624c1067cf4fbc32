import CaptureIO
import PacketWire
import TeamAnalysis
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A live capture's engine: every member's handles read in turn, their records merged in time
/// order (`TimeOrderedMerge`) into `LiveAnalysis` and, with a file, a pcapng; the members' link
/// state tracked (`LinkTracker`) with its events recorded, a member reopened when its link
/// returns and members enslaved while capturing added; the file rotated. Handles, link state and
/// the clock come from outside, so tests drive it with fakes, a turn at a time (`step`, `finish`);
/// `run` is the loop the command runs.
public final class CaptureSession {
    /// One captured interface: its handles while open (each a source of the merge), its index in
    /// the analysis and the file, and what its closed handles counted.
    final class Member {
        let name: String
        let index: Int
        let linkType: LinkType
        var handles: [(handle: any CaptureHandle, source: Int)] = []
        var closedStatistics = LiveStatistics()
        var lastOpenAttempt = Int64.min

        init(name: String, index: Int, linkType: LinkType) {
            self.name = name
            self.index = index
            self.linkType = linkType
        }

        var isOpen: Bool { !handles.isEmpty }

        /// Handles whose kernel filter keeps their own direction count their own packets, and
        /// `received` is their sum; handles that each see all of the interface's packets count
        /// them all, and `received` is one handle's count. Drops are summed (a drop in either ring
        /// may have been a packet of its direction).
        var statistics: LiveStatistics {
            let open = handles.compactMap { h in h.handle.statistics().map { (s: $0, own: h.handle.countsOwnDirection) } }
            let received = open.allSatisfy(\.own) ? open.reduce(0) { $0 + $1.s.received } : open.map(\.s.received).max() ?? 0
            return closedStatistics + LiveStatistics(received: received,
                                                     kernelDrops: open.reduce(0) { $0 + $1.s.kernelDrops },
                                                     interfaceDrops: open.map(\.s.interfaceDrops).max() ?? 0)
        }
    }

    public let plan: CapturePlan
    public let options: AnalysisOptions
    public let startNs: Int64
    /// Records read from a handle per call: a busy member cannot hold up the others.
    public var readLimit = 8192
    /// The shortest time from one turn of `run` to the next while every handle is keeping up:
    /// an immediate-mode handle is readable at every packet, and woken for each of a few
    /// packets the loop spent more on waking (poll, a read per handle, the merge's bookkeeping)
    /// than on the packets — twenty times two tcpdumps' CPU per packet at 30,000 packets/s,
    /// measured with `make live-bench`. 10 ms gathers them; the rings hold far more than that
    /// (8 MiB by default), and it is the merge's initial slack, so nothing waits longer.
    public var minimumTurnNs: Int64 = 10_000_000
    private let opener: HandleOpener
    private let links: LinkStateSource
    private let clock: () -> Int64
    private let memberLister: (() -> [String])?
    private let snapLength: UInt32
    private var members: [Member] = []
    /// Each member's kernel drops (by member index) as of the last turn — the statistics are a
    /// system call per handle, read once a turn rather than for every packet written — and those
    /// already written into an EPB (epb_dropcount counts since the member's previous packet).
    /// Raw memory the session owns (grown as members are added), so that writing a packet
    /// neither counts a reference nor checks an array's uniqueness.
    private var drops: UnsafeMutableBufferPointer<(current: UInt64, written: UInt64)>
    private var dropMembers = 0
    /// The open handles' descriptors to poll, kept until a handle opens or closes.
    private var pollSet: [pollfd]?
    private var tracker = LinkTracker()
    public let merge: TimeOrderedMerge
    private let analysis: LiveAnalysis
    private var facts: LiveFacts
    private var writer: CaptureWriter?
    private let writePath: String?
    private let rotation: Rotation
    private var fileIndex = 0
    private var fileStartNs: Int64 = 0
    private var lastLinkCheck = Int64.min
    private var lastMemberList = Int64.min
    private var lastRetirement = Int64.min
    /// Flows retired for idleness so far (`AnalysisOptions.flowIdle`).
    public private(set) var retiredFlows = 0
    /// Records handed to the analysis (or, without it, to the file).
    public private(set) var captured = 0
    /// Whether records go through the analysis; false: only into the file (`capture --no-analysis`),
    /// and the report holds no packets.
    public let analyzes: Bool

    /// Opens every interface of the plan (one that is down now is opened when its link comes
    /// up; any other failure, a permission problem above all, is thrown), the analysis and the
    /// file. `memberLister`: the device's members now, for members enslaved while capturing.
    public init(plan: CapturePlan, snapLength: UInt32, options: AnalysisOptions, write: String? = nil, rotation: Rotation = Rotation(),
                opener: HandleOpener, links: LinkStateSource, sysfs: SysfsTree = SysfsTree(), memberLister: (() -> [String])? = nil,
                merge: TimeOrderedMerge = TimeOrderedMerge(), analyzes: Bool = true, clock: @escaping () -> Int64 = LiveClock.now) throws {
        self.analyzes = analyzes
        self.plan = plan
        self.opener = opener
        self.links = links
        self.clock = clock
        self.memberLister = memberLister
        self.snapLength = snapLength
        self.merge = merge
        writePath = write
        self.rotation = rotation
        var facts = LiveFacts(bond: plan.bond)
        let start = clock()
        startNs = start
        var opened: [(String, [any CaptureHandle])] = []
        for name in plan.interfaces {
            do throws(LiveCaptureError) {
                opened.append((name, try opener.open(name)))
            } catch {
                // A member that is down now is opened when it comes up; anything else ends here.
                guard error.kind == .down else { throw error }
                opened.append((name, []))
            }
        }
        var macs = Set<UInt64>()
        for name in plan.interfaces + (plan.device.map { [$0] } ?? []) {
            if let a = sysfs.address(name) { macs.insert(a) }
        }
        for (_, mac) in plan.bond?.addresses ?? [:] { macs.insert(mac) }
        var o = options
        o.localMACs = macs.sorted().map { LocalAddress(host: nil, address: MACAddress(rawValue: $0)) }
        o.localMACsFromInterfaces = true
        o.directionFromKernel = opener.kernelDirection
        if let master = plan.master { o.aggregates.append(master) }
        self.options = o
        let linkType = opened.compactMap { $0.1.first?.linkType }.first ?? .ethernet
        analysis = LiveAnalysis(host: plan.host, members: opened.map { ($0.0, $0.1.first?.linkType ?? linkType, snapLength) },
                                options: o, originNs: startNs)
        drops = .allocate(capacity: max(4, opened.count))
        for (i, (name, handles)) in opened.enumerated() {
            let m = Member(name: name, index: i, linkType: handles.first?.linkType ?? linkType)
            Self.attach(handles, to: m, in: merge, at: start)
            members.append(m)
            // SAFETY: drops has room for every member opened here (allocated above).
            (drops.baseAddress! + i).initialize(to: (0, 0))
            dropMembers = i + 1
            links.add(name)
            if let kind = tracker.begin(name, state: links.current(name), at: startNs) {
                facts.linkEvents.append(LinkEvent(host: plan.host, member: name, timeNs: startNs, event: kind))
            }
        }
        self.facts = facts
        if let write {
            writer = try openWriter(write)
            fileStartNs = startNs
        }
    }

    /// The captured interfaces' names, in their interface order.
    public var memberNames: [String] { members.map(\.name) }

    /// What the kernel counted for each member so far (closed handles included), in interface order.
    public var memberStatistics: [(name: String, statistics: LiveStatistics)] { members.map { ($0.name, $0.statistics) } }

    /// One turn: link changes (every 200 ms), every open handle read once, then what every open
    /// handle has been read past handed on in time order (at most up to `count` in all).
    /// Returns whether every handle was read to its end (none was cut short by `readLimit`).
    @discardableResult
    public func step(count: Int? = nil) -> Bool {
        let now = clock()
        if lastLinkCheck == .min || now - lastLinkCheck >= 200_000_000 {
            checkLinks(now)
            lastLinkCheck = now
        }
        var drained = true
        for m in members where !read(m) { drained = false }
        updateDrops()
        release(max: remaining(count))
        retireIdleFlows(now)
        return drained
    }

    /// Once a second, with `flowIdle` set: the flows without a packet for that long leave the
    /// flow table for per-member totals and the list of the largest.
    private func retireIdleFlows(_ now: Int64) {
        guard analyzes, let idle = options.flowIdle, lastRetirement == .min || now - lastRetirement >= 1_000_000_000 else { return }
        lastRetirement = now
        retiredFlows += analysis.retireIdleFlows(before: now - idle)
    }

    /// Whether `count` records have been handed on.
    public func reached(_ count: Int?) -> Bool { count.map { captured >= $0 } ?? false }

    private func remaining(_ count: Int?) -> Int { count.map { max(0, $0 - captured) } ?? .max }

    /// The end: every handle read until it holds nothing more, everything queued handed on in
    /// time order, the file closed with its statistics, the handles closed; the final report.
    public func finish(count: Int? = nil) -> AnalysisReport {
        checkLinks(clock())
        for _ in 0..<64 {
            var complete = true
            for m in members {
                if !read(m) { complete = false }
            }
            if complete { break }
            updateDrops()
            release(max: remaining(count))
        }
        // SAFETY: unretained; self.writer holds the writer until closeWriter, after the release.
        let writer = self.writer.map(Unmanaged.passUnretained)
        merge.releaseAll(max: remaining(count)) { emit($0, $1, writer) }
        let end = clock()
        updateFacts()
        closeWriter(at: end)
        for m in members { close(m) }
        links.stop()
        return analysis.finish(facts)
    }

    /// The report as of now, each member's statistics, and how long the capture has run.
    public func snapshot() -> (report: AnalysisReport, statistics: [String: LiveStatistics], elapsedNs: Int64) {
        updateFacts()
        return (analysis.snapshot(facts), facts.statistics, clock() - startNs)
    }

    /// The loop `capture` runs: waits up to 50 ms for a handle to be readable, takes a turn —
    /// at most one per `minimumTurnNs` while the handles keep up; ends on `duration`, `count` or
    /// `shouldStop`; rotates the file and calls `everySecond` once a second. Returns the final
    /// report.
    public func run(duration: Int64?, count: Int?, shouldStop: () -> Bool, everySecond: ((CaptureSession) -> Void)? = nil) -> AnalysisReport {
        var lastSecond = startNs
        var lastTurn = Int64.min
        var drained = true
        while !shouldStop() {
            if drained, lastTurn != .min {
                let since = LiveClock.now() - lastTurn
                if since < minimumTurnNs { usleep(useconds_t((minimumTurnNs - since) / 1000)) }
            }
            wait(milliseconds: 50)
            lastTurn = LiveClock.now()
            drained = step(count: count)
            let now = clock()
            if reached(count) { break }
            if let duration, now - startNs >= duration { break }
            if now - lastSecond >= 1_000_000_000 {
                lastSecond = now
                rotateIfDue(now)
                everySecond?(self)
            }
        }
        return finish(count: count)
    }

    private func wait(milliseconds: Int32) {
        // Taken out while polled, so that poll's writes do not copy the array.
        var fds = pollSet ?? members.flatMap { $0.handles.compactMap { $0.handle.pollDescriptor.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) } } }
        pollSet = nil
        _ = poll(&fds, nfds_t(fds.count), milliseconds)
        pollSet = fds
    }

    deinit { drops.deallocate() }

    /// Room for one more member's drop counts, from zero.
    private func appendDrops() {
        if dropMembers == drops.count {
            let grown = UnsafeMutableBufferPointer<(current: UInt64, written: UInt64)>.allocate(capacity: max(4, 2 * drops.count))
            // SAFETY: the first dropMembers entries of drops are initialised and fit in grown.
            if dropMembers > 0 { _ = grown.initialize(fromContentsOf: drops[0..<dropMembers]) }
            drops.deallocate()
            drops = grown
        }
        // SAFETY: dropMembers < drops.count after the growth above.
        (drops.baseAddress! + dropMembers).initialize(to: (0, 0))
        dropMembers += 1
    }

    /// With a file, each member's kernel drops as of now.
    private func updateDrops() {
        guard writer != nil else { return }
        // SAFETY: every member's index is below dropMembers (appendDrops ran for each).
        for m in members { drops[m.index].current = m.statistics.kernelDrops }
    }

    /// What the merge may release now, to the analysis and the file (the writer lent to each
    /// record unretained — `self.writer` holds it throughout — so that no record counts a
    /// reference).
    private func release(max: Int) {
        // SAFETY: unretained; self.writer holds the writer throughout the release.
        let writer = self.writer.map(Unmanaged.passUnretained)
        merge.release(now: clock(), max: max) { emit($0, $1, writer) }
    }

    /// Reads what `m`'s handles hold into the merge; true when every handle was read to its end
    /// (or the member is closed). A failed member is closed; the link check reopens it.
    private func read(_ m: Member) -> Bool {
        guard m.isOpen else { return true }
        var complete = true
        do throws(LiveCaptureError) {
            for (h, source) in m.handles {
                let started = clock()
                let limit = readLimit
                let n = try merge.fill(source) { (queue: inout RecordQueue) throws(LiveCaptureError) -> Int in
                    try h.read(limit: limit, into: &queue)
                }
                merge.read(source, complete: n < readLimit, startedAt: started)
                if n >= readLimit { complete = false }
            }
        } catch {
            // What the handles read before the failure is still merged in order. The link
            // tracker records the down or the removal with its time; the member is reopened
            // once its link is up again.
            close(m)
        }
        return complete
    }

    private func close(_ m: Member) {
        guard m.isOpen else { return }
        pollSet = nil
        m.closedStatistics = m.statistics
        for (h, source) in m.handles {
            h.close()
            merge.close(source)
        }
        m.handles = []
    }

    // SAFETY: `writer` is unretained: the caller's self.writer keeps it alive for the call.
    private func emit(_ r: TimeOrderedMerge.Released, _ bytes: UnsafeRawBufferPointer, _ writer: Unmanaged<CaptureWriter>?) {
        captured += 1
        // Without the analysis, the direction the kernel gave (or none).
        let sent = analyzes ? analysis.add(member: r.member, timestamp: r.timestamp, wireLength: r.wireLength, direction: r.direction, bytes: bytes)
                            : r.direction == .unknown ? nil : r.direction == .outbound
        guard let writer else { return }
        // epb_flags bits 0-1: the direction the analysis counted it in (1 inbound, 2 outbound).
        let flags: UInt32 = sent.map { $0 ? 2 : 1 } ?? 0
        // SAFETY: r.member is a member's index, below dropMembers.
        let d = drops[r.member]
        let dropCount: UInt64? = d.current > d.written ? d.current - d.written : nil
        drops[r.member].written = d.current
        // SAFETY: self.writer holds the writer while the merge releases (nothing in emit replaces it).
        writer._withUnsafeGuaranteedRef {
            $0.write(timestamp: r.timestamp, interface: r.member, bytes: bytes, wireLength: r.wireLength, flags: flags, dropCount: dropCount)
        }
    }

    private func updateFacts() {
        for m in members {
            facts.statistics[m.name] = m.statistics
            facts.late[m.name] = merge.late[m.index] ?? 0
        }
    }

    /// Link changes as the watcher saw them (with their times), members newly enslaved (at most
    /// once a second: a team's ports cost a teamdctl run), and closed members reopened.
    private func checkLinks(_ now: Int64) {
        for o in links.drain() {
            if let kind = tracker.observe(o) {
                facts.linkEvents.append(LinkEvent(host: plan.host, member: o.member, timeNs: o.timeNs, event: kind))
            }
        }
        if let memberLister, lastMemberList == .min || now - lastMemberList >= 1_000_000_000 {
            lastMemberList = now
            for name in memberLister() where !members.contains(where: { $0.name == name }) { add(name, now) }
        }
        for m in members where !m.isOpen && tracker.isUsable(m.name) && (m.lastOpenAttempt == .min || now - m.lastOpenAttempt >= 500_000_000) {
            m.lastOpenAttempt = now
            guard let handles = try? opener.open(m.name) else { continue }
            pollSet = nil
            Self.attach(handles, to: m, in: merge, at: clock())
        }
    }

    /// A member enslaved while capturing: a new interface of the analysis and the file.
    private func add(_ name: String, _ now: Int64) {
        let handles = (try? opener.open(name)) ?? []
        let linkType = handles.first?.linkType ?? members.first?.linkType ?? .ethernet
        let m = Member(name: name, index: analysis.addMember(name: name, linkType: linkType, snapLength: snapLength), linkType: linkType)
        m.lastOpenAttempt = now
        members.append(m)
        appendDrops()
        pollSet = nil
        writer?.writeInterface(CaptureWriter.Interface(name: name, linkType: linkType, snapLength: snapLength))
        facts.linkEvents.append(LinkEvent(host: plan.host, member: name, timeNs: now, event: .added))
        links.add(name)
        if let kind = tracker.begin(name, state: links.current(name), at: now) {
            facts.linkEvents.append(LinkEvent(host: plan.host, member: name, timeNs: now, event: kind))
        }
        Self.attach(handles, to: m, in: merge, at: clock())
    }

    /// `m`'s handles, each with a new source of `merge` opened at `now` (held back by the
    /// handle's own delivery delay). Static: the initialiser attaches the first members' too.
    private static func attach(_ handles: [any CaptureHandle], to m: Member, in merge: TimeOrderedMerge, at now: Int64) {
        m.handles = handles.map { ($0, merge.open(member: m.index, direction: $0.direction, delayNs: $0.deliveryDelayNs, at: now)) }
    }

    /// A file with an interface per member, in their interface order (members added while
    /// capturing included).
    private func openWriter(_ base: String) throws -> CaptureWriter {
        let interfaces = members.map { CaptureWriter.Interface(name: $0.name, linkType: $0.linkType, snapLength: snapLength) }
        return try CaptureWriter(path: Rotation.path(base, fileIndex), format: .pcapng, interfaces: interfaces)
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

    /// `-C`/`-G`: the next file once this one is due.
    public func rotateIfDue(_ now: Int64) {
        guard let writer, let base = writePath, rotation.isDue(size: writer.size, openedAtNs: fileStartNs, nowNs: now) else { return }
        closeWriter(at: now)
        fileIndex += 1
        fileStartNs = now
        self.writer = try? openWriter(base)
        for m in members {
            let current = m.statistics.kernelDrops
            // SAFETY: every member's index is below dropMembers.
            drops[m.index] = (current, current)
        }
    }
}
