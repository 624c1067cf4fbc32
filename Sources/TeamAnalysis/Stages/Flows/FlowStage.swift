import CaptureIO
import FlowTracking
import PacketWire
import SMBSessions

/// The flow part of the counting pass: every counted packet's flow (TShark's TCP analysis,
/// reordering, member moves), SMB sessions on ports 445/139, the throughput series of flows that
/// may be migration streams, RoCEv2 datagrams' RDMA flows (UDP port 4791), and the first frame
/// each host sent in each flow direction (for the teaming models). It sees packets in the counting pass's order, one at a time, whether it runs
/// on the counting thread or on its own (`FlowPipeline`); its result is the same either way.
final class FlowStage {
    let table: FlowTable
    let smb = SMBTracker()
    let rdma: RDMAFlowTable
    /// Throughput series of the flows that may be migration streams (index: `FlowRecord.extra`).
    private(set) var series: [FlowSeries] = []
    /// Per member slot: TCP retransmissions of datagrams over 1500 bytes and of smaller ones
    /// (a path that drops jumbo frames retransmits the large again and again).
    private(set) var retransmissions: [(large: Int, small: Int)] = []
    /// The first frame (headers) each host sent in each flow direction.
    private(set) var samples: [SampleKey: (member: Int32, frame: SampledFrame)] = [:]
    /// Source IP → source MAC from captures that record no destination MAC.
    private(set) var neighbours = NeighbourTable()
    /// Series of retired flows, free for the next flow that needs one (`retireIdle`).
    private(set) var freeSeries: [Int32] = []
    /// Flows retired for idleness (`retireIdle`): totals and the largest.
    private(set) var retired: RetiredFlows
    /// The sampled frames of retired flows, each with its flow as it left, the largest
    /// `maxRetiredSamples`: the verdict of a capture that ran longer than `--flow-idle` past
    /// its traffic still weighs the flows that ended.
    private(set) var retiredSamples: [SampledDirection] = []
    let origin: Int64
    let binWidth: Int64
    let migrationPorts: [UInt16]
    let sampleEveryDirection: Bool
    /// What differs by direction hypothesis, when a host is judged under several (nil otherwise),
    /// and whether there is: the per-packet path tests the flag, a plain value, and touches the
    /// reference (a retain and a release) only with hypotheses.
    let hypotheses: HypothesisFlows?
    private let judgesHypotheses: Bool

    struct SampleKey: Hashable { var flow: Int32; var host: Int32; var forward: Bool }
    static var maxSamples: Int { 1 << 16 }
    static var maxRetiredSamples: Int { 1 << 13 }

    /// One host's first frame in one flow direction, with its flow (as it was retired, for a
    /// retired flow).
    struct SampledDirection {
        var host: Int32
        var forward: Bool
        var member: Int32
        var frame: SampledFrame
        var flow: FlowRecord
    }
    /// A flow gets a series once it has carried this many bytes (or payload on a migration
    /// port), up to `maxSeries` flows: a flood of small flows must not cost a series each.
    static var seriesThreshold: Int { 256 << 10 }
    static var maxSeries: Int { 512 }

    /// `hypotheses`: with two or more, the hosts `judged` (by host index) get the sent bytes,
    /// samples and RDMA counts of each hypothesis kept apart (`HypothesisFlows`).
    init(options: AnalysisOptions, origin: Int64, hypotheses: Int = 1, judged: [Bool] = []) {
        table = FlowTable(capacity: options.flowCapacity, moveDebounce: options.moveDebounce)
        self.hypotheses = hypotheses > 1 ? HypothesisFlows(ways: hypotheses, judged: judged, moveDebounce: options.moveDebounce) : nil
        judgesHypotheses = hypotheses > 1
        retired = RetiredFlows(keep: options.topFlows)
        rdma = RDMAFlowTable(moveDebounce: options.moveDebounce)
        self.origin = origin
        binWidth = options.binWidth
        migrationPorts = options.migrationPorts
        sampleEveryDirection = options.sampleEveryDirection
    }

