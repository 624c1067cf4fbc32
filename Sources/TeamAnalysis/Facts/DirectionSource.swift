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
}
