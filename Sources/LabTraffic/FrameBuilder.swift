import PacketWire

/// Builds Ethernet frames with valid IPv4/TCP/UDP/ICMP headers and checksums. Payloads are
/// zeros and only the headers are materialised: `wireLength` says how long the frame was.
public enum FrameBuilder {
    public struct Frame: Sendable {
        /// The headers (and any payload bytes that were materialised).
        public var bytes: [UInt8]
        public var wireLength: Int
    }

    public static func ethernet(dst: MACAddress, src: MACAddress, type: UInt16) -> [UInt8] {
        mac(dst) + mac(src) + be16(type)
    }

    public static func tcp(srcMAC: MACAddress, dstMAC: MACAddress, src: IPAddress, dst: IPAddress,
                           sport: UInt16, dport: UInt16, seq: UInt32, ack: UInt32, flags: TCPFlags,
                           payload: Int, ipID: UInt16, window: UInt16 = 65_535, ttl: UInt8 = 64) -> Frame {
        var tcp = be16(sport) + be16(dport) + be32(seq) + be32(ack) + [0x50, flags.rawValue] + be16(window) + [0, 0, 0, 0]
        let sum = checksum(tcp, seed: pseudoHeader(src, dst, protocol: 6, length: 20 + payload))
        tcp[16] = UInt8(sum >> 8); tcp[17] = UInt8(sum & 0xFF)
        let ip = ipv4(src: src, dst: dst, protocol: 6, payload: 20 + payload, id: ipID, ttl: ttl)
        let bytes = ethernet(dst: dstMAC, src: srcMAC, type: 0x0800) + ip + tcp
        return Frame(bytes: bytes, wireLength: max(60, 14 + 20 + 20 + payload))
    }

    /// A TCP segment whose payload bytes are materialised (for application-layer samples).
    public static func tcp(srcMAC: MACAddress, dstMAC: MACAddress, src: IPAddress, dst: IPAddress,
                           sport: UInt16, dport: UInt16, seq: UInt32, ack: UInt32, flags: TCPFlags,
                           payloadBytes: [UInt8], ipID: UInt16, window: UInt16 = 65_535, ttl: UInt8 = 64) -> Frame {
        var tcp = be16(sport) + be16(dport) + be32(seq) + be32(ack) + [0x50, flags.rawValue] + be16(window) + [0, 0, 0, 0]
        let sum = checksum(tcp + payloadBytes, seed: pseudoHeader(src, dst, protocol: 6, length: 20 + payloadBytes.count))
        tcp[16] = UInt8(sum >> 8); tcp[17] = UInt8(sum & 0xFF)
        let ip = ipv4(src: src, dst: dst, protocol: 6, payload: 20 + payloadBytes.count, id: ipID, ttl: ttl)
        var bytes = ethernet(dst: dstMAC, src: srcMAC, type: 0x0800) + ip + tcp + payloadBytes
        while bytes.count < 60 { bytes.append(0) }
        return Frame(bytes: bytes, wireLength: bytes.count)
    }

    public static func udp(srcMAC: MACAddress, dstMAC: MACAddress, src: IPAddress, dst: IPAddress,
                           sport: UInt16, dport: UInt16, payload: Int, ipID: UInt16, ttl: UInt8 = 64) -> Frame {
        var udp = be16(sport) + be16(dport) + be16(UInt16(8 + payload)) + [0, 0]
        var sum = checksum(udp, seed: pseudoHeader(src, dst, protocol: 17, length: 8 + payload))
        if sum == 0 { sum = 0xFFFF }
        udp[6] = UInt8(sum >> 8); udp[7] = UInt8(sum & 0xFF)
        let ip = ipv4(src: src, dst: dst, protocol: 17, payload: 8 + payload, id: ipID, ttl: ttl)
        return Frame(bytes: ethernet(dst: dstMAC, src: srcMAC, type: 0x0800) + ip + udp,
                     wireLength: max(60, 14 + 20 + 8 + payload))
    }

