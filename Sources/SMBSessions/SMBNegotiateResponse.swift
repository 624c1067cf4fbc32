/// SMB2 NEGOTIATE response ([MS-SMB2] 2.2.4): the dialect the server chose, its security mode,
/// capabilities and size limits, and its 3.1.1 negotiate contexts.
public struct SMBNegotiateResponse: Sendable {
    public var securityMode: UInt16
    public var dialect: SMBDialect
    public var capabilities: SMBCapabilities
    public var maxTransactSize: UInt32
    public var maxReadSize: UInt32
    public var maxWriteSize: UInt32
    public var contexts: SMBNegotiateContexts?

    init(_ b: SMBBytes) throws(SMBParse) {
        guard try b.u16(64) == 65 else { throw .malformed("NEGOTIATE response StructureSize \(try b.u16(64)), expected 65") }
        securityMode = try b.u16(66)
        dialect = SMBDialect(rawValue: try b.u16(68))
        let count = Int(try b.u16(70))
        capabilities = SMBCapabilities(rawValue: try b.u32(88))
        maxTransactSize = try b.u32(92)
        maxReadSize = try b.u32(96)
        maxWriteSize = try b.u32(100)
        if dialect.rawValue == 0x0311 && count > 0 {
            contexts = try SMBNegotiateContexts(b, offset: Int(try b.u32(124)), count: count)
        }
    }
}
