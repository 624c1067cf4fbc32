import PacketWire

/// Two hosts A and B, two members each wired back to back (eth0 to eth0, eth1 to eth1), talking
/// RoCEv2 (IBTA Vol. 1 annex A17) over four reliable-connection queue pairs, A the requester:
///
/// | QP (A ↔ B) | A's UDP source port, member | B's, member | traffic |
/// |---|---|---|---|
/// | 0x11 ↔ 0x101 | 0xC101, eth0 | 0xD011, eth0 | 3 RDMA WRITEs of 8 packets; the 12th packet (PSN 0x1000 + 11) is lost on the wire: B NAKs it (PSN sequence error) and A resends from it (go-back-N, 5 packets) |
/// | 0x12 ↔ 0x102 | 0xC203, eth1 | 0xD122, eth1 | 3 RDMA WRITEs of 8 packets |
/// | 0x13 ↔ 0x103 | 0xC305, eth0 | 0xD233, eth1 | 10 SEND Only, each acknowledged |
/// | 0x14 ↔ 0x104 | 0xC407, eth1 then eth0 | 0xD344, eth0 | 6 RDMA READs of 4 response packets; A's requests move from eth1 to eth0 after the third |
///
/// Each host captures its members (`HOST/eth0.pcap` …); the lost packet is in A's capture
/// only. The figures a test expects are in `RoCEv2ScenarioTests`.
public struct RoCEv2Scenario: Sendable {
    public init() {}

    public static let a = LabEndpoint(name: "A", mac: MACAddress(rawValue: 0x02_00_00_00_4A_01), ip: IPAddress("198.51.100.1")!,
                                      memberNames: ["eth0", "eth1"],
                                      memberMACs: [MACAddress(rawValue: 0x02_00_00_00_4A_01), MACAddress(rawValue: 0x02_00_00_00_4A_02)])
    public static let b = LabEndpoint(name: "B", mac: MACAddress(rawValue: 0x02_00_00_00_4B_01), ip: IPAddress("198.51.100.2")!,
                                      memberNames: ["eth0", "eth1"],
                                      memberMACs: [MACAddress(rawValue: 0x02_00_00_00_4B_01), MACAddress(rawValue: 0x02_00_00_00_4B_02)])

    /// One queue-pair connection of the table above.
    struct Connection {
        var qpA: UInt32, qpB: UInt32
        var portA: UInt16, portB: UInt16
        var memberA: Int, memberB: Int
    }

    static let connections = [
        Connection(qpA: 0x11, qpB: 0x101, portA: 0xC101, portB: 0xD011, memberA: 0, memberB: 0),
        Connection(qpA: 0x12, qpB: 0x102, portA: 0xC203, portB: 0xD122, memberA: 1, memberB: 1),
        Connection(qpA: 0x13, qpB: 0x103, portA: 0xC305, portB: 0xD233, memberA: 0, memberB: 1),
        Connection(qpA: 0x14, qpB: 0x104, portA: 0xC407, portB: 0xD344, memberA: 1, memberB: 0),
    ]
    static let start: Int64 = 1_795_300_000_000_000_000
    /// RDMA payload per full packet (a 4096-byte path MTU).
    static let mtu = 4096

