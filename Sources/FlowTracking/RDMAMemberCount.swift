/// Packets and bytes (frame lengths on the wire) one member carried of an RDMA flow.
public struct RDMAMemberCount: Sendable, Equatable {
    public var member: Int32
    public var packets = 0
    public var bytes = 0
    /// Of them, what the capturing host sent (the rest it received or could not tell).
    public var sentBytes = 0

    public init(member: Int32) { self.member = member }
}
