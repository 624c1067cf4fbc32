import PacketWire

extension IPAddress {
    /// The address stored as its two 64-bit halves and its family, the way `FlowKey` and
    /// `FlowPacket` keep their ends (packed, without `IPAddress`'s padding).
    @inline(__always)
    init(high: UInt64, low: UInt64, ipv6: Bool) {
        self.init(high: high, low: low)
        isIPv6 = ipv6
    }
}
