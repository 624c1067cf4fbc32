import PacketWire
import TeamingModels

/// One Linux bond of 2–4 members in any mode, captured on host A's members alone, for measuring
/// how often each verdict confidence is right (`teamscope-calibrate`, issue 21 item 6).
///
/// Host A's bond picks each frame's member as bonding.rst and the kernel do: the exact
/// `xmit_hash_policy` hash (802.3ad, balance-xor), round robin per packet (balance-rr), the
/// active member (active-backup), or per hash bucket the least-loaded member with non-active
/// members sending with their own MAC (balance-tlb/alb; alb also answers ARP from a member's own
/// MAC to balance what it receives). The peer is either the same bond wired back to back (member
/// i to member i) or a switch: a LAG hashing its own way for 802.3ad (with LACPDUs from its own
/// system) and the static modes, plain learning (to the active member's MAC, broadcasts
/// flooded to every member) for the switch-independent ones.
public struct CalibrationScenario: Sendable {
    public enum Peer: String, Sendable, CaseIterable {
        /// The same bond on host B, wired back to back.
        case bond
        /// A switch (with one peer host behind it).
        case `switch`
    }

    /// Any mode but broadcast.
    public var mode: BondMode
    public var policy: LinuxHashPolicy
    public var members: Int
    public var flows: Int
    public var peer: Peer
    public var seed: UInt64

    public init(mode: BondMode, policy: LinuxHashPolicy = .layer2, members: Int, flows: Int, peer: Peer, seed: UInt64) {
        self.mode = mode
        self.policy = policy
        self.members = members
        self.flows = flows
        self.peer = peer
        self.seed = seed
    }

    /// Whether the mode hashes with `policy` (802.3ad, balance-xor).
    public var hashes: Bool { mode == .ieee8023ad || mode == .balanceXOR }

    /// `802.3ad-layer3+4-3m-40f-switch`.
    public var name: String {
        "\(mode.rawValue)\(hashes ? "-" + policy.rawValue : "")-\(members)m-\(flows)f-\(peer.rawValue)"
    }

    /// The family and model the verdict should name.
    public var family: TeamFamily { TeamFamily(bondMode: mode)! }
    public var model: ModelName { ModelName(bondMode: mode, hashPolicy: policy.rawValue)! }

    static let base: Int64 = 1_795_300_000_000_000_000

    func endpoint(_ name: String, _ id: UInt64, ip: String) -> LabEndpoint {
        let macs = (0..<members).map { MACAddress(rawValue: 0x02_00_00_00_00_00 | id << 8 | UInt64($0 + 1)) }
        return LabEndpoint(name: name, mac: macs[0], ip: IPAddress(ip)!, memberNames: (0..<members).map { "eth\($0)" }, memberMACs: macs)
    }

    /// Host A's MACs (the bond's and each member's own): what `--local-mac` gives as a hint.
    public var localMACs: [MACAddress] { endpoint("A", 0xA0 + seed & 0x0F, ip: "192.0.2.1").memberMACs }

