import PacketWire

/// SMB 3.1.1 over SMB Direct over iWARP (TCP 5445, [MS-SMBD] 2.1) between a client A and a
/// server B, one member each: the MPA request and reply, the SMB Direct negotiation, then SMB2
/// NEGOTIATE, SESSION_SETUP (session `sessionID`), TREE_CONNECT and an interface query, each in a
/// data transfer message of its own Send; the interface list is one SMB2 message in two data
/// transfer messages, the first of them a Send in two DDP segments; and an RDMA Write of WRITE
/// data (tagged, 4 segments). Every FPDU is a TCP segment of its own, as iWARP senders align them.
public struct SMBDirectIWARPScenario: Sendable {
    public init() {}

    public static let sessionID: UInt64 = 0x0000_3C00_2000_0011
    public static let client = LabEndpoint(name: "A", mac: MACAddress(rawValue: 0x02_00_00_00_5A_01), ip: IPAddress("203.0.113.21")!,
                                           memberNames: ["rnic0"], memberMACs: [MACAddress(rawValue: 0x02_00_00_00_5A_01)])
    public static let server = LabEndpoint(name: "B", mac: MACAddress(rawValue: 0x02_00_00_00_5B_01), ip: IPAddress("203.0.113.22")!,
                                           memberNames: ["rnic0"], memberMACs: [MACAddress(rawValue: 0x02_00_00_00_5B_01)])

    /// The conversation: each element one TCP segment's payload.
    func conversation() -> SMBConversation {
        typealias B = SMBMessageBuilder
        typealias I = IWARPFraming
        var messages: [SMBConversation.Message] = []
        var msn: [UInt32] = [1, 1]
        func add(_ fromClient: Bool, _ segments: [[UInt8]], delay: Int64 = 100_000) {
            for (i, s) in segments.enumerated() { messages.append(.init(fromClient: fromClient, bytes: s, delay: i == 0 ? delay : 5_000)) }
        }
        func send(_ fromClient: Bool, _ message: [UInt8], segment: Int = 1_400) {
            let side = fromClient ? 0 : 1
            add(fromClient, I.send(message, msn: msn[side], segment: segment))
            msn[side] += 1
        }
        add(true, [I.mpa(request: true)])
        add(false, [I.mpa(request: false)])
        send(true, I.negotiateRequest())
        send(false, I.negotiateResponse())
        let session = Self.sessionID, tree: UInt32 = 9
        send(true, I.dataTransfer(B.negotiateRequest(messageID: 0, dialects: [0x0300, 0x0302, 0x0311], capabilities: 0x0C, netName: "hv02")))
        send(false, I.dataTransfer(B.negotiateResponse(messageID: 0, dialect: 0x0311, capabilities: 0x0C)))
        send(true, I.dataTransfer(B.sessionSetupRequest(messageID: 1, sessionID: 0, binding: false, final: true)))
        send(false, I.dataTransfer(B.sessionSetupResponse(messageID: 1, sessionID: session, status: 0)))
        send(true, I.dataTransfer(B.treeConnectRequest(messageID: 2, sessionID: session, path: "\\\\hv02\\VMs")))
        send(false, I.dataTransfer(B.treeConnectResponse(messageID: 2, sessionID: session, treeID: tree)))
        send(true, I.dataTransfer(B.interfaceQueryRequest(messageID: 3, sessionID: session, treeID: tree)))
        // The interface list split over two data transfer messages; the first Send in two segments.
        let interfaces = (0..<8).map { k in
            B.Interface(index: UInt32(10 + k), rss: true, rdma: true, rssQueues: 8, linkSpeed: 25_000_000_000,
                        address: IPAddress(ipv4: (Self.server.ip.ipv4 ?? 0) + UInt32(k)))
        }
        let response = B.interfaceQueryResponse(messageID: 3, sessionID: session, treeID: tree, interfaces: interfaces)
        let cut = response.count / 2
        send(false, I.dataTransfer(Array(response[..<cut]), remaining: response.count - cut), segment: 300)
        send(false, I.dataTransfer(Array(response[cut...])))
        // A WRITE whose data the server pulls by RDMA (here written by the client: 4 tagged segments).
        for k in 0..<4 { add(true, [I.write(length: 1_024, stag: 0x77, offset: UInt64(k * 1_024), last: k == 3)], delay: 20_000) }
        send(true, I.dataTransfer(B.writeRequest(messageID: 4, sessionID: session, treeID: tree, offset: 0, length: 0)))
        send(false, I.dataTransfer(B.writeResponse(messageID: 4, sessionID: session, treeID: tree, count: 4_096)))
        return SMBConversation(clientPort: 50_445, serverPort: 5445, start: 1_795_400_000_000_000_000, messages: messages, rate: 1e10)
    }

    /// Writes `folder`/A/rnic0.pcap and `folder`/B/rnic0.pcap; returns the analyze arguments.
    public func write(to folder: String) throws -> [String] {
        let hosts = [Self.client, Self.server]
        var rng = SplitMix64(seed: 5445)
        let frames = conversation().frames(client: Self.client, server: Self.server, rng: &rng).map { t, fromClient, f in
            LabFrame(time: t, frame: f, sender: fromClient ? 0 : 1, senderMember: 0, receiver: fromClient ? 1 : 0, receiverMember: 0)
        }
        let paths = try SampleCaptures.writePerMember(frames, hosts: hosts, folder: folder, latency: 3_000, snapLength: 65_535)
        return zip(hosts.map { "\($0.name)/rnic0" }, paths).map { "\($0)=\($1)" }
    }
}
