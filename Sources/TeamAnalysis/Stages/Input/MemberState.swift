import PacketWire

/// Whether an interface is a team member or an aggregate capture point (bond master, team
/// adapter, virtual switch component) whose packets repeat the members'.
enum SlotRole: Equatable {
    case member
    case aggregate(reason: AggregateReason)

    var isAggregate: Bool { if case .aggregate = self { return true } else { return false } }
    /// The role as the report names it.
    var report: InterfaceRole { isAggregate ? .aggregate : .member }
}

/// An ARP reply's sender: its IPv4 address and hardware address.
struct ARPReply: Equatable {
    var address: UInt32
    var mac: UInt64
}

/// What one member (or aggregate) has accumulated during the main pass.
struct MemberState {
    let host: Int
    let hostName: String
    let name: String
    var role: SlotRole = .member {
        didSet { isAggregate = role.isAggregate }
    }
    /// `role.isAggregate`, stored: the hot path must not copy the role's reason string.
    private(set) var isAggregate = false
    var all = TrafficCount()
    var sent = TrafficCount()
    var received = TrafficCount()
    var unknown = TrafficCount()
    var sources = DirectionSourceCounts()
    var decode = DecodeCounts()
    var first = Int64.max
    var last = Int64.min
    var sentBins: TimeBins
    var receivedBins: TimeBins
    var unknownBins: TimeBins
    /// The source MACs of frames this member sent (at most 8): a member sending with a MAC other
    /// than its teammates' is rewriting the source MAC.
    var sentSourceMACs: [UInt64] = []
    /// The host's direction is one hypothesis of several: its LACPDUs stay undirected.
    var lacpUndirected = false
    /// The unicast destination MACs of frames this member received (at most 8): the MACs peers
    /// address the host by, which a source-MAC rewrite leaves out.
    var receivedDestinationMACs: [UInt64] = []
    /// The sender protocol and hardware addresses of ARP replies this member sent (at most 8
    /// pairs): balance-alb answers for one address with each member's own MAC, peer by peer,
    /// to balance what it receives (bond_alb.c, receive load balancing).
    var arpReplies: [ARPReply] = []
    /// IP packets this member sent with TTL / hop limit 64 (Linux's initial value,
    /// net.ipv4.ip_default_ttl) and 128 (Windows' DefaultTTL): a packet captured on the sending
    /// host's own member still carries the initial value.
    var sentTTL64 = 0
    var sentTTL128 = 0
    /// The unicast MACs this member's frames carried, either way (at most 16; `macsOverflow`
    /// once more were seen): members that share none may not be one team.
    var seenMACs: [UInt64] = []
    var macsOverflow = false
    /// The last two MACs `noteMAC` found or put in `seenMACs` (0: none yet).
    var recentMACs: (UInt64, UInt64) = (0, 0)
    var matchedOnMember = 0
    var onlyOnAggregate = 0
    var health = MemberHealth()
    var lacp = LACPLink()

    init(host: Int, hostName: String, name: String, origin: Int64, binWidth: Int64) {
        self.host = host
        self.hostName = hostName
        self.name = name
        sentBins = TimeBins(origin: origin, width: binWidth)
        receivedBins = TimeBins(origin: origin, width: binWidth)
        unknownBins = TimeBins(origin: origin, width: binWidth)
    }

    @inline(__always)
    mutating func count(_ d: DecodedPacket) {
        switch d.network {
        case .ipv4: decode.ipv4 += 1
        case .ipv6: decode.ipv6 += 1
        default: if d.status != .unsupportedLink { decode.nonIP += 1 }
        }
        if d.hasTransport {
            switch d.ipProtocol {
            case .tcp: decode.tcp += 1
            case .udp: decode.udp += 1
            case .icmp, .icmpv6: decode.icmp += 1
            default: break
            }
        }
        if d.vlanTagCount > 0 { decode.vlanTagged += 1 }
        switch d.status {
        case .truncated: decode.truncated += 1
        case .malformed: decode.malformed += 1
        case .unsupportedLink: decode.undecodedLinkType += 1
        case .complete: break
        }
    }
}
