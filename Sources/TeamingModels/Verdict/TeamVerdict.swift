/// Which team a host runs, decided from all the evidence, as facts (`hosts[].verdict`, worded
/// by Reporting): the family, the switch's part, the load-balancing model, how sure, what it
/// rests on, every model ruled out and why, and what the data cannot tell apart.
public struct TeamVerdict: Codable, Sendable, Equatable {
    public var family: TeamFamily?
    public var switchPart: SwitchPart
    public var model: ModelName?
    public var confidence: Confidence
    public var evidence: [Evidence]
    public var ruledOut: [RuledOut]
    /// Models that explain as much and that no evidence separates from `model`.
    public var tiedModels: [ModelName] = []
    /// Families that the same traffic fits as well as `family`.
    public var tiedFamilies: [TeamFamily] = []
    /// What would decide a tie or a weak verdict.
    public var wouldDecide: [Decider] = []
    /// The host's operating system and the signals it rests on.
    public var platform = PlatformVerdict.unknown

    /// One fact the verdict rests on.
    public enum Evidence: Codable, Sendable, Equatable {
        case lacp(TeamEvidence.LACP)
        /// No LACPDU on any member over the capture's span (ns).
        case noLACP(spanNs: Int64)
        case macs(TeamEvidence.MACUse)
        case receive(TeamEvidence.Receive)
        /// The members are wired back to back to a peer team's.
        case backToBack([TeamEvidence.Wire])
        case striping(flows: Int, of: Int)
        case movesAfterIdle(moves: Int, shortestIdleNs: Int64?)
        case movesWhileBusy(moves: Int)
        case noMoves(flows: Int)
        /// An exact hash: its fit, member order, distinct keys and the chance of a lucky fit.
        case exactHash(model: ModelName, consistent: Int, total: Int, order: [String]?, distinctKeys: Int, chance: Double)
        /// A consistency model's fit.
        case consistent(model: ModelName, consistent: Int, total: Int)
        case platform(TeamEvidence.Platform)
        /// The host sent from an IPv6 link-local address made from its MAC (EUI-64).
        case eui64LinkLocal(address: String)
        /// The host answered ARP for one address with several MACs.
        case arpBalancing(address: String, macs: [String])
        /// The host sent `packets` IP packets with this initial TTL / hop limit.
        case initialTTL(value: Int, packets: Int)
        /// Which frames are the host's was not decided: the team was judged with each of `count`
        /// candidate MACs (stations) as the host's, and every judgement `agree`d or not.
        case directionHypotheses(count: Int, agree: Bool)
        /// Only this member was captured: there is no spreading to judge.
        case oneMemberCaptured(member: String)
        /// The members share no MAC, no address and no flow, and no traffic crosses between
        /// them: they do not behave as one team.
        case separateInterfaces([TeamEvidence.SeparateMember])

        enum CodingKeys: String, CodingKey {
            case lacp, noLACP = "no_lacp", macs, receive, backToBack = "back_to_back", striping
            case movesAfterIdle = "moves_after_idle", movesWhileBusy = "moves_while_busy", noMoves = "no_moves"
            case exactHash = "exact_hash", consistent, platform, eui64LinkLocal = "eui64_link_local"
            case arpBalancing = "arp_balancing", initialTTL = "initial_ttl", directionHypotheses = "direction_hypotheses"
            case oneMemberCaptured = "one_member_captured", separateInterfaces = "separate_interfaces"
        }
        enum NoLACPCodingKeys: String, CodingKey {
            case spanNs = "span_ns"
        }
        enum MovesAfterIdleCodingKeys: String, CodingKey {
            case moves, shortestIdleNs = "shortest_idle_ns"
        }
        enum ExactHashCodingKeys: String, CodingKey {
            case model, consistent, total, order, distinctKeys = "distinct_keys", chance
        }
    }

    /// A model the evidence rules out.
    public struct RuledOut: Codable, Sendable, Equatable {
        public var model: ModelName
        public var reason: Reason
    }

    public enum Reason: Codable, Sendable, Equatable {
        /// Whether the reason is the fit itself (fewer flows, or an exact hash explaining them
        /// better) rather than side evidence.
        public var isFit: Bool {
            switch self {
            case .explainsLess, .exactHashFits: return true
            default: return false
            }
        }

