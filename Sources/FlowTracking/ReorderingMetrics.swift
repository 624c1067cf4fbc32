/// RFC 4737 packet reordering metrics for one direction of a flow, with TCP sequence numbers as
/// the packets' sequence: a data segment is reordered when its sequence is below NextExp (the
/// highest sequence plus length seen so far). Only the first copy of each segment counts
/// (RFC 4737 3.3): a segment whose start was already seen is a duplicate and is skipped.
public struct ReorderingMetrics: Sendable {
    public private(set) var packets = 0
    public private(set) var reordered = 0
    /// Reordering extent (RFC 4737 4.2): how many arrivals earlier the first packet with a
    /// larger sequence came; extents of `maxTracked` or more are counted as `maxTracked`.
    public private(set) var maxExtent = 0
    public var extentHistogram: [Int] { histogram.isEmpty ? [Int](repeating: 0, count: 8) : histogram }
    /// Allocated at the first reordered segment: most flow directions never need it.
    private var histogram: [Int] = []
    /// n-reordering (RFC 4737 5): reordered packets whose `n` immediate predecessors all had
    /// larger sequence numbers, for n = 3 (what TCP's three duplicate ACKs react to).
    public private(set) var n3Reordered = 0
    /// Late-time offset (RFC 4737 4.2.3): how long after the earliest earlier arrival with a
    /// larger sequence a reordered packet came — what a time-limited reorder buffer must wait.
    public private(set) var maxLateTime: Int64 = 0
    public private(set) var totalLateTime: Int64 = 0
    /// Sequence discontinuities (RFC 4737 3.4): arrivals above NextExp, and the bytes skipped.
    public private(set) var discontinuities = 0
    public private(set) var discontinuityBytes: UInt64 = 0
    public private(set) var duplicates = 0
    /// Reordered segments that arrived on a different member than the data segment before them
    /// in this direction (striping), and on the same member.
    public private(set) var reorderedAfterMemberSwitch = 0
    public private(set) var reorderedOnSameMember = 0

    static let maxTracked = 64
    private var nextExpected: UInt32 = 0
    private var started = false
    /// Allocated at the first data segment: flows without data cost no memory here.
    /// The last `maxTracked` arrivals' sequence numbers and times, as a ring (one array: one
    /// copy-on-write check per segment, not two).
    private var recent: [Arrival] = []
    private struct Arrival: Sendable {
        var seq: UInt32
        var time: Int64
    }
    private var arrivals = 0
    private var lastMember: Int32 = -1

    public init() {}

    /// Bin edges of `extentHistogram`: 1, 2, 3, 4–7, 8–15, 16–31, 32–63, ≥64.
    public static let extentBins = ["1", "2", "3", "4-7", "8-15", "16-31", "32-63", ">=64"]

    /// Accounts one data segment (seq, len > 0) that arrived on `member`. Returns whether it was
    /// reordered.
    @discardableResult
    public mutating func observe(seq: UInt32, length: UInt32, member: Int32, time: Int64 = 0) -> Bool {
        let previousMember = lastMember
        lastMember = member
        if recent.isEmpty {
            recent = [Arrival](repeating: Arrival(seq: 0, time: 0), count: Self.maxTracked)
        }
        // A duplicate starts where an earlier arrival started; only a segment below NextExp can
        // be one, so the (sequential, cache-friendly) arrival ring is searched only then. A copy
        // of a segment more than `maxTracked` arrivals old counts as reordered.
        if started && TCPSequenceNumber.lt(seq, nextExpected) {
            let window = min(arrivals, Self.maxTracked)
            for back in 1...max(1, window) where window > 0 && recent[(arrivals - back) % Self.maxTracked].seq == seq {
                duplicates += 1
                return false
            }
        }
        packets += 1
        let end = seq &+ length
        defer {
            recent[arrivals % Self.maxTracked] = Arrival(seq: seq, time: time)
            arrivals += 1
        }
        guard started else {
            started = true
            nextExpected = end
            return false
        }
        if TCPSequenceNumber.ge(seq, nextExpected) {
            if TCPSequenceNumber.gt(seq, nextExpected) {
                discontinuities += 1
                discontinuityBytes += UInt64(seq &- nextExpected)
            }
            nextExpected = end
            return false
        }
        reordered += 1
        if previousMember >= 0 && previousMember != member { reorderedAfterMemberSwitch += 1 } else { reorderedOnSameMember += 1 }
        // Extent: the earliest remembered arrival with a larger sequence.
        let window = min(arrivals, Self.maxTracked)
        var extent = 0
        for back in stride(from: window, through: 1, by: -1) where TCPSequenceNumber.gt(recent[(arrivals - back) % Self.maxTracked].seq, seq) {
            extent = back
            break
        }
        if extent > 0 {
            let late = max(0, time &- recent[(arrivals - extent) % Self.maxTracked].time)
            maxLateTime = max(maxLateTime, late)
            totalLateTime &+= late
        }
        maxExtent = max(maxExtent, extent)
        let bin: Int
        switch extent {
        case ...1: bin = 0
        case 2: bin = 1
        case 3: bin = 2
        case 4...7: bin = 3
        case 8...15: bin = 4
        case 16...31: bin = 5
        case 32..<Self.maxTracked: bin = 6
        default: bin = 7
        }
        if histogram.isEmpty { histogram = [Int](repeating: 0, count: 8) }
        histogram[bin] += 1
        if arrivals >= 3 {
            var all = true
            for back in 1...3 where !TCPSequenceNumber.gt(recent[(arrivals - back) % Self.maxTracked].seq, seq) { all = false }
            if all { n3Reordered += 1 }
        }
        return true
    }

    /// Mean late-time offset of the reordered packets, in ns.
    public var meanLateTime: Int64 { reordered == 0 ? 0 : totalLateTime / Int64(reordered) }

    /// Reordered share of the data segments (0 when there are none).
    public var ratio: Double { packets == 0 ? 0 : Double(reordered) / Double(packets) }
}
