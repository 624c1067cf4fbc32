import CaptureIO
import FlowTracking
import PacketWire
import SMBSessions

/// The counting pass: every packet of every input once, in timestamp order, through its parts —
/// the filter, de-duplication of copies (aggregates, pktmon components), direction, the member
/// counters, and the flow stage (flows, SMB, series, sampled frames; on a thread of its own unless
/// `parallel` is off). It consumes packets as they come (`consume`) and hands its result over
/// whole at the end (`finish`).
///
/// A host judged under several direction hypotheses (`HostPlan.hypotheses`) is counted under
/// each in this one pass: reading, decoding, de-duplication and the flow table are the same
/// whichever station is the host's; its members' counters are kept per hypothesis, and the flow
/// stage keeps apart what the host sent (`HypothesisFlows`). `finishAll` gives each
/// hypothesis's result, the same as a pass of its own would have.
final class CountingPass {
    let plans: [HostPlan]
    let options: AnalysisOptions
    private(set) var registry: MemberRegistry
    // The per-packet path reads these through unowned(unsafe) or Unmanaged twins: the strong references
    // below keep them alive, and a retain and release per packet would cost more than the work.
    private let filterOwner: PacketFilter?
    /// `filterOwner` without a reference count: reading an optional `unowned(unsafe)` reference
    /// with `if let` still retained and released it for every packet, filter or none.
    // SAFETY: `filterOwner` keeps the object alive for as long as this pass.
    private let filter: Unmanaged<PacketFilter>?
    /// What the per-packet path reads of each host's plan.
    private let rules: [DirectionRule]
    private let anyDedupe: Bool
    private var window: RecentFrames
    /// The host's own broadcasts flooded back to its other members (received there).
    private var echoes: EchoedFrames
    let stageOwner: FlowStage
    unowned(unsafe) let stage: FlowStage
    private let pipelineOwner: FlowPipeline?
    // SAFETY: unretained; pipelineOwner holds the same object as long as this pass.
    private let pipeline: Unmanaged<FlowPipeline>?
    private(set) var captureEnd = Int64.min
    private(set) var packetsRead = 0
    private(set) var packetsFiltered = 0
    private(set) var duplicatesRemoved = 0
    /// The direction the last packet was counted in (`.unknown` when it was filtered out or a
    /// copy): what a live capture writes into its file's epb_flags.
    private(set) var lastDirection: Direction = .unknown
    private var filterNotApplicable: [FilterMiss: Int] = [:]
    /// Hypotheses in all (1 without); by host index, whether its direction depends on them.
    let ways: Int
    /// Hypotheses one pass counts at most (the flow stage's `sent` bits).
    static let maxHypotheses = UInt8.bitWidth
    private let judged: [Bool]
    /// For the hypotheses after the first: their direction rules, echoes and members' counters
    /// (a judged host's members' are counted here; the others' are the registry's).
    private let moreRules: [[DirectionRule]]
    private var moreEchoes: [EchoedFrames]
    private var moreMembers: [[MemberState]]
    /// Members registered when the last packet came (new ones go to the flow stage's thread).
    private var membersSeen: Int

    /// `readers`: by input index, the readers the packets will come from (for the flow stage,
    /// which reads mapped files' bytes where they lie).
    /// `hypotheses`: with direction hypotheses, the plans under each after the first (`plans` are
    /// the first's); they differ from `plans` only in the judged hosts' own MACs.
    init(plans: [HostPlan], registry: MemberRegistry, options: AnalysisOptions, filter: PacketFilter?, origin: Int64,
         readers: [(any PacketReader)?], hypotheses: [[HostPlan]] = []) {
        self.plans = plans
        self.options = options
        filterOwner = filter
        // SAFETY: `filterOwner` holds the same object strongly for as long as this pass.
        self.filter = filter.map { Unmanaged.passUnretained($0) }
        var registry = registry
        // Fresh counters with the final origin; slots keep their numbers.
        registry.resetCounters(origin: origin)
        self.registry = registry
        rules = plans.map(DirectionRule.init)
        anyDedupe = plans.contains { $0.dedupe != .none }
        window = RecentFrames(window: options.duplicateWindow)
        echoes = EchoedFrames(window: options.duplicateWindow)
        ways = 1 + hypotheses.count
        judged = plans.map { !$0.hypotheses.isEmpty && !hypotheses.isEmpty }
        moreRules = hypotheses.map { $0.map(DirectionRule.init) }
        moreEchoes = hypotheses.map { _ in EchoedFrames(window: options.duplicateWindow) }
        moreMembers = hypotheses.map { _ in registry.members }
        let stage = FlowStage(options: options, origin: origin, hypotheses: ways, judged: judged)
        stageOwner = stage
        self.stage = stage
        // With the flow stage on a thread of its own, that thread counts each packet at its member
        // too: the counting thread is the busier of the two.
        let pipeline = options.trackFlows && options.parallel ? FlowPipeline(stage: stage, inputs: readers, members: registry.members) : nil
        membersSeen = registry.members.count
        pipelineOwner = pipeline
        // SAFETY: pipelineOwner, set above, keeps the pipeline alive as long as this pass.
        self.pipeline = pipeline.map { Unmanaged.passUnretained($0) }
    }

