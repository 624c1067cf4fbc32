/// How one policy would spread a capture's flows over `members` members.
public struct SimulationResult: Sendable, Equatable, Codable {
    public var policy: String
    public var members: Int
    public var bytesPerMember: [Int]
    public var flowsPerMember: [Int]
    /// The largest flow's share of all bytes: no policy that keeps flows whole can do better
    /// than putting it alone on a member.
    public var largestFlowShare: Double
    /// The busiest member's bytes over the mean (1 = perfectly even).
    public var imbalance: Double
    /// What the figures rest on (in `simulate`'s JSON as `note`, its words).
    public var basis: SimulationNote?

    enum CodingKeys: String, CodingKey {
        case policy, members, bytesPerMember = "bytes_per_member", flowsPerMember = "flows_per_member"
        case largestFlowShare = "largest_flow_share", imbalance, basis
    }
}
