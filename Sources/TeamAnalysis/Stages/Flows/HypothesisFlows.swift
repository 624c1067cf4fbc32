import FlowTracking
import PacketWire

/// What the flow stage keeps for the direction hypotheses after the first (`HostPlan.hypotheses`).
/// Flows, TCP analysis, SMB, series and retransmissions do not depend on which station is the
/// host's, so one stage serves every hypothesis; what the host sent does — each member's sent
/// bytes in each flow, the first frame the host sent in each flow direction (the sample), RDMA's
/// sent bytes — and is kept here for hypotheses 1 ..< `ways` (the first's in the stage itself).
/// The flow table shows one hypothesis's sent bytes at a time (`show`).
final class HypothesisFlows {
    /// What one member's host sent of one flow under a hypothesis, per direction.
    struct MemberSent {
        var member: Int32
        var forward = 0
        var reverse = 0
    }

    /// A flow's `MemberSent`s: the first in place (most flows have one member), the rest after.
    struct FlowSent {
        var first = MemberSent(member: -1)
        var others: [MemberSent] = []

        @inline(__always)
        mutating func add(member: Int32, forward: Bool, bytes: Int) {
            if first.member == member || first.member < 0 {
                first.member = member
                if forward { first.forward += bytes } else { first.reverse += bytes }
                return
            }
            var i = 0
            while i < others.count && others[i].member != member { i += 1 }
            if i == others.count { others.append(MemberSent(member: member)) }
            if forward { others[i].forward += bytes } else { others[i].reverse += bytes }
        }

        func of(_ member: Int32) -> MemberSent {
            if first.member == member { return first }
            return others.first { $0.member == member } ?? MemberSent(member: member)
        }
    }

    /// Hypotheses in all, the first's kept by the stage.
    let ways: Int
    /// By host index: whether the direction of its packets depends on the hypothesis.
    let judged: [Bool]
    /// By hypothesis after the first, then by flow.
    private var sent: [[FlowSent]]
    /// By hypothesis after the first, then by flow: the samples claimed, as `FlowRecord.sampled`.
    private var sampled: [[UInt8]]
    /// By hypothesis after the first: as `FlowStage.samples`.
    private(set) var samples: [[FlowStage.SampleKey: (member: Int32, frame: SampledFrame)]]
    /// By hypothesis after the first: as `FlowStage.rdma`.
    let rdma: [RDMAFlowTable]
    /// The hypothesis whose sent bytes the table holds now, and the first's, kept once another's
    /// were shown.
    private var shown = 0
    private var firstSent: [FlowSent]?

    init(ways: Int, judged: [Bool], moveDebounce: Int64) {
        self.ways = ways
        self.judged = judged
        sent = Array(repeating: [], count: ways - 1)
        sampled = Array(repeating: [], count: ways - 1)
        samples = Array(repeating: [:], count: ways - 1)
        rdma = (1..<ways).map { _ in RDMAFlowTable(moveDebounce: moveDebounce) }
    }

    /// One packet of flow `flow`: `sent` bit k says whether hypothesis k has its host send it.
    /// `frame` makes the packet's sample, if any hypothesis claims one.
    @inline(__always)
    func observe(flow: Int, host: Int32, member: Int32, forward: Bool, wireLength: Int, sent mask: UInt8, everyDirection: Bool,
                 maxSamples: Int, frame: () -> SampledFrame?) {
        let judgedHost = judged[Int(host)]
        var made: SampledFrame??
        for k in 1..<ways {
            let isSent = mask >> UInt8(k) & 1 != 0
            if isSent && judgedHost {
                while sent[k - 1].count <= flow { sent[k - 1].append(FlowSent()) }
                sent[k - 1][flow].add(member: member, forward: forward, bytes: wireLength)
            }
            guard (isSent || everyDirection) && samples[k - 1].count < maxSamples && claimSample(k, flow: flow, host: host, forward: forward) else { continue }
            if made == nil { made = .some(frame()) }
            if let f = made! { samples[k - 1][FlowStage.SampleKey(flow: Int32(flow), host: host, forward: forward)] = (member, f) }
        }
    }

    /// As `FlowTable.claimSample`, for hypothesis `k`.
    @inline(__always)
    private func claimSample(_ k: Int, flow: Int, host: Int32, forward: Bool) -> Bool {
        guard host < 4 else { return false }
        while sampled[k - 1].count <= flow { sampled[k - 1].append(0) }
        let bit: UInt8 = 1 << UInt8(host * 2 + (forward ? 1 : 0))
        if sampled[k - 1][flow] & bit != 0 { return false }
        sampled[k - 1][flow] |= bit
        return true
    }

    /// Has `table` hold hypothesis `k`'s sent bytes: those of the judged hosts' members are
    /// rewritten (the first hypothesis's kept aside the first time).
    func show(_ k: Int, in table: FlowTable) {
        guard k != shown else { return }
        if firstSent == nil {
            var kept = [FlowSent](repeating: FlowSent(), count: table.count)
            for flow in 0..<table.count {
                table.flows[flow].forEachMember { m in
                    guard judged[Int(m.host)], m.forwardSentBytes + m.reverseSentBytes > 0 else { return }
                    kept[flow].add(member: m.member, forward: true, bytes: m.forwardSentBytes)
                    kept[flow].add(member: m.member, forward: false, bytes: m.reverseSentBytes)
                }
            }
            firstSent = kept
        }
        let values = k == 0 ? firstSent! : sent[k - 1]
        for flow in 0..<table.count {
            let each = flow < values.count ? values[flow] : FlowSent()
            table.updateMembers(ofFlow: flow) { m in
                guard judged[Int(m.host)] else { return }
                let v = each.of(m.member)
                m.forwardSentBytes = v.forward
                m.reverseSentBytes = v.reverse
            }
        }
        shown = k
    }

    /// The end of the pass.
    func finish() {
        for t in rdma { t.finish() }
    }
}
