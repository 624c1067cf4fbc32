/// RFC 4737 packet reordering metrics for one direction of a flow, with TCP sequence numbers as
/// the packets' sequence: a data segment is reordered when its sequence is below NextExp (the
/// highest sequence plus length seen so far). Only the first copy of each segment counts
/// (RFC 4737 3.3): a segment whose start was already seen is a duplicate and is skipped.
/// A direction keeps its count, NextExp and its recent arrivals (a ring that grows with them, up
/// to `maxTracked`), its `Core`; the counters of reordering, duplicates and discontinuities, its
/// `Events`, are allocated at the first such event: most directions never need them (the flow
/// table keeps them with the direction's other rare state, `DirectionExtras`).
public struct ReorderingMetrics: Sendable {
    /// What every data direction keeps.
    struct Core: Sendable {
        /// Data segments counted (every first copy), less what `carry` moved to the events: also
        /// the number of arrivals remembered so far, modulo the ring. 32 bits, so that a flow
        /// direction fits 64 bytes; below 2^31 after every `carry`.
        private(set) var packets: UInt32 = 0
        private var nextExpected: UInt32 = 0
        private var lastMember: Int32 = -1
        /// The last `maxTracked` arrivals' sequence numbers and times: a ring in the `ArrivalRings`
        /// the observations are made with (the flow table's), grown one size at a time (a flow of
        /// five segments keeps eight), then overwritten in place. Copies of the metrics read for a
        /// report carry the handle but never the ring.
        private var ring: UInt32 = 0

        /// Starts fetching the ring slot the next arrival takes (a hint for the flow stage, which
        /// knows the packet a few places ahead).
        @inline(__always)
        func prefetch(_ rings: ArrivalRings) { rings.prefetch(ring, count: Int(packets)) }

        /// Gives the ring back to `rings` (the flow leaves the table).
        mutating func releaseRing(_ rings: ArrivalRings) { rings.release(&ring, count: Int(packets)) }

        /// How much `carry` takes off `packets` at a time: 2^30, a multiple of the ring's size,
        /// so the ring's positions go on unchanged, and above it, so the ring stays full.
        static let carryStep: UInt32 = 1 << 30

        /// Takes `carryStep` off `packets` once they reach 2^31 (after over two billion data
        /// segments of one direction); returns how many segments the caller must count on
        /// (in `Events.carriedPackets`), 0 nearly always.
        @inline(__always)
        mutating func carry() -> Int {
            guard packets >= 2 &* Self.carryStep else { return 0 }
            packets -= Self.carryStep
            return Int(Self.carryStep)
        }

        /// A core that counted `packets` segments (tests of the carry).
        init(packets: UInt32 = 0) { self.packets = packets }

        /// Accounts one data segment (seq, len > 0) that arrived on `member` at `time`, its
        /// arrival kept in `rings` (the same arena for every observation of these metrics) by
        /// `clock` (the flow's, the same for every observation). Returns what the events must
        /// count of it (nil: nothing).
        @inline(__always)
        mutating func observe(seq: UInt32, length: UInt32, member: Int32, time: Int64, clock: FlowClock,
                              rings: ArrivalRings) -> Event? {
            let previousMember = lastMember
            lastMember = member
            let arrivals = Int(packets), ring = self.ring
            /// The arrival `back` arrivals before this one (1: the latest); back <= min(arrivals, maxTracked).
            @inline(__always) func arrival(back: Int) -> ArrivalRings.Arrival {
                rings.arrival(ring, at: (arrivals - back) & (ReorderingMetrics.maxTracked - 1))
            }
            // A duplicate starts where an earlier arrival started; only a segment below NextExp can
            // be one, so the (sequential, cache-friendly) arrival ring is searched only then. A copy
            // of a segment more than `maxTracked` arrivals old counts as reordered.
            if arrivals > 0 && TCPSequenceNumber.lt(seq, nextExpected) {
                for back in 1...min(arrivals, ReorderingMetrics.maxTracked) where arrival(back: back).seq == seq { return .duplicate }
            }
            let end = seq &+ length
            defer {
                rings.append(&self.ring, count: arrivals, seq: seq, time: time, clock: clock)
                packets += 1
            }
            guard arrivals > 0 else {
                nextExpected = end
                return nil
            }
            if TCPSequenceNumber.ge(seq, nextExpected) {
                let skipped = UInt64(seq &- nextExpected)
                nextExpected = end
                return skipped > 0 ? .discontinuity(bytes: skipped) : nil
            }
            // Extent: the earliest remembered arrival with a larger sequence.
            let window = min(arrivals, ReorderingMetrics.maxTracked)
            var extent = 0
            for back in stride(from: window, through: 1, by: -1) where TCPSequenceNumber.gt(arrival(back: back).seq, seq) {
                extent = back
                break
            }
            let late: Int64? = extent > 0 ? max(0, time &- rings.time(arrival(back: extent), clock: clock)) : nil
            var n3 = false
            if arrivals >= 3 {
                n3 = true
                for back in 1...3 where !TCPSequenceNumber.gt(arrival(back: back).seq, seq) { n3 = false }
            }
            return .reordered(extent: extent, late: late, n3: n3, switched: previousMember >= 0 && previousMember != member)
        }
    }

    /// What one data segment adds to the events.
    enum Event: Sendable {
        case duplicate
        case discontinuity(bytes: UInt64)
        case reordered(extent: Int, late: Int64?, n3: Bool, switched: Bool)

        var isReordered: Bool { if case .reordered = self { true } else { false } }
    }

