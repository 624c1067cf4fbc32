/// Flows taken out of the flow table after a time without packets (`FlowTable.retire`): what
/// they carried summed per member, and the largest of them (by bytes as one host saw them) kept
/// whole, at most `keep`. A live capture that runs for hours holds its active flows and this,
/// never every flow it ever saw.
public struct RetiredFlows: Sendable {
    /// How many of the largest retired flows are kept whole.
    public let keep: Int
    public private(set) var flows = 0
    public private(set) var tcp = 0
    public private(set) var udp = 0
    /// Packets and bytes over every copy seen (as `FlowRecord.packets` and `bytes`).
    public private(set) var packets = 0
    public private(set) var bytes = 0
    /// Per member slot.
    public private(set) var members: [Int32: RetiredMemberTotals] = [:]
    /// The largest retired flows, largest first (ties: the earlier first packet, then the
    /// earlier retired), at most `keep`.
    public private(set) var largest: [FlowRecord] = []

    public init(keep: Int = 20) {
        self.keep = max(0, keep)
    }

    /// Adds one retired flow: its figures into the totals, the flow itself into `largest` when
    /// it is among the `keep` largest so far.
    public mutating func add(_ flow: FlowRecord) {
        flows += 1
        if flow.key.ipProtocol == 6 { tcp += 1 } else if flow.key.ipProtocol == 17 { udp += 1 }
        packets += flow.packets
        bytes += flow.bytes
        for m in flow.members {
            var t = members[m.member] ?? RetiredMemberTotals()
            t.flows += 1
            t.packets += m.forwardPackets + m.reversePackets
            t.bytes += m.forwardBytes + m.reverseBytes
            t.sentBytes += m.forwardSentBytes + m.reverseSentBytes
            members[m.member] = t
        }
        guard keep > 0 else { return }
        let size = flow.once.bytes
        if largest.count == keep, let smallest = largest.last, Self.before(smallest, size: smallest.once.bytes, flow, size: size) { return }
        var kept = flow
        // Its throughput series (an index of the owner's) is gone with it.
        kept.extra = -1
        let at = largest.firstIndex { Self.before(kept, size: size, $0, size: $0.once.bytes) } ?? largest.count
        largest.insert(kept, at: at)
        if largest.count > keep { largest.removeLast() }
    }

    /// Whether `a` sorts before `b`: more bytes, or as many and an earlier first packet.
    private static func before(_ a: FlowRecord, size sa: Int, _ b: FlowRecord, size sb: Int) -> Bool {
        sa != sb ? sa > sb : a.first < b.first
    }
}
