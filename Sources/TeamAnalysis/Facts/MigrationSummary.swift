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
    public var answer: String = ""
}

/// One migration stream's rate.
public struct MigrationStreamRate: Codable, Sendable, Equatable {
    public var stream: String
    public var bitsPerSecondAvg: Double
    public var bitsPerSecondPeak: Double
    public var members: [String]
}