    public static func icmpEcho(srcMAC: MACAddress, dstMAC: MACAddress, src: IPAddress, dst: IPAddress,
                                reply: Bool, id: UInt16, sequence: UInt16, ipID: UInt16, ttl: UInt8 = 64) -> Frame {
        var icmp: [UInt8] = [reply ? 0 : 8, 0, 0, 0] + be16(id) + be16(sequence) + [UInt8](repeating: 0x61, count: 32)
        let sum = checksum(icmp, seed: 0)
        icmp[2] = UInt8(sum >> 8); icmp[3] = UInt8(sum & 0xFF)
        let ip = ipv4(src: src, dst: dst, protocol: 1, payload: icmp.count, id: ipID, ttl: ttl)
        let bytes = ethernet(dst: dstMAC, src: srcMAC, type: 0x0800) + ip + icmp
        return Frame(bytes: bytes, wireLength: max(60, bytes.count))
    }

    public static func arp(srcMAC: MACAddress, src: IPAddress, target: IPAddress, reply: Bool, targetMAC: MACAddress) -> Frame {
        let dst = reply ? targetMAC : MACAddress.broadcast
        var body: [UInt8] = be16(1) + be16(0x0800) + [6, 4] + be16(reply ? 2 : 1)
        body += mac(srcMAC) + be32(UInt32(truncatingIfNeeded: src.low)) + mac(reply ? targetMAC : .zero) + be32(UInt32(truncatingIfNeeded: target.low))
        let bytes = ethernet(dst: dst, src: srcMAC, type: 0x0806) + body
        return Frame(bytes: bytes, wireLength: 60)
    }

    /// An LACPDU (IEEE 802.1AX-2014 6.4.2) from a member port: source is the port's own MAC,
    /// the actor system is the bond's.
    public static func lacpdu(portMAC: MACAddress, actorSystem: MACAddress, actorPort: UInt16, actorKey: UInt16,
                              partnerSystem: MACAddress, partnerPort: UInt16) -> Frame {
        var b = ethernet(dst: MACAddress(rawValue: 0x0180_C200_0002), src: portMAC, type: 0x8809)
        b += [1, 1, 1, 20] + be16(0xFFFF) + mac(actorSystem) + be16(actorKey) + be16(0xFF) + be16(actorPort) + [0x3D, 0, 0, 0]
        b += [2, 20] + be16(0xFFFF) + mac(partnerSystem) + be16(actorKey) + be16(0xFF) + be16(partnerPort) + [0x3D, 0, 0, 0]
        b += [3, 16] + be16(0) + [UInt8](repeating: 0, count: 12)
        b += [0, 0] + [UInt8](repeating: 0, count: 50)
        return Frame(bytes: b, wireLength: b.count)
    }

    // MARK: Pieces

    /// The IPv4 header; `ttl` is the sender's initial TTL (64 Linux, 128 Windows), or what is
    /// left of it after routers.
    static func ipv4(src: IPAddress, dst: IPAddress, protocol p: UInt8, payload: Int, id: UInt16, ttl: UInt8 = 64) -> [UInt8] {
        var h: [UInt8] = [0x45, 0] + be16(UInt16(20 + payload)) + be16(id) + [0x40, 0, ttl, p, 0, 0]
        h += be32(UInt32(truncatingIfNeeded: src.low)) + be32(UInt32(truncatingIfNeeded: dst.low))
        let sum = checksum(h, seed: 0)
        h[10] = UInt8(sum >> 8); h[11] = UInt8(sum & 0xFF)
        return h
    }

    static func pseudoHeader(_ src: IPAddress, _ dst: IPAddress, protocol p: UInt8, length: Int) -> UInt32 {
        let s = UInt32(truncatingIfNeeded: src.low), d = UInt32(truncatingIfNeeded: dst.low)
        return (s >> 16) + (s & 0xFFFF) + (d >> 16) + (d & 0xFFFF) + UInt32(p) + UInt32(length)
    }

    /// RFC 1071 Internet checksum; zero payload bytes add nothing, so headers suffice.
    static func checksum(_ bytes: [UInt8], seed: UInt32) -> UInt16 {
        var sum = seed
        var i = 0
        while i + 1 < bytes.count { sum += UInt32(bytes[i]) << 8 | UInt32(bytes[i + 1]); i += 2 }
        if i < bytes.count { sum += UInt32(bytes[i]) << 8 }
        while sum >> 16 != 0 { sum = (sum & 0xFFFF) + (sum >> 16) }
        return ~UInt16(sum)
    }

    static func mac(_ m: MACAddress) -> [UInt8] { (0..<6).map { UInt8((m.rawValue >> UInt64(40 - 8 * $0)) & 0xFF) } }
    static func be16(_ v: UInt16) -> [UInt8] { [UInt8(v >> 8), UInt8(v & 0xFF)] }
    public static func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }
}
