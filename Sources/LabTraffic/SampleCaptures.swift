#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CaptureIO
import PacketWire
import TeamingModels

/// The sample captures kept in `Captures/`, generated deterministically: the same bytes on
/// every run, so that `teamscope-samples` (`make samples`) rebuilds them bit for bit.
public enum SampleCaptures {
    /// A sample: its folder under `Captures/` and the `teamscope analyze` arguments for it
    /// (relative to the repository root).
    public struct Sample: Sendable {
        public var name: String
        public var summary: String
        public var arguments: [String]
    }

    public static let samples: [Sample] = [
        Sample(name: "lacp-l34",
               summary: "Two Linux hosts, 802.3ad with xmit_hash_policy=layer3+4, two members each wired back to back; four live-migration streams to port 6600, ICMP, ARP and LACPDUs; one pcap per member (snaplen 128), a folder per host.",
               arguments: ["Captures/lacp-l34/A/eth0.pcap", "Captures/lacp-l34/A/eth1.pcap",
                           "Captures/lacp-l34/B/eth0.pcap", "Captures/lacp-l34/B/eth1.pcap"]),
        Sample(name: "windows-pktmon",
               summary: "One Hyper-V host with a switch-independent LBFO team (Address Hash): pktmon-style multi-interface pcapng with the team adapter and both NICs, epb_flags direction and a packet id repeated across components; outbound spread by flow, inbound on the primary NIC only, NIC2 rewriting the source MAC.",
               arguments: ["hv01/*=Captures/windows-pktmon/hv01.pcapng"]),
        Sample(name: "balance-rr",
               summary: "One Linux host with balance-rr: gzip-compressed pcaps of both members and of bond0 beside them; one bulk stream striped packet by packet, ACKs arriving on one member.",
               arguments: ["Captures/balance-rr/eth0.pcap.gz", "Captures/balance-rr/eth1.pcap.gz",
                           "Captures/balance-rr/bond0.pcap.gz"]),
        Sample(name: "smb-multichannel",
               summary: "Two hosts, a switch-dependent team of two members each (layer3+4 hashing on both ends, no LACPDUs captured); a live migration over SMB 3.1.1 Multichannel: one session with four channels (the first, then three bound with SESSION_SETUP's binding flag), the server advertising its team interface (RSS, 20 Gb/s) and an RDMA-capable NIC; the channels land on both members. gzip-compressed pcaps, full payload.",
               arguments: ["Captures/smb-multichannel/A/NIC1.pcap.gz", "Captures/smb-multichannel/A/NIC2.pcap.gz",
                           "Captures/smb-multichannel/B/NIC1.pcap.gz", "Captures/smb-multichannel/B/NIC2.pcap.gz"]),
    ]

    /// Writes every sample under `root` (the `Captures` folder); returns the files written.
    @discardableResult
    public static func write(to root: String) throws -> [String] {
        var files: [String] = []
        files += try lacp(root + "/lacp-l34")
        files += try pktmon(root + "/windows-pktmon")
        files += try roundRobin(root + "/balance-rr")
        files += try smbMultichannel(root + "/smb-multichannel")
        return files
    }

    static let base: Int64 = 1_795_000_000_000_000_000 // 2026-11-18, a fixed epoch for the samples

    static func mac(_ v: UInt64) -> MACAddress { MACAddress(rawValue: v) }
    static func ip(_ s: String) -> IPAddress { IPAddress(s)! }

    // MARK: lacp-l34

