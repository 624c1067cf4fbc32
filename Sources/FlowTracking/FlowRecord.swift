import PacketWire

/// One flow: a TCP connection (from its SYN, or from the first segment seen) or a UDP/ICMP/SCTP
/// flow (ended by an idle timeout). Forward is client → server when the SYN showed who is who,
/// else the direction of the first packet.
public struct FlowRecord: Sendable {
    // Declared widest first, so that the record has no holes: every tracked flow has one.
    public let key: FlowKey
    public var first: Int64
    public var last: Int64
    /// Transport payload bytes over every copy seen (0: no data, e.g. a bare SYN).
    public var payloadBytes = 0
    /// The first member and the first observing host live in the record itself, the rest in
    /// arrays: most flows have one of each, and the per-packet update then follows no pointer
    /// (each array access is a cache miss and a copy-on-write check).
    var firstMember = MemberFlowCount(member: -1, host: -1, time: 0)
    var otherMembers: [MemberFlowCount] = []
    var firstObservation: FlowObservation
    var otherObservations: [FlowObservation] = []
    /// The sequence number of the flow's first SYN (without ACK): a later SYN with the same
    /// number is that SYN again, not a new connection (TShark's rule).
    public var synSequence: UInt32?
    /// Free for the owner to index per-flow extras (time series); -1 when unused.
    public var extra: Int32 = -1
    var lastMemberIndex: Int32 = 0
    var lastObservationIndex: Int32 = 0
    /// Whether forward is `key.a` → `key.b`.
    public let forwardIsAToB: Bool
    public var sawSYN = false
    public var forwardFIN = false
    public var reverseFIN = false
    public var reset = false
    /// Which (host < 4, direction) pairs already gave a sample frame: bit host * 2 + forward.
    var sampled: UInt8 = 0

    /// Packets and bytes over every copy seen: a flow captured on both hosts counts twice here
    /// (`once` gives it as one host saw it). Every packet counts at exactly one member, so these
    /// are the members' sums, not kept twice.
    public var packets: Int {
        var n = firstMember.forwardPackets + firstMember.reversePackets
        for m in otherMembers { n += m.forwardPackets + m.reversePackets }
        return n
    }
    public var bytes: Int {
        var n = firstMember.forwardBytes + firstMember.reverseBytes
        for m in otherMembers { n += m.forwardBytes + m.reverseBytes }
        return n
    }

    /// Every member that carried the flow (on any host), in order of appearance.
    public var members: [MemberFlowCount] { firstMember.member < 0 ? [] : [firstMember] + otherMembers }
    /// The flow's traffic once: as the host that saw most of its packets saw it (ties: the
    /// first to see it), not the sum of both hosts' copies.
    public var once: (packets: Int, bytes: Int) {
        var best = (packets: firstObservation.forward.packets + firstObservation.reverse.packets,
                    bytes: firstObservation.forward.bytes + firstObservation.reverse.bytes)
        for o in otherObservations {
            let p = o.forward.packets + o.reverse.packets
            if p > best.packets { best = (p, o.forward.bytes + o.reverse.bytes) }
        }
        return best
    }

    /// The host whose view `once` gives.
    public var onceHost: Int32 {
        var best = (packets: firstObservation.forward.packets + firstObservation.reverse.packets, host: firstObservation.host)
        for o in otherObservations {
            let p = o.forward.packets + o.reverse.packets
            if p > best.packets { best = (p, o.host) }
        }
        return best.host
    }

    /// Every host's view of the flow, in order of appearance.
    public var observations: [FlowObservation] { firstObservation.host < 0 ? [] : [firstObservation] + otherObservations }
    init(key: FlowKey, forwardIsAToB: Bool, time: Int64, host: Int32 = -1) {
        firstObservation = FlowObservation(host: host)
        self.key = key
        self.forwardIsAToB = forwardIsAToB
        first = time
        last = time
    }

    public var isClosed: Bool { reset || (forwardFIN && reverseFIN) }

    /// The forward direction's endpoints: source address and port, destination address and port.
    public var forwardEndpoints: (source: IPAddress, sourcePort: UInt16, destination: IPAddress, destinationPort: UInt16) {
        forwardIsAToB ? (key.a, key.aPort, key.b, key.bPort) : (key.b, key.bPort, key.a, key.aPort)
    }
}
