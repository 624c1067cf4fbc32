/// The SMB 3.1.1 negotiate contexts of a NEGOTIATE request or response ([MS-SMB2] 2.2.3.1,
/// 2.2.4.1): each is ContextType, DataLength, 4 reserved bytes and Data, 8-byte aligned from the
/// start of the SMB2 header.
public struct SMBNegotiateContexts: Sendable, Equatable {
    /// 2.2.3.1.1 hash algorithms (1 = SHA-512).
    public var preauthHashAlgorithms: [UInt16] = []
    /// 2.2.3.1.2 ciphers (1 AES-128-CCM, 2 AES-128-GCM, 3 AES-256-CCM, 4 AES-256-GCM).
    public var ciphers: [UInt16] = []
    /// 2.2.3.1.3 compression algorithms (0 none, 1 LZNT1, 2 LZ77, 3 LZ77+Huffman, 4 Pattern_V1, 5 LZ4).
    public var compressionAlgorithms: [UInt16] = []
    /// 2.2.3.1.6 RDMA transforms (0 none, 1 encryption, 2 signing).
    public var rdmaTransforms: [UInt16] = []
    /// 2.2.3.1.7 signing algorithms (0 HMAC-SHA256, 1 AES-CMAC, 2 AES-GMAC).
    public var signingAlgorithms: [UInt16] = []
    /// 2.2.3.1.4 the server name the client asked for.
    public var netName: String?
    /// 2.2.3.1.5 transport capabilities flags (1 = accept transport-level security).
    public var transportFlags: UInt32?
    /// Context types seen, in order, unknown ones included.
    public var types: [UInt16] = []

    public init() {}

    /// Most contexts one message may carry before the rest are ignored as hostile.
    static let maxContexts = 64
    static let maxListed = 32

    init(_ b: SMBBytes, offset: Int, count: Int) throws(SMBParse) {
        var o = offset
        guard offset >= SMBHeader.size || count == 0 else { throw .malformed("NegotiateContextOffset \(offset) points inside the SMB2 header") }
        for i in 0..<min(count, Self.maxContexts) {
            if i > 0 { o = (o + 7) & ~7 }
            let type = try b.u16(o)
            let length = Int(try b.u16(o + 2))
            let data = try b.slice(o + 8, length)
            types.append(type)
            func list(_ countAt: Int, _ firstAt: Int) throws(SMBParse) -> [UInt16] {
                let n = Int(try data.u16(countAt))
                var out: [UInt16] = []
                for k in 0..<min(n, Self.maxListed) { out.append(try data.u16(firstAt + 2 * k)) }
                return out
            }
            switch type {
            case 1: preauthHashAlgorithms = try list(0, 4)
            case 2: ciphers = try list(0, 2)
            case 3: compressionAlgorithms = try list(0, 8)
            case 5: netName = try data.utf16(0, length)
            case 6: transportFlags = try data.u32(0)
            case 7: rdmaTransforms = try list(0, 8)
            case 8: signingAlgorithms = try list(0, 2)
            default: break
            }
            o += 8 + length
        }
    }

    /// The names of the values each context lists, by value (2.2.3.1.2, .3, .6, .7).
    static let cipherNames = [1: "AES-128-CCM", 2: "AES-128-GCM", 3: "AES-256-CCM", 4: "AES-256-GCM"]
    static let compressionNames = [0: "none", 1: "LZNT1", 2: "LZ77", 3: "LZ77+Huffman", 4: "Pattern_V1", 5: "LZ4"]
    static let signingNames = [0: "HMAC-SHA256", 1: "AES-CMAC", 2: "AES-GMAC"]
    static let rdmaTransformNames = [0: "none", 1: "encryption", 2: "signing"]

    static func name(_ value: UInt16, _ table: [Int: String]) -> String {
        table[Int(value)] ?? "0x" + String(value, radix: 16)
    }

    public static func cipherName(_ c: UInt16) -> String { name(c, cipherNames) }
    public static func compressionName(_ c: UInt16) -> String { name(c, compressionNames) }
    public static func signingName(_ c: UInt16) -> String { name(c, signingNames) }
    public static func rdmaTransformName(_ c: UInt16) -> String { name(c, rdmaTransformNames) }
}