    static func lacp(_ folder: String) throws -> [String] {
        let a = LabEndpoint(name: "A", mac: mac(0x02_00_00_00_0A_01), ip: ip("192.0.2.1"), memberNames: ["eth0", "eth1"],
                            memberMACs: [mac(0x02_00_00_00_0A_01), mac(0x02_00_00_00_0A_02)])
        let b = LabEndpoint(name: "B", mac: mac(0x02_00_00_00_0B_01), ip: ip("192.0.2.2"), memberNames: ["eth0", "eth1"],
                            memberMACs: [mac(0x02_00_00_00_0B_01), mac(0x02_00_00_00_0B_02)])
        let hosts = [a, b]
        var rng = SplitMix64(seed: 34)
        var frames: [LabFrame] = []
        let latency: Int64 = 4_000
        // LACPDUs every second on every member, both ways (member i of A is wired to member i of B).
        for second in 0..<2 {
            for i in 0..<2 {
                for (h, other) in [(0, 1), (1, 0)] {
                    let f = FrameBuilder.lacpdu(portMAC: hosts[h].memberMACs[i], actorSystem: hosts[h].mac, actorPort: UInt16(i + 1),
                                                actorKey: 9, partnerSystem: hosts[other].mac, partnerPort: UInt16(i + 1))
                    let t = base + Int64(second) * 1_000_000_000 + Int64(h * 1000 + i * 300)
                    frames.append(LabFrame(time: t, frame: f, sender: h, senderMember: i, receiver: other, receiverMember: i))
                }
            }
        }
        // ARP, then pings: like every frame the bond sends, their member is the kernel's
        // layer3+4 hash of the frame (ARP falls back to the layer-2 hash, ICMP echo hashes its
        // type, code and identifier).
        func hashed(_ f: FrameBuilder.Frame) -> Int {
            // SAFETY: the frame is read only inside the closure.
            f.bytes.withUnsafeBytes { LinuxBondHash.member(frame: $0, policy: .layer34, count: 2) }
        }
        let arpT = base + 5_000_000
        for (t, from, f) in [
            (arpT, 0, FrameBuilder.arp(srcMAC: a.mac, src: a.ip, target: b.ip, reply: false, targetMAC: .zero)),
            (arpT + 50_000, 1, FrameBuilder.arp(srcMAC: b.mac, src: b.ip, target: a.ip, reply: true, targetMAC: a.mac)),
        ] {
            let m = hashed(f)
            frames.append(LabFrame(time: t, frame: f, sender: from, senderMember: m, receiver: 1 - from, receiverMember: m))
        }
        for k in 0..<5 {
            let t = base + 10_000_000 + Int64(k) * 20_000_000
            let request = FrameBuilder.icmpEcho(srcMAC: a.mac, dstMAC: b.mac, src: a.ip, dst: b.ip, reply: false, id: 77, sequence: UInt16(k), ipID: UInt16(100 + k))
            let reply = FrameBuilder.icmpEcho(srcMAC: b.mac, dstMAC: a.mac, src: b.ip, dst: a.ip, reply: true, id: 77, sequence: UInt16(k), ipID: UInt16(500 + k))
            frames.append(LabFrame(time: t, frame: request, sender: 0, senderMember: hashed(request), receiver: 1, receiverMember: hashed(request)))
            frames.append(LabFrame(time: t + 150_000, frame: reply, sender: 1, senderMember: hashed(reply), receiver: 0, receiverMember: hashed(reply)))
        }
        // Four migration streams A → B:6600; each side picks the member by layer3+4.
        for k in 0..<4 {
            let conv = TCPConversation(client: 0, server: 1, clientPort: UInt16(50_001 + k), serverPort: 6600,
                                       bytes: 300_000 + k * 50_000, start: base + 120_000_000 + Int64(k) * 70_000_000, rate: 4e6)
            for (t, fromClient, f) in conv.frames(hosts: hosts, rng: &rng) {
                let member = hashed(f)
                frames.append(LabFrame(time: t, frame: f, sender: fromClient ? 0 : 1, senderMember: member,
                                       receiver: fromClient ? 1 : 0, receiverMember: member))
            }
        }
        return try writePerMember(frames, hosts: hosts, folder: folder, latency: latency)
    }

    // MARK: windows-pktmon

