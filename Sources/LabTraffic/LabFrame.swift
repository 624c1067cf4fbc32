/// One frame of a synthetic scenario and where it was captured: by the sender on the member
/// that carried it, and by the receiver on the member it arrived on.
public struct LabFrame: Sendable {
    public var time: Int64
    public var frame: FrameBuilder.Frame
    /// The sending host's index in the scenario and the member it left on (nil: not captured).
    public var sender: Int
    public var senderMember: Int?
    /// The receiving host and the member it arrived on (nil: not captured there).
    public var receiver: Int
    public var receiverMember: Int?
    /// How long after `time` the receiver captured it (nil: the scenario's one latency).
    public var latency: Int64? = nil
}