    /// One counted packet, `d` decoded from `bytes`: what was captured of it. `frame` is its
    /// number in input `input`. `sent`: bit k set when the host sent it under hypothesis k (bit
    /// 0 alone without hypotheses).
    @inline(__always)
    func observe(_ d: DecodedPacket, bytes: UnsafeRawBufferPointer, linkType: LinkType, time: Int64, wireLength: Int,
                 host: Int32, member: Int32, sent: UInt8, input: Int32, frame: Int64) {
        let p = FlowPacket(d)
        guard Self.needsDecodedForm(d) else {
            observe(p, probe: FlowProbe(p), decoded: nil, bytes: bytes, linkType: linkType, time: time, wireLength: wireLength,
                    host: host, member: member, sent: sent, input: input, frame: frame)
            return
        }
        // Only here is `d` copied, for a pointer to it.
        // SAFETY: the pointer is used only inside the closure (by this call).
        withUnsafePointer(to: d) {
            observe(p, probe: FlowProbe(p), decoded: $0, bytes: bytes, linkType: linkType, time: time, wireLength: wireLength,
                    host: host, member: member, sent: sent, input: input, frame: frame)
        }
    }

    /// Whether the stage reads more of a packet than its `FlowPacket`: SMB's and RoCEv2's
    /// trackers parse its payload, from its whole decoded form.
    @inline(__always)
    static func needsDecodedForm(_ d: DecodedPacket) -> Bool {
        d.isTCP && (SMBTracker.isSMBPort(d.destinationPort) || SMBTracker.isSMBPort(d.sourcePort)) || RDMAFlowTable.isRoCEv2(d)
    }

    /// One counted packet as the facts its decoder gave (`FlowPacket`), with its flow probe
    /// worked out (`FlowBatch` does it a few packets ahead, to prefetch): the stage decodes
    /// nothing. `decoded`: the packet's whole decoded form, given when `needsDecodedForm`.
    /// `bytes`: what the stage reads of it — the sampled frame's headers
    /// (`SampledFrame.bytesRead`), all of an SMB packet, a RoCEv2 datagram's transport headers.
    @inline(__always)
    func observe(_ p: FlowPacket, probe: FlowProbe, decoded: UnsafePointer<DecodedPacket>?, bytes: UnsafeRawBufferPointer,
                 linkType: LinkType, time: Int64, wireLength: Int, host: Int32, member: Int32, sent mask: UInt8, input: Int32, frame: Int64) {
        if linkType != .ethernet && p.hasMAC && p.isIP { neighbours.observe(p.source, p.sourceMAC) }
        let sent = mask & 1 != 0
        let hit = table.observe(p, probe: probe, wireLength: wireLength, time: time, host: host, member: member, sent: sent)
        let flow = hit.index
        if hit.retransmission && p.payloadLength > 0 { countRetransmission(member: Int(member), large: p.isLargeDatagram) }
        // SAFETY: `decoded` points at a live decoded packet for the length of this call.
        if let d = decoded?.pointee {
            if d.isTCP && (SMBTracker.isSMBPort(d.destinationPort) || SMBTracker.isSMBPort(d.sourcePort)) {
                smb.observe(d, bytes: bytes, time: time, frame: SMBFrameRef(input: input, frame: frame), flowTag: Int32(flow))
            }
            if RDMAFlowTable.isRoCEv2(d) {
                rdma.observe(d, bytes: bytes, wireLength: wireLength, time: time, host: host, member: member, sent: sent)
                if judgesHypotheses, let hypotheses {
                    for k in 1..<hypotheses.ways {
                        hypotheses.rdma[k - 1].observe(d, bytes: bytes, wireLength: wireLength, time: time, host: host, member: member,
                                                       sent: mask >> UInt8(k) & 1 != 0)
                    }
                }
            }
        }
        guard flow >= 0 else { return }
        // A flow with a series (most packets of a capture) adds to it straight away.
        if hit.extra >= 0 {
            series[Int(hit.extra)].add(host: host, forward: hit.forward, time: time, bytes: wireLength)
        } else {
            startSeries(flow, host: host, forward: hit.forward, time: time, wireLength: wireLength)
        }
        if (sent || sampleEveryDirection) && hit.unsampled(host: host, forward: hit.forward) && samples.count < Self.maxSamples
            && table.claimSample(flow, host: host, forward: hit.forward),
           let f = SampledFrame(bytes, linkType: linkType, status: p.status, sourceMAC: p.hasMAC ? p.sourceMAC : nil,
                                etherType: p.etherType, networkOffset: Int(p.networkOffset)) {
            samples[SampleKey(flow: Int32(flow), host: host, forward: hit.forward)] = (member, f)
        }
        if judgesHypotheses, let hypotheses {
            hypotheses.observe(flow: flow, host: host, member: member, forward: hit.forward, wireLength: wireLength, sent: mask,
                               everyDirection: sampleEveryDirection, maxSamples: Self.maxSamples) {
                SampledFrame(bytes, linkType: linkType, status: p.status, sourceMAC: p.hasMAC ? p.sourceMAC : nil,
                             etherType: p.etherType, networkOffset: Int(p.networkOffset))
            }
        }
    }

