import CaptureIO
import PacketWire

/// Rewrites Ethernet captures as Linux "cooked" captures, as `tcpdump -i any` or a capture on a
/// device without an Ethernet header writes them: LINKTYPE_LINUX_SLL (16-byte header: packet
/// type, ARPHRD_ETHER, address length 6, the source MAC, protocol) or LINKTYPE_LINUX_SLL2
/// (20-byte header: protocol, reserved, interface index, ARPHRD_ETHER, packet type, address
/// length, the source MAC). The destination MAC is lost, as in a real cooked capture; the
/// packet type is 4 (outgoing) for frames from one of `localMACs`, else 0 (to us), 1 or 2 for
/// broadcast and multicast destinations.
public enum LinkRewriter {
    public enum Cooked: Sendable {
        case sll
        case sll2(interfaceIndex: UInt32)

        public var linkType: LinkType {
            switch self {
            case .sll: return .linuxSLL
            case .sll2: return .linuxSLL2
            }
        }
    }

    /// The cooked form of one Ethernet frame (nil when it is shorter than an Ethernet header).
    public static func cook(_ frame: [UInt8], as kind: Cooked, localMACs: Set<UInt64>) -> [UInt8]? {
        guard frame.count >= 14 else { return nil }
        var dst: UInt64 = 0, src: UInt64 = 0
        for i in 0..<6 { dst = dst << 8 | UInt64(frame[i]); src = src << 8 | UInt64(frame[6 + i]) }
        let packetType: UInt16
        if localMACs.contains(src) { packetType = 4 }
        else if dst == 0xFFFF_FFFF_FFFF { packetType = 1 }
        else if dst & (1 << 40) != 0 { packetType = 2 }
        else { packetType = 0 }
        let address = Array(frame[6..<12]) + [0, 0]
        let proto = Array(frame[12..<14])
        let payload = frame[14...]
        switch kind {
        case .sll:
            return be16(packetType) + be16(1) + be16(6) + address + proto + payload
        case .sll2(let index):
            return proto + [0, 0] + be32(index) + be16(1) + [UInt8(packetType), 6] + address + payload
        }
    }

    /// Copies the Ethernet capture at `source` to `destination` (pcap, nanoseconds) in the cooked
    /// form, keeping every timestamp and wire length (less the 14 bytes of Ethernet header, plus
    /// the cooked header's). Returns the number of frames written.
    @discardableResult
    public static func rewrite(_ source: String, to destination: String, as kind: Cooked, localMACs: Set<UInt64>) throws(CaptureError) -> Int {
        let reader = try CaptureFile.open(source)
        let writer = try CaptureWriter(path: destination, format: .pcap(nanoseconds: true),
                                       interfaces: [.init(name: "cooked", linkType: kind.linkType)])
        var n = 0
        while let r = try reader.next() {
            guard reader.interfaces[r.interface].linkType == .ethernet,
                  let cooked = cook(Array(r.bytes), as: kind, localMACs: localMACs) else { continue }
            let header = cooked.count - (r.bytes.count - 14)
            writer.write(timestamp: r.timestamp, bytes: cooked, wireLength: r.wireLength - 14 + header)
            n += 1
        }
        writer.close()
        return n
    }

    /// Merges Ethernet captures of several interfaces into one Linux SLL2 capture, as
    /// `tcpdump -i any` writes it: every frame carries its interface's index (`sources[k].index`)
    /// and its packet type; frames in timestamp order (ties: the earlier source).
    @discardableResult
    public static func mergeAsAny(_ sources: [(path: String, index: UInt32)], to destination: String,
                                  localMACs: Set<UInt64>) throws(CaptureError) -> Int {
        var frames: [(time: Int64, source: Int, bytes: [UInt8], wire: Int)] = []
        for (k, s) in sources.enumerated() {
            let reader = try CaptureFile.open(s.path)
            while let r = try reader.next() {
                guard let cooked = cook(Array(r.bytes), as: .sll2(interfaceIndex: s.index), localMACs: localMACs) else { continue }
                frames.append((r.timestamp, k, cooked, r.wireLength - 14 + 20))
            }
        }
        frames.sort { ($0.time, $0.source) < ($1.time, $1.source) }
        let writer = try CaptureWriter(path: destination, format: .pcap(nanoseconds: true),
                                       interfaces: [.init(name: "any", linkType: .linuxSLL2)])
        for f in frames { writer.write(timestamp: f.time, bytes: f.bytes, wireLength: f.wire) }
        writer.close()
        return frames.count
    }

    private static func be16(_ v: UInt16) -> [UInt8] { [UInt8(v >> 8), UInt8(v & 0xFF)] }
    private static func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }
}
