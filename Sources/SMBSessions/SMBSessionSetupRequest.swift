/// SMB2 SESSION_SETUP request ([MS-SMB2] 2.2.5). With SMB2_SESSION_FLAG_BINDING (0x01) the
/// client binds this connection, as a new channel, to the existing session named in the header.
public struct SMBSessionSetupRequest: Sendable {
    public var flags: UInt8
    public var securityMode: UInt8
    public var capabilities: UInt32
    public var previousSessionID: UInt64

    public var isBinding: Bool { flags & 0x01 != 0 }

    init(_ b: SMBBytes) throws(SMBParse) {
        guard try b.u16(64) == 25 else { throw .malformed("SESSION_SETUP request StructureSize \(try b.u16(64)), expected 25") }
        flags = try b.u8(66)
        securityMode = try b.u8(67)
        capabilities = try b.u32(68)
        previousSessionID = try b.u64(80)
    }
}
