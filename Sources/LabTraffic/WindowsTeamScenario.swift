import CaptureIO
import PacketWire
import TeamingModels

/// A Windows host's team as Microsoft documents it (../shared/docs/teaming-behaviour.md: "NIC
/// Teaming settings", "NIC Teaming MAC address use and management"), captured pktmon-style: one
/// pcapng with both NICs (and, unless left out, the team's own component: LBFO's Multiplexor
/// adapter or SET's host vNIC), `epb_flags` direction and a packet id repeated across components.
///
/// The host runs a host vNIC and five VMs behind the team, talking to remote peers through a
/// gateway and to one local peer. Members are chosen by a hash of TeamScope's own (FNV-1a over
/// the fields each mode reads), independent of every Linux policy, since Microsoft publishes none:
/// - `transportPorts`, `ipAddresses`: switch-independent Address Hash; non-primary NIC2 rewrites
///   the source MAC to its own; ARP/NS leave on the primary, so all inbound arrives on NIC1;
/// - `hyperVPort`: each vPort (VM MAC) bound to one NIC, round robin over the vPorts; its outbound
///   leaves there and its inbound arrives there; no rewrite;
/// - `dynamic` (LBFO) and `setDynamic` (Switch Embedded Teaming): hashed by ports, re-hashed at
///   flowlet boundaries (the flows pause every few segments), inbound on each vPort's affinitised
///   NIC, the other NIC rewriting what it sends for that vPort;
/// - `lacpAddressHash`: LBFO LACP, TransportPorts; LACPDUs from the host and the switch every
///   second on each NIC; no rewrite; the switch spreads inbound by its own hash.
public struct WindowsTeamScenario: Sendable {
    public enum Mode: String, CaseIterable, Sendable {
        case transportPorts = "transport-ports"
        case ipAddresses = "ip-addresses"
        case hyperVPort = "hyperv-port"
        case dynamic
        case lacpAddressHash = "lacp-address-hash"
        case setDynamic = "set-dynamic"
    }

    public var mode: Mode
    /// Whether the capture includes the team's own component (the LBFO team adapter, or SET's
    /// host vNIC): without it only the NICs' traffic tells the platform.
    public var teamComponent: Bool

    public init(_ mode: Mode, teamComponent: Bool = true) {
        self.mode = mode
        self.teamComponent = teamComponent
    }

    /// What a verdict on this capture must say.
    public var expectedFamily: String { mode == .setDynamic ? "windows/set" : "windows/lbfo" }
    public var expectedSwitch: String { mode == .lacpAddressHash ? "lacp" : "independent" }
    public var expectedModel: ModelName {
        switch mode {
        case .transportPorts, .lacpAddressHash: return .windowsTransportPorts
        case .ipAddresses: return .windowsIPAddresses
        case .hyperVPort: return .windowsHyperVPort
        case .dynamic, .setDynamic: return .windowsDynamic
        }
    }

    static let base: Int64 = 1_795_100_000_000_000_000
    static func mac(_ v: UInt64) -> MACAddress { MACAddress(rawValue: v) }
    static let nicMACs = [mac(0x02_00_00_00_2A_01), mac(0x02_00_00_00_2A_02)]
    static let gatewayMAC = mac(0x02_00_00_00_2C_01)
    static let switchMAC = mac(0x02_00_00_00_5E_01)

    /// FNV-1a over `words`: TeamScope's stand-in for Windows' unpublished hash.
    static func fnv(_ words: [UInt32]) -> UInt32 {
        var h: UInt32 = 2_166_136_261
        for w in words { for k in 0..<4 { h = (h ^ ((w >> (8 * UInt32(k))) & 0xFF)) &* 16_777_619 } }
        return h
    }