    /// Writes `folder`/A/eth0.pcap … (host A's members only); returns the paths.
    public func write(to folder: String) throws -> [String] {
        let a = endpoint("A", 0xA0 + seed & 0x0F, ip: "192.0.2.1")
        var b = endpoint("B", 0xB0 + seed & 0x0F, ip: "192.0.2.2")
        if peer == .switch { b.memberNames = [] }
        let switchMAC = MACAddress(rawValue: 0x02_00_00_00_5E_00 | (seed & 0xFF))
        var rng = SplitMix64(seed: seed)
        var frames: [LabFrame] = []
        let span: Int64 = flows > 8 ? 4_000_000_000 : 2_000_000_000
        // Per sending host: tlb/alb buckets and load, round robin's counter.
        var buckets = [[Int: Int]](repeating: [:], count: 2)
        var load = [[Int]](repeating: [Int](repeating: 0, count: members), count: 2)
        var next = [0, 0]
        func member(_ sender: Int, _ f: FrameBuilder.Frame, ports: (UInt16, UInt16)) -> Int {
            if sender == 1 && peer == .switch {
                switch mode {
                case .ieee8023ad, .balanceXOR, .balanceRR:
                    return Int(WindowsTeamScenario.fnv([UInt32(ports.0) << 16 | UInt32(ports.1), 0x5A17]) % UInt32(members))
                case .activeBackup, .balanceTLB, .balanceALB, .broadcast:
                    return 0
                }
            }
            switch mode {
            case .ieee8023ad, .balanceXOR:
                // SAFETY: the frame's bytes are read only inside the closure.
                return f.bytes.withUnsafeBytes { LinuxBondHash.member(frame: $0, policy: policy, count: members) }
            case .balanceRR:
                defer { next[sender] += 1 }
                return next[sender] % members
            case .activeBackup, .broadcast:
                return 0
            case .balanceTLB, .balanceALB:
                let bucket = Int(WindowsTeamScenario.fnv([UInt32(ports.0) << 16 | UInt32(ports.1)]) & 0xFF)
                if let m = buckets[sender][bucket] { return m }
                let m = load[sender].indices.min { (load[sender][$0], $0) < (load[sender][$1], $1) }!
                buckets[sender][bucket] = m
                return m
            }
        }
        func add(_ t: Int64, _ f: FrameBuilder.Frame, sender: Int, ports: (UInt16, UInt16)) {
            let m = member(sender, f, ports: ports)
            load[sender][m] += f.wireLength
            var frame = f
            if (mode == .balanceTLB || mode == .balanceALB) && m != 0 && !(sender == 1 && peer == .switch) {
                frame.bytes.replaceSubrange(6..<12, with: FrameBuilder.mac([a, b][sender].memberMACs[m]))
            }
            frames.append(LabFrame(time: t, frame: frame, sender: sender, senderMember: sender == 0 ? m : (peer == .bond ? m : nil),
                                   receiver: 1 - sender, receiverMember: sender == 1 ? m : (peer == .bond ? m : nil)))
        }
        // Flows: most from A, a quarter from B; addresses and ports vary as a host's would.
        for k in 0..<flows {
            var ha = a, hb = b
            ha.ip = IPAddress(ipv4: (a.ip.ipv4 ?? 0) + UInt32(k % 5 == 0 ? 0 : 10 + k % 5))
            hb.ip = IPAddress(ipv4: (b.ip.ipv4 ?? 0) + UInt32(k % 3 == 0 ? 0 : 20 + k % 3))
            // Behind a switch, peers are several hosts (their own MACs); a peer bond is one host.
            if peer == .switch { hb.mac = MACAddress(rawValue: b.mac.rawValue + UInt64(k % 3) << 16) }
            let fromA = k % 4 != 3
            let start = Self.base + Int64(k) * span / Int64(max(flows, 1)) + Int64(rng.next() % 1_000_000)
            let conv = TCPConversation(client: fromA ? 0 : 1, server: fromA ? 1 : 0,
                                       clientPort: UInt16(40_000 + Int(rng.next() % 20_000)), serverPort: [5001, 6600, 445, 22][k % 4],
                                       bytes: 8_000 + Int(rng.next() % 40_000), start: start, rate: 2e8)
            for (t, fromClient, f) in conv.frames(hosts: [ha, hb], rng: &rng) {
                let sender = fromClient ? conv.client : conv.server
                let ports = fromClient ? (conv.clientPort, conv.serverPort) : (conv.serverPort, conv.clientPort)
                add(t, f, sender: sender, ports: ports)
            }
        }
        // ARP: A asks for B (broadcast), B answers; a switch floods B's own request to every member.
        let arpAt = Self.base - 5_000_000
        add(arpAt, FrameBuilder.arp(srcMAC: a.mac, src: a.ip, target: b.ip, reply: false, targetMAC: MACAddress(rawValue: 0)), sender: 0, ports: (0, 0))
        add(arpAt + 50_000, FrameBuilder.arp(srcMAC: b.mac, src: b.ip, target: a.ip, reply: true, targetMAC: a.mac), sender: 1, ports: (0, 0))
        let request = FrameBuilder.arp(srcMAC: b.mac, src: b.ip, target: a.ip, reply: false, targetMAC: MACAddress(rawValue: 0))
        let asks = FrameBuilder.arp(srcMAC: a.mac, src: a.ip, target: IPAddress(ipv4: (b.ip.ipv4 ?? 0) + 21), reply: false, targetMAC: MACAddress(rawValue: 0))
        for m in 0..<members where peer == .switch && mode != .ieee8023ad && mode != .balanceXOR && mode != .balanceRR {
            // B's request flooded to every member at once; A's own, sent on the active member,
            // echoed back on the others a round trip later.
            frames.append(LabFrame(time: arpAt + 900_000 + Int64(m) * 300, frame: request, sender: 1, senderMember: nil, receiver: 0, receiverMember: m))
            frames.append(LabFrame(time: arpAt + 1_900_000, frame: asks, sender: 0, senderMember: m == 0 ? 0 : nil, receiver: 0,
                                   receiverMember: m == 0 ? nil : m, latency: 40_000))
        }
        if mode == .balanceALB {
            // Receive balancing: A answers B's addresses each from another member's own MAC.
            for m in 0..<members {
                let target = IPAddress(ipv4: (b.ip.ipv4 ?? 0) + UInt32(m == 0 ? 0 : 20 + m))
                let f = FrameBuilder.arp(srcMAC: a.memberMACs[m], src: a.ip, target: target, reply: true, targetMAC: b.mac)
                frames.append(LabFrame(time: arpAt + 1_000_000 + Int64(m) * 100_000, frame: f, sender: 0, senderMember: m,
                                       receiver: 1, receiverMember: peer == .bond ? m : nil))
            }
        }
        if mode == .ieee8023ad {
            let partner = peer == .bond ? b.mac : switchMAC
            let seconds = Int(span / 1_000_000_000) + 1
            for s in 0..<seconds {
                for m in 0..<members {
                    let t = Self.base - 20_000_000 + Int64(s) * 1_000_000_000 + Int64(m) * 300_000
                    let own = FrameBuilder.lacpdu(portMAC: a.memberMACs[m], actorSystem: a.mac, actorPort: UInt16(m + 1), actorKey: 9,
                                                  partnerSystem: partner, partnerPort: UInt16(m + 1))
                    frames.append(LabFrame(time: t, frame: own, sender: 0, senderMember: m, receiver: 1, receiverMember: peer == .bond ? m : nil))
                    let portMAC = peer == .bond ? b.memberMACs[m] : MACAddress(rawValue: switchMAC.rawValue + UInt64(m + 1) << 8)
                    let theirs = FrameBuilder.lacpdu(portMAC: portMAC, actorSystem: partner, actorPort: UInt16(m + 1), actorKey: 9,
                                                     partnerSystem: a.mac, partnerPort: UInt16(m + 1))
                    frames.append(LabFrame(time: t + 2_000, frame: theirs, sender: 1, senderMember: peer == .bond ? m : nil, receiver: 0, receiverMember: m))
                }
            }
        }
        return try SampleCaptures.writePerMember(frames, hosts: peer == .bond ? [a, b] : [a, b], folder: folder, latency: 20_000)
            .filter { $0.contains("/A/") }
    }
}
