/// An IEEE 802 EtherType (IEEE Registration Authority). Open: unknown values survive.
public struct EtherType: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let ipv4 = EtherType(rawValue: 0x0800)
    public static let arp = EtherType(rawValue: 0x0806)
    /// IEEE 802.1Q customer VLAN tag.
    public static let vlan = EtherType(rawValue: 0x8100)
    public static let ipv6 = EtherType(rawValue: 0x86DD)
    /// Slow protocols (LACP, marker), IEEE 802.3 annex 43B.
    public static let slowProtocols = EtherType(rawValue: 0x8809)
    public static let mplsUnicast = EtherType(rawValue: 0x8847)
    public static let mplsMulticast = EtherType(rawValue: 0x8848)
    /// PPPoE discovery stage (RFC 2516).
    public static let pppoeDiscovery = EtherType(rawValue: 0x8863)
    /// PPPoE session stage (RFC 2516).
    public static let pppoeSession = EtherType(rawValue: 0x8864)
    /// IEEE 802.1ad service VLAN tag (QinQ outer tag).
    public static let serviceVLAN = EtherType(rawValue: 0x88A8)
    public static let lldp = EtherType(rawValue: 0x88CC)
    /// Pre-standard QinQ outer tag used by some switches.
    public static let legacyQinQ = EtherType(rawValue: 0x9100)

    /// Whether this type introduces an 802.1Q/802.1ad tag.
    @inline(__always)
    public var isVLANTag: Bool { rawValue == 0x8100 || rawValue == 0x88A8 || rawValue == 0x9100 }
}
