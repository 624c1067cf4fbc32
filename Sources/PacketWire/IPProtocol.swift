/// An IP protocol / IPv6 next-header number (IANA "Assigned Internet Protocol Numbers").
/// Open: unknown values survive.
public struct IPProtocol: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    @inlinable public static var hopByHop: IPProtocol { IPProtocol(rawValue: 0) }
    @inlinable public static var icmp: IPProtocol { IPProtocol(rawValue: 1) }
    @inlinable public static var tcp: IPProtocol { IPProtocol(rawValue: 6) }
    @inlinable public static var udp: IPProtocol { IPProtocol(rawValue: 17) }
    @inlinable public static var ipv6Route: IPProtocol { IPProtocol(rawValue: 43) }
    @inlinable public static var ipv6Fragment: IPProtocol { IPProtocol(rawValue: 44) }
    @inlinable public static var gre: IPProtocol { IPProtocol(rawValue: 47) }
    @inlinable public static var esp: IPProtocol { IPProtocol(rawValue: 50) }
    @inlinable public static var ah: IPProtocol { IPProtocol(rawValue: 51) }
    @inlinable public static var icmpv6: IPProtocol { IPProtocol(rawValue: 58) }
    @inlinable public static var ipv6NoNext: IPProtocol { IPProtocol(rawValue: 59) }
    @inlinable public static var ipv6DestinationOptions: IPProtocol { IPProtocol(rawValue: 60) }
    @inlinable public static var sctp: IPProtocol { IPProtocol(rawValue: 132) }
}
