import PacketWire
import TeamingModels

/// One flow in the report: who talked to whom, what each member carried, whether each direction
/// stayed on one member, when it moved, and how it fared (TShark-compatible TCP analysis,
/// RFC 4737 reordering). `src` is the client when the SYN was seen, else the first sender.
public struct FlowReport: Codable, Sendable, Equatable {
    public var `protocol`: IPProtocol
    public var src: String
    public var srcPort: Int
    public var dst: String
    public var dstPort: Int
    public var firstNs: Int64
    public var lastNs: Int64
    public var packets: Int
    public var bytes: Int
    /// Per `host/member`: packets and bytes forward (src → dst) and reverse.
    public var members: [String: FlowMemberTraffic]
    /// True when every direction, on every host that saw it, stayed on one member
    /// (≥ the pinned threshold of its bytes).
    public var pinned: Bool
    /// Every member change that stuck, in time order.
    public var moves: [MoveReport]
    /// The observation the flow-level figures below come from (the host that saw most packets).
    public var observedOn: String
    public var reordering: ReorderingReport
    public var retransmissions: Int
    public var fastRetransmissions: Int
    public var spuriousRetransmissions: Int
    public var outOfOrder: Int
    public var lostSegments: Int
    public var duplicateAcks: Int
    /// Each direction as each host saw it.
    public var directions: [FlowDirectionReport]
    /// The RSS receive queue of each direction at its receiver (Toeplitz over the 4-tuple for
    /// TCP/UDP, else the address pair; default key and a round-robin indirection table).
    public var rssQueueForward: Int?
    public var rssQueueReverse: Int?
    /// For migration streams: why it is one (in the JSON as `migration_reason`, its words), its
    /// average throughput and its series.
    public var migration: MigrationReason?
    public var averageBitsPerSecond: Double?
    public var throughput: FlowThroughput?

    enum CodingKeys: String, CodingKey {
        case `protocol`, src, srcPort = "src_port", dst, dstPort = "dst_port", firstNs = "first_ns", lastNs = "last_ns"
        case packets, bytes, members, pinned, moves, observedOn = "observed_on", reordering, retransmissions
        case fastRetransmissions = "fast_retransmissions", spuriousRetransmissions = "spurious_retransmissions"
        case outOfOrder = "out_of_order", lostSegments = "lost_segments", duplicateAcks = "duplicate_acks", directions
        case rssQueueForward = "rss_queue_forward", rssQueueReverse = "rss_queue_reverse", migration
        case averageBitsPerSecond = "average_bits_per_second", throughput
    }
}

/// Packets and bytes of one member in each direction of a flow.
extension FlowReport {
    /// "192.0.2.1:50001→192.0.2.2:6600": how the RSS view, findings and the migration summary
    /// name a stream.
    public var streamLabel: String { "\(src):\(srcPort)→\(dst):\(dstPort)" }
}

public struct FlowMemberTraffic: Codable, Sendable, Equatable {
    public var forward: TrafficCount
    public var reverse: TrafficCount
}

/// A change of carrying member that stuck.
public struct MoveReport: Codable, Sendable, Equatable {
    /// When the first packet on the new member was seen (ns since the epoch).
    public var time: Int64
    public var host: String
    public var direction: FlowDirection
    public var from: String
    public var to: String
    /// How long the flow was quiet before the first packet on the new member, in ns.
    public var idleBeforeNs: Int64

    public init(time: Int64, host: String, direction: FlowDirection, from: String, to: String, idleBeforeNs: Int64) {
        self.time = time
        self.host = host
        self.direction = direction
        self.from = from
        self.to = to
        self.idleBeforeNs = idleBeforeNs
    }

    enum CodingKeys: String, CodingKey {
        case time, host, direction, from, to, idleBeforeNs = "idle_before_ns"
    }
}

/// RFC 4737 figures for one direction (or the flow's busiest one).
public struct ReorderingReport: Codable, Sendable, Equatable {
    public var dataSegments: Int
    public var reordered: Int
    public var ratio: Double
    public var maxExtent: Int
    /// Counts per extent bin: 1, 2, 3, 4-7, 8-15, 16-31, 32-63, >=64 (extents are tracked up to 64 arrivals back).
    public var extentHistogram: [Int]
    public var n3Reordered: Int
    /// RFC 4737 late-time offset of the reordered packets: the largest and the mean, in ns.
    public var maxLateTimeNs: Int64
    public var meanLateTimeNs: Int64
    public var discontinuities: Int
    public var duplicates: Int
    /// Reordered segments that arrived on another member than the segment before them
    /// (striping), and on the same member.
    public var reorderedAfterMemberSwitch: Int
    public var reorderedOnSameMember: Int

    public static let empty = ReorderingReport(dataSegments: 0, reordered: 0, ratio: 0, maxExtent: 0, extentHistogram: Array(repeating: 0, count: 8),
                                               n3Reordered: 0, maxLateTimeNs: 0, meanLateTimeNs: 0, discontinuities: 0, duplicates: 0, reorderedAfterMemberSwitch: 0, reorderedOnSameMember: 0)

