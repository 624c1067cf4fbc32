import PacketWire
import TeamingModels

/// The result of `teamscope analyze`: a plain, Codable, Sendable value that renderers turn
/// into text, JSON or anything else. Its fields and those of every fact below it carry their
/// snake_case JSON names in their `CodingKeys`.
public struct AnalysisReport: Codable, Sendable, Equatable {
    public var tool = "teamscope"
    public var version: String
    /// The version of the report's layout (`schema/analyze-report.schema.json`): raised when a
    /// field changes meaning or is removed, not when one is added.
    public var schemaVersion = AnalysisReport.currentSchemaVersion
    public static let currentSchemaVersion = 1
    /// Records read from every input, before filtering and duplicate removal.
    public var packetsRead: Int
    /// Records the `--filter` expression rejected.
    public var packetsFiltered: Int
    /// Copies of a packet already counted elsewhere on the same host (bond master beside its
    /// members, pktmon components, the same frame on two interfaces).
    public var duplicatesRemoved: Int
    public var filter: String?
    public var binWidthNs: Int64
    /// First and last timestamp over all inputs (ns since the epoch), and the span between them.
    public var captureStartNs: Int64?
    public var captureEndNs: Int64?
    public var captureSpanNs: Int64
    public var inputs: [InputReport]
    public var hosts: [HostReport]
    public var members: [MemberReport]
    public var aggregates: [AggregateReport]
    public var flowSummary: FlowSummary
    /// Migration streams (by port, or carrying ≥ 1 % of the capture's bytes), largest first.
    public var migrationStreams: [FlowReport]
    /// The largest flows (at most `topFlows`), largest first, migration streams included.
    public var flows: [FlowReport]
    /// Member-to-member bytes when captures of two hosts are given.
    public var memberMatrix: [MatrixCell]?
    /// Per host, every teaming model ranked by how much of what the host sent it explains.
    public var inference: [InferenceReport]
    /// RSS settings used and the migration streams that share a receive queue.
    public var rssQueues: Int
    public var rssTableSize: Int
    public var rssCollisions: [RSSCollision]
    /// SMB sessions, their channels and the members carrying them.
    public var smbSessions: [SMBSessionReport]
    /// SMB layer counters and each connection's NEGOTIATE, when any SMB connection was seen.
    public var smb: SMBSummaryReport?
    /// RDMA flows decoded from RoCEv2 datagrams (UDP 4791), largest first, and each host's RDMA
    /// at a glance; absent when the captures hold none.
    public var rdmaFlows: [RDMAFlowReport]?
    public var rdma: [RDMAHostSummary]?
    /// Health findings (README "Findings"), the most severe first.
    public var findings: [Finding] = []
    /// The live migrations per pair of hosts (README "Live migration summary").
    public var migrationSummary: [MigrationSummary] = []
    /// Per host and member, its LACP as the LACPDUs told it (absent when none was seen).
    public var lacp: [LACPReport]?
    /// A live capture's link events (`teamscope capture`; absent for files).
    public var linkEvents: [LinkEvent]?
    /// Per member, its traffic as `--counters` files tell it (absent when none was given).
    public var counters: [CounterReport]?
    /// Anything else worth knowing, as facts (`warning_details` in JSON; absent when none;
    /// Reporting's document says each in words beside them, `warnings`).
    public var warningDetails: [AnalysisWarning]?

    enum CodingKeys: String, CodingKey {
        case tool, version, schemaVersion = "schema_version", packetsRead = "packets_read"
        case packetsFiltered = "packets_filtered", duplicatesRemoved = "duplicates_removed", filter
        case binWidthNs = "bin_width_ns", captureStartNs = "capture_start_ns", captureEndNs = "capture_end_ns"
        case captureSpanNs = "capture_span_ns", inputs, hosts, members, aggregates, flowSummary = "flow_summary"
        case migrationStreams = "migration_streams", flows, memberMatrix = "member_matrix", inference
        case rssQueues = "rss_queues", rssTableSize = "rss_table_size", rssCollisions = "rss_collisions"
        case smbSessions = "smb_sessions", smb, rdmaFlows = "rdma_flows", rdma, findings
        case migrationSummary = "migration_summary", lacp, linkEvents = "link_events", counters
        case warningDetails = "warning_details"
    }
}