    static func pktmon(_ folder: String) throws -> [String] {
        let host = LabEndpoint(name: "hv01", mac: mac(0x02_00_00_00_0C_01), ip: ip("198.51.100.10"), memberNames: ["NIC1", "NIC2"],
                               memberMACs: [mac(0x02_00_00_00_0C_01), mac(0x02_00_00_00_0C_02)], ttl: 128)
        let peers = (0..<3).map { i in
            LabEndpoint(name: "peer\(i)", mac: mac(0x02_00_00_00_0D_01 + UInt64(i)), ip: ip("198.51.100.\(20 + i)"),
                        memberNames: [], memberMACs: [])
        }
        let hosts = [host] + peers
        var rng = SplitMix64(seed: 2012)
        var convs: [TCPConversation] = [
            TCPConversation(client: 0, server: 1, clientPort: 49_200, serverPort: 6600, bytes: 400_000, start: base + 1_000_000, rate: 3e6),
        ]
        for ch in 0..<3 {
            convs.append(TCPConversation(client: 0, server: 2, clientPort: UInt16(49_301 + ch), serverPort: 445, bytes: 150_000,
                                         start: base + 30_000_000 + Int64(ch) * 50_000_000, rate: 2e6))
        }
        convs.append(TCPConversation(client: 3, server: 0, clientPort: 52_000, serverPort: 445, bytes: 120_000, start: base + 20_000_000, rate: 1e6))
        // Address Hash (TransportPorts) keeps each 4-tuple on one NIC; the hash is unpublished,
        // so any stable function of the tuple stands in for it here.
        func addressHash(_ c: TCPConversation) -> Int {
            Int((UInt32(c.clientPort) &* 2_654_435_761 ^ UInt32(c.serverPort)) >> 7 % 2) & 1
        }
        var records: [PktmonRecord] = []
        var packetID: UInt64 = 0x1_0000
        let componentDelay: Int64 = 3_000
        for conv in convs {
            let outboundNIC = addressHash(conv)
            for (t, fromClient, f) in conv.frames(hosts: hosts, rng: &rng) {
                packetID += 1
                let outbound = (conv.client == 0) == fromClient
                if outbound {
                    var bytes = f.bytes
                    if outboundNIC == 1 {
                        // Switch-independent: a non-primary member sends with its own MAC.
                        bytes.replaceSubrange(6..<12, with: FrameBuilder.mac(host.memberMACs[1]))
                    }
                    records.append(PktmonRecord(time: t, interface: 2, bytes: f.bytes, wireLength: f.wireLength, outbound: true, packetID: packetID))
                    records.append(PktmonRecord(time: t + componentDelay, interface: outboundNIC, bytes: bytes, wireLength: f.wireLength, outbound: true, packetID: packetID))
                } else {
                    // Switch-independent Address Hash: everything inbound arrives on the primary NIC.
                    records.append(PktmonRecord(time: t, interface: 0, bytes: f.bytes, wireLength: f.wireLength, outbound: false, packetID: packetID))
                    records.append(PktmonRecord(time: t + componentDelay, interface: 2, bytes: f.bytes, wireLength: f.wireLength, outbound: false, packetID: packetID))
                }
            }
        }
        try mkdirs(folder)
        let path = folder + "/hv01.pcapng"
        try PktmonRecord.write(records, interfaces: PktmonRecord.nics + [PktmonRecord.lbfoTeam], to: path)
        return [path]
    }

    // MARK: balance-rr

