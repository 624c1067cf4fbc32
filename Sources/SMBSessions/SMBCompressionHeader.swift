/// SMB 3.1.1 COMPRESSION_TRANSFORM_HEADER ([MS-SMB2] 2.2.42). Unchained (2.2.42.1): 16 bytes,
/// then `offset` uncompressed bytes (which start with the SMB2 header when offset ≥ 64), then the
/// compressed rest. Chained (2.2.42.2): 8 bytes, then payload headers; a first payload with
/// algorithm NONE holds the uncompressed SMB2 header. TeamScope does not decompress.
public struct SMBCompressionHeader: Sendable {
    public var originalSize: UInt32
    public var algorithm: UInt16
    public var chained: Bool
    /// Where the uncompressed bytes that begin with an SMB2 header start, and how many there are.
    public var plainStart: Int?
    public var plainLength: Int

    init(_ b: SMBBytes) throws(SMBParse) {
        guard try b.u32(0) == 0x424D_53FC else { throw .malformed("ProtocolId is not 0xFC 'SMB'") }
        originalSize = try b.u32(4)
        let algorithm = try b.u16(8)
        let flags = try b.u16(10)
        chained = flags & 1 != 0
        if chained {
            // The first payload header: algorithm, flags, length; then data (NONE) or
            // OriginalPayloadSize + compressed data.
            self.algorithm = algorithm
            let length = Int(try b.u32(12))
            guard length <= b.declared - 16 else { throw .malformed("chained payload length \(length) runs past the message (\(b.declared) bytes)") }
            plainStart = algorithm == 0 ? 16 : nil
            plainLength = algorithm == 0 ? length : 0
        } else {
            self.algorithm = algorithm
            let offset = Int(try b.u32(12))
            guard offset <= b.declared - 16 else { throw .malformed("compression Offset \(offset) runs past the message (\(b.declared) bytes)") }
            plainStart = offset >= SMBHeader.size ? 16 : nil
            plainLength = offset
        }
    }
}