/// One capture argument and how reading it went.
public struct InputReport: Codable, Sendable, Equatable {
    public var path: String
    public var host: String
    @NullWhenAbsent public var format: String?
    public var compressed: Bool
    public var packets: Int
    /// Where reading stopped and why (`file: byte N: expected …`), or null when the file was read to its end.
    @NullWhenAbsent public var error: String?
    @NullWhenAbsent public var errorOffset: Int?
    public var interfaces: [InterfaceReport]

    enum CodingKeys: String, CodingKey {
        case path, host, format, compressed, packets, error, errorOffset = "error_offset", interfaces
    }
}

/// One interface of an input file and the member it was counted as.
public struct InterfaceReport: Codable, Sendable, Equatable {
    public var index: Int
    public var name: String?
    public var description: String?
    public var linkType: String
    public var member: String
    public var role: InterfaceRole
    public var packets: Int
    /// Drops the file recorded (pcapng ISB counters and EPB drop counts), when it recorded any.
    public var drops: UInt64?

    enum CodingKeys: String, CodingKey {
        case index, name, description, linkType = "link_type", member, role, packets, drops
    }
}

/// Packets and bytes (frame lengths on the wire).
public struct TrafficCount: Codable, Sendable, Equatable {
    public var packets: Int
    public var bytes: Int
    public init(packets: Int = 0, bytes: Int = 0) {
        self.packets = packets
        self.bytes = bytes
    }
}

/// One direction of a member's traffic with its share of the host and its throughput.
public struct DirectionTraffic: Codable, Sendable, Equatable {
    public var packets: Int
    public var bytes: Int
    /// This member's fraction of its host's bytes in this direction (0…1), null when the host has none.
    @NullWhenAbsent public var share: Double?
    public var averageBitsPerSecond: Double
    public var peakBitsPerSecond: Double

    enum CodingKeys: String, CodingKey {
        case packets, bytes, share, averageBitsPerSecond = "average_bits_per_second"
        case peakBitsPerSecond = "peak_bits_per_second"
    }
}

/// How a host's direction was decided, and how sure TeamScope is.
public struct DirectionDecision: Codable, Sendable, Equatable {
    /// `pcapng-flags`, `sll-packet-type`, `local-mac`, `local-ip`, `inferred`, or `unknown`.
    public var method: DirectionMethod
    /// `certain` (the capture or the user said), `high`, `medium`, `low` (a guess), or `none`.
    public var confidence: Confidence
    public var localMacs: [String]
    /// What the decision rests on (in the JSON as `explanation`, its words).
    public var basis: DirectionBasis?
    /// A lone host whose own MACs nothing decided: the team judged with each candidate as the
    /// host's, the one shown first. Absent otherwise.
    public var hypotheses: [DirectionHypothesis]?

    public init(method: DirectionMethod, confidence: Confidence, localMacs: [String], basis: DirectionBasis?) {
        self.method = method
        self.confidence = confidence
        self.localMacs = localMacs
        self.basis = basis
    }

    enum CodingKeys: String, CodingKey {
        case method, confidence, localMacs = "local_macs", basis, hypotheses
    }
}

