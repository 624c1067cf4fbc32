import PacketWire

/// One NETWORK_INTERFACE_INFO entry of an FSCTL_QUERY_NETWORK_INTERFACE_INFO response
/// ([MS-SMB2] 2.2.32.5): 152 bytes — Next, IfIndex, Capability (0x1 RSS, 0x2 RDMA), the field the
/// spec calls Reserved and Wireshark reads as the RSS queue count, LinkSpeed in bits/s, and a
/// SOCKADDR_STORAGE (family 0x0002 IPv4 or 0x0017 IPv6).
public struct SMBNetworkInterface: Sendable, Hashable {
    public var index: UInt32
    public var capability: UInt32
    public var rssQueueCount: UInt32
    public var linkSpeed: UInt64
    public var address: IPAddress?
    /// The socket address family when it is neither IPv4 nor IPv6.
    public var otherFamily: UInt16?

    public var rss: Bool { capability & 0x1 != 0 }
    public var rdma: Bool { capability & 0x2 != 0 }

    static let size = 152
    /// Most entries one response may list before the rest are ignored as hostile.
    static let maxEntries = 256

    init(_ b: SMBBytes, at o: Int) throws(SMBParse) {
        index = try b.u32(o + 4)
        capability = try b.u32(o + 8)
        rssQueueCount = try b.u32(o + 12)
        linkSpeed = try b.u64(o + 16)
        let family = try b.u16(o + 24)
        switch family {
        case 0x0002:
            try b.check(o + 28, 4)
            address = IPAddress(ipv4: UInt32(b.base[o + 28]) << 24 | UInt32(b.base[o + 29]) << 16 | UInt32(b.base[o + 30]) << 8 | UInt32(b.base[o + 31]))
        case 0x0017:
            try b.check(o + 32, 16)
            var high: UInt64 = 0, low: UInt64 = 0
            for i in 0..<8 { high = high << 8 | UInt64(b.base[o + 32 + i]) }
            for i in 8..<16 { low = low << 8 | UInt64(b.base[o + 32 + i]) }
            address = IPAddress(high: high, low: low)
        default:
            otherFamily = family
        }
    }

    /// Every entry of the chain that starts at the beginning of `b`. A Next shorter than an entry,
    /// or pointing past the buffer, is malformed; the entries before it are kept in `partial`.
    static func chain(_ b: SMBBytes, partial: inout [SMBNetworkInterface]) throws(SMBParse) {
        var o = 0
        while partial.count < maxEntries {
            let next = Int(try b.u32(o))
            partial.append(try SMBNetworkInterface(b, at: o))
            if next == 0 { return }
            guard next >= size else { throw .malformed("NETWORK_INTERFACE_INFO Next \(next) is shorter than an entry (152 bytes)") }
            o += next
        }
    }
}
