import CaptureIO
import FlowTracking
import PacketWire
import SMBSessions
import TeamingModels

/// The `analyze` pipeline: open every capture, learn interface roles and each host's MACs from
/// a bounded first look, then stream all members in timestamp order once, counting each packet
/// once at its member with its direction, and build the report.
public final class TeamAnalyzer {
    public static let version = "0.1.0"

    public let specs: [CaptureSpec]
    public private(set) var options: AnalysisOptions
    let hostNames: [String]
    private var hostIndex: [String: Int] = [:]
    var plans: [HostPlan]
    var members: [MemberState] = []
    /// Per slot, the fields the per-packet path reads: reading them from `members` would copy a
    /// whole `MemberState` out of the array.
    var slotHost: [Int] = []
    var slotIsAggregate: [Bool] = []
    private var memberIndex: [String: Int] = [:]
    var roles: [Int: InterfaceRole] = [:]
    private let filter: PacketFilter?
    /// Packets left out because the filter does not apply to their link type, per input.
    struct FilterMiss: Hashable { var input: Int; var linkType: LinkType }
    var filterNotApplicable: [FilterMiss: Int] = [:]
    var filterFailures: [LinkType: FilterError] { filter?.failures ?? [:] }
    var origin: Int64 = 0
    var captureEnd = Int64.min
    var packetsRead = 0
    var packetsFiltered = 0
    var duplicatesRemoved = 0
    var warnings: [String] = []
    /// Per input: the stream of the main pass (or nil when the file could not be opened), and
    /// the open error.
    var finalStreams: [InputStream?] = []
    var openErrors: [CaptureError?] = []
    /// What the per-packet path reads of each host's plan.
    var rules: [DirectionRule] = []
    /// Inputs read on threads of their own at most; the rest are read on the counting thread.
    static var maxReaderThreads: Int { 16 }
    /// The flow stage of the main pass: flows, SMB sessions, series and sampled frames.
    var flows: FlowStage
    var flowTable: FlowTable { flows.table }
    var smb: SMBTracker { flows.smb }
    var sampleFrames: [FlowStage.SampleKey: (member: Int32, frame: SampledFrame)] { flows.samples }
    var neighbours: NeighbourTable { flows.neighbours }
    var flowSeries: [(forward: TimeBins, reverse: TimeBins)] { flows.series }

    deinit {
        for r in rules { r.deallocate() }
    }

    /// Checks the options against the inputs; throws when they cannot work together.
    public init(specs: [CaptureSpec], options: AnalysisOptions) throws {
        self.specs = specs
        self.options = options
        let folders = Set(specs.map(\.folderPath))
        hostNames = specs.map { spec in spec.host ?? (folders.count > 1 ? spec.folder : "host") }
        var unique: [String] = []
        for h in hostNames where !unique.contains(h) { unique.append(h) }
        plans = unique.map { HostPlan(name: $0) }
        for (i, h) in unique.enumerated() { hostIndex[h] = i }
        if unique.count > 1 {
            if let bare = options.localMACs.first(where: { $0.host == nil }) {
                throw AnalysisError("--local-mac \(bare.address): the captures come from several hosts (\(unique.joined(separator: ", "))); say whose MAC it is with --local-mac HOST=MAC")
            }
            if let bare = options.localIPs.first(where: { $0.host == nil }) {
                throw AnalysisError("--local-ip \(bare.address): the captures come from several hosts (\(unique.joined(separator: ", "))); say whose address it is with --local-ip HOST=IP")
            }
        }
        for a in options.localMACs + [] where a.host != nil && hostIndex[a.host!] == nil {
            throw AnalysisError("--local-mac \(a.host!)=\(a.address): no capture belongs to host \(a.host!) (hosts: \(unique.joined(separator: ", ")))")
        }
        for a in options.localIPs where a.host != nil && hostIndex[a.host!] == nil {
            throw AnalysisError("--local-ip \(a.host!)=\(a.address): no capture belongs to host \(a.host!) (hosts: \(unique.joined(separator: ", ")))")
        }
        filter = try options.filter.map { expression throws in try PacketFilter(expression: expression) }
        flows = FlowStage(options: options, origin: 0)
        for i in plans.indices {
            let name = plans[i].name
            plans[i].localIPs = options.localIPs.filter { $0.host == nil || $0.host == name }.map(\.address)
        }
    }

