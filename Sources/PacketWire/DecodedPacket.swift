/// What the decoder learned about one frame: small, fixed-size, no references, so it costs no
/// allocation. Offsets point into the lent packet bytes it was decoded from.
public struct DecodedPacket: Sendable {
    public var status: DecodeStatus = .complete

    // Link layer
    /// A source MAC was read (Ethernet, or an SLL/SLL2 address of six octets).
    public var hasMAC = false
    /// A destination MAC was read: Ethernet frames have one; SLL/SLL2 and raw IP do not.
    public var hasDestinationMAC = false
    public var sourceMAC = MACAddress.zero
    public var destinationMAC = MACAddress.zero
    /// Linux SLL/SLL2 packet type (0 host, 1 broadcast, 2 multicast, 3 other host, 4 outgoing).
    public var sllPacketType: UInt16?
    /// Number of 802.1Q/802.1ad tags, and the VLAN ids of the outer two.
    public var vlanTagCount: UInt8 = 0
    public var outerVLAN: UInt16 = 0
    public var innerVLAN: UInt16 = 0
    public var mplsLabelCount: UInt8 = 0
    public var pppoe = false
    /// The EtherType after all tags (or the protocol implied by the link type).
    public var etherType = EtherType(rawValue: 0)
    public var network: NetworkKind = .none
    /// Offset of the network header.
    public var networkOffset = 0
    /// Where the enclosing layer says the frame ends (wire length, or a PPPoE payload's end).
    public var reportedEnd = 0

    // Network layer
    public var source = IPAddress.none
    public var destination = IPAddress.none
    public var ipProtocol = IPProtocol(rawValue: 255)
    public var ttl: UInt8 = 0
    /// IPv4 identification (or the IPv6 fragment header's identification).
    public var ipID: UInt32 = 0
    /// The IP datagram's length from its own header (total length, or payload + 40 for IPv6).
    public var ipLength = 0
    public var isFragment = false
    /// Fragment offset in bytes; non-zero means no transport header is present.
    public var fragmentOffset = 0
    public var moreFragments = false
    /// IPv4 DSCP/ECN or IPv6 traffic class.
    public var trafficClass: UInt8 = 0
    /// IPv6 flow label.
    public var flowLabel: UInt32 = 0

    // Transport layer
    public var hasTransport = false
    public var transportOffset = 0
    public var sourcePort: UInt16 = 0
    public var destinationPort: UInt16 = 0
    public var tcpSequence: UInt32 = 0
    public var tcpAcknowledgment: UInt32 = 0
    public var tcpFlags = TCPFlags()
    public var tcpWindow: UInt16 = 0
    public var tcpHeaderLength = 0
    public var checksum: UInt16 = 0
    /// ICMP/ICMPv6 type, code and echo identifier.
    public var icmpType: UInt8 = 0
    public var icmpCode: UInt8 = 0
    public var icmpIdentifier: UInt16 = 0
    /// Offset of the transport payload in the captured bytes.
    public var payloadOffset = 0
    /// Transport payload length as the IP header declares it (independent of snaplen).
    public var payloadLength = 0

    @inlinable public init() {}

    @inlinable public var isIP: Bool { network == .ipv4 || network == .ipv6 }
    @inlinable public var isTCP: Bool { hasTransport && ipProtocol == .tcp }
    @inlinable public var isUDP: Bool { hasTransport && ipProtocol == .udp }
}