    deinit {
        for r in rules + moreRules.joined() { r.deallocate() }
    }

    /// One packet: `s.current`, from input `s`.
    @inline(__always)
    func consume(_ s: InputStream) {
        let rec = s.current!
        lastDirection = .unknown
        packetsRead += 1
        s.packets += 1
        if rec.timestamp > captureEnd { captureEnd = rec.timestamp }
        let slot = registry.slot(s, rec)
        if registry.members.count != membersSeen { addMembers() }
        let link = s.linkTypes[rec.interface]
        countInterface(s, rec)
        if let filter {
            // SAFETY: `filterOwner` keeps the filter alive for as long as this pass.
            switch filter._withUnsafeGuaranteedRef({ $0.matches(rec, linkType: link) }) {
            case true?: break
            case false?: packetsFiltered += 1; return
            case nil:
                // Counted per input and link type; one warning each when the report is built.
                filterNotApplicable[FilterMiss(input: s.index, linkType: link), default: 0] += 1
                packetsFiltered += 1
                return
            }
        }
        var decoded = DecodedPacket()
        s.decodeCurrent(rec, linkType: link, into: &decoded)
        // Immutable from here: passed on by reference, where the `var` cost a 200-byte copy for
        // each call below (direction, member, flow stage).
        let d = decoded
        let host = registry.slotHost[slot]
        if anyDedupe && plans[host].dedupe != .none {
            window.expire(before: rec.timestamp) { countUnmatched($0) }
            if !deduplicate(rec, d, slot: slot, host: host, input: s.index) { return }
        }
        if registry.slotIsAggregate[slot] { return }
        var (direction, source) = Self.resolveDirection(rec, d, rule: rules[host])
        if direction == .sent && d.hasMAC && d.destinationMAC.isMulticast && (source == .localMAC || source == .localIP || source == .inferred),
           echoes.isEcho(hash: FrameIdentity(rec, d, input: s.index).hash, time: rec.timestamp, slot: slot, host: host) {
            direction = .received
        }
        lastDirection = direction
        // With the flow stage on its own thread, that thread counts the packet's traffic at its
        // member: this one is the busier of the two.
        if pipeline == nil {
            registry.withMember(slot) { $0.record(rec, d, direction: direction, source: source) }
        } else {
            registry.withMember(slot) { $0.recordFacts(time: rec.timestamp, bytes: rec.bytes, d, direction: direction, source: source) }
        }
        var sent: UInt8 = direction == .sent ? 1 : 0
        if ways > 1 { sent = countHypotheses(rec, d, slot: slot, host: host, input: s.index, sentFirst: sent) }
        guard options.trackFlows else { return }
        if let pipeline {
            // SAFETY: `pipelineOwner` keeps it alive for as long as this pass.
            pipeline._withUnsafeGuaranteedRef {
                $0.submit(d, bytes: rec.bytes, stable: s.stableBytes, recordOffset: rec.offset, linkType: link, time: rec.timestamp,
                          wireLength: rec.wireLength, host: Int32(host), member: Int32(slot), sent: sent,
                          input: Int32(s.index), frame: Int64(s.packets), direction: direction)
            }
        } else {
            observeInline(d, rec, link: link, host: host, slot: slot, sent: sent, s)
        }
    }