    /// Runs both passes and returns, per host, each flow direction the host saw with its first
    /// frame, bytes and packets: the input of `simulate`.
    public func collectFlows() -> [String: [SimulatedFlow]] {
        options.sampleEveryDirection = true
        runPasses()
        var result: [String: [SimulatedFlow]] = [:]
        for (key, sample) in sampleFrames.sorted(by: { ($0.key.flow, $0.key.host, $0.key.forward ? 1 : 0) < ($1.key.flow, $1.key.host, $1.key.forward ? 1 : 0) }) {
            let f = flowTable.record(Int(key.flow))
            var bytes = 0, packets = 0
            for m in f.members where m.host == key.host {
                bytes += key.forward ? m.forwardBytes : m.reverseBytes
                packets += key.forward ? m.forwardPackets : m.reversePackets
            }
            guard bytes > 0 else { continue }
            result[plans[Int(key.host)].name, default: []].append(SimulatedFlow(frame: completed(sample.frame), bytes: bytes, packets: packets))
        }
        return result
    }

    /// Runs both passes and returns the report. Never throws: unreadable inputs are reported.
    public func run() -> AnalysisReport {
        runPasses()
        return buildReport()
    }

    /// The evidence pass, the plans it leads to, and the counting pass.
    private func runPasses() {
        let evidence = collectEvidence()
        decidePlans(evidence)
        for r in rules { r.deallocate() }
        rules = plans.map(DirectionRule.init)
        mainPass()
    }

    // MARK: Inputs and members

    /// Opens every input; a file that cannot be opened is recorded and left out of the pass.
    /// With `threads`, the first `options.readerThreads` inputs are read and decoded on threads
    /// of their own.
    func openStreams(threads: Bool = false) -> [InputStream] {
        var streams: [InputStream] = []
        openErrors = []
        for (i, spec) in specs.enumerated() {
            do {
                var reader = try CaptureFile.open(spec.path)
                if threads && options.parallel && !reader.bytesOutliveRecord && i < Self.maxReaderThreads, let p = PrefetchingReader(reader) { reader = p }
                let stream = InputStream(index: i, spec: spec, host: hostNames[i], reader: reader)
                // Register declared interfaces now: a member that carried nothing is a finding.
                if !reader.interfaces.isEmpty { _ = slot(stream, reader.interfaces.count - 1) }
                streams.append(stream)
                openErrors.append(nil)
            } catch {
                openErrors.append(error)
            }
        }
        return streams
    }

    /// The member slot of interface `i` of stream `s`, registering members as they appear.
    @inline(__always)
    func slot(_ s: InputStream, _ i: Int) -> Int {
        if i < s.slots.count { return Int(s.slots[i]) }
        let interfaces = s.reader.interfaces
        while s.slots.count < interfaces.count {
            let j = s.slots.count
            let name = s.memberName(forInterface: j)
            let key = s.host + "\u{0}" + name
            let slot: Int
            if let existing = memberIndex[key] {
                slot = existing
            } else {
                slot = members.count
                memberIndex[key] = slot
                members.append(MemberState(host: hostIndex[s.host]!, hostName: s.host, name: name,
                                           origin: origin, binWidth: options.binWidth))
                slotHost.append(hostIndex[s.host]!)
                slotIsAggregate.append(false)
            }
            s.slots.append(Int32(slot))
            s.linkTypes.append(interfaces[j].linkType)
            if !interfaces[j].linkType.isDecodable {
                appendWarning("\(s.spec.path): interface \(j) (\(name)) has \(interfaces[j].linkType), which TeamScope does not decode (expected Ethernet, raw IPv4/IPv6, Linux SLL or SLL2); its frames are counted but not decoded")
            }
        }
        return Int(s.slots[i])
    }

    func appendWarning(_ w: String) {
        if !warnings.contains(w) { warnings.append(w) }
    }

    // MARK: Pass 1: evidence

    func collectEvidence() -> DirectionEvidence {
        var evidence = DirectionEvidence(duplicateWindow: options.duplicateWindow,
                                         crossHostWindow: options.crossHostWindow)
        let streams = openStreams()
        var merge = MemberMerge(streams)
        var seen = 0
        var first = true
        // One host with one interface: no copies to match and nothing to compare; only the
        // start time is needed. (A pcapng may declare more interfaces later: then look.)
        let single = plans.count == 1 && streams.count == 1 && streams[0].reader.format == .pcap
        let limit = single ? 1 : options.evidencePackets
        merge.forEach { s in
            let rec = s.current!
            if first { origin = rec.timestamp; first = false }
            let slot = self.slot(s, rec.interface)
            let d = PacketDecoder.decode(rec.bytes, linkType: s.linkTypes[rec.interface], wireLength: rec.wireLength)
            let frame = FrameIdentity(rec, d, input: s.index)
            let marked = rec.direction != .unknown || d.sllPacketType != nil
            let host = members[slot].host
            evidence.observe(slot: Int32(slot), host: Int32(host), timestamp: rec.timestamp, frame: frame,
                             decoded: d, marked: marked, localIPs: plans[host].localIPs)
            seen += 1
            return seen < limit
        }
        return evidence
    }

