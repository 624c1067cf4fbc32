/// The live migrations between a pair of hosts (or seen by one captured host): how many
/// streams, how many at once, how fast, and over which members (README "Live migration summary").
public struct MigrationSummary: Codable, Sendable, Equatable {
    /// The captured hosts the streams were seen on.
    public var hosts: [String]
    public var streams: Int
    /// SMB sessions whose channels carried the SMB streams among them.
    public var smbSessions: Int
    /// The most streams open at one time.
    public var maxConcurrent: Int
    /// All streams together: bytes over the span from the first stream's start to the last's end.
    public var bitsPerSecondAvg: Double
    /// All streams together: the busiest second (the busiest span when the streams lasted less).
    public var bitsPerSecondPeak: Double
    /// Per host: the members that carried the streams, and the host's members that carried none.
    public var membersUsed: [String: [String]]
    public var membersUnused: [String: [String]]
    /// Streams held to one member on every host that saw them.
    public var heldToOneMember: Int
    public var perStream: [MigrationStreamRate]
    /// RDMA flows (RoCEv2) among these hosts — SMB Direct's traffic, which TCP streams do not
    /// show — absent when there are none.
    public var rdma: RDMAMigrationCount?

    enum CodingKeys: String, CodingKey {
        case hosts, streams, smbSessions = "smb_sessions", maxConcurrent = "max_concurrent"
        case bitsPerSecondAvg = "bits_per_second_avg", bitsPerSecondPeak = "bits_per_second_peak"
        case membersUsed = "members_used", membersUnused = "members_unused", heldToOneMember = "held_to_one_member"
        case perStream = "per_stream", rdma
    }
}

/// The RDMA flows a migration summary counts: each flow once however many hosts saw it.
public struct RDMAMigrationCount: Codable, Sendable, Equatable {
    public var flows: Int
    /// Flows held to one member on every host that saw them.
    public var heldToOneMember: Int
    public var bytes: Int
    /// Per host, the members that carried RDMA flows.
    public var membersUsed: [String: [String]]

    enum CodingKeys: String, CodingKey {
        case flows, heldToOneMember = "held_to_one_member", bytes, membersUsed = "members_used"
    }
}

/// One migration stream's rate.
public struct MigrationStreamRate: Codable, Sendable, Equatable {
    public var stream: String
    public var bitsPerSecondAvg: Double
    public var bitsPerSecondPeak: Double
    public var members: [String]

    enum CodingKeys: String, CodingKey {
        case stream, bitsPerSecondAvg = "bits_per_second_avg", bitsPerSecondPeak = "bits_per_second_peak", members
    }
}
