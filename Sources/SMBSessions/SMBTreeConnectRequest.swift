/// SMB2 TREE_CONNECT request ([MS-SMB2] 2.2.9): the share path in UTF-16LE. With
/// SMB2_TREE_CONNECT_FLAG_EXTENSION_PRESENT (0x0004, 3.1.1) the buffer starts with the 16-byte
/// request extension (2.2.9.1) and the path follows it.
public struct SMBTreeConnectRequest: Sendable {
    public var path: String

    static let maxPathBytes = 4096

    init(_ b: SMBBytes) throws(SMBParse) {
        guard try b.u16(64) == 9 else { throw .malformed("TREE_CONNECT request StructureSize \(try b.u16(64)), expected 9") }
        let flags = try b.u16(66)
        var offset = Int(try b.u16(68))
        let length = Int(try b.u16(70))
        if flags & 0x0004 != 0 { offset += 16 }
        guard offset >= SMBHeader.size || length == 0 else { throw .malformed("TREE_CONNECT PathOffset \(offset) points inside the SMB2 header") }
        path = try b.utf16(offset, min(length, Self.maxPathBytes))
    }
}
