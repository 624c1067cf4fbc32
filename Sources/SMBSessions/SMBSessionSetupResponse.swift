/// SMB2 SESSION_SETUP response ([MS-SMB2] 2.2.6): the session flags (0x01 guest, 0x02 null,
/// 0x04 encrypt data). An error status carries an ERROR response body instead (2.2.2).
public struct SMBSessionSetupResponse: Sendable {
    public var sessionFlags: UInt16

    public var encryptData: Bool { sessionFlags & 0x04 != 0 }

    init(_ b: SMBBytes) throws(SMBParse) {
        guard try b.u16(64) == 9 else { throw .malformed("SESSION_SETUP response StructureSize \(try b.u16(64)), expected 9") }
        sessionFlags = try b.u16(66)
    }
}
