/// Everything besides the hash fits that says which team a host runs, as facts gathered from
/// its members' traffic (`ReportBuilder.teamEvidence`) and weighed by `VerdictJudge`
/// (../shared/docs/teaming-behaviour.md: who rewrites the source MAC, who receives, when flows
/// move, who speaks LACP).
public struct TeamEvidence: Codable, Sendable, Equatable {
    /// How the members used source MACs in what the host sent (LACPDUs, sent from each port's
    /// own MAC by every 802.3ad bond, left out).
    public enum MACUse: Codable, Sendable, Equatable {
        /// No source MAC was recorded (raw IP captures).
        case unknown
        /// One member sent everything.
        case oneMember(String)
        /// Some source MAC left on several members and no address changed MAC between members:
        /// the team's (bond's, VMs') MACs shared by the members.
        case shared(macs: [String])
        /// Each source MAC left on one member only, and each address kept its MAC: vPorts
        /// (VM MACs) pinned to members.
        case pinnedPerMAC(macs: Int)
        /// The same source address left with another MAC on these members, a MAC no teammate
        /// used: the member rewrote the source MAC to its own.
        case rewritten([Rewrite])

        enum CodingKeys: String, CodingKey {
            case unknown, oneMember = "one_member", shared, pinnedPerMAC = "pinned_per_mac", rewritten
        }
    }

    public struct Rewrite: Codable, Sendable, Equatable {
        public var member: String
        public var mac: String
        /// An address the member sent with `mac` that another member sent with `original`.
        public var address: String
        public var original: String

        public init(member: String, mac: String, address: String, original: String) {
            self.member = member
            self.mac = mac
            self.address = address
            self.original = original
        }
    }

    /// How inbound reached the members.
    public enum Receive: Codable, Sendable, Equatable {
        /// On one member only.
        case oneMember(String)
        /// On several members, each of the host's addresses on one member (each vPort's MAC
        /// receives on its member).
        case perLocalAddress(members: Int)
        /// On several members, each peer's traffic on one member (ARP-balanced receive).
        case perPeer(members: Int)
        /// On several members, some peer's flows to one address split over them: the switch
        /// hashes inbound per flow.
        case spread(members: Int)

        enum CodingKeys: String, CodingKey {
            case oneMember = "one_member", perLocalAddress = "per_local_address", perPeer = "per_peer", spread
        }
    }

    /// When flows changed member.
    public struct Moves: Codable, Sendable, Equatable {
        /// Flows long enough to tell (≥ 8 packets) and how many of them were striped.
        public var longFlows = 0
        public var striped = 0
        /// Lasting moves after at least the flowlet gap of quiet, and moves while busy.
        public var afterIdle = 0
        public var whileBusy = 0
        /// The shortest quiet before a move after idle (ns).
        public var shortestIdleNs: Int64?

        enum CodingKeys: String, CodingKey {
            case longFlows = "long_flows", striped, afterIdle = "after_idle", whileBusy = "while_busy"
            case shortestIdleNs = "shortest_idle_ns"
        }
    }

    /// LACPDUs on the host's members.
    public struct LACP: Codable, Sendable, Equatable {
        /// Members on which the host sent LACPDUs, and on which it received some.
        public var sentOn: [String] = []
        public var receivedOn: [String] = []
        /// Members whose last LACPDU from the host said collecting and distributing.
        public var distributing: [String] = []
        public var seen: Bool { !sentOn.isEmpty || !receivedOn.isEmpty }

        enum CodingKeys: String, CodingKey {
            case sentOn = "sent_on", receivedOn = "received_on", distributing
        }
    }

    /// What the capture itself says of the platform.
    public enum Platform: Codable, Sendable, Equatable {
        /// An interface described as the LBFO team adapter ("Microsoft Network Adapter
        /// Multiplexor Driver").
        case lbfoTeamAdapter(interface: String)
        /// A Hyper-V host vNIC ("Hyper-V Virtual Ethernet Adapter") and no LBFO team adapter: a
        /// virtual switch over the NICs, which is Switch Embedded Teaming when it spans several.
        case hyperVSwitchOnly(interface: String)

