import CaptureIO
import PacketWire
import TeamingModels

/// Captures of a two-member team on hosts A and B, with one misconfiguration or fault switched
/// on at a time, for the health findings' tests (each beside its healthy twin): four TCP
/// streams A → B:6600 over about three seconds, stream k on member k % 2 of both hosts, and
/// LACPDUs every second on every member.
public struct HealthScenario: Sendable {
    /// Per member index: the streams' MSS (8948: jumbo frames of 8,988-byte datagrams).
    public var mss: [Int: Int] = [:]
    /// Per member index: the MSS option A's SYNs carry (none when absent).
    public var synMSS: [Int: Int] = [:]
    /// Per member index: the VLAN id of every frame (untagged when absent).
    public var vlan: [Int: UInt16] = [:]
    /// Every stream on member 0; member 1 carries LACPDUs only.
    public var allOnMember0 = false
    /// Member 1 of both hosts carries nothing (not even LACPDUs) in this span after the first
    /// stream's start (ns); its streams' frames go over member 0 meanwhile.
    public var outage: Range<Int64>?
    /// An ICMP "fragmentation needed" from B to A on member 0 naming this MTU.
    public var fragmentationNeeded: UInt16?
    /// Datagrams over 9,216 bytes on every member (a capture taken with TSO/GRO on).
    public var offloadFrames = false
    /// Member 0's streams use jumbo frames that a hop drops: A sends each large segment three
    /// times (two retransmissions), and B receives none of them.
    public var jumboDropped = false
    /// In this second (0–4), member 1's LACPDUs on both hosts say "not distributing": the port
    /// left the aggregate and rejoined a second later.
    public var lacpFlapSecond: Int?
    /// Packets the capture dropped on A's member 0 (pcapng epb_dropcount; pcapng files then).
    public var drops: UInt64?

    public init() {}

    static let base: Int64 = 1_795_000_000_000_000_000
    static func mac(_ v: UInt64) -> MACAddress { MACAddress(rawValue: v) }

    /// Writes FOLDER/A/eth0.pcap … FOLDER/B/eth1.pcap (.pcapng with `drops`) and returns the
    /// capture arguments `HOST/MEMBER=PATH`.
    public func write(to folder: String) throws -> [String] {
        let a = LabEndpoint(name: "A", mac: Self.mac(0x02_00_00_00_0A_01), ip: IPAddress("192.0.2.1")!, memberNames: ["eth0", "eth1"],
                            memberMACs: [Self.mac(0x02_00_00_00_0A_01), Self.mac(0x02_00_00_00_0A_02)])
        let b = LabEndpoint(name: "B", mac: Self.mac(0x02_00_00_00_0B_01), ip: IPAddress("192.0.2.2")!, memberNames: ["eth0", "eth1"],
                            memberMACs: [Self.mac(0x02_00_00_00_0B_01), Self.mac(0x02_00_00_00_0B_02)])
        let hosts = [a, b]
        var rng = SplitMix64(seed: 14)
        var frames: [(time: Int64, member: Int, fromA: Bool, frame: FrameBuilder.Frame)] = []
        var senderOnly: [(time: Int64, member: Int, frame: FrameBuilder.Frame)] = []
        for second in 0..<5 {
            for i in 0..<2 {
                for (h, other) in [(0, 1), (1, 0)] {
                    var f = FrameBuilder.lacpdu(portMAC: hosts[h].memberMACs[i], actorSystem: hosts[h].mac, actorPort: UInt16(i + 1),
                                                actorKey: 9, partnerSystem: hosts[other].mac, partnerPort: UInt16(i + 1))
                    // Actor state (IEEE 802.1AX 6.4.2.3): in sync, neither collecting nor distributing.
                    if lacpFlapSecond == second && i == 1 { f.bytes[32] = 0x0D }
                    frames.append((Self.base + Int64(second) * 1_000_000_000 + Int64(h * 1000 + i * 300), i, h == 0, f))
                }
            }
        }
        let start = Self.base + 50_000_000
        for k in 0..<4 {
            let member = allOnMember0 ? 0 : k % 2
            var conv = TCPConversation(client: 0, server: 1, clientPort: UInt16(50_001 + k), serverPort: 6600,
                                       bytes: 3_000_000, start: start + Int64(k) * 20_000_000, rate: 8e6)
            conv.mss = jumboDropped && member == 0 ? 8948 : (mss[member] ?? 1448)
            for (t, fromClient, f) in conv.frames(hosts: hosts, rng: &rng) {
                if jumboDropped, member == 0, fromClient, f.wireLength > 1514 {
                    for k in 0..<3 { senderOnly.append((t + Int64(k) * 300_000, 0, f)) }
                    continue
                }
                var frame = f
                if let m = synMSS[member], fromClient, f.bytes.count > 47, f.bytes[47] & 0x02 != 0 { frame = Self.withMSS(frame, UInt16(m)) }
                var on = member
                if let outage, member == 1, outage.contains(t - start) { on = 0 }
                frames.append((t, on, fromClient, frame))
            }
        }
        if offloadFrames {
            for i in 0..<2 {
                let f = FrameBuilder.tcp(srcMAC: a.mac, dstMAC: b.mac, src: a.ip, dst: b.ip, sport: 50_001 + UInt16(i), dport: 6600,
                                         seq: 1, ack: 1, flags: [.ack, .psh], payload: 20_000, ipID: 7)
                frames.append((start + 1_000_000_000, i, true, f))
            }
        }
        if let mtu = fragmentationNeeded {
            frames.append((start + 500_000_000, 0, false, Self.fragmentationNeeded(from: b, to: a, mtu: mtu)))
        }
        if let outage {
            frames.removeAll { $0.member == 1 && outage.contains($0.time - start) }
        }
        // Write each frame on the sender's member and, 4 µs later, on the receiver's.
        var writers: [String: CaptureWriter] = [:]
        var arguments: [String] = []
        for h in hosts {
            try SampleCaptures.mkdirs("\(folder)/\(h.name)")
            for m in h.memberNames {
                let path = "\(folder)/\(h.name)/\(m).\(drops == nil ? "pcap" : "pcapng")"
                writers["\(h.name)/\(m)"] = try CaptureWriter(path: path, format: drops == nil ? .pcap(nanoseconds: false) : .pcapng,
                                                               interfaces: [.init(name: m, snapLength: 128)])
                arguments.append("\(h.name)/\(m)=\(path)")
            }
        }
        var records: [(time: Int64, key: String, frame: FrameBuilder.Frame)] = []
        for f in frames {
            var frame = f.frame
            if let id = vlan[f.member] { frame = Self.tagged(frame, id) }
            let (from, to) = f.fromA ? (a, b) : (b, a)
            records.append((f.time, "\(from.name)/\(from.memberNames[f.member])", frame))
            records.append((f.time + 4_000, "\(to.name)/\(to.memberNames[f.member])", frame))
        }
        for f in senderOnly { records.append((f.time, "A/\(a.memberNames[f.member])", f.frame)) }
        records.sort { ($0.time, $0.key) < ($1.time, $1.key) }
        var dropped = false
        for r in records {
            var count: UInt64?
            if let drops, !dropped, r.key == "A/eth0" { count = drops; dropped = true }
            writers[r.key]!.write(timestamp: r.time, bytes: r.frame.bytes, wireLength: r.frame.wireLength, dropCount: count)
        }
        for w in writers.values { w.close() }
        return arguments
    }