    static func roundRobin(_ folder: String) throws -> [String] {
        let host = LabEndpoint(name: "rr", mac: mac(0x02_00_00_00_0E_01), ip: ip("203.0.113.1"), memberNames: ["eth0", "eth1"],
                               memberMACs: [mac(0x02_00_00_00_0E_01), mac(0x02_00_00_00_0E_01)])
        let peer = LabEndpoint(name: "peer", mac: mac(0x02_00_00_00_0F_01), ip: ip("203.0.113.2"), memberNames: [], memberMACs: [])
        var rng = SplitMix64(seed: 0)
        let conv = TCPConversation(client: 0, server: 1, clientPort: 41_000, serverPort: 5001, bytes: 600_000, start: base, rate: 5e6)
        var counter = 0
        try mkdirs(folder)
        let names = ["eth0", "eth1", "bond0"]
        let writers = try names.map { name in
            try CaptureWriter(path: "\(folder)/\(name).pcap.gz", format: .pcap(nanoseconds: false),
                              interfaces: [.init(name: name, snapLength: 128)], gzip: true)
        }
        var records: [(time: Int64, writer: Int, frame: FrameBuilder.Frame)] = []
        let bondDelay: Int64 = 2_000
        for (t, fromClient, f) in conv.frames(hosts: [host, peer], rng: &rng) {
            if fromClient {
                // balance-rr, packets_per_slave=1: members take turns.
                let member = counter % 2
                counter += 1
                records.append((t, 2, f))
                records.append((t + bondDelay, member, f))
            } else {
                // The switch's port-channel hashes the peer's ACKs onto one link.
                records.append((t, 1, f))
                records.append((t + bondDelay, 2, f))
            }
        }
        records.sort { ($0.time, $0.writer) < ($1.time, $1.writer) }
        for r in records { writers[r.writer].write(timestamp: r.time, bytes: r.frame.bytes, wireLength: r.frame.wireLength) }
        for w in writers { w.close() }
        return names.map { "\(folder)/\($0).pcap.gz" }
    }

    // MARK: smb-multichannel

    /// The session id of the SMB sample (the example in the SMB issue, as TShark prints it).
    public static let smbSessionID: UInt64 = 0x0000_1C00_1000_0049

    static func smbMultichannel(_ folder: String) throws -> [String] {
        typealias B = SMBMessageBuilder
        let a = LabEndpoint(name: "A", mac: mac(0x02_00_00_00_1A_01), ip: ip("198.51.100.11"), memberNames: ["NIC1", "NIC2"],
                            memberMACs: [mac(0x02_00_00_00_1A_01), mac(0x02_00_00_00_1A_02)])
        let b = LabEndpoint(name: "B", mac: mac(0x02_00_00_00_1B_01), ip: ip("198.51.100.12"), memberNames: ["NIC1", "NIC2"],
                            memberMACs: [mac(0x02_00_00_00_1B_01), mac(0x02_00_00_00_1B_02)])
        let session = smbSessionID
        let tree: UInt32 = 5
        let caps: UInt32 = 0x02 | 0x04 | 0x08 | 0x10 // leasing, large MTU, multichannel, persistent handles
        let interfaces = [
            B.Interface(index: 12, rss: true, rdma: false, rssQueues: 8, linkSpeed: 20_000_000_000, address: b.ip),
            B.Interface(index: 7, rss: true, rdma: true, rssQueues: 4, linkSpeed: 25_000_000_000, address: ip("203.0.113.12")),
        ]
        func hashed(_ f: FrameBuilder.Frame) -> Int {
            // SAFETY: the frame is read only inside the closure.
            f.bytes.withUnsafeBytes { LinuxBondHash.member(frame: $0, policy: .layer34, count: 2) }
        }
        // Client ports whose layer3+4 hash puts two channels on each member.
        var ports: [UInt16] = []
        var perMember = [0, 0]
        var candidate: UInt16 = 49_700
        while ports.count < 4 {
            let probe = FrameBuilder.tcp(srcMAC: a.mac, dstMAC: b.mac, src: a.ip, dst: b.ip, sport: candidate, dport: 445,
                                         seq: 0, ack: 0, flags: .syn, payload: 0, ipID: 0)
            let m = hashed(probe)
            if perMember[m] < 2 { perMember[m] += 1; ports.append(candidate) }
            candidate += 1
        }
        var rng = SplitMix64(seed: 445)
        var frames: [LabFrame] = []
        for (k, port) in ports.enumerated() {
            var id: UInt64 = 0
            var messages: [SMBConversation.Message] = []
            func exchange(_ request: [UInt8], _ response: [UInt8], delay: Int64 = 200_000) {
                messages.append(.init(fromClient: true, bytes: B.directTCP(request), delay: delay))
                messages.append(.init(fromClient: false, bytes: B.directTCP(response), delay: 100_000))
                id += 1
            }
            exchange(B.negotiateRequest(messageID: id, dialects: [0x0202, 0x0210, 0x0300, 0x0302, 0x0311], capabilities: caps | 0x40, netName: "HV02"),
                     B.negotiateResponse(messageID: id, dialect: 0x0311, capabilities: caps))
            let first = k == 0
            exchange(B.sessionSetupRequest(messageID: id, sessionID: first ? 0 : session, binding: !first, final: false),
                     B.sessionSetupResponse(messageID: id, sessionID: session, status: 0xC000_0016))
            exchange(B.sessionSetupRequest(messageID: id, sessionID: session, binding: !first, final: true, signed: !first),
                     B.sessionSetupResponse(messageID: id, sessionID: session, status: 0, signed: true))
            if first {
                exchange(B.treeConnectRequest(messageID: id, sessionID: session, path: "\\\\HV02\\VMs"),
                         B.treeConnectResponse(messageID: id, sessionID: session, treeID: tree))
                exchange(B.interfaceQueryRequest(messageID: id, sessionID: session, treeID: tree),
                         B.interfaceQueryResponse(messageID: id, sessionID: session, treeID: tree, interfaces: interfaces))
            }
            for w in 0..<6 {
                let length = 65_536
                exchange(B.writeRequest(messageID: id, sessionID: session, treeID: tree, offset: UInt64((w * 4 + k) * length), length: length),
                         B.writeResponse(messageID: id, sessionID: session, treeID: tree, count: length), delay: 300_000)
            }
            if first {
                messages.append(.init(fromClient: true, bytes: B.directTCP(B.logoff(messageID: 100, sessionID: session)), delay: 40_000_000))
            }
            let start = base + (first ? 0 : 8_000_000 + Int64(k) * 1_500_000)
            let conv = SMBConversation(clientPort: port, serverPort: 445, start: start, messages: messages, rate: 2e9)
            for (t, fromClient, f) in conv.frames(client: a, server: b, rng: &rng) {
                let member = hashed(f)
                frames.append(LabFrame(time: t, frame: f, sender: fromClient ? 0 : 1, senderMember: member,
                                       receiver: fromClient ? 1 : 0, receiverMember: member))
            }
        }
        return try writePerMember(frames, hosts: [a, b], folder: folder, latency: 3_000, snapLength: 65_535, gzip: true)
    }