    /// The frames, in time order of sending.
    func frames() -> [LabFrame] {
        let hosts = [Self.a, Self.b]
        var frames: [LabFrame] = []
        var ipID: [UInt16] = [1, 1]
        func send(_ t: Int64, from s: Int, member: Int, port: UInt16, _ h: FrameBuilder.RoCEv2Headers, payload: Int, lost: Bool = false) {
            let from = hosts[s], to = hosts[1 - s]
            let f = FrameBuilder.rocev2(srcMAC: from.memberMACs[member], dstMAC: to.mac, src: from.ip, dst: to.ip, sport: port,
                                        headers: h, payload: payload, ipID: ipID[s])
            ipID[s] &+= 1
            frames.append(LabFrame(time: t, frame: f, sender: s, senderMember: member, receiver: 1 - s, receiverMember: lost ? nil : member,
                                   latency: 2_000))
        }
        func ack(_ t: Int64, _ c: Connection, psn: UInt32, msn: UInt32, syndrome: UInt8 = 0x1F) {
            var h = FrameBuilder.RoCEv2Headers(opcode: .acknowledge, destinationQP: c.qpA, psn: psn)
            h.aeth = (syndrome, msn)
            send(t, from: 1, member: c.memberB, port: c.portB, h, payload: 0)
        }
        // RDMA WRITEs on the first two connections: First (RETH), Middle ×6, Last (ack request).
        for (k, c) in Self.connections.prefix(2).enumerated() {
            var t = Self.start + Int64(k) * 500_000
            var psn: UInt32 = 0x1000
            for message in 0..<3 {
                let first = psn
                func write(_ i: Int, lost: Bool = false, at time: Int64) {
                    let op: InfiniBandOpcode = i == 0 ? .writeFirst : i == 7 ? .writeLast : .writeMiddle
                    var h = FrameBuilder.RoCEv2Headers(opcode: op, destinationQP: c.qpB, psn: first + UInt32(i))
                    h.acknowledgeRequest = i == 7
                    h.reth = (0x7F00_0000_0000 + UInt64(message) * 0x8000, 0x2A00 + UInt32(k), UInt32(8 * Self.mtu))
                    send(time, from: 0, member: c.memberA, port: c.portA, h, payload: Self.mtu, lost: lost)
                }
                let lossAt = k == 0 && message == 1 ? 3 : -1
                for i in 0..<8 {
                    write(i, lost: i == lossAt, at: t)
                    t += 1_000
                }
                if lossAt >= 0 {
                    // B saw PSN first+4 while expecting first+3: one NAK (PSN sequence error,
                    // syndrome 0x60) naming the PSN it expects; A resends from it.
                    ack(t + 3_000, c, psn: first + UInt32(lossAt), msn: UInt32(message), syndrome: 0x60)
                    t += 10_000
                    for i in lossAt..<8 {
                        write(i, at: t)
                        t += 1_000
                    }
                }
                ack(t + 3_000, c, psn: first + 7, msn: UInt32(message + 1))
                psn += 8
                t += 20_000
            }
        }
        // SEND Only on the third, each acknowledged.
        let send3 = Self.connections[2]
        for i in 0..<10 {
            let t = Self.start + 2_000_000 + Int64(i) * 50_000
            var h = FrameBuilder.RoCEv2Headers(opcode: .sendOnly, destinationQP: send3.qpB, psn: 0x2000 + UInt32(i))
            h.acknowledgeRequest = true
            h.solicitedEvent = true
            send(t, from: 0, member: send3.memberA, port: send3.portA, h, payload: 1_024 + 3)
            ack(t + 5_000, send3, psn: 0x2000 + UInt32(i), msn: UInt32(i + 1))
        }
        // RDMA READs on the fourth: the request takes four PSNs, one per response packet.
        let read = Self.connections[3]
        for i in 0..<6 {
            let t = Self.start + 3_000_000 + Int64(i) * 30_000_000
            let psn = 0x3000 + UInt32(i) * 4
            var h = FrameBuilder.RoCEv2Headers(opcode: .readRequest, destinationQP: read.qpB, psn: psn)
            h.reth = (0x7E00_0000_0000 + UInt64(i) * 0x4000, 0x3B00, UInt32(4 * Self.mtu))
            send(t, from: 0, member: i < 3 ? 1 : 0, port: read.portA, h, payload: 0)
            for j in 0..<4 {
                let op: InfiniBandOpcode = j == 0 ? .readResponseFirst : j == 3 ? .readResponseLast : .readResponseMiddle
                var r = FrameBuilder.RoCEv2Headers(opcode: op, destinationQP: read.qpA, psn: psn + UInt32(j))
                r.aeth = (0x1F, UInt32(i + 1))
                send(t + 10_000 + Int64(j) * 1_000, from: 1, member: read.memberB, port: read.portB, r, payload: Self.mtu)
            }
        }
        return frames.sorted { $0.time < $1.time }
    }

    /// Writes `folder`/A/eth0.pcap … B/eth1.pcap (`.pcap.gz` with `gzip`); returns the
    /// `HOST/MEMBER=PATH` arguments.
    public func write(to folder: String, gzip: Bool = false) throws -> [String] {
        let hosts = [Self.a, Self.b]
        let paths = try SampleCaptures.writePerMember(frames(), hosts: hosts, folder: folder, latency: 2_000, gzip: gzip)
        return zip(hosts.flatMap { h in h.memberNames.map { "\(h.name)/\($0)" } }, paths).map { "\($0)=\($1)" }
    }
}