    /// The hypotheses after the first for one counted packet: a judged host's member counts it
    /// in each with that hypothesis's direction. Returns the flow stage's `sent` bits (bit k:
    /// sent under hypothesis k); a host not judged sends the same under every hypothesis.
    @inline(never)
    private func countHypotheses(_ rec: CaptureRecord, _ d: DecodedPacket, slot: Int, host: Int, input: Int, sentFirst: UInt8) -> UInt8 {
        guard judged[host] else { return sentFirst == 0 ? 0 : UInt8(truncatingIfNeeded: (1 << ways) - 1) }
        var bits = sentFirst
        var identity: FrameIdentity?
        for k in 1..<ways {
            var (direction, source) = Self.resolveDirection(rec, d, rule: moreRules[k - 1][host])
            if direction == .sent && d.hasMAC && d.destinationMAC.isMulticast && (source == .localMAC || source == .localIP || source == .inferred) {
                if identity == nil { identity = FrameIdentity(rec, d, input: input) }
                if moreEchoes[k - 1].isEcho(hash: identity!.hash, time: rec.timestamp, slot: slot, host: host) { direction = .received }
            }
            moreMembers[k - 1][slot].record(rec, d, direction: direction, source: source)
            if direction == .sent { bits |= 1 << UInt8(k) }
        }
        return bits
    }

    /// Members the registry met since the last packet, fresh, in every hypothesis after the first
    /// and on the flow stage's thread.
    private func addMembers() {
        membersSeen = registry.members.count
        for k in moreMembers.indices { moreMembers[k] += registry.members[moreMembers[k].count...] }
        pipelineOwner?.addMembers(registry.members)
    }

    /// A plan-independent change to one member's counters (de-duplication's), made under every
    /// hypothesis.
    @inline(__always)
    private func withEachMember(_ slot: Int, _ body: (inout MemberState) -> Void) {
        registry.withMember(slot, body)
        for k in moreMembers.indices { body(&moreMembers[k][slot]) }
    }

    /// The flow stage on this thread (`--single-thread`). Not inlined: the parallel path must
    /// not touch the stage at all — the stage's thread counts references to it all the time, and
    /// sharing that cache line costs more than the work.
    @inline(never)
    private func observeInline(_ d: DecodedPacket, _ rec: CaptureRecord, link: LinkType, host: Int, slot: Int, sent: UInt8, _ s: InputStream) {
        stage.observe(d, bytes: rec.bytes, linkType: link, time: rec.timestamp, wireLength: rec.wireLength,
                      host: Int32(host), member: Int32(slot), sent: sent, input: Int32(s.index), frame: Int64(s.packets))
    }

    /// The report as of now, while packets keep coming (a live capture's display, a report at
    /// any moment): the flow stage catches up and stays idle while the report is built from the
    /// counters as they are. Nothing is finished — a pending member change is not yet a move,
    /// SMB bytes held behind a hole are not yet given up — and the pass goes on afterwards.
    func snapshot(inputs: [InputSummary], warnings: [AnalysisWarning]) -> AnalysisReport {
        pipelineOwner?.catchUp()
        return ReportBuilder(result: result(inputs: inputs, warnings: warnings), plans: plans, options: options).build()
    }

    /// Retires the flows idle since `before` (a live capture's `--flow-idle`): the flow stage
    /// catches up first, so it is idle while its tables shrink. Returns how many were retired.
    func retireIdleFlows(before: Int64) -> Int {
        guard options.trackFlows else { return 0 }
        pipelineOwner?.catchUp()
        return stage.retireIdle(before: before)
    }

    /// The end of the pass: the flow stage finishes every packet, copies still waiting for a
    /// twin are settled, and the result is handed over.
    func finish(inputs: [InputSummary], warnings: [AnalysisWarning]) -> PassResult {
        finishAll(inputs: inputs, warnings: warnings)[0]
    }

    /// `finish`, with the result of each direction hypothesis in turn (one without): each the
    /// same as a pass of its own under that hypothesis's plans would give. They share the flow
    /// table: `FlowStageResult.show` before reading one's.
    func finishAll(inputs: [InputSummary], warnings: [AnalysisWarning]) -> [PassResult] {
        if let pipelineOwner { pipelineOwner.finish() } else { stage.finish() }
        window.drain { countUnmatched($0) }
        return (0..<ways).map { result(inputs: inputs, warnings: warnings, hypothesis: $0) }
    }

