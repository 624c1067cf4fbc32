/// An IEEE 802 EtherType (IEEE Registration Authority). Open: unknown values survive.
public struct EtherType: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    @inlinable public static var ipv4: EtherType { EtherType(rawValue: 0x0800) }
    @inlinable public static var arp: EtherType { EtherType(rawValue: 0x0806) }
    /// IEEE 802.1Q customer VLAN tag.
    @inlinable public static var vlan: EtherType { EtherType(rawValue: 0x8100) }
    @inlinable public static var ipv6: EtherType { EtherType(rawValue: 0x86DD) }
    /// Slow protocols (LACP, marker), IEEE 802.3 annex 43B.
    @inlinable public static var slowProtocols: EtherType { EtherType(rawValue: 0x8809) }
    @inlinable public static var mplsUnicast: EtherType { EtherType(rawValue: 0x8847) }
    @inlinable public static var mplsMulticast: EtherType { EtherType(rawValue: 0x8848) }
    /// PPPoE discovery stage (RFC 2516).
    @inlinable public static var pppoeDiscovery: EtherType { EtherType(rawValue: 0x8863) }
    /// PPPoE session stage (RFC 2516).
    @inlinable public static var pppoeSession: EtherType { EtherType(rawValue: 0x8864) }
    /// IEEE 802.1ad service VLAN tag (QinQ outer tag).
    @inlinable public static var serviceVLAN: EtherType { EtherType(rawValue: 0x88A8) }
    @inlinable public static var lldp: EtherType { EtherType(rawValue: 0x88CC) }
    /// Pre-standard QinQ outer tag used by some switches.
    @inlinable public static var legacyQinQ: EtherType { EtherType(rawValue: 0x9100) }

    /// Whether this type introduces an 802.1Q/802.1ad tag.
    @inline(__always)
    public var isVLANTag: Bool { rawValue == 0x8100 || rawValue == 0x88A8 || rawValue == 0x9100 }
}
