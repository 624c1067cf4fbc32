/// An MPA request or reply frame (RFC 5044 7.1), the first bytes each end of an iWARP TCP
/// connection sends: a 16-byte key, then M (markers), C (CRC), R (rejected), the revision and the
/// private data length. Read in place; valid only while the bytes are lent.
///
/// ```
/// bytes 0–15  "MPA ID Req Frame" or "MPA ID Rep Frame"
/// byte 16     M(7) C(6) R(5) reserved(4–0)
/// byte 17     Rev
/// bytes 18–19 PD_Length
/// ```
public struct MPAFrame {
    let bytes: UnsafeRawBufferPointer

    public static let length = 20
    static let requestKey = Array("MPA ID Req Frame".utf8)
    static let replyKey = Array("MPA ID Rep Frame".utf8)

    /// The frame at `offset`; nil when the bytes there do not start with either key (an
    /// ordinary FPDU), throws when the key is there but the rest was not captured.
    public init?(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(RDMAHeaderError) {
        guard offset >= 0, offset + 16 <= bytes.count else { return nil }
        // SAFETY: offset + 16 <= bytes.count was just checked.
        let key = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + 16)])
        guard key.elementsEqual(Self.requestKey) || key.elementsEqual(Self.replyKey) else { return nil }
        self.bytes = try RDMAHeaderError.view(.mpaFrame, bytes, at: offset, length: Self.length)
    }

    @inline(__always)
    private func byte(_ i: Int) -> UInt8 {
        // SAFETY: i < 20, the length init checked.
        bytes.load(fromByteOffset: i, as: UInt8.self)
    }

    /// True for the initiator's request, false for the responder's reply.
    public var isRequest: Bool { byte(9) == Self.requestKey[9] }
    /// Markers every 512 bytes of the stream (then FPDUs cannot be read from a segment's start).
    public var markers: Bool { byte(16) & 0x80 != 0 }
    /// FPDUs carry a CRC32c.
    public var crc: Bool { byte(16) & 0x40 != 0 }
    /// The responder rejected the connection.
    public var rejected: Bool { byte(16) & 0x20 != 0 }
    public var revision: UInt8 { byte(17) }
    public var privateDataLength: Int { Int(byte(18)) << 8 | Int(byte(19)) }
}