/// One capturing host: its members and totals.
public struct HostReport: Codable, Sendable, Equatable {
    public var name: String
    /// True when no argument named the host and its files share one folder: `name` is then the
    /// placeholder `TeamAnalyzer.unnamedHost`. Absent for a named host.
    public var unnamed: Bool?
    public var members: [String]
    public var sent: TrafficCount
    public var received: TrafficCount
    public var unknownDirection: TrafficCount
    public var direction: DirectionDecision
    /// Whether every migration stream this host took part in stayed on one of its members.
    public var migration: MigrationAnswer
    /// Which team this is, from all the evidence: family, the switch's part, model, confidence,
    /// evidence and the models ruled out (in the JSON as `verdict`, its words).
    public var team: TeamVerdict?
    /// The inference: the best model, and what the data cannot tell apart (in the JSON as
    /// `model_verdict`, one sentence).
    public var model: ModelVerdict?
    /// How inbound traffic reached the members, and which receive model that fits (in the JSON
    /// as `receive_verdict`).
    public var receive: ReceiveVerdict?
    /// Each member's sent source MACs, present when some member sends with a MAC no teammate uses
    /// (switch-independent Address Hash and Dynamic teams rewrite it on non-primary members;
    /// balance-tlb/alb members send with their own).
    public var macRewrite: [String: [String]]?
    /// Models the captures cannot score: they read a layer-2 field the link type does not
    /// record (SLL/SLL2: the destination MAC; raw IP: both). Absent when every model was scored.
    public var modelsUndecidable: [UndecidableModelReport]?
    /// A live capture on a bond: its configuration and the traffic's fit to it (absent for files).
    public var bond: BondReport?

    enum CodingKeys: String, CodingKey {
        case name, unnamed, members, sent, received, unknownDirection = "unknown_direction", direction, migration, team
        case model, receive, macRewrite = "mac_rewrite", modelsUndecidable = "models_undecidable", bond
    }
}

/// A teaming model left out of the ranking, and why: the fields it needs that the captures of
/// these link types did not record.
public struct UndecidableModelReport: Codable, Sendable, Equatable {
    public var model: String
    /// `source_mac`, `destination_mac`.
    public var missing: [String]
    public var linkTypes: [String]

    enum CodingKeys: String, CodingKey {
        case model, missing, linkTypes = "link_types"
    }
}

/// Frames by what the decoder found in them.
public struct DecodeCounts: Codable, Sendable, Equatable {
    public var ipv4 = 0
    public var ipv6 = 0
    public var tcp = 0
    public var udp = 0
    public var icmp = 0
    public var nonIP = 0
    public var vlanTagged = 0
    public var truncated = 0
    public var malformed = 0
    public var undecodedLinkType = 0

    enum CodingKeys: String, CodingKey {
        case ipv4, ipv6, tcp, udp, icmp, nonIP = "non_ip", vlanTagged = "vlan_tagged", truncated, malformed
        case undecodedLinkType = "undecoded_link_type"
    }
}

/// Throughput per bin, in bits per second, for one member.
public struct ThroughputSeries: Codable, Sendable, Equatable {
    public var binWidthNs: Int64
    public var startNs: Int64
    public var sentBitsPerSecond: [UInt64]
    public var receivedBitsPerSecond: [UInt64]
    public var unknownBitsPerSecond: [UInt64]

    enum CodingKeys: String, CodingKey {
        case binWidthNs = "bin_width_ns", startNs = "start_ns", sentBitsPerSecond = "sent_bits_per_second"
        case receivedBitsPerSecond = "received_bits_per_second", unknownBitsPerSecond = "unknown_bits_per_second"
    }
}

