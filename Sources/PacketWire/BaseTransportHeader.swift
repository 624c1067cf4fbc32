/// The InfiniBand Base Transport Header (IBTA InfiniBand Architecture Specification Vol. 1
/// release 1.4, 9.2; carried in UDP to port 4791 by RoCEv2, annex A17), read in place:
///
/// ```
/// byte 0      OpCode
/// byte 1      SE(7) MigReq(6) PadCnt(5–4) TVer(3–0)
/// bytes 2–3   P_Key
/// byte 4      FECN(7) BECN(6) reserved(5–0)        (Wireshark: infiniband.reserved)
/// bytes 5–7   DestQP
/// byte 8      AckReq(7) reserved(6–0)
/// bytes 9–11  PSN
/// ```
///
/// A view of the captured bytes, valid only while they are lent.
public struct BaseTransportHeader {
    /// The header's 12 bytes.
    let bytes: UnsafeRawBufferPointer

    public static let length = 12

    /// The header at `offset` of `bytes`; throws when fewer than 12 bytes were captured there.
    public init(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(RDMAHeaderError) {
        self.bytes = try RDMAHeaderError.view(.bth, bytes, at: offset, length: Self.length)
    }

    @inline(__always)
    private func byte(_ i: Int) -> UInt8 {
        // SAFETY: i < 12, the length init checked.
        bytes.load(fromByteOffset: i, as: UInt8.self)
    }

    @inline(__always)
    private func u24(_ i: Int) -> UInt32 { UInt32(byte(i)) << 16 | UInt32(byte(i + 1)) << 8 | UInt32(byte(i + 2)) }

    public var opcode: InfiniBandOpcode { InfiniBandOpcode(rawValue: byte(0)) }
    /// SE: the responder should raise a completion event.
    public var solicitedEvent: Bool { byte(1) & 0x80 != 0 }
    /// M: the migration state of the requester's path (9.2.3).
    public var migrationRequest: Bool { byte(1) & 0x40 != 0 }
    /// Pad bytes (0–3) added to the payload to a multiple of four.
    public var padCount: Int { Int(byte(1) >> 4 & 0x3) }
    /// The transport header version (0 for every version of the specification so far).
    public var transportVersion: UInt8 { byte(1) & 0x0F }
    public var partitionKey: UInt16 { UInt16(byte(2)) << 8 | UInt16(byte(3)) }
    /// Forward and backward explicit congestion notification (annex A10; RoCEv2 marks ECN in IP
    /// and answers with a CNP instead, so these are normally clear).
    public var fecn: Bool { byte(4) & 0x80 != 0 }
    public var becn: Bool { byte(4) & 0x40 != 0 }
    /// The destination queue pair (24 bits).
    public var destinationQP: UInt32 { u24(5) }
    /// A: the requester asks for an acknowledge (9.7.6.1.1).
    public var acknowledgeRequest: Bool { byte(8) & 0x80 != 0 }
    /// The packet sequence number (24 bits).
    public var psn: UInt32 { u24(9) }
}
