/// The ACK Extended Transport Header (IBTA Vol. 1 9.3.5): the syndrome (is this an ACK, an RNR
/// NAK or a NAK, and which) and the message sequence number (24 bits). Read in place; valid
/// only while the bytes are lent.
public struct AckExtendedTransportHeader {
    let bytes: UnsafeRawBufferPointer

    public static let length = 4

    public init(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(RDMAHeaderError) {
        self.bytes = try RDMAHeaderError.view(.aeth, bytes, at: offset, length: Self.length)
    }

    public var syndrome: AETHSyndrome {
        // SAFETY: byte 0 of the 4 init checked.
        AETHSyndrome(rawValue: bytes.load(fromByteOffset: 0, as: UInt8.self))
    }

    public var messageSequenceNumber: UInt32 {
        // SAFETY: bytes 0..<4, the 4 init checked.
        UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt32.self)) & 0xFF_FFFF
    }
}
