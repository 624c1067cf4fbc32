/// The AETH syndrome octet (IBTA Vol. 1 9.7.5.2.2, table 43): bit 7 reserved, bits 6–5 the
/// kind (00 ACK, 01 RNR NAK, 10 reserved, 11 NAK), bits 4–0 the credit count (ACK), the RNR
/// timer (RNR NAK) or the NAK code. Open: every value survives.
public struct AETHSyndrome: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt8
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Bits 6–5.
    public struct Kind: RawRepresentable, Hashable, Sendable {
        public var rawValue: UInt8
        @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let ack = Kind(rawValue: 0)
        /// Receiver not ready: the responder had no receive buffer; the requester retries later.
        public static let receiverNotReady = Kind(rawValue: 1)
        public static let reserved = Kind(rawValue: 2)
        /// A negative acknowledge: the responder rejects the request (see `nakCode`).
        public static let nak = Kind(rawValue: 3)
    }

    /// The NAK codes of bits 4–0 (table 44).
    public struct NAKCode: RawRepresentable, Hashable, Sendable {
        public var rawValue: UInt8
        @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// A PSN arrived out of sequence: a packet before it was lost (go-back-N follows).
        public static let psnSequenceError = NAKCode(rawValue: 0)
        public static let invalidRequest = NAKCode(rawValue: 1)
        public static let remoteAccessError = NAKCode(rawValue: 2)
        public static let remoteOperationalError = NAKCode(rawValue: 3)
        public static let invalidRDRequest = NAKCode(rawValue: 4)
    }

    public var kind: Kind { Kind(rawValue: rawValue >> 5 & 0x3) }
    /// Bits 4–0: credits (ACK), timer (RNR NAK) or code (NAK).
    public var value: UInt8 { rawValue & 0x1F }
    /// The NAK code, for a NAK.
    public var nakCode: NAKCode? { kind == .nak ? NAKCode(rawValue: value) : nil }
}