        /// Members sent with different source MACs (a member's own), which this mode never does.
        case rewrite(member: String, mac: String)
        /// Several members sent with the same MACs, while this mode's non-primary members send
        /// with their own.
        case noRewrite
        /// The host's members exchanged LACPDUs; this mode runs no LACP.
        case lacpSeen
        /// Inbound arrived spread over members; this mode receives on one (the active or
        /// primary member).
        case receiveSpread(members: Int)
        /// Inbound arrived spread per flow; this mode balances receive per peer.
        case receiveNotPerPeer
        /// Flows were striped over members; this mode keeps each flow on one.
        case striping(flows: Int)
        /// No long flow was striped; round robin stripes every one.
        case noStriping(longFlows: Int)
        /// The host's link-local address is its MAC's EUI-64, which Windows does not make by
        /// default (it randomises interface identifiers).
        case eui64LinkLocal(address: String)
        /// The host answered ARP for one address with several MACs (balance-alb's receive
        /// balancing), which this mode never does.
        case arpBalancing(address: String, macs: [String])
        /// The capture names a Windows team adapter: not a Linux bond.
        case windowsAdapter(interface: String)
        /// The host sent with the other operating system's initial TTL / hop limit (64 Linux,
        /// 128 Windows), and nothing else says otherwise.
        case initialTTL(value: Int, packets: Int)
        /// It explains fewer flows than the verdict's model.
        case explainsLess(consistent: Int, total: Int)
        /// An exact Linux hash predicts every flow's member, with this chance of a lucky fit:
        /// this rule (consistent, but predicting no member; an unpublished hash would not match
        /// the kernel's formula) is not needed.
        case exactHashFits(model: ModelName, chance: Double)
        /// Each of `macs` source MACs left on one member and each address received on its
        /// member: vPorts pinned to members, which this mode does not do.
        case vPortsPinned(macs: Int)
        /// Every flow left on one member although they had this many distinct keys for this
        /// mode: a load-balancing mode would have spread them.
        case allOnOne(member: String, keys: Int)
        /// Everything left on `sent` and everything arrived on `received`: a mode that sends
        /// and receives on one active member does not do that.
        case receivedElsewhere(sent: String, received: String)

        enum CodingKeys: String, CodingKey {
            case rewrite, noRewrite = "no_rewrite", lacpSeen = "lacp_seen", receiveSpread = "receive_spread"
            case receiveNotPerPeer = "receive_not_per_peer", striping, noStriping = "no_striping"
            case eui64LinkLocal = "eui64_link_local", arpBalancing = "arp_balancing", windowsAdapter = "windows_adapter"
            case initialTTL = "initial_ttl", explainsLess = "explains_less", exactHashFits = "exact_hash_fits"
            case vPortsPinned = "v_ports_pinned", allOnOne = "all_on_one", receivedElsewhere = "received_elsewhere"
        }
        enum NoStripingCodingKeys: String, CodingKey {
            case longFlows = "long_flows"
        }
    }

    /// What capture or check would settle what the data leaves open.
    public enum Decider: Codable, Sendable, Equatable {
        /// More flows with distinct addresses and ports (an exact hash fits few keys by luck).
        case moreFlows(chance: Double)
        /// The host's inbound as well (capture both hosts, or pass --local-mac).
        case inbound
        /// A capture of at least 30 s (a slow LACP sends a LACPDU every 30 s).
        case longerCapture
        /// A pktmon capture including the team adapter (LBFO shows the Multiplexor adapter;
        /// a SET switch does not).
        case teamAdapter
        /// The host's bonding configuration (/proc/net/bonding, or `teamscope capture --bond`).
        case bondConfiguration
        /// A failover: a member set down shows whether the others take over its flows.
        case failover
        /// Tunnelled traffic (VXLAN, GRE, IP-in-IP): only it tells encap2+3/encap3+4 from
        /// layer2+3/layer3+4.
        case encapsulatedTraffic
        /// The host's ARP replies: balance-alb answers with a member's own MAC to balance what it
        /// receives, balance-tlb always with the bond's.
        case arpReplies
        /// Busy flows with pauses: Dynamic moves a flow at a flowlet boundary, Address Hash never.
        case flowletPauses
        /// A capture of every member of the team (only one was captured).
        case everyMember
        /// The host's own MACs (`--local-mac`), or its addresses (`--local-ip`), or a capture of
        /// the other end: which frames the host sent was not decided.
        case localMAC

        enum CodingKeys: String, CodingKey {
            case moreFlows = "more_flows", inbound, longerCapture = "longer_capture", teamAdapter = "team_adapter"
            case bondConfiguration = "bond_configuration", failover, encapsulatedTraffic = "encapsulated_traffic"
            case arpReplies = "arp_replies", flowletPauses = "flowlet_pauses", everyMember = "every_member"
            case localMAC = "local_mac"
        }
    }

    enum CodingKeys: String, CodingKey {
        case family, switchPart = "switch_part", model, confidence, evidence, ruledOut = "ruled_out"
        case tiedModels = "tied_models", tiedFamilies = "tied_families", wouldDecide = "would_decide", platform
    }
}
