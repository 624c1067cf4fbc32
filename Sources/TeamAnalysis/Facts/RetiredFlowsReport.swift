/// Flows a live capture retired after `--flow-idle` without a packet: how many, what they
/// carried, and per member what they carried there. The largest of them stay in the report's
/// flow list (`flows`) beside the active ones. Absent when nothing was retired.
public struct RetiredFlowsReport: Codable, Sendable, Equatable {
    public var flows: Int
    public var tcp: Int
    public var udp: Int
    /// Over every copy seen, as `flows[].packets` and `bytes`.
    public var packets: Int
    public var bytes: Int
    /// The idle time after which a flow is retired, in nanoseconds.
    public var idleNs: Int64
    /// Per member (`host/member`): the retired flows it carried and their traffic there.
    public var members: [RetiredMemberReport]

    enum CodingKeys: String, CodingKey {
        case flows, tcp, udp, packets, bytes, idleNs = "idle_ns", members
    }
}

/// What the retired flows carried on one member.
public struct RetiredMemberReport: Codable, Sendable, Equatable {
    public var host: String
    public var member: String
    public var flows: Int
    public var packets: Int
    public var bytes: Int
    public var sentBytes: Int

    enum CodingKeys: String, CodingKey {
        case host, member, flows, packets, bytes, sentBytes = "sent_bytes"
    }
}