    // MARK: Pass 2: counting

    func mainPass() {
        let streams = openStreams(threads: true)
        finalStreams = Array(repeating: nil, count: specs.count)
        for s in streams { finalStreams[s.index] = s }
        // Fresh counters with the final origin; slots keep their numbers.
        members = members.map { m in
            var fresh = MemberState(host: m.host, hostName: m.hostName, name: m.name, origin: origin, binWidth: options.binWidth)
            fresh.role = m.role
            return fresh
        }
        slotIsAggregate = members.map(\.isAggregate)
        flows = FlowStage(options: options, origin: origin)
        let stage = flows
        var readers: [(any PacketReader)?] = Array(repeating: nil, count: specs.count)
        for s in streams { readers[s.index] = s.reader }
        let pipeline = options.trackFlows && options.parallel ? FlowPipeline(stage: stage, inputs: readers) : nil
        let anyDedupe = plans.contains { $0.dedupe != .none }
        let trackFlows = options.trackFlows
        var window = RecentFrames(window: options.duplicateWindow)
        var merge = MemberMerge(streams)
        merge.forEach { s in
            let rec = s.current!
            packetsRead += 1
            s.packets += 1
            if rec.timestamp > captureEnd { captureEnd = rec.timestamp }
            let slot = self.slot(s, rec.interface)
            let link = s.linkTypes[rec.interface]
            countInterface(s, rec)
            if let filter {
                switch filter.matches(rec, linkType: link) {
                case true?: break
                case false?: packetsFiltered += 1; return true
                case nil:
                    // Counted per input and link type; one warning each when the report is built.
                    filterNotApplicable[FilterMiss(input: s.index, linkType: link), default: 0] += 1
                    packetsFiltered += 1
                    return true
                }
            }
            // A `let`: passed on by reference. A `var` would be copied (200 bytes) at every call.
            let d = s.decodeCurrent(rec, linkType: link)
            let host = slotHost[slot]
            if anyDedupe && plans[host].dedupe != .none {
                window.expire(before: rec.timestamp) { e in
                    if e.aggregate && !e.matched { members[Int(e.slot)].onlyOnAggregate += 1 }
                }
                if !deduplicate(rec, d, slot: slot, host: host, input: s.index, window: &window) { return true }
            }
            if slotIsAggregate[slot] { return true }
            let (direction, source) = resolveDirection(rec, d, rule: rules[host])
            members[slot].record(rec, d, direction: direction, source: source)
            if trackFlows {
                if let pipeline {
                    pipeline.submit(d, bytes: rec.bytes, stable: s.stableBytes, recordOffset: rec.offset, linkType: link, time: rec.timestamp, wireLength: rec.wireLength,
                                    host: Int32(host), member: Int32(slot), sent: direction == .sent, input: Int32(s.index),
                                    frame: Int64(s.packets))
                } else {
                    stage.observe(d, bytes: rec.bytes, linkType: link, time: rec.timestamp, wireLength: rec.wireLength,
                                  host: Int32(host), member: Int32(slot), sent: direction == .sent, input: Int32(s.index),
                                  frame: Int64(s.packets))
                }
            }
            return true
        }
        if let pipeline { pipeline.finish() } else { stage.finish() }
        window.drain { e in
            if e.aggregate && !e.matched { members[Int(e.slot)].onlyOnAggregate += 1 }
        }
    }

    @inline(__always)
    private func countInterface(_ s: InputStream, _ rec: CaptureRecord) {
        let i = rec.interface
        if s.interfacePackets.count <= i {
            s.interfacePackets.append(contentsOf: repeatElement(0, count: i + 1 - s.interfacePackets.count))
            s.interfaceDrops.append(contentsOf: repeatElement(0, count: i + 1 - s.interfaceDrops.count))
        }
        s.interfacePackets[i] += 1
        if let drops = rec.dropCount { s.interfaceDrops[i] &+= drops }
    }