    /// Adds the packet of a flow without a throughput series to a new one, once the flow is on a
    /// migration port or has carried `seriesThreshold` bytes (then the flow's later packets find
    /// it in `FlowHit.extra`).
    @inline(never)
    private func startSeries(_ flow: Int, host: Int32, forward: Bool, time: Int64, wireLength: Int) {
        guard series.count < Self.maxSeries || !freeSeries.isEmpty, table.carriesPayload(flow),
              table.bytes(flow) >= Self.seriesThreshold || MigrationPort.reason(table.key(flow), extra: migrationPorts) != nil else { return }
        let extra: Int32
        if let free = freeSeries.popLast() {
            extra = free
            series[Int(free)] = FlowSeries(origin: origin, width: binWidth)
        } else {
            extra = Int32(series.count)
            series.append(FlowSeries(origin: origin, width: binWidth))
        }
        table.setExtra(flow, extra)
        series[Int(extra)].add(host: host, forward: forward, time: time, bytes: wireLength)
    }

    private func countRetransmission(member: Int, large: Bool) {
        guard member >= 0 else { return }
        if member >= retransmissions.count { retransmissions += repeatElement((large: 0, small: 0), count: member + 1 - retransmissions.count) }
        if large { retransmissions[member].large += 1 } else { retransmissions[member].small += 1 }
    }

    /// Retires the flows that carried nothing since `before` (`--flow-idle`) into `retired`, and
    /// what this stage keeps by flow goes with them: their sampled frames, their series (freed
    /// for reuse). SMB connections stay (their reassembly refers to the flow), however idle.
    /// Returns how many flows were retired.
    @discardableResult
    func retireIdle(before: Int64) -> Int {
        // The flows that leave with a sampled direction, as they leave.
        var sampled: Set<Int32>?
        var gone: [Int32: FlowRecord] = [:]
        guard let r = table.retire(lastSeenBefore: before, exempt: Self.isSMB, into: &retired, leaving: { i, f in
            let withSamples = sampled ?? Set(samples.keys.map(\.flow))
            sampled = withSamples
            if withSamples.contains(Int32(i)) { gone[Int32(i)] = f }
        }) else { return 0 }
        let leaving = samples.compactMap { k, v in
            gone[k.flow].map { (flow: k.flow, sample: SampledDirection(host: k.host, forward: k.forward, member: v.member, frame: v.frame, flow: $0)) }
        }.sorted { ($0.flow, $0.sample.host, $0.sample.forward ? 1 : 0) < ($1.flow, $1.sample.host, $1.sample.forward ? 1 : 0) }
        keepRetired(leaving.map(\.sample))
        var kept: [SampleKey: (member: Int32, frame: SampledFrame)] = [:]
        kept.reserveCapacity(samples.count)
        for (k, v) in samples {
            let now = r.newIndex[Int(k.flow)]
            if now >= 0 { kept[SampleKey(flow: now, host: k.host, forward: k.forward)] = v }
        }
        samples = kept
        for e in r.freedExtras {
            series[Int(e)] = FlowSeries(origin: origin, width: binWidth)
            freeSeries.append(e)
        }
        return r.retired
    }

    /// Adds retired samples, keeping the `maxRetiredSamples` of the largest flows (ties: the
    /// earlier retired).
    private func keepRetired(_ more: [SampledDirection]) {
        retiredSamples += more
        guard retiredSamples.count > 2 * Self.maxRetiredSamples else { return }
        let ranked = retiredSamples.enumerated().sorted { a, b in
            a.element.flow.bytes != b.element.flow.bytes ? a.element.flow.bytes > b.element.flow.bytes : a.offset < b.offset
        }
        let kept = Set(ranked.prefix(Self.maxRetiredSamples).map(\.offset))
        retiredSamples = retiredSamples.enumerated().filter { kept.contains($0.offset) }.map(\.element)
    }

    private static func isSMB(_ k: FlowKey) -> Bool {
        k.ipProtocol == 6 && (SMBTracker.isSMBPort(k.aPort) || SMBTracker.isSMBPort(k.bPort))
    }

    /// The end of the pass: open flows and SMB connections are closed.
    func finish() {
        table.finish()
        smb.finish()
        rdma.finish()
        hypotheses?.finish()
    }
}