/// One team member on one host: what it sent and received.
public struct MemberReport: Codable, Sendable, Equatable {
    public var host: String
    public var name: String
    /// Every frame counted for this member (after duplicate removal and filtering).
    public var packets: Int
    public var bytes: Int
    public var sent: DirectionTraffic
    public var received: DirectionTraffic
    public var unknownDirection: TrafficCount
    /// What decided the direction of most of this member's packets.
    public var directionSource: MemberDirectionSource
    /// Packets per deciding method (in the JSON, an object keyed by the methods' names).
    public var directionSources: [DirectionMethod: Int]
    public var drops: UInt64?
    public var firstNs: Int64?
    public var lastNs: Int64?
    public var decode: DecodeCounts
    public var throughput: ThroughputSeries
    /// What the member's packets say of its configuration (frame sizes, VLANs, MSS, ICMP).
    public var health: MemberHealth
    /// The member's link speed in bits per second, when known, and where it came from:
    /// `option` (`--link-speed`), `pcapng` (`if_speed`), `smb` (the speed an SMB server
    /// advertised for the one address this member's traffic used; a team's interface advertises
    /// the team's speed, so this can be more than the member's own).
    public var linkSpeed: Double?
    public var linkSpeedSource: LinkSpeedSource?
    /// A live capture: the member's `pcap_stats` (absent for files).
    public var liveDrops: LiveDropsReport?
    /// A live capture: records that reached the merge after a later one had been released
    /// (counted in the report at the time already reached; absent for files).
    public var liveLate: Int?

    enum CodingKeys: String, CodingKey {
        case host, name, packets, bytes, sent, received, unknownDirection = "unknown_direction"
        case directionSource = "direction_source", directionSources = "direction_sources", drops, firstNs = "first_ns"
        case lastNs = "last_ns", decode, throughput, health, linkSpeed = "link_speed"
        case linkSpeedSource = "link_speed_source", liveDrops = "live_drops", liveLate = "live_late"
    }
}

/// A bond/team master or other aggregate capture point: never counted as a member; its packets
/// are matched against the members' copies.
public struct AggregateReport: Codable, Sendable, Equatable {
    public var host: String
    public var name: String
    public var packets: Int
    public var bytes: Int
    /// Packets whose copy was found on a member (removed as duplicates).
    public var matchedOnMember: Int
    /// Packets no member capture had (dropped by a member capture, or traffic that never left the host).
    public var onlyOnAggregate: Int
    /// Why it is treated as an aggregate (in the JSON as `reason`, its words).
    public var basis: AggregateReason?

    enum CodingKeys: String, CodingKey {
        case host, name, packets, bytes, matchedOnMember = "matched_on_member", onlyOnAggregate = "only_on_aggregate"
        case basis
    }
}

/// One teaming model's fit to one host's sent traffic.
public struct InferenceReport: Codable, Sendable, Equatable {
    public var host: String
    public var rank: Int
    /// As claims spell it: `linux/layer3+4`, `linux/round-robin`, `windows/hyperv-port`, …
    public var model: ModelName
    public var flowsConsistent: Int
    public var flowsTotal: Int
    public var bytesConsistentRatio: Double
    public var memberOrder: [String]?
    public var orderUnique: Bool?
    /// The chance that a wrong exact hash would fit the consistent flows by luck.
    public var chanceFit: Double?
    /// What the fit rests on (in the JSON as `note`, its words).
    public var basis: ModelNote?
    /// The best model's (rank 1, exact hashes): the flows that left on another member than it
    /// predicts, oldest first, at most 100; absent otherwise.
    public var disagreeingFlows: [DisagreeingFlow]?

    enum CodingKeys: String, CodingKey {
        case host, rank, model, flowsConsistent = "flows_consistent", flowsTotal = "flows_total"
        case bytesConsistentRatio = "bytes_consistent_ratio", memberOrder = "member_order", orderUnique = "order_unique"
        case chanceFit = "chance_fit", basis, disagreeingFlows = "disagreeing_flows"
    }
}

/// A flow direction that left on another member than the best exact hash predicts.
public struct DisagreeingFlow: Codable, Sendable, Equatable {
    public var `protocol`: IPProtocol
    public var src: String
    public var srcPort: Int
    public var dst: String
    public var dstPort: Int
    /// The member it left on (its first frame), and the member the hash picks.
    public var seen: String
    public var predicted: String
    public var firstNs: Int64

    enum CodingKeys: String, CodingKey {
        case `protocol`, src, srcPort = "src_port", dst, dstPort = "dst_port", seen, predicted, firstNs = "first_ns"
    }
}
