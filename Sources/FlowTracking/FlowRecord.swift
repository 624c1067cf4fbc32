/// One flow: a TCP connection (from its SYN, or from the first segment seen) or a UDP/ICMP/SCTP
/// flow (ended by an idle timeout). Forward is client → server when the SYN showed who is who,
/// else the direction of the first packet.
public struct FlowRecord: Sendable {
    public let key: FlowKey
    /// Whether forward is `key.a` → `key.b`.
    public let forwardIsAToB: Bool
    public var first: Int64
    public var last: Int64
    public var packets = 0
    public var bytes = 0
    /// Transport payload bytes over every copy seen (0: no data, e.g. a bare SYN).
    public var payloadBytes = 0
    public var sawSYN = false
    public var forwardFIN = false
    public var reverseFIN = false
    public var reset = false
    public var members: [MemberFlowCount] = []
    public var observations: [FlowObservation] = []
    /// Free for the owner to index per-flow extras (time series); -1 when unused.
    public var extra: Int32 = -1
    var lastMemberIndex: Int32 = 0
    /// Which (host < 4, direction) pairs already gave a sample frame: bit host * 2 + forward.
    var sampled: UInt8 = 0
    var lastObservationIndex: Int32 = 0

    init(key: FlowKey, forwardIsAToB: Bool, time: Int64) {
        self.key = key
        self.forwardIsAToB = forwardIsAToB
        first = time
        last = time
    }

    public var isClosed: Bool { reset || (forwardFIN && reverseFIN) }
}
