import PacketWire

/// Two Linux hosts A and B, each a balance-tlb bond (bond_alb.c, `tlb_dynamic_lb=1`) of two
/// members wired back to back (eth0 to eth0, eth1 to eth1), as the kernel's own balance-tlb bond
/// behaved in ../shared/bondvm: each flow's hash bucket goes to the least-loaded member when first
/// used; the active member (eth0) sends with the bond's MAC, eth1 with its own; what a host
/// receives arrives on whichever wire the peer's bond chose. The bulk traffic queues on eth0 (its
/// frames reach the peer 230 µs after they left, eth1's 10 µs): one MAC's large delay must not
/// decide, alone, which MACs are whose.
///
/// With `alb`, the hosts are balance-alb bonds: each also answers ARP for its address with the
/// bond's MAC to one of the peer's addresses and with eth1's own MAC to another (bond_alb.c's
/// receive load balancing tells each peer a member's MAC).
public struct BalanceTLBScenario: Sendable {
    public var alb: Bool
    public init(alb: Bool = false) { self.alb = alb }

    public static let a = LabEndpoint(name: "A", mac: MACAddress(rawValue: 0x02_00_00_00_3A_01), ip: IPAddress("192.0.2.1")!,
                                      memberNames: ["eth0", "eth1"],
                                      memberMACs: [MACAddress(rawValue: 0x02_00_00_00_3A_01), MACAddress(rawValue: 0x02_00_00_00_3A_02)])
    public static let b = LabEndpoint(name: "B", mac: MACAddress(rawValue: 0x02_00_00_00_3B_01), ip: IPAddress("192.0.2.2")!,
                                      memberNames: ["eth0", "eth1"],
                                      memberMACs: [MACAddress(rawValue: 0x02_00_00_00_3B_01), MACAddress(rawValue: 0x02_00_00_00_3B_02)])

    /// Writes `folder`/A/eth0.pcap … B/eth1.pcap; returns the `HOST/MEMBER=PATH` arguments.
    public func write(to folder: String) throws -> [String] {
        let hosts = [Self.a, Self.b]
        var rng = SplitMix64(seed: 0x71B)
        var convs: [TCPConversation] = []
        for k in 0..<20 {
            convs.append(TCPConversation(client: 0, server: 1, clientPort: UInt16(50_000 + 13 * k), serverPort: 5001,
                                         bytes: 30_000 + (k % 5) * 20_000, start: 1_795_200_000_000_000_000 + Int64(k) * 9_000_000, rate: 3e8))
        }
        for k in 0..<6 {
            convs.append(TCPConversation(client: 1, server: 0, clientPort: UInt16(40_000 + 7 * k), serverPort: 22,
                                         bytes: 20_000, start: 1_795_200_000_004_000_000 + Int64(k) * 21_000_000, rate: 1e8))
        }
        // Per host: each hash bucket's member, and the bytes each member was given.
        var buckets = [[Int: Int]](repeating: [:], count: 2)
        var load = [[Int]](repeating: [0, 0], count: 2)
        var frames: [LabFrame] = []
        for conv in convs {
            for (t, fromClient, f) in conv.frames(hosts: hosts, rng: &rng) {
                let sender = fromClient ? conv.client : conv.server
                let (sport, dport) = fromClient ? (conv.clientPort, conv.serverPort) : (conv.serverPort, conv.clientPort)
                let bucket = Int(WindowsTeamScenario.fnv([UInt32(sport) << 16 | UInt32(dport)]) & 0xFF)
                let member: Int
                if let m = buckets[sender][bucket] {
                    member = m
                } else {
                    member = load[sender][0] <= load[sender][1] ? 0 : 1
                    buckets[sender][bucket] = member
                }
                load[sender][member] += f.wireLength
                var frame = f
                if member == 1 { frame.bytes.replaceSubrange(6..<12, with: FrameBuilder.mac(hosts[sender].memberMACs[1])) }
                frames.append(LabFrame(time: t, frame: frame, sender: sender, senderMember: member, receiver: 1 - sender, receiverMember: member,
                                       latency: member == 0 && sender == 0 ? 230_000 : 10_000))
            }
        }
        if alb {
            // ARP replies for each host's address: to the peer's first address with the bond's MAC
            // on eth0, to its second address (x.x.x.+100) with eth1's own MAC on eth1.
            for (i, h) in hosts.enumerated() {
                let other = hosts[1 - i]
                let second = IPAddress(ipv4: (other.ip.ipv4 ?? 0) + 100)
                for (member, target) in [(0, other.ip), (1, second)] {
                    let t = 1_795_200_000_000_500_000 + Int64(i * 2 + member) * 100_000
                    let f = FrameBuilder.arp(srcMAC: h.memberMACs[member], src: h.ip, target: target, reply: true, targetMAC: other.mac)
                    frames.append(LabFrame(time: t, frame: f, sender: i, senderMember: member, receiver: 1 - i, receiverMember: member))
                }
            }
        }
        let paths = try SampleCaptures.writePerMember(frames, hosts: hosts, folder: folder, latency: 10_000)
        return zip(hosts.flatMap { h in h.memberNames.map { "\(h.name)/\($0)" } }, paths).map { "\($0)=\($1)" }
    }
}