    enum CodingKeys: String, CodingKey {
        case dataSegments = "data_segments", reordered, ratio, maxExtent = "max_extent"
        case extentHistogram = "extent_histogram", n3Reordered = "n3_reordered", maxLateTimeNs = "max_late_time_ns"
        case meanLateTimeNs = "mean_late_time_ns", discontinuities, duplicates
        case reorderedAfterMemberSwitch = "reordered_after_member_switch"
        case reorderedOnSameMember = "reordered_on_same_member"
    }
}

/// One direction of a flow as one host saw it.
public struct FlowDirectionReport: Codable, Sendable, Equatable {
    public var host: String
    /// `forward` (src → dst) or `reverse`.
    public var direction: FlowDirection
    /// Whether this host sent (true), received (false) or could not tell (nil).
    public var sentByHost: Bool?
    public var packets: Int
    public var bytes: Int
    /// Each member's share of this direction's bytes at this host.
    public var memberShares: [String: Double]
    public var pinned: Bool
    /// The member carrying it when pinned.
    public var member: String?
    public var moves: [MoveReport]
    /// Changes of member undone within the debounce (striping).
    public var flaps: Int
    public var reordering: ReorderingReport
    public var retransmissions: Int
    public var fastRetransmissions: Int
    public var spuriousRetransmissions: Int
    public var outOfOrder: Int
    public var lostSegments: Int
    public var duplicateAcks: Int

    enum CodingKeys: String, CodingKey {
        case host, direction, sentByHost = "sent_by_host", packets, bytes, memberShares = "member_shares", pinned, member
        case moves, flaps, reordering, retransmissions, fastRetransmissions = "fast_retransmissions"
        case spuriousRetransmissions = "spurious_retransmissions", outOfOrder = "out_of_order"
        case lostSegments = "lost_segments", duplicateAcks = "duplicate_acks"
    }
}

/// Bits per second per bin for a migration stream, both directions (all hosts' copies).
public struct FlowThroughput: Codable, Sendable, Equatable {
    public var binWidthNs: Int64
    public var startNs: Int64
    public var forwardBitsPerSecond: [UInt64]
    public var reverseBitsPerSecond: [UInt64]

    enum CodingKeys: String, CodingKey {
        case binWidthNs = "bin_width_ns", startNs = "start_ns", forwardBitsPerSecond = "forward_bits_per_second"
        case reverseBitsPerSecond = "reverse_bits_per_second"
    }
}

/// Flow table totals.
public struct FlowSummary: Codable, Sendable, Equatable {
    public var flows: Int
    public var tcp: Int
    public var udp: Int
    public var other: Int
    public var capacity: Int
    public var untrackedFlows: Int
    public var untrackedPackets: Int
    public var malformedSegments: Int
    public var reusedTuples: Int
    /// Migration streams in all (the report lists the largest `migration_streams_listed`).
    public var migrationStreams: Int
    public var migrationStreamsListed: Int
    /// Flows retired for idleness (a live capture's `--flow-idle`), counted in `flows` too;
    /// absent when none was.
    public var retired: RetiredFlowsReport? = nil

    enum CodingKeys: String, CodingKey {
        case flows, tcp, udp, other, capacity, untrackedFlows = "untracked_flows", untrackedPackets = "untracked_packets"
        case malformedSegments = "malformed_segments", reusedTuples = "reused_tuples"
        case migrationStreams = "migration_streams", migrationStreamsListed = "migration_streams_listed", retired
    }
}

/// The answer per host to "is every migration stream pinned to one member?".
public struct MigrationAnswer: Codable, Sendable, Equatable {
    public var streams: Int
    public var pinned: Int
    public var split: Int
    /// Streams per carrying member.
    public var byMember: [String: Int]
    public var allPinned: Bool
    /// The first split streams (at most `examples`): with the figures above, what the JSON's
    /// one-line `answer` says.
    public var splitExamples: [SplitStream]?

    public static let examples = 4

    public init(streams: Int, pinned: Int, split: Int, byMember: [String: Int], allPinned: Bool, splitExamples: [SplitStream]) {
        self.streams = streams
        self.pinned = pinned
        self.split = split
        self.byMember = byMember
        self.allPinned = allPinned
        self.splitExamples = splitExamples
    }

    enum CodingKeys: String, CodingKey {
        case streams, pinned, split, byMember = "by_member", allPinned = "all_pinned", splitExamples = "split_examples"
    }
}

/// A migration stream one host split over members, with each member's share.
public struct SplitStream: Codable, Sendable, Equatable {
    public var src: String
    public var srcPort: Int
    public var dst: String
    public var dstPort: Int
    public var shares: [String: Double]

    enum CodingKeys: String, CodingKey {
        case src, srcPort = "src_port", dst, dstPort = "dst_port", shares
    }
}

/// Bytes sent by a member of one host and received by a member of the other.
public struct MatrixCell: Codable, Sendable, Equatable {
    public var fromHost: String
    public var fromMember: String
    public var toHost: String
    public var toMember: String
    public var bytes: Int
    /// True when both ends split the flow: the cell then assumes the two sides split independently.
    public var approximate: Bool

    enum CodingKeys: String, CodingKey {
        case fromHost = "from_host", fromMember = "from_member", toHost = "to_host", toMember = "to_member", bytes
        case approximate
    }
}

/// Migration streams whose data lands on the same RSS queue at the same receiver: one core
/// serves them all, which can cap them below the link rate.
public struct RSSCollision: Codable, Sendable, Equatable {
    public var receiver: String
    public var queue: Int
    public var streams: [String]
}