        enum CodingKeys: String, CodingKey {
            case lbfoTeamAdapter = "lbfo_team_adapter", hyperVSwitchOnly = "hyper_v_switch_only"
        }
    }

    public var members: [String]
    /// With the peer captured too: each member received only what one member of the peer sent,
    /// and each of those sent only to it — the members are wired back to back to a peer team, so
    /// the receive side shows the peer's transmit choice, not a switch's. The pairs, by name.
    public var backToBack: [Wire]?

    public struct Wire: Codable, Sendable, Equatable {
        public var member: String
        public var peer: String

        public init(member: String, peer: String) {
            self.member = member
            self.peer = peer
        }
    }

    public var macs: MACUse = .unknown
    public var receive: Receive?
    public var moves = Moves()
    public var lacp = LACP()
    public var platform: Platform?
    /// An address the host answered ARP for with several MACs: balance-alb's
    /// receive balancing (each peer told another member's MAC). The address and the MACs.
    public var arpBalancing: ARPBalancing?

    public struct ARPBalancing: Codable, Sendable, Equatable {
        public var address: String
        public var macs: [String]

        public init(address: String, macs: [String]) {
            self.address = address
            self.macs = macs
        }
    }
    /// An IPv6 link-local address the host sent from that is its source MAC's modified EUI-64
    /// (RFC 4291 2.5.1): the Linux kernel's default (`addr_gen_mode` eui64); Windows randomises
    /// its interface identifiers by default.
    public var eui64LinkLocal: String?
    /// What each member carried when the members share nothing (`ReportBuilder.separation`):
    /// no MAC, no address, no flow on two of them. Nil when they share something, or when a
    /// member carried no flow.
    public var separate: [SeparateMember]?

    /// One member of interfaces that share nothing: the addresses its flows had (at most 4, in
    /// order), how many MACs and flows it carried.
    public struct SeparateMember: Codable, Sendable, Equatable {
        public var member: String
        public var addresses: [String]
        public var macs: Int
        public var flows: Int

        public init(member: String, addresses: [String], macs: Int, flows: Int) {
            self.member = member
            self.addresses = addresses
            self.macs = macs
            self.flows = flows
        }
    }

    /// The members sit under a bond master the capture showed (`tcpdump -i any`: what the bond
    /// sent appeared on it and then on a member): the host runs a team, even when only one
    /// member carried anything (an idle member has no packet in such a capture).
    public var underBondMaster = false

    /// IP packets the host sent with TTL / hop limit 64 (Linux's initial value) and 128
    /// (Windows'): counted only for frames the host sent, captured on its own members.
    public var sentTTL64 = 0
    public var sentTTL128 = 0
    /// The capture's span for this host (ns): a short one cannot show a slow LACP's LACPDUs.
    public var spanNs: Int64 = 0

    public init(members: [String]) { self.members = members }

    /// The tells of the host's operating system, the conclusive first: pktmon's component
    /// interfaces, the EUI-64 link-local address, the initial TTLs it sent with.
    public var platformSignals: [PlatformSignal] {
        var out: [PlatformSignal] = []
        if let p = platform { out.append(.componentInterface(p)) }
        if let a = eui64LinkLocal { out.append(.eui64LinkLocal(address: a)) }
        if sentTTL64 > 0 { out.append(.initialTTL(value: 64, packets: sentTTL64)) }
        if sentTTL128 > 0 { out.append(.initialTTL(value: 128, packets: sentTTL128)) }
        return out
    }

    /// The host's operating system from `platformSignals`.
    public var platformVerdict: PlatformVerdict { PlatformVerdict(signals: platformSignals) }

    /// Whether some member rewrote the source MAC.
    public var rewrites: Bool { if case .rewritten = macs { return true } else { return false } }
    /// Whether several members sent with the same MACs (no rewrite).
    public var sharesMACs: Bool { if case .shared = macs { return true } else { return false } }

    enum CodingKeys: String, CodingKey {
        case members, backToBack = "back_to_back", macs, receive, moves, lacp, platform, arpBalancing = "arp_balancing"
        case eui64LinkLocal = "eui64_link_local", separate, underBondMaster = "under_bond_master", sentTTL64 = "sent_ttl64"
        case sentTTL128 = "sent_ttl128", spanNs = "span_ns"
    }
}