    /// Matches copies of one packet on a host's interfaces. Returns false when this copy must
    /// not be counted at a member: it is an aggregate's, or it repeats a copy already counted.
    private func deduplicate(_ rec: CaptureRecord, _ d: DecodedPacket, slot: Int, host: Int, input: Int,
                             window: inout RecentFrames) -> Bool {
        let frame = FrameIdentity(rec, d, input: input)
        let key = frame.packetIDHash ?? frame.hash
        let isAggregate = slotIsAggregate[slot]
        let plan = plans[host]
        let ts = rec.timestamp
        let limit = options.duplicateWindow
        var found = -1
        var foundAggregate = false
        window.forEachMatch(key) { seq, e in
            guard e.host == Int32(host), e.slot != Int32(slot), !e.matched, ts &- e.timestamp <= limit else { return true }
            let acceptable: Bool
            switch plan.dedupe {
            case .firstCopy, .none:
                acceptable = true
            case .aggregates:
                // An aggregate's copy pairs with a member's; two members' copies pair only when
                // this host's members were seen repeating each other.
                acceptable = e.aggregate != isAggregate || (!isAggregate && plan.membersRepeat)
            }
            guard acceptable else { return true }
            found = seq
            foundAggregate = e.aggregate
            return false
        }
        if isAggregate { members[slot].countAggregate(rec) }
        if found >= 0 {
            window.markMatched(found)
            duplicatesRemoved += 1
            if isAggregate {
                members[slot].matchedOnMember += 1
                return false
            }
            if foundAggregate {
                // The member's copy counts; the aggregate's copy was the duplicate.
                if let e = window.entry(found) { members[Int(e.slot)].matchedOnMember += 1 }
                return true
            }
            return false // A later copy of a packet a member already counted.
        }
        window.insert(RecentFrames.Entry(hash: key, timestamp: ts, slot: Int32(slot), host: Int32(host),
                                         sourceMAC: frame.source, previous: -1, matched: false,
                                         aggregate: isAggregate)) { e in
            if e.aggregate && !e.matched { members[Int(e.slot)].onlyOnAggregate += 1 }
        }
        return !isAggregate
    }

    /// The direction rule: the capture's own marks first, then the host's MACs, then its IPs.
    @inline(__always)
    func resolveDirection(_ rec: CaptureRecord, _ d: DecodedPacket, rule plan: DirectionRule) -> (Direction, DirectionSource) {
        switch rec.direction {
        case .outbound: return (.sent, .captureFlags)
        case .inbound: return (.received, .captureFlags)
        case .unknown: break
        }
        if let t = d.sllPacketType { return (t == 4 ? .sent : .received, .sllPacketType) }
        if plan.macSource != .unknown && d.hasMAC {
            let src = FrameIdentity.effectiveSource(d, rec.bytes)
            return (plan.isLocal(src) ? .sent : .received, plan.macSource)
        }
        if plan.ips.count > 0 && d.isIP {
            if plan.isLocal(d.source) { return (.sent, .localIP) }
            if plan.isLocal(d.destination) { return (.received, .localIP) }
        }
        return (.unknown, .unknown)
    }
}

/// Sent or received by the capturing host.
enum Direction {
    case sent, received, unknown
}

extension MemberState {
    @inline(__always)
    mutating func record(_ rec: CaptureRecord, _ d: DecodedPacket, direction: Direction, source: DirectionSource) {
        let len = rec.wireLength
        all.packets += 1
        all.bytes += len
        if rec.timestamp < first { first = rec.timestamp }
        if rec.timestamp > last { last = rec.timestamp }
        sources[source.rawValue] += 1
        switch direction {
        case .sent:
            sent.packets += 1; sent.bytes += len
            sentBins.add(rec.timestamp, bytes: len)
            if d.hasMAC && d.network != .slowProtocols {
                let mac = d.sourceMAC.rawValue
                if !sentSourceMACs.contains(mac) && sentSourceMACs.count < 8 { sentSourceMACs.append(mac) }
            }
        case .received:
            received.packets += 1; received.bytes += len
            receivedBins.add(rec.timestamp, bytes: len)
        case .unknown:
            unknown.packets += 1; unknown.bytes += len
            unknownBins.add(rec.timestamp, bytes: len)
        }
        count(d)
    }

    mutating func countAggregate(_ rec: CaptureRecord) {
        all.packets += 1
        all.bytes += rec.wireLength
        if rec.timestamp < first { first = rec.timestamp }
        if rec.timestamp > last { last = rec.timestamp }
    }
}
