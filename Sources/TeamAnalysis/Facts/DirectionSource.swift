/// What decided a packet's direction, in the order TeamScope tries them.
public enum DirectionSource: Int, CaseIterable, Sendable, Codable {
    /// pcapng `epb_flags` inbound/outbound bits.
    case captureFlags
    /// Linux SLL/SLL2 packet type.
    case sllPacketType
    /// A `--local-mac` the user gave.
    case localMAC
    /// A `--local-ip` the user gave (and the MACs learned from it).
    case localIP
    /// Local MACs inferred from evidence in the captures.
    case inferred
    /// Nothing could decide.
    case unknown

    public var label: String {
        switch self {
        case .captureFlags: return "pcapng-flags"
        case .sllPacketType: return "sll-packet-type"
        case .localMAC: return "local-mac"
        case .localIP: return "local-ip"
        case .inferred: return "inferred"
        case .unknown: return "unknown"
        }
    }
}
