import PacketWire

/// A transport flow's identity, canonical: the lower (address, port) endpoint is `a`, so both
/// directions of a TCP connection share one key. Fixed-size (40 bytes: the addresses' words,
/// the ports, the protocol and one byte for both addresses' families, where two `IPAddress`
/// values would pad to 48); hashes with one 64-bit mix.
public struct FlowKey: Hashable, Sendable {
    var aHigh: UInt64
    var aLow: UInt64
    var bHigh: UInt64
    var bLow: UInt64
    public var aPort: UInt16
    public var bPort: UInt16
    public var ipProtocol: UInt8
    /// Bit 0: `a` is IPv6; bit 1: `b` is.
    private var families: UInt8

    public init(a: IPAddress, b: IPAddress, aPort: UInt16, bPort: UInt16, ipProtocol: UInt8) {
        aHigh = a.high
        aLow = a.low
        bHigh = b.high
        bLow = b.low
        self.aPort = aPort
        self.bPort = bPort
        self.ipProtocol = ipProtocol
        families = (a.isIPv6 ? 1 : 0) | (b.isIPv6 ? 2 : 0)
    }

    public var a: IPAddress {
        get { IPAddress(high: aHigh, low: aLow, ipv6: families & 1 != 0) }
        set { aHigh = newValue.high; aLow = newValue.low; families = families & ~1 | (newValue.isIPv6 ? 1 : 0) }
    }

    public var b: IPAddress {
        get { IPAddress(high: bHigh, low: bLow, ipv6: families & 2 != 0) }
        set { bHigh = newValue.high; bLow = newValue.low; families = families & ~2 | (newValue.isIPv6 ? 2 : 0) }
    }

    /// The key of a packet, and whether the packet travels from `a` to `b`.
    @inline(__always)
    public static func of(_ d: DecodedPacket) -> (key: FlowKey, aToB: Bool) {
        let (sp, dp) = d.ipProtocol == .icmp || d.ipProtocol == .icmpv6 ? (d.icmpIdentifier, d.icmpIdentifier) : (d.sourcePort, d.destinationPort)
        return of(source: d.source, sourcePort: sp, destination: d.destination, destinationPort: dp, ipProtocol: d.ipProtocol.rawValue)
    }

    /// The key of a packet from `source` to `destination` with the key's ports (ICMP: the echo
    /// identifier at both ends; ICMP carries no ports, so ordering by them or by the identifier
    /// is the same), and whether the packet travels from `a` to `b`.
    @inline(__always)
    static func of(source: IPAddress, sourcePort sp: UInt16, destination: IPAddress, destinationPort dp: UInt16,
                   ipProtocol: UInt8) -> (key: FlowKey, aToB: Bool) {
        // `(source, sp) <= (destination, dp)`, written out: the tuple comparison is a generic
        // call per packet.
        if source == destination ? sp <= dp : source < destination {
            return (FlowKey(a: source, b: destination, aPort: sp, bPort: dp, ipProtocol: ipProtocol), true)
        }
        return (FlowKey(a: destination, b: source, aPort: dp, bPort: sp, ipProtocol: ipProtocol), false)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(FlowIndex.hash(self))
    }
}
