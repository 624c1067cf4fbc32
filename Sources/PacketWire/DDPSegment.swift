/// One MPA FPDU (RFC 5044 4.1: ULPDU length, ULPDU, pad to four, CRC32c) and the DDP segment it
/// carries (RFC 5041 4.2: tagged, last, DDP version; tagged: STag and tagged offset; untagged:
/// queue number, message sequence number, message offset), with iWARP's RDMAP control field
/// (RFC 5040 4.1: version and opcode) in DDP's first octet reserved for the ULP. Read in place
/// from a TCP payload whose FPDUs start where its segments do (RFC 5044 8: FPDU alignment, and no
/// markers); valid only while the bytes are lent.
///
/// ```
/// bytes 0–1   ULPDU_Length
/// byte 2      T(7) L(6) reserved(5–2) DV(1–0)
/// byte 3      RDMAP: RV(7–6) reserved(5–4) opcode(3–0)
/// tagged      bytes 4–7 STag, 8–15 TO; payload from 16
/// untagged    bytes 4–7 reserved for the ULP, 8–11 QN, 12–15 MSN, 16–19 MO; payload from 20
/// ```
public struct DDPSegment {
    let bytes: UnsafeRawBufferPointer
    /// Offset of the FPDU in the bytes given.
    public let offset: Int

    static let taggedHeader = 14
    static let untaggedHeader = 18

    /// The FPDU at `offset` of `bytes`; throws when its header was not captured, or its ULPDU is
    /// shorter than the DDP header its T flag calls for.
    public init(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(RDMAHeaderError) {
        let start = try RDMAHeaderError.view(.fpdu, bytes, at: offset, length: 4)
        // SAFETY: the 4 bytes were just checked.
        let ulpdu = Int(start.load(fromByteOffset: 0, as: UInt8.self)) << 8 | Int(start.load(fromByteOffset: 1, as: UInt8.self))
        let tagged = start.load(fromByteOffset: 2, as: UInt8.self) & 0x80 != 0
        let header = tagged ? Self.taggedHeader : Self.untaggedHeader
        guard ulpdu >= header else {
            throw RDMAHeaderError(header: .ddp, kind: .tooShort, offset: offset + 2, needed: header, available: ulpdu)
        }
        self.bytes = try RDMAHeaderError.view(.ddp, bytes, at: offset, length: 2 + header)
        self.offset = offset
    }

    @inline(__always)
    private func byte(_ i: Int) -> UInt8 {
        // SAFETY: i < 2 + the header length init checked.
        bytes.load(fromByteOffset: i, as: UInt8.self)
    }

    @inline(__always)
    private func u32(_ i: Int) -> UInt32 {
        // SAFETY: i + 4 <= 2 + the header length init checked, for the fields that read it.
        UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt32.self))
    }

    /// Bytes of the DDP segment (header and payload).
    public var ulpduLength: Int { Int(byte(0)) << 8 | Int(byte(1)) }
    /// Bytes of the whole FPDU: length field, ULPDU, pad and CRC; the next one starts there.
    public var fpduLength: Int { (2 + ulpduLength + 3) & ~3 + 4 }
    public var tagged: Bool { byte(2) & 0x80 != 0 }
    /// The last segment of its DDP message.
    public var last: Bool { byte(2) & 0x40 != 0 }
    public var ddpVersion: UInt8 { byte(2) & 0x03 }
    public var rdmapVersion: UInt8 { byte(3) >> 6 }
    public var opcode: RDMAPOpcode { RDMAPOpcode(rawValue: byte(3) & 0x0F) }
    /// Tagged: the data sink's steering tag and offset.
    public var steeringTag: UInt32? { tagged ? u32(4) : nil }
    public var taggedOffset: UInt64? { tagged ? UInt64(u32(8)) << 32 | UInt64(u32(12)) : nil }
    /// Untagged: the queue (0 Send, 1 Read Request, 2 Terminate), the message's sequence number
    /// and this segment's offset in it.
    public var queueNumber: UInt32? { tagged ? nil : u32(8) }
    public var messageSequenceNumber: UInt32? { tagged ? nil : u32(12) }
    public var messageOffset: UInt32? { tagged ? nil : u32(16) }
    /// Where the segment's payload starts in the bytes given, and how long it is.
    public var payloadOffset: Int { offset + 2 + (tagged ? Self.taggedHeader : Self.untaggedHeader) }
    public var payloadLength: Int { ulpduLength - (tagged ? Self.taggedHeader : Self.untaggedHeader) }
}
