/// An RDMAP opcode (RFC 5040 4.1, the low four bits of the RDMAP control field iWARP carries in
/// DDP's first "reserved for ULP" octet). Open: unknown values survive.
public struct RDMAPOpcode: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt8
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let write = RDMAPOpcode(rawValue: 0)
    public static let readRequest = RDMAPOpcode(rawValue: 1)
    public static let readResponse = RDMAPOpcode(rawValue: 2)
    public static let send = RDMAPOpcode(rawValue: 3)
    public static let sendWithInvalidate = RDMAPOpcode(rawValue: 4)
    public static let sendWithSolicitedEvent = RDMAPOpcode(rawValue: 5)
    public static let sendWithSolicitedEventAndInvalidate = RDMAPOpcode(rawValue: 6)
    public static let terminate = RDMAPOpcode(rawValue: 7)

    /// One of the four Send messages: an untagged message to queue 0 that a ULP (SMB Direct)
    /// reads as its own message.
    public var isSend: Bool { (3...6).contains(rawValue) }
}
