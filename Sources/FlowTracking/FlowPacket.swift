import PacketWire

/// What the flow stage reads of a packet, copied from its `DecodedPacket` where it was decoded
/// (the counting pass) and handed to the stage in the packet's place, so that no packet is
/// decoded twice: its two ends, its TCP header's numbers, its payload's length, and the few link
/// facts the stage's neighbour table and sampled frames need. 72 bytes, no references (a
/// `DecodedPacket` is about 200), plain copies of the decoder's fields: the counting thread, the
/// busier of the two, only copies; the stage works out the flow's key and hash (`FlowProbe`).
public struct FlowPacket: Sendable {
    @usableFromInline let sourceHigh: UInt64
    @usableFromInline let sourceLow: UInt64
    @usableFromInline let destinationHigh: UInt64
    @usableFromInline let destinationLow: UInt64
    /// The source MAC, where the link header has one (`hasMAC`).
    public let sourceMAC: MACAddress
    public let tcpSequence: UInt32
    public let tcpAcknowledgment: UInt32
    @usableFromInline let payload: Int32
    /// Where the network header starts in the captured bytes.
    public let networkOffset: UInt32
    /// The ports as the flow key has them: TCP's, UDP's, SCTP's; ICMP echo's identifier, twice.
    @usableFromInline let sourcePort: UInt16
    @usableFromInline let destinationPort: UInt16
    public let tcpWindow: UInt16
    /// The EtherType after all tags (or the protocol implied by the link type).
    public let etherType: EtherType
    public let tcpFlags: TCPFlags
    public let ipProtocol: IPProtocol
    public let status: DecodeStatus
    @usableFromInline let bits: UInt8

    @usableFromInline static let transport: UInt8 = 1, ip: UInt8 = 2, mac: UInt8 = 4, large: UInt8 = 8
    @usableFromInline static let sourceIPv6: UInt8 = 16, destinationIPv6: UInt8 = 32

    /// The facts of `d`. Inlinable: the counting pass copies them where it decoded `d`, with no
    /// call and no copy of `d` in between.
    @inlinable @inline(__always)
    public init(_ d: DecodedPacket) {
        sourceHigh = d.source.high
        sourceLow = d.source.low
        destinationHigh = d.destination.high
        destinationLow = d.destination.low
        sourceMAC = d.sourceMAC
        tcpSequence = d.tcpSequence
        tcpAcknowledgment = d.tcpAcknowledgment
        // The decoder's lengths come from 16-bit header fields and its offsets from the captured
        // bytes: they fit; clamping only keeps a wrong value from trapping.
        payload = Int32(clamping: d.payloadLength)
        networkOffset = UInt32(clamping: d.networkOffset)
        // ICMP carries no ports (the decoder leaves them zero): its key pairs echo identifiers.
        let icmp = d.ipProtocol == .icmp || d.ipProtocol == .icmpv6
        sourcePort = icmp ? d.icmpIdentifier : d.sourcePort
        destinationPort = icmp ? d.icmpIdentifier : d.destinationPort
        tcpWindow = d.tcpWindow
        etherType = d.etherType
        tcpFlags = d.tcpFlags
        ipProtocol = d.ipProtocol
        status = d.status
        var b: UInt8 = d.hasTransport ? Self.transport : 0
        if d.network == .ipv4 || d.network == .ipv6 { b |= Self.ip }
        if d.hasMAC { b |= Self.mac }
        if d.ipLength > 1500 { b |= Self.large }
        if d.source.isIPv6 { b |= Self.sourceIPv6 }
        if d.destination.isIPv6 { b |= Self.destinationIPv6 }
        bits = b
    }

    /// A transport header was read (`DecodedPacket.hasTransport`).
    @inline(__always) public var hasTransport: Bool { bits & Self.transport != 0 }
    @inline(__always) public var isIP: Bool { bits & Self.ip != 0 }
    @inline(__always) public var hasMAC: Bool { bits & Self.mac != 0 }
    /// The IP datagram is longer than 1500 bytes (a path that drops jumbo frames retransmits these).
    @inline(__always) public var isLargeDatagram: Bool { bits & Self.large != 0 }
    @inline(__always) public var isTCP: Bool { hasTransport && ipProtocol == .tcp }
    /// Transport payload length as the IP header declares it.
    @inline(__always) public var payloadLength: Int { Int(payload) }

    @inline(__always) public var source: IPAddress { IPAddress(high: sourceHigh, low: sourceLow, ipv6: bits & Self.sourceIPv6 != 0) }
    @inline(__always) public var destination: IPAddress {
        IPAddress(high: destinationHigh, low: destinationLow, ipv6: bits & Self.destinationIPv6 != 0)
    }
}