    /// The pass's counters and tables as they are now, under hypothesis `k`.
    private func result(inputs: [InputSummary], warnings: [AnalysisWarning], hypothesis k: Int = 0) -> PassResult {
        // The flow stage's thread counted packets at their members: caught up or finished by now.
        var members = pipelineOwner?.members?.merged(into: registry.members) ?? registry.members
        if k > 0 {
            for slot in members.indices where judged[members[slot].host] { members[slot] = moreMembers[k - 1][slot] }
        }
        return PassResult(members: members, flows: stageOwner.result(hypothesis: k), inputs: inputs, origin: registry.origin,
                          captureEnd: captureEnd, packetsRead: packetsRead, packetsFiltered: packetsFiltered,
                          duplicatesRemoved: duplicatesRemoved, warnings: warnings, filterNotApplicable: filterNotApplicable,
                          filterFailures: filterOwner?.failures ?? [:])
    }

    /// An aggregate's copy that left the window without a member's twin: seen only there.
    @inline(__always)
    private func countUnmatched(_ e: RecentFrames.Entry) {
        if e.aggregate && !e.matched { withEachMember(Int(e.slot)) { $0.onlyOnAggregate += 1 } }
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
        if rec.capturedLength == 0 || rec.capturedLength > rec.wireLength { s.anomalies.observe(rec) }
    }

    /// Matches copies of one packet on a host's interfaces. Returns false when this copy must
    /// not be counted at a member: it is an aggregate's, or it repeats a copy already counted.
    private func deduplicate(_ rec: CaptureRecord, _ d: DecodedPacket, slot: Int, host: Int, input: Int) -> Bool {
        let frame = FrameIdentity(rec, d, input: input)
        let key = frame.packetIDHash ?? frame.hash
        let isAggregate = registry.slotIsAggregate[slot]
        let plan = plans[host]
        let ts = rec.timestamp
        let limit = options.duplicateWindow
        var found = -1
        var foundAggregate = false
        window.forEachMatch(key) { seq, e in
            guard e.host == Int32(host), e.slot != Int32(slot) || registry.slotRepeatsItself[slot], !e.matched,
                  ts &- e.timestamp <= limit else { return true }
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
        if isAggregate { withEachMember(slot) { $0.countAggregate(rec) } }
        if found >= 0 {
            window.markMatched(found)
            duplicatesRemoved += 1
            if isAggregate {
                withEachMember(slot) { $0.matchedOnMember += 1 }
                return false
            }
            if foundAggregate {
                // The member's copy counts; the aggregate's copy was the duplicate.
                if let e = window.entry(found) { withEachMember(Int(e.slot)) { $0.matchedOnMember += 1 } }
                return true
            }
            return false // A later copy of a packet a member already counted.
        }
        window.insert(RecentFrames.Entry(hash: key, timestamp: ts, slot: Int32(slot), host: Int32(host),
                                         sourceMAC: frame.source, previous: -1, matched: false,
                                         aggregate: isAggregate)) { countUnmatched($0) }
        return !isAggregate
    }

    /// The direction rule: the capture's own marks first, then the host's MACs, then its IPs.
    @inline(__always)
    static func resolveDirection(_ rec: CaptureRecord, _ d: DecodedPacket, rule plan: DirectionRule) -> (Direction, DirectionSource) {
        switch rec.direction {
        case .outbound: return (.sent, .captureFlags)
        case .inbound: return (.received, .captureFlags)
        case .unknown: break
        }
        if let t = d.sllPacketType { return (t == 4 ? .sent : .received, .sllPacketType) }
        if plan.macSource != .unknown && d.hasMAC {
            // An LACPDU leaves from the port whose MAC is its Ethernet source (IEEE 802.3 Annex
            // 57A; Linux sends from the member's permanent MAC): the source decides, and the
            // actor's system id (the bond's MAC) only when the port's own MAC is not the host's.
            if plan.isLocal(d.sourceMAC.rawValue) { return (.sent, plan.macSource) }
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
