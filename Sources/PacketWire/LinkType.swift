/// A LINKTYPE_ value from the tcpdump.org link-layer header type registry, as stored in pcap
/// file headers and pcapng Interface Description Blocks. Open: unknown values survive.
public struct LinkType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    @inlinable public init(rawValue: UInt32) { self.rawValue = rawValue }

    // Computed and inlinable: a stored `static let` is a lazy global that another module reaches
    // through an accessor call per use (a per-packet comparison in the flow stage).
    @inlinable public static var null: LinkType { LinkType(rawValue: 0) }
    @inlinable public static var ethernet: LinkType { LinkType(rawValue: 1) }
    /// Raw IP (LINKTYPE_RAW); some old files carry DLT_RAW's platform values 12 or 14 instead.
    @inlinable public static var raw: LinkType { LinkType(rawValue: 101) }
    @inlinable public static var loop: LinkType { LinkType(rawValue: 108) }
    @inlinable public static var linuxSLL: LinkType { LinkType(rawValue: 113) }
    @inlinable public static var ipv4: LinkType { LinkType(rawValue: 228) }
    @inlinable public static var ipv6: LinkType { LinkType(rawValue: 229) }
    @inlinable public static var linuxSLL2: LinkType { LinkType(rawValue: 276) }

    /// The link types TeamScope decodes.
    public var isDecodable: Bool {
        switch rawValue {
        case 0, 1, 12, 14, 101, 108, 113, 228, 229, 276: return true
        default: return false
        }
    }

    public var description: String {
        switch rawValue {
        case 0: return "NULL"
        case 1: return "Ethernet"
        case 12, 14, 101: return "raw IP"
        case 108: return "LOOP"
        case 113: return "Linux SLL"
        case 228: return "raw IPv4"
        case 229: return "raw IPv6"
        case 276: return "Linux SLL2"
        default: return "link type \(rawValue)"
        }
    }
}
