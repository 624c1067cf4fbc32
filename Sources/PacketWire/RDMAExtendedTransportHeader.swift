/// The RDMA Extended Transport Header (IBTA Vol. 1 9.3.3): where an RDMA WRITE or READ lands
/// in the remote memory — virtual address (8 bytes), R_Key (4), DMA length (4). Read in place;
/// valid only while the bytes are lent.
public struct RDMAExtendedTransportHeader {
    let bytes: UnsafeRawBufferPointer

    public static let length = 16

    public init(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(RDMAHeaderError) {
        self.bytes = try RDMAHeaderError.view(.reth, bytes, at: offset, length: Self.length)
    }

    public var virtualAddress: UInt64 {
        // SAFETY: bytes 0..<8 of the 16 init checked.
        UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
    }

    public var remoteKey: UInt32 {
        // SAFETY: bytes 8..<12 of the 16 init checked.
        UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
    }

    /// Bytes the whole RDMA operation moves (all its packets).
    public var dmaLength: UInt32 {
        // SAFETY: bytes 12..<16 of the 16 init checked.
        UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
    }
}
