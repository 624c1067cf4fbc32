import PacketWire

/// One RDMA flow (`RDMAFlowKey`) as one host saw it: packets, bytes and members, the UDP source
/// ports it used (RoCEv2 puts a flow hash there for ECMP and team hashing, annex A17.3.2), its
/// PSN sequence, NAKs and member moves.
public struct RDMAFlowRecord: Sendable {
    public let key: RDMAFlowKey
    public var first: Int64
    public var last: Int64
    public var packets = 0
    public var bytes = 0
    /// The UDP source port of its first packet, and up to `maxPorts` distinct ones.
    public var sourcePort: UInt16
    public private(set) var sourcePorts: [UInt16]
    public var members: [RDMAMemberCount] = []
    /// Request packets' PSNs (responses repeat request PSNs and are not counted).
    public var sequence = PSNSequence()
    /// AETHs whose syndrome is a NAK (9.7.5.2.2), and receiver-not-ready NAKs.
    public var naks = 0
    public var receiverNotReady = 0
    /// RoCEv2 congestion notification packets (annex A17.9.2).
    public var congestionNotifications = 0
    public var moves = MoveTracker()

    static let maxPorts = 16

    public init(key: RDMAFlowKey, time: Int64, sourcePort: UInt16) {
        self.key = key
        first = time
        last = time
        self.sourcePort = sourcePort
        sourcePorts = [sourcePort]
    }

    mutating func notePort(_ port: UInt16) {
        if port != sourcePort && sourcePorts.count < Self.maxPorts && !sourcePorts.contains(port) { sourcePorts.append(port) }
    }

    mutating func count(member: Int32, bytes: Int, sent: Bool) {
        let i: Int
        if let found = members.firstIndex(where: { $0.member == member }) { i = found } else {
            members.append(RDMAMemberCount(member: member))
            i = members.count - 1
        }
        members[i].packets += 1
        members[i].bytes += bytes
        if sent { members[i].sentBytes += bytes }
    }
}
