/// A LINKTYPE_ value from the tcpdump.org link-layer header type registry, as stored in pcap
/// file headers and pcapng Interface Description Blocks. Open: unknown values survive.
public struct LinkType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let null = LinkType(rawValue: 0)
    public static let ethernet = LinkType(rawValue: 1)
    /// Raw IP (LINKTYPE_RAW); some old files carry DLT_RAW's platform values 12 or 14 instead.
    public static let raw = LinkType(rawValue: 101)
    public static let loop = LinkType(rawValue: 108)
    public static let linuxSLL = LinkType(rawValue: 113)
    public static let ipv4 = LinkType(rawValue: 228)
    public static let ipv6 = LinkType(rawValue: 229)
    public static let linuxSLL2 = LinkType(rawValue: 276)

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
