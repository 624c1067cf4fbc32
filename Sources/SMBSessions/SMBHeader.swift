/// The 64-byte SMB2 packet header, sync or async ([MS-SMB2] 2.2.1.1, 2.2.1.2).
public struct SMBHeader: Sendable {
    public var creditCharge: UInt16
    /// NT status (responses); ChannelSequence/Reserved in requests.
    public var status: UInt32
    public var command: SMBCommand
    public var flags: UInt32
    public var nextCommand: UInt32
    public var messageID: UInt64
    /// TreeId (sync) or the low half of AsyncId (async).
    public var treeID: UInt32
    public var asyncID: UInt64?
    public var sessionID: UInt64

    public static let size = 64
    static let serverToRedirector: UInt32 = 0x0000_0001
    static let asyncCommand: UInt32 = 0x0000_0002
    static let relatedOperations: UInt32 = 0x0000_0004
    static let signed: UInt32 = 0x0000_0008

    public var isResponse: Bool { flags & Self.serverToRedirector != 0 }
    public var isRelated: Bool { flags & Self.relatedOperations != 0 }
    public var isSigned: Bool { flags & Self.signed != 0 }

    /// Parses the header at the start of `b`; ProtocolId 0xFE 'SMB' and StructureSize 64 are
    /// required.
    init(_ b: SMBBytes) throws(SMBParse) {
        guard try b.u32(0) == 0x424D_53FE else { throw .malformed("ProtocolId is not 0xFE 'SMB'") }
        guard try b.u16(4) == 64 else { throw .malformed("SMB2 header StructureSize \(try b.u16(4)), expected 64") }
        creditCharge = try b.u16(6)
        status = try b.u32(8)
        command = SMBCommand(rawValue: try b.u16(12))
        flags = try b.u32(16)
        nextCommand = try b.u32(20)
        messageID = try b.u64(24)
        if flags & Self.asyncCommand != 0 {
            asyncID = try b.u64(32)
            treeID = 0
        } else {
            asyncID = nil
            treeID = try b.u32(36)
        }
        sessionID = try b.u64(40)
        try b.check(48, 16) // Signature
    }
}
