import PacketWire

/// A transport flow's identity, canonical: the lower (address, port) endpoint is `a`, so both
/// directions of a TCP connection share one key. Fixed-size; hashes with one 64-bit mix.
public struct FlowKey: Hashable, Sendable {
    public var a: IPAddress
    public var b: IPAddress
    public var aPort: UInt16
    public var bPort: UInt16
    public var ipProtocol: UInt8

    /// The key of a packet, and whether the packet travels from `a` to `b`.
    @inline(__always)
    public static func of(_ d: DecodedPacket) -> (key: FlowKey, aToB: Bool) {
        let forward = (d.source, d.sourcePort) < (d.destination, d.destinationPort)
            || ((d.source, d.sourcePort) == (d.destination, d.destinationPort))
        let (sp, dp) = d.ipProtocol == .icmp || d.ipProtocol == .icmpv6 ? (d.icmpIdentifier, d.icmpIdentifier) : (d.sourcePort, d.destinationPort)
        if forward {
            return (FlowKey(a: d.source, b: d.destination, aPort: sp, bPort: dp, ipProtocol: d.ipProtocol.rawValue), true)
        }
        return (FlowKey(a: d.destination, b: d.source, aPort: dp, bPort: sp, ipProtocol: d.ipProtocol.rawValue), false)
    }

    @inline(__always)
    public func hash(into hasher: inout Hasher) {
        var h = a.low &* 0x9E37_79B9_7F4A_7C15 ^ a.high
        h = (h ^ b.low) &* 0xFF51_AFD7_ED55_8CCD ^ b.high
        h ^= UInt64(aPort) << 40 | UInt64(bPort) << 16 | UInt64(ipProtocol)
        hasher.combine(h &* 0xC4CE_B9FE_1A85_EC53)
    }

    public var protocolName: String {
        switch ipProtocol {
        case 6: return "tcp"
        case 17: return "udp"
        case 1: return "icmp"
        case 58: return "icmpv6"
        case 132: return "sctp"
        default: return "ip-\(ipProtocol)"
        }
    }
}
