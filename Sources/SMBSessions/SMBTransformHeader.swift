/// SMB 3.x TRANSFORM_HEADER of an encrypted message ([MS-SMB2] 2.2.41): 52 bytes, then the
/// encrypted message. TeamScope does not decrypt; it takes the session id and the sizes.
public struct SMBTransformHeader: Sendable {
    public var originalMessageSize: UInt32
    /// Flags (3.1.1: 0x0001 = encrypted) or EncryptionAlgorithm (3.0/3.0.2: 0x0001 = AES-128-CCM).
    public var flags: UInt16
    public var sessionID: UInt64

    public static let size = 52

    init(_ b: SMBBytes) throws(SMBParse) {
        guard try b.u32(0) == 0x424D_53FD else { throw .malformed("ProtocolId is not 0xFD 'SMB'") }
        originalMessageSize = try b.u32(36)
        flags = try b.u16(42)
        sessionID = try b.u64(44)
        if b.declared < Self.size { throw .malformed("transform header needs 52 bytes, message has \(b.declared)") }
    }
}