    /// Writes the capture to `path`; returns it.
    @discardableResult
    public func write(to path: String) throws -> String {
        // Local sources: the host vNIC (index 0) and five VMs, Windows all (initial TTL 128).
        var local: [LabEndpoint] = [LabEndpoint(name: "host", mac: Self.mac(0x02_00_00_00_2A_10), ip: IPAddress("192.0.2.10")!, memberNames: [], memberMACs: [],
                                                ttl: 128)]
        for i in 0..<5 {
            local.append(LabEndpoint(name: "vm\(i)", mac: Self.mac(0x02_00_00_00_2B_01 + UInt64(i)), ip: IPAddress("192.0.2.\(21 + i)")!,
                                     memberNames: [], memberMACs: [], ttl: 128))
        }
        // Remote peers behind the gateway (their frames carry its MAC and a TTL one router
        // decremented), and one local peer (a Linux filer: TTL 64, which the host receives).
        var remote = (0..<3).map { j in
            LabEndpoint(name: "peer\(j)", mac: Self.gatewayMAC, ip: IPAddress("198.51.100.\(50 + j)")!, memberNames: [], memberMACs: [],
                        ttl: 63)
        }
        remote.append(LabEndpoint(name: "filer", mac: Self.mac(0x02_00_00_00_2C_10), ip: IPAddress("192.0.2.200")!, memberNames: [], memberMACs: []))
        let hosts = local + remote
        var rng = SplitMix64(seed: 0x5EED_0000 + UInt64(Mode.allCases.firstIndex(of: mode)!))
        // Each local source opens two connections to each of two peers.
        var convs: [TCPConversation] = []
        var port: UInt16 = 49_200
        for (s, _) in local.enumerated() {
            for k in 0..<2 {
                let peer = local.count + (s + k) % remote.count
                for _ in 0..<2 {
                    port += 7
                    convs.append(TCPConversation(client: s, server: peer, clientPort: port, serverPort: k == 0 ? 445 : 6600,
                                                 bytes: 24_000 + Int(rng.next() % 24) * 1448, start: Self.base + Int64(convs.count) * 23_000_000,
                                                 rate: 2e8))
                }
            }
        }
        // One connection the other way: the filer to the host vNIC.
        convs.append(TCPConversation(client: local.count + 3, server: 0, clientPort: 51_000, serverPort: 445, bytes: 60_000,
                                     start: Self.base + 5_000_000, rate: 2e8))
        // vPort affinity (Hyper-V Port, Dynamic): round robin over the vPorts.
        func affinity(_ source: Int) -> Int { source % 2 }
        var records: [PktmonRecord] = []
        var packetID: UInt64 = 0x2_0000
        for conv in convs {
            var frames = conv.frames(hosts: hosts, rng: &rng)
            let dynamic = mode == .dynamic || mode == .setDynamic
            // Dynamic's flows send in three bursts with 80 ms pauses between them (flowlets):
            // the team may move a flow at each pause.
            var flowlet = [Int](repeating: 0, count: frames.count)
            if dynamic {
                let segments = frames.filter { $0.fromClient && $0.frame.wireLength > 80 }.count
                var data = 0, shift: Int64 = 0, current = 0
                for i in frames.indices {
                    if frames[i].fromClient && frames[i].frame.wireLength > 80 {
                        if data > 0 && (data == segments / 3 || data == 2 * segments / 3) { shift += 80_000_000; current += 1 }
                        data += 1
                    }
                    frames[i].time += shift
                    flowlet[i] = current
                }
            }
            let localEnd = conv.client < local.count ? conv.client : conv.server
            let peerEnd = conv.client < local.count ? conv.server : conv.client
            let a = hosts[localEnd], p = hosts[peerEnd]
            let localPort = conv.client < local.count ? conv.clientPort : conv.serverPort
            let peerPort = conv.client < local.count ? conv.serverPort : conv.clientPort
            for (i, (t, fromClient, f)) in frames.enumerated() {
                packetID += 1
                let outbound = (conv.client < local.count) == fromClient
                var bytes = f.bytes
                let nic: Int
                if outbound {
                    let tuple = [(a.ip.ipv4 ?? 0), (p.ip.ipv4 ?? 0), UInt32(localPort) << 16 | UInt32(peerPort)]
                    switch mode {
                    case .transportPorts, .lacpAddressHash: nic = Int(Self.fnv(tuple) & 1)
                    case .ipAddresses: nic = Int(Self.fnv(Array(tuple.prefix(2))) & 1)
                    case .hyperVPort: nic = affinity(localEnd)
                    case .dynamic, .setDynamic: nic = Int(Self.fnv(tuple + [UInt32(flowlet[i])]) & 1)
                    }
                    let rewrites: Bool
                    switch mode {
                    case .transportPorts, .ipAddresses: rewrites = nic != 0
                    case .dynamic, .setDynamic: rewrites = nic != affinity(localEnd)
                    case .hyperVPort, .lacpAddressHash: rewrites = false
                    }
                    if rewrites { bytes.replaceSubrange(6..<12, with: FrameBuilder.mac(Self.nicMACs[nic])) }
                } else {
                    switch mode {
                    case .transportPorts, .ipAddresses: nic = 0
                    case .hyperVPort, .dynamic, .setDynamic: nic = affinity(localEnd)
                    case .lacpAddressHash: nic = Int(Self.fnv([(p.ip.ipv4 ?? 0) ^ 0x9E37_79B9, (a.ip.ipv4 ?? 0), UInt32(peerPort) << 16 | UInt32(localPort)]) >> 7 & 1)
                    }
                }
                // The team's component sees the frame before the NIC (outbound) or after it.
                let seenByTeam = teamComponent && (mode != .setDynamic || localEnd == 0)
                let delay: Int64 = 3_000
                if outbound {
                    if seenByTeam { records.append(PktmonRecord(time: t, interface: 2, bytes: f.bytes, wireLength: f.wireLength, outbound: true, packetID: packetID)) }
                    records.append(PktmonRecord(time: t + delay, interface: nic, bytes: bytes, wireLength: f.wireLength, outbound: true, packetID: packetID))
                } else {
                    records.append(PktmonRecord(time: t, interface: nic, bytes: bytes, wireLength: f.wireLength, outbound: false, packetID: packetID))
                    if seenByTeam { records.append(PktmonRecord(time: t + delay, interface: 2, bytes: bytes, wireLength: f.wireLength, outbound: false, packetID: packetID)) }
                }
            }
        }
        if mode == .lacpAddressHash {
            for second in 0..<3 {
                for nic in 0..<2 {
                    let t = Self.base + Int64(second) * 1_000_000_000 + Int64(nic) * 200_000
                    packetID += 1
                    let mine = FrameBuilder.lacpdu(portMAC: Self.nicMACs[nic], actorSystem: local[0].mac, actorPort: UInt16(nic + 1), actorKey: 17,
                                                   partnerSystem: Self.switchMAC, partnerPort: UInt16(10 + nic))
                    records.append(PktmonRecord(time: t, interface: nic, bytes: mine.bytes, wireLength: mine.wireLength, outbound: true, packetID: packetID))
                    packetID += 1
                    let theirs = FrameBuilder.lacpdu(portMAC: Self.mac(0x02_00_00_00_5E_10 + UInt64(nic)), actorSystem: Self.switchMAC,
                                                     actorPort: UInt16(10 + nic), actorKey: 300, partnerSystem: local[0].mac, partnerPort: UInt16(nic + 1))
                    records.append(PktmonRecord(time: t + 400_000, interface: nic, bytes: theirs.bytes, wireLength: theirs.wireLength, outbound: false, packetID: packetID))
                }
            }
        }
        var interfaces = PktmonRecord.nics
        if teamComponent {
            interfaces.append(mode == .setDynamic
                ? .init(name: "vEthernet (SETswitch)", description: "Hyper-V Virtual Ethernet Adapter", snapLength: 128)
                : PktmonRecord.lbfoTeam)
        }
        try PktmonRecord.write(records, interfaces: interfaces, to: path)
        return path
    }
}
