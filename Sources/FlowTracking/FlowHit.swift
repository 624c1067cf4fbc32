/// Which flow a packet belonged to, and in which of its directions: what `FlowTable.observe`
/// hands back, so a caller needs no second look into the table.
public struct FlowHit: Sendable, Equatable {
    /// The flow's index in the table, or -1 when the packet belongs to no tracked flow.
    public var index: Int
    /// The packet went the flow's forward way (the SYN's direction, else its first packet's).
    public var forward: Bool

    /// TCP analysis flagged the packet as a retransmission (plain, fast or spurious).
    public var retransmission: Bool

    /// The flow's extra index as the packet found it (`FlowTable.setExtra`; -1: none), and its
    /// sampled (host, direction) bits (`FlowTable.claimSample`): read while the record is in
    /// the cache, so that the caller's per-packet path makes no second call into the table.
    public var extra: Int32
    public var sampled: UInt8

    @inlinable public init(index: Int, forward: Bool, retransmission: Bool = false, extra: Int32 = -1, sampled: UInt8 = 0) {
        self.index = index
        self.forward = forward
        self.retransmission = retransmission
        self.extra = extra
        self.sampled = sampled
    }

    /// Whether `FlowTable.claimSample` would claim (`host`, `forward`) for this packet's flow:
    /// false when that host's sample of the direction is taken already, or for hosts beyond the
    /// fourth (which get none).
    @inlinable @inline(__always) public func unsampled(host: Int32, forward: Bool) -> Bool {
        host < 4 && sampled & Self.sampleBit(host: host, forward: forward) == 0
    }

    /// The bit of (`host` < 4, `forward`) in a flow's sampled bits: host * 2 + forward.
    @inlinable @inline(__always) static func sampleBit(host: Int32, forward: Bool) -> UInt8 {
        1 << UInt8(truncatingIfNeeded: host &* 2 &+ (forward ? 1 : 0))
    }

    @inlinable public static var none: FlowHit { FlowHit(index: -1, forward: true) }
}
