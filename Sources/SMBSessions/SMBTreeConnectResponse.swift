/// SMB2 TREE_CONNECT response ([MS-SMB2] 2.2.10): share type (1 disk, 2 pipe, 3 print), share
/// flags and share capabilities (0x10 continuous availability, 0x20 scale-out, 0x40 cluster).
public struct SMBTreeConnectResponse: Sendable {
    public var shareType: UInt8
    public var shareFlags: UInt32
    public var capabilities: UInt32

    init(_ b: SMBBytes) throws(SMBParse) {
        guard try b.u16(64) == 16 else { throw .malformed("TREE_CONNECT response StructureSize \(try b.u16(64)), expected 16") }
        shareType = try b.u8(66)
        shareFlags = try b.u32(68)
        capabilities = try b.u32(72)
    }
}
