/// What decided a host's direction, as the report names it.
public enum DirectionMethod: String, Codable, CodingKeyRepresentable, Sendable {
    case pcapngFlags = "pcapng-flags"
    case sllPacketType = "sll-packet-type"
    case localMAC = "local-mac"
    case localIP = "local-ip"
    case inferred
    case unknown
}

extension DirectionSource {
    /// The report's name for this source.
    var method: DirectionMethod {
        switch self {
        case .captureFlags: return .pcapngFlags
        case .sllPacketType: return .sllPacketType
        case .localMAC: return .localMAC
        case .localIP: return .localIP
        case .inferred: return .inferred
        case .unknown: return .unknown
        }
    }
}
