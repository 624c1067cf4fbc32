/// iWARP framing for lab captures: MPA request and reply frames (RFC 5044 7.1), FPDUs (RFC 5044
/// 4.1, CRC not negotiated: the field is zero) holding DDP segments (RFC 5041) with their RDMAP
/// opcode (RFC 5040), and the SMB Direct messages Sends carry ([MS-SMBD] 2.2.1–2.2.3).
public enum IWARPFraming {
    static func be16(_ v: Int) -> [UInt8] { [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
    static func be32(_ v: UInt32) -> [UInt8] { FrameBuilder.be32(v) }
    static func le16(_ v: Int) -> [UInt8] { SMBMessageBuilder.le16(UInt16(v)) }
    static func le32(_ v: Int) -> [UInt8] { SMBMessageBuilder.le32(UInt32(v)) }

    /// An MPA request (or reply) frame, revision 1, no markers, no CRC, no private data.
    public static func mpa(request: Bool) -> [UInt8] {
        Array((request ? "MPA ID Req Frame" : "MPA ID Rep Frame").utf8) + [0x00, 1] + be16(0)
    }

    /// One FPDU: the ULPDU length, the DDP header (`header`, with its control octets) and
    /// payload, the pad to four and a zero CRC.
    static func fpdu(_ ulpdu: [UInt8]) -> [UInt8] {
        var b = be16(ulpdu.count) + ulpdu
        while b.count % 4 != 0 { b.append(0) }
        return b + [0, 0, 0, 0]
    }

    /// A Send (RDMAP opcode 3; 5 with a solicited event) of `message` as untagged DDP segments to
    /// queue 0, message `msn`, at most `segment` payload bytes each: one FPDU per TCP segment.
    public static func send(_ message: [UInt8], msn: UInt32, segment: Int = 1_400, solicited: Bool = false) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var offset = 0
        repeat {
            let n = min(segment, message.count - offset)
            let last = offset + n == message.count
            let control: [UInt8] = [(last ? 0x40 : 0) | 0x01, 0x40 | (solicited ? 5 : 3)]
            out.append(fpdu(control + [0, 0, 0, 0] + be32(0) + be32(msn) + be32(UInt32(offset)) + Array(message[offset..<(offset + n)])))
            offset += n
        } while offset < message.count
        return out
    }

    /// A tagged RDMA Write segment (RDMAP opcode 0) of `length` bytes to `stag` at `offset`.
    public static func write(length: Int, stag: UInt32, offset: UInt64, last: Bool) -> [UInt8] {
        fpdu([0x80 | (last ? 0x40 : 0) | 0x01, 0x40] + be32(stag) + be32(UInt32(offset >> 32)) + be32(UInt32(truncatingIfNeeded: offset))
             + [UInt8](repeating: 0xA5, count: length))
    }

    /// [MS-SMBD] 2.2.1: version 0x0100, 255 credits, 1364-byte sends, 8 KiB receives, 1 MiB fragmented.
    public static func negotiateRequest() -> [UInt8] {
        le16(0x0100) + le16(0x0100) + le16(0) + le16(255) + le32(1_364) + le32(8_192) + le32(1 << 20)
    }

    /// [MS-SMBD] 2.2.2: success, 1 MiB reads and writes.
    public static func negotiateResponse() -> [UInt8] {
        le16(0x0100) + le16(0x0100) + le16(0x0100) + le16(0) + le16(255) + le16(255) + le32(0) + le32(1 << 20)
            + le32(1_364) + le32(8_192) + le32(1 << 20)
    }

    /// [MS-SMBD] 2.2.3: a data transfer message carrying `data` at offset 24, with
    /// `remaining` bytes of the same SMB2 message still to come.
    public static func dataTransfer(_ data: [UInt8], remaining: Int = 0, credits: Int = 10) -> [UInt8] {
        le16(credits) + le16(credits) + le16(0) + le16(0) + le32(remaining) + le32(data.isEmpty ? 0 : 24) + le32(data.count) + le32(0) + data
    }
}
