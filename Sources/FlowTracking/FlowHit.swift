/// Which flow a packet belonged to, and in which of its directions: what `FlowTable.observe`
/// hands back, so a caller needs no second look into the table.
public struct FlowHit: Sendable, Equatable {
    /// The flow's index in the table, or -1 when the packet belongs to no tracked flow.
    public var index: Int
    /// The packet went the flow's forward way (the SYN's direction, else its first packet's).
    public var forward: Bool

    /// TCP analysis flagged the packet as a retransmission (plain, fast or spurious).
    public var retransmission: Bool

    @inlinable public init(index: Int, forward: Bool, retransmission: Bool = false) {
        self.index = index
        self.forward = forward
        self.retransmission = retransmission
    }

    public static let none = FlowHit(index: -1, forward: true)
}
