/// SMB2 NEGOTIATE request ([MS-SMB2] 2.2.3): the dialects the client offers, its security mode
/// and capabilities, and (when it offers 3.1.1) its negotiate contexts.
public struct SMBNegotiateRequest: Sendable {
    public var dialects: [SMBDialect]
    public var securityMode: UInt16
    public var capabilities: SMBCapabilities
    public var contexts: SMBNegotiateContexts?

    static let maxDialects = 64

    init(_ b: SMBBytes) throws(SMBParse) {
        guard try b.u16(64) == 36 else { throw .malformed("NEGOTIATE request StructureSize \(try b.u16(64)), expected 36") }
        let count = Int(try b.u16(66))
        securityMode = try b.u16(68)
        capabilities = SMBCapabilities(rawValue: try b.u32(72))
        if 100 + 2 * count > b.declared { throw .malformed("DialectCount \(count) needs \(2 * count) bytes at offset 100, past the message (\(b.declared) bytes)") }
        var dialects: [SMBDialect] = []
        for i in 0..<min(count, Self.maxDialects) { dialects.append(SMBDialect(rawValue: try b.u16(100 + 2 * i))) }
        self.dialects = dialects
        if dialects.contains(SMBDialect(rawValue: 0x0311)) {
            let offset = Int(try b.u32(92)), n = Int(try b.u16(96))
            contexts = n > 0 ? try SMBNegotiateContexts(b, offset: offset, count: n) : nil
        }
    }
}
