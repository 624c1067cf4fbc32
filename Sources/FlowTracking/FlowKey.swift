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

    public func hash(into hasher: inout Hasher) {
        hasher.combine(FlowIndex.hash(self))
    }
}