    /// The frame with a TCP MSS option (RFC 9293 3.2) after its 20-byte TCP header.
    static func withMSS(_ f: FrameBuilder.Frame, _ mss: UInt16) -> FrameBuilder.Frame {
        var b = f.bytes
        let total = (Int(b[16]) << 8 | Int(b[17])) + 4
        b[16] = UInt8(total >> 8); b[17] = UInt8(total & 0xFF)
        b[46] = 0x60
        b.insert(contentsOf: [2, 4, UInt8(mss >> 8), UInt8(mss & 0xFF)], at: 54)
        return FrameBuilder.Frame(bytes: b, wireLength: max(f.wireLength + 4, b.count))
    }

    /// The frame with an 802.1Q tag after its MAC addresses.
    static func tagged(_ f: FrameBuilder.Frame, _ id: UInt16) -> FrameBuilder.Frame {
        var b = f.bytes
        b.insert(contentsOf: [0x81, 0x00, UInt8(id >> 8), UInt8(id & 0xFF)], at: 12)
        return FrameBuilder.Frame(bytes: b, wireLength: f.wireLength + 4)
    }

    /// ICMP destination unreachable, fragmentation needed (RFC 1191): the next hop's MTU and the
    /// start of the datagram that did not fit.
    static func fragmentationNeeded(from: LabEndpoint, to: LabEndpoint, mtu: UInt16) -> FrameBuilder.Frame {
        let quoted = FrameBuilder.ipv4(src: to.ip, dst: from.ip, protocol: 6, payload: 8948, id: 1) + [UInt8](repeating: 0, count: 8)
        var icmp: [UInt8] = [3, 4, 0, 0, 0, 0, UInt8(mtu >> 8), UInt8(mtu & 0xFF)] + quoted
        let sum = FrameBuilder.checksum(icmp, seed: 0)
        icmp[2] = UInt8(sum >> 8); icmp[3] = UInt8(sum & 0xFF)
        let bytes = FrameBuilder.ethernet(dst: to.mac, src: from.mac, type: 0x0800)
            + FrameBuilder.ipv4(src: from.ip, dst: to.ip, protocol: 1, payload: icmp.count, id: 2) + icmp
        return FrameBuilder.Frame(bytes: bytes, wireLength: bytes.count)
    }
}
