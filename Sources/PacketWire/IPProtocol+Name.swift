/// The name a report gives an IP protocol: the lower-case keyword for the transports TeamScope
/// reports by name (IANA's keywords: `tcp`, `udp`, `icmp`, `ipv6-icmp` spelled `icmpv6` as
/// TShark and tcpdump do, `sctp`), `ip-N` for any other number. Encoded as that name, so the
/// JSON reads `"protocol": "tcp"` while the code compares numbers.
extension IPProtocol: Codable, CustomStringConvertible {
    public var description: String {
        switch self {
        case .tcp: return "tcp"
        case .udp: return "udp"
        case .icmp: return "icmp"
        case .icmpv6: return "icmpv6"
        case .sctp: return "sctp"
        default: return "ip-\(rawValue)"
        }
    }

    /// The protocol a name stands for (`description`'s inverse; the number alone is read too):
    /// nil when the text names none.
    public init?(name: String) {
        switch name.lowercased() {
        case "tcp": self = .tcp
        case "udp": self = .udp
        case "icmp": self = .icmp
        case "icmpv6", "ipv6-icmp": self = .icmpv6
        case "sctp": self = .sctp
        case let other:
            let digits = other.hasPrefix("ip-") ? String(other.dropFirst(3)) : other
            guard let n = UInt8(digits) else { return nil }
            self.init(rawValue: n)
        }
    }

    /// Whether the protocol's flows are told apart by ports (TCP, UDP, SCTP).
    public var hasPorts: Bool { self == .tcp || self == .udp || self == .sctp }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let name = try c.decode(String.self)
        guard let p = IPProtocol(name: name) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected an IP protocol name (tcp, udp, icmp, icmpv6, sctp, ip-N), found \(name)")
        }
        self = p
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