    /// What a direction needs once a segment was reordered, duplicated or skipped ahead.
    struct Events: Sendable {
        var reordered = 0
        var maxExtent = 0
        var histogram = [Int](repeating: 0, count: 8)
        var n3Reordered = 0
        var maxLateTime: Int64 = 0
        var totalLateTime: Int64 = 0
        var discontinuities = 0
        var discontinuityBytes: UInt64 = 0
        var duplicates = 0
        var reorderedAfterMemberSwitch = 0
        var reorderedOnSameMember = 0
        /// Data segments the core counted and carried here (`Core.carry`).
        var carriedPackets = 0

        /// What one data segment adds: its event (nil: none) and the segments the core carried
        /// with it (0 nearly always).
        mutating func record(_ event: Event?, carried: Int) {
            carriedPackets += carried
            if let event { record(event) }
        }

        mutating func record(_ event: Event) {
            switch event {
            case .duplicate: duplicates += 1
            case .discontinuity(let bytes):
                discontinuities += 1
                discontinuityBytes += bytes
            case let .reordered(extent, late, n3, switched):
                reordered += 1
                if switched { reorderedAfterMemberSwitch += 1 } else { reorderedOnSameMember += 1 }
                if let late {
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
                case 32..<ReorderingMetrics.maxTracked: bin = 6
                default: bin = 7
                }
                histogram[bin] += 1
                if n3 { n3Reordered += 1 }
            }
        }
    }

    private(set) var core = Core()
    private var events = OnDemand<Events>()

    /// Data segments counted (every first copy).
    public var packets: Int { Int(core.packets) + (events.value?.carriedPackets ?? 0) }
    public var reordered: Int { events.value?.reordered ?? 0 }
    /// Reordering extent (RFC 4737 4.2): how many arrivals earlier the first packet with a
    /// larger sequence came; extents of `maxTracked` or more are counted as `maxTracked`.
    public var maxExtent: Int { events.value?.maxExtent ?? 0 }
    public var extentHistogram: [Int] { events.value?.histogram ?? [Int](repeating: 0, count: 8) }
    /// n-reordering (RFC 4737 5): reordered packets whose `n` immediate predecessors all had
    /// larger sequence numbers, for n = 3 (what TCP's three duplicate ACKs react to).
    public var n3Reordered: Int { events.value?.n3Reordered ?? 0 }
    /// Late-time offset (RFC 4737 4.2.3): how long after the earliest earlier arrival with a
    /// larger sequence a reordered packet came — what a time-limited reorder buffer must wait.
    public var maxLateTime: Int64 { events.value?.maxLateTime ?? 0 }
    public var totalLateTime: Int64 { events.value?.totalLateTime ?? 0 }
    /// Sequence discontinuities (RFC 4737 3.4): arrivals above NextExp, and the bytes skipped.
    public var discontinuities: Int { events.value?.discontinuities ?? 0 }
    public var discontinuityBytes: UInt64 { events.value?.discontinuityBytes ?? 0 }
    public var duplicates: Int { events.value?.duplicates ?? 0 }
    /// Reordered segments that arrived on a different member than the data segment before them
    /// in this direction (striping), and on the same member.
    public var reorderedAfterMemberSwitch: Int { events.value?.reorderedAfterMemberSwitch ?? 0 }
    public var reorderedOnSameMember: Int { events.value?.reorderedOnSameMember ?? 0 }

    static let maxTracked = 64

    public init() {}

    /// The metrics as the flow table keeps them, the core and the events apart.
    init(_ core: Core, events: Events?) {
        self.core = core
        if let events { self.events.modify(or: events) { _ in } }
    }

    /// Bin edges of `extentHistogram`: 1, 2, 3, 4–7, 8–15, 16–31, 32–63, ≥64.
    public static let extentBins = ["1", "2", "3", "4-7", "8-15", "16-31", "32-63", ">=64"]

    /// Starts fetching the ring slot the next arrival takes.
    @inline(__always)
    func prefetch(_ rings: ArrivalRings) { core.prefetch(rings) }

    /// Gives the ring back to `rings` (the flow leaves the table).
    mutating func releaseRing(_ rings: ArrivalRings) { core.releaseRing(rings) }

    /// Accounts one data segment (seq, len > 0) that arrived on `member`, its arrival kept in
    /// `rings` (the same arena for every observation of these metrics), its time as an offset
    /// from 0 in nanoseconds (in a cell beyond 2.1 s). Returns whether it was reordered.
    @discardableResult
    public mutating func observe(seq: UInt32, length: UInt32, member: Int32, time: Int64 = 0, rings: ArrivalRings) -> Bool {
        observe(seq: seq, length: length, member: member, time: time,
                clock: FlowClock(base: 0, microseconds: false, now: time), rings: rings)
    }

    /// `observe` with the arrival's time kept by `clock` (the same clock for every segment of
    /// these metrics).
    @discardableResult
    mutating func observe(seq: UInt32, length: UInt32, member: Int32, time: Int64, clock: FlowClock, rings: ArrivalRings) -> Bool {
        let event = core.observe(seq: seq, length: length, member: member, time: time, clock: clock, rings: rings)
        let carried = core.carry()
        guard event != nil || carried > 0 else { return false }
        events.modify(or: Events()) { $0.record(event, carried: carried) }
        return event?.isReordered ?? false
    }

    /// Mean late-time offset of the reordered packets, in ns.
    public var meanLateTime: Int64 { reordered == 0 ? 0 : totalLateTime / Int64(reordered) }

    /// Reordered share of the data segments (0 when there are none).
    public var ratio: Double { packets == 0 ? 0 : Double(reordered) / Double(packets) }
}