    // MARK: Writing

    static func writePerMember(_ frames: [LabFrame], hosts: [LabEndpoint], folder: String, latency: Int64,
                               snapLength: UInt32 = 128, gzip: Bool = false) throws -> [String] {
        var writers: [String: CaptureWriter] = [:]
        var paths: [String] = []
        for h in hosts {
            try mkdirs("\(folder)/\(h.name)")
            for m in h.memberNames {
                let path = "\(folder)/\(h.name)/\(m).pcap\(gzip ? ".gz" : "")"
                writers["\(h.name)/\(m)"] = try CaptureWriter(path: path, format: .pcap(nanoseconds: false),
                                                               interfaces: [.init(name: m, snapLength: snapLength)], gzip: gzip)
                paths.append(path)
            }
        }
        var records: [(time: Int64, key: String, frame: FrameBuilder.Frame)] = []
        for f in frames {
            if let m = f.senderMember { records.append((f.time, "\(hosts[f.sender].name)/\(hosts[f.sender].memberNames[m])", f.frame)) }
            if let m = f.receiverMember, !hosts[f.receiver].memberNames.isEmpty {
                records.append((f.time + (f.latency ?? latency), "\(hosts[f.receiver].name)/\(hosts[f.receiver].memberNames[m])", f.frame))
            }
        }
        records.sort { ($0.time, $0.key) < ($1.time, $1.key) }
        for r in records { writers[r.key]!.write(timestamp: r.time, bytes: r.frame.bytes, wireLength: r.frame.wireLength) }
        for w in writers.values { w.close() }
        return paths
    }

    static func mkdirs(_ path: String) throws {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            _ = mkdir(current, 0o755)
        }
    }
}
