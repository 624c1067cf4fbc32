import PacketWire

/// Writes SMB2/3 messages byte by byte from [MS-SMB2] section 2.2, for the samples and for
/// tests that need hostile or cut messages. Written independently of the decoder in
/// `SMBSessions`: the two meet only in tests (and TShark checks the samples).
public enum SMBMessageBuilder {
    public struct Interface: Sendable {
        public var index: UInt32
        public var rss: Bool
        public var rdma: Bool
        public var rssQueues: UInt32
        public var linkSpeed: UInt64
        public var address: IPAddress

        public init(index: UInt32, rss: Bool, rdma: Bool, rssQueues: UInt32, linkSpeed: UInt64, address: IPAddress) {
            self.index = index
            self.rss = rss
            self.rdma = rdma
            self.rssQueues = rssQueues
            self.linkSpeed = linkSpeed
            self.address = address
        }
    }

    static func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    static func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * UInt32($0))) & 0xFF) } }
    static func le64(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8((v >> (8 * UInt64($0))) & 0xFF) } }
    static func utf16(_ s: String) -> [UInt8] { s.utf16.flatMap { le16($0) } }
    static func pad8(_ b: inout [UInt8]) { while b.count % 8 != 0 { b.append(0) } }

    /// The 64-byte sync header (2.2.1.2).
    public static func header(command: UInt16, response: Bool, messageID: UInt64, sessionID: UInt64, treeID: UInt32 = 0,
                              status: UInt32 = 0, signed: Bool = false, related: Bool = false, nextCommand: UInt32 = 0) -> [UInt8] {
        var flags: UInt32 = response ? 1 : 0
        if related { flags |= 4 }
        if signed { flags |= 8 }
        var h: [UInt8] = [0xFE, 0x53, 0x4D, 0x42] + le16(64) + le16(1) + le32(status) + le16(command) + le16(response ? 32 : 1)
        h += le32(flags) + le32(nextCommand) + le64(messageID) + le32(0xFEFF) + le32(treeID) + le64(sessionID)
        h += [UInt8](repeating: signed ? 0x5A : 0, count: 16)
        return h
    }

    /// Negotiate contexts (2.2.3.1), each 8-byte aligned.
    static func contexts(ciphers: [UInt16], compression: [UInt16], signing: [UInt16], rdma: [UInt16], netName: String?) -> (bytes: [UInt8], count: Int) {
        var list: [(UInt16, [UInt8])] = [(1, le16(1) + le16(32) + le16(1) + [UInt8](repeating: 0x11, count: 32))]
        if !ciphers.isEmpty { list.append((2, le16(UInt16(ciphers.count)) + ciphers.flatMap(le16))) }
        if !compression.isEmpty { list.append((3, le16(UInt16(compression.count)) + le16(0) + le32(0) + compression.flatMap(le16))) }
        if let netName { list.append((5, utf16(netName))) }
        if !rdma.isEmpty { list.append((7, le16(UInt16(rdma.count)) + le16(0) + le32(0) + rdma.flatMap(le16))) }
        if !signing.isEmpty { list.append((8, le16(UInt16(signing.count)) + signing.flatMap(le16))) }
        var out: [UInt8] = []
        for (i, (type, data)) in list.enumerated() {
            if i > 0 { pad8(&out) }
            out += le16(type) + le16(UInt16(data.count)) + le32(0) + data
        }
        return (out, list.count)
    }

    /// NEGOTIATE request (2.2.3) offering `dialects`; contexts when 3.1.1 is offered.
    public static func negotiateRequest(messageID: UInt64, dialects: [UInt16], capabilities: UInt32, netName: String) -> [UInt8] {
        var body = le16(36) + le16(UInt16(dialects.count)) + le16(1) + le16(0) + le32(capabilities) + [UInt8](repeating: 0xC1, count: 16)
        let dialectBytes = dialects.flatMap(le16)
        if dialects.contains(0x0311) {
            var start = 64 + 36 + dialectBytes.count
            start = (start + 7) & ~7
            let ctx = contexts(ciphers: [2, 1], compression: [3, 2], signing: [2, 1], rdma: [1, 2], netName: netName)
            body += le32(UInt32(start)) + le16(UInt16(ctx.count)) + le16(0) + dialectBytes
            var msg = header(command: 0, response: false, messageID: messageID, sessionID: 0) + body
            pad8(&msg)
            return msg + ctx.bytes
        }
        body += le64(0) + dialectBytes
        return header(command: 0, response: false, messageID: messageID, sessionID: 0) + body
    }

    /// NEGOTIATE response (2.2.4) choosing `dialect`, with a security blob and 3.1.1 contexts.
    public static func negotiateResponse(messageID: UInt64, dialect: UInt16, capabilities: UInt32) -> [UInt8] {
        let blob: [UInt8] = [] // no SPNEGO hint: clients then start with raw NTLMSSP
        let ctx: (bytes: [UInt8], count: Int) = dialect == 0x0311 ? contexts(ciphers: [2], compression: [3], signing: [2], rdma: [1], netName: nil) : ([], 0)
        var body: [UInt8] = le16(65) + le16(1) + le16(dialect) + le16(UInt16(ctx.count))
        body += [UInt8](repeating: 0x5E, count: 16)
        body += le32(capabilities)
        body += le32(8 << 20) + le32(8 << 20) + le32(8 << 20)
        body += le64(0x01DB_5A00_0000_0000) + le64(0)
        body += le16(blob.isEmpty ? 0 : 128) + le16(UInt16(blob.count))
        var msg = header(command: 0, response: true, messageID: messageID, sessionID: 0)
        let contextStart = (128 + blob.count + 7) & ~7
        msg += body + le32(ctx.count > 0 ? UInt32(contextStart) : 0) + blob
        if ctx.count > 0 {
            pad8(&msg)
            msg += ctx.bytes
        }
        return msg
    }

    /// SESSION_SETUP request (2.2.5); `binding` sets SMB2_SESSION_FLAG_BINDING.
    public static func sessionSetupRequest(messageID: UInt64, sessionID: UInt64, binding: Bool, final: Bool, signed: Bool = false) -> [UInt8] {
        // Raw NTLMSSP ([MS-NLMP] 2.2.1): NEGOTIATE on the first leg, an empty AUTHENTICATE on the second.
        let ntlm: [UInt8] = Array("NTLMSSP".utf8) + [0]
        let authenticate = ntlm + le32(3) + [0, 0, 0, 0] + le32(64) + [0, 0, 0, 0] + le32(64) + [0, 0, 0, 0] + le32(64)
            + [0, 0, 0, 0] + le32(64) + [0, 0, 0, 0] + le32(64) + [0, 0, 0, 0] + le32(64) + le32(0x6008_8215)
        let blob = final ? authenticate : ntlm + le32(1) + le32(0x6008_8215) + [UInt8](repeating: 0, count: 16)
        let body = le16(25) + [binding ? 1 : 0, 1] + le32(1) + le32(0) + le16(88) + le16(UInt16(blob.count)) + le64(0)
        return header(command: 1, response: false, messageID: messageID, sessionID: sessionID, signed: signed) + body + blob
    }

    /// SESSION_SETUP response (2.2.6) with `status` (0 or STATUS_MORE_PROCESSING_REQUIRED).
    public static func sessionSetupResponse(messageID: UInt64, sessionID: UInt64, status: UInt32, flags: UInt16 = 0, signed: Bool = false) -> [UInt8] {
        // A raw NTLMSSP CHALLENGE ([MS-NLMP] 2.2.1.2) while more processing is required.
        let challenge: [UInt8] = Array("NTLMSSP".utf8) + [0] + le32(2) + le16(0) + le16(0) + le32(48) + le32(0x6089_8215)
            + [0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88] + [UInt8](repeating: 0, count: 8) + le16(0) + le16(0) + le32(48)
        let blob = status == 0 ? [] : challenge
        let body = le16(9) + le16(flags) + le16(blob.isEmpty ? 0 : 72) + le16(UInt16(blob.count))
        return header(command: 1, response: true, messageID: messageID, sessionID: sessionID, status: status, signed: signed) + body + blob
    }

    /// TREE_CONNECT request (2.2.9) for `path`, and its response (2.2.10).
    public static func treeConnectRequest(messageID: UInt64, sessionID: UInt64, path: String) -> [UInt8] {
        let p = utf16(path)
        return header(command: 3, response: false, messageID: messageID, sessionID: sessionID, signed: true)
            + le16(9) + le16(0) + le16(72) + le16(UInt16(p.count)) + p
    }

    public static func treeConnectResponse(messageID: UInt64, sessionID: UInt64, treeID: UInt32) -> [UInt8] {
        header(command: 3, response: true, messageID: messageID, sessionID: sessionID, treeID: treeID, signed: true)
            + le16(16) + [1, 0] + le32(0x0000_0030) + le32(0x0000_0010) + le32(0x001F_01FF)
    }

    /// IOCTL request for FSCTL_QUERY_NETWORK_INTERFACE_INFO (2.2.31) and its response (2.2.32)
    /// listing `interfaces` as NETWORK_INTERFACE_INFO entries (2.2.32.5).
    public static func interfaceQueryRequest(messageID: UInt64, sessionID: UInt64, treeID: UInt32) -> [UInt8] {
        header(command: 11, response: false, messageID: messageID, sessionID: sessionID, treeID: treeID, signed: true)
            + le16(57) + le16(0) + le32(0x0014_01FC) + [UInt8](repeating: 0xFF, count: 16)
            + le32(0) + le32(0) + le32(0) + le32(0) + le32(0) + le32(65_536) + le32(1) + le32(0)
    }

    public static func interfaceQueryResponse(messageID: UInt64, sessionID: UInt64, treeID: UInt32, interfaces: [Interface]) -> [UInt8] {
        var out: [UInt8] = []
        for (i, f) in interfaces.enumerated() {
            var e = le32(i + 1 < interfaces.count ? 152 : 0) + le32(f.index) + le32((f.rss ? 1 : 0) | (f.rdma ? 2 : 0)) + le32(f.rssQueues) + le64(f.linkSpeed)
            if let v4 = f.address.ipv4 {
                e += le16(2) + [0, 0] + FrameBuilder.be32(v4) + [UInt8](repeating: 0, count: 8)
            } else {
                e += le16(0x17) + [0, 0] + le32(0) + FrameBuilder.be32(UInt32(f.address.high >> 32)) + FrameBuilder.be32(UInt32(truncatingIfNeeded: f.address.high))
                    + FrameBuilder.be32(UInt32(f.address.low >> 32)) + FrameBuilder.be32(UInt32(truncatingIfNeeded: f.address.low)) + le32(0)
            }
            e += [UInt8](repeating: 0, count: 152 - e.count)
            out += e
        }
        return header(command: 11, response: true, messageID: messageID, sessionID: sessionID, treeID: treeID, signed: true)
            + le16(49) + le16(0) + le32(0x0014_01FC) + [UInt8](repeating: 0xFF, count: 16)
            + le32(112) + le32(0) + le32(112) + le32(UInt32(out.count)) + le32(0) + le32(0) + out
    }

    /// WRITE request (2.2.21) carrying `length` bytes of data, and its response (2.2.22).
    public static func writeRequest(messageID: UInt64, sessionID: UInt64, treeID: UInt32, offset: UInt64, length: Int) -> [UInt8] {
        header(command: 9, response: false, messageID: messageID, sessionID: sessionID, treeID: treeID)
            + le16(49) + le16(112) + le32(UInt32(length)) + le64(offset) + [UInt8](repeating: 0xF1, count: 16)
            + le32(0) + le32(0) + le16(0) + le16(0) + le32(0) + [UInt8](repeating: 0, count: length)
    }

    public static func writeResponse(messageID: UInt64, sessionID: UInt64, treeID: UInt32, count: Int) -> [UInt8] {
        header(command: 9, response: true, messageID: messageID, sessionID: sessionID, treeID: treeID)
            + le16(17) + le16(0) + le32(UInt32(count)) + le32(0) + le16(0) + le16(0)
    }

    /// READ request (2.2.19) and response (2.2.20) with `length` bytes of data.
    public static func readRequest(messageID: UInt64, sessionID: UInt64, treeID: UInt32, offset: UInt64, length: Int) -> [UInt8] {
        header(command: 8, response: false, messageID: messageID, sessionID: sessionID, treeID: treeID)
            + le16(49) + [0x50, 0] + le32(UInt32(length)) + le64(offset) + [UInt8](repeating: 0xF1, count: 16)
            + le32(0) + le32(0) + le32(0) + le16(0) + le16(0) + [0]
    }

    public static func readResponse(messageID: UInt64, sessionID: UInt64, treeID: UInt32, length: Int) -> [UInt8] {
        header(command: 8, response: true, messageID: messageID, sessionID: sessionID, treeID: treeID)
            + le16(17) + [80, 0] + le32(UInt32(length)) + le32(0) + le32(0) + [UInt8](repeating: 0, count: length)
    }

    /// LOGOFF request (2.2.7).
    public static func logoff(messageID: UInt64, sessionID: UInt64) -> [UInt8] {
        header(command: 2, response: false, messageID: messageID, sessionID: sessionID) + le16(4) + le16(0)
    }

    /// An encrypted message (2.2.41): transform header and `size` opaque bytes.
    public static func encrypted(sessionID: UInt64, size: Int) -> [UInt8] {
        [0xFD, 0x53, 0x4D, 0x42] + [UInt8](repeating: 0xE5, count: 16) + [UInt8](repeating: 0x4E, count: 16)
            + le32(UInt32(size)) + le16(0) + le16(1) + le64(sessionID) + [UInt8](repeating: 0xC3, count: size)
    }

    /// An unchained compressed message (2.2.42.1) whose uncompressed prefix is `plain`.
    public static func compressed(plain: [UInt8], compressedSize: Int) -> [UInt8] {
        [0xFC, 0x53, 0x4D, 0x42] + le32(UInt32(plain.count + compressedSize)) + le16(2) + le16(0) + le32(UInt32(plain.count))
            + plain + [UInt8](repeating: 0x7C, count: compressedSize)
    }

    /// The Direct TCP transport header (2.1) before `message`.
    public static func directTCP(_ message: [UInt8]) -> [UInt8] {
        [0, UInt8((message.count >> 16) & 0xFF), UInt8((message.count >> 8) & 0xFF), UInt8(message.count & 0xFF)] + message
    }

    /// The NetBIOS session message header (RFC 1002 4.3.1) before `message`.
    public static func netBIOS(_ message: [UInt8]) -> [UInt8] {
        [0, UInt8((message.count >> 16) & 1), UInt8((message.count >> 8) & 0xFF), UInt8(message.count & 0xFF)] + message
    }
}
