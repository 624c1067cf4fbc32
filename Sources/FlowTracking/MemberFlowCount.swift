/// What one member carried of one flow, per direction (forward = `FlowRecord.forwardIsAToB`), as
/// read from the flow table (which keeps it as a `FlowMemberState`).
public struct MemberFlowCount: Sendable {
    public var member: Int32
    public var host: Int32
    public var forwardPackets = 0
    public var forwardBytes = 0
    public var reversePackets = 0
    public var reverseBytes = 0
    /// Bytes this member's host counted as sent by itself, per direction.
    public var forwardSentBytes = 0
    public var reverseSentBytes = 0
    public var first: Int64
    public var last: Int64

    init(member: Int32, host: Int32, time: Int64) {
        self.member = member
        self.host = host
        first = time
        last = time
    }

    /// Bytes of one direction, all of them, those the host sent, and those it received.
    public func bytes(forward: Bool) -> Int { forward ? forwardBytes : reverseBytes }
    public func sentBytes(forward: Bool) -> Int { forward ? forwardSentBytes : reverseSentBytes }
    public func receivedBytes(forward: Bool) -> Int { bytes(forward: forward) - sentBytes(forward: forward) }
}
